import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { monthBefore } from '../../../shared/platform/kernel/time.ts';
import type { MonthFigures } from '../../../shared/scores/rules/dashboard.ts';
import { readDashboard } from '../../../shared/scores/dashboard.ts';
import { submitReport } from '../../../shared/reports/submit-report.ts';
import { submitReportSchema } from '../../../shared/reports/rules/input.ts';
import { adoptItem, createItem, reviewItem, submitItem } from '../../../shared/work-info/item-flow.ts';
import { adoptItemSchema, createItemSchema, reviewItemSchema } from '../../../shared/work-info/rules/item.ts';
import { api, scoreRepo, stack } from '../../support/stack.ts';
import { callerOf, givenOrg, itemBody, reportBody, tableDeps, tokensOf } from '../../support/given.ts';
import { localMonth, midLastMonth } from '../../support/when.ts';

describe('the dashboard (统计分析): a period merged from one stored figure per month', () => {
  it('merges a stored month with the month in progress, stores a finished month it had to compute, and downloads', async () => {
    const g = await givenOrg();
    const t = await tokensOf(g);
    const now = midLastMonth(g);
    const deps = tableDeps({ clock: () => now });
    const hoursAgo = (h: number) => new Date(now.getTime() - h * 3_600_000).toISOString();
    const month = localMonth(g, now);
    const last = monthBefore(month);
    const before = monthBefore(last);
    // This month (of the test's clock): two reports (one late: learned two hours before) and one adopted item.
    for (const body of [
      reportBody(g, { occurredAt: hoursAgo(0.5) }),
      reportBody(g, { occurredAt: hoursAgo(2), severity: 'II' }),
    ])
      expect((await submitReport(deps, callerOf(g, 'reporter'), submitReportSchema.parse(body))).status).toBe(201);
    const { body: item } = await createItem(deps, callerOf(g, 'reporter'), createItemSchema.parse(itemBody(g)));
    await submitItem(deps, callerOf(g, 'reporter'), item.itemId);
    await reviewItem(deps, callerOf(g, 'head'), item.itemId, reviewItemSchema.parse({ decision: 'approve' }));
    await adoptItem(deps, callerOf(g, 'reviewer'), item.itemId, adoptItemSchema.parse({ decision: 'adopt' }));
    // Last month as the monthly job stores it: four reports, minutes 10, 20, 30, 100; level 1 acknowledged in 5 and 15.
    const stored: MonthFigures = {
      orgId: g.orgId,
      month: last,
      reporting: {
        reports: 4,
        late: 1,
        byCategory: [{ code: 'safety', label: '安全生产', count: 4 }],
        bySeverity: { I: 0, II: 1, III: 3, IV: 0 },
        minutesToReport: [10, 20, 30, 100],
        levels: [{ level: 1, notified: 2, timedOut: 0, minutes: [5, 15] }],
        followupsMissed: 2,
        findingsByKind: { late: 1, missed: 0, false: 0, concealed: 0 },
        departments: [{ departmentId: g.newsId, reports: 4, late: 1 }],
      },
      items: [{ departmentId: g.newsId, name: '新闻部', sent: 5, adopted: 2 }],
      computedAt: now.toISOString(),
    };
    await scoreRepo().saveFigures(stored);

    const r = { body: await readDashboard(deps, callerOf(g, 'chief'), g.orgId, { from: before, to: month }) };
    expect(r.body.months).toEqual([before, last, month]);
    expect(r.body).toMatchObject({ reports: 6, late: 2, reportsBySeverity: { II: 2, III: 4 }, lowerOrgs: [] });
    expect(r.body.source).toMatchObject({ storedMonths: 1, computedMonths: 2 });
    expect(r.body.lateShareByMonth).toEqual([
      { month: before, reports: 0, late: 0, share: 0 },
      { month: last, reports: 4, late: 1, share: 0.25 },
      { month, reports: 2, late: 1, share: 0.5 },
    ]);
    expect(r.body.itemsByMonth.map((m: { sent: number; adopted: number }) => [m.sent, m.adopted])).toEqual([
      [0, 0],
      [5, 2],
      [1, 1],
    ]);
    expect(r.body.followupsMissedByMonth.map((m: { count: number }) => m.count)).toEqual([0, 2, 0]);
    expect(r.body.findingsByKind.late).toBe(2); // last month's one and this month's late report's proposed finding
    // Six values: 10, 20, 30, 100 and this month's ~30 and ~120: the median of all, not of the months' medians.
    expect(r.body.minutesToReport.count).toBe(6);
    expect(r.body.minutesToReport.median).toBeGreaterThanOrEqual(25);
    expect(r.body.minutesToReport.median).toBeLessThanOrEqual(31);
    expect(r.body.minutesToReport.p90).toBeGreaterThanOrEqual(119);
    expect(r.body.minutesToAcknowledge[0]).toMatchObject({ level: 1, median: 10 });
    // The finished month it computed is stored now; the month in progress is not.
    const figures = await scoreRepo().readFigures(g.orgId, before, month);
    expect(figures.map((f) => f.month)).toEqual([before, last]);
    const again = { body: await readDashboard(deps, callerOf(g, 'chief'), g.orgId, { from: before, to: month }) };
    expect(again.body.source).toMatchObject({ storedMonths: 2, computedMonths: 1 });

    const xlsx = await fetch(`${stack().appUrl}/api/orgs/${g.orgId}/dashboard?from=${before}&to=${month}&format=xlsx`, {
      headers: { authorization: `Bearer ${t.office}` },
    });
    expect(xlsx.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await xlsx.arrayBuffer()) as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['按月', '按类别', '按级别', '用时', '问责记录', '各部门']);
    const byMonth = wb.getWorksheet('按月')!;
    // Over HTTP the stack's own clock is real: the test's "this month" is over for it, the stored last month the same.
    expect(byMonth.getRow(4).values).toEqual([undefined, new Date(`${last}-01T00:00:00Z`), 4, 1, 0.25, 2, 5, 2]);
    const page = await fetch(`${stack().appUrl}/dashboard?from=${before}&to=${month}`, {
      headers: { cookie: `bs_session=${t.chief}` },
    });
    const text = await page.text();
    expect(page.status).toBe(200);
    expect(text).toContain('<svg id="chart-late"');
    expect(text).toContain('第90百分位');
  });

  it('refuses a period over 24 months or backwards (400 naming the field), other members 403, other organisations 404', async () => {
    const g = await givenOrg();
    const other = await givenOrg();
    const t = await tokensOf(g);
    const month = localMonth(g);
    let from = month;
    for (let i = 0; i < 24; i++) from = monthBefore(from);
    const long = await api('GET', `/api/orgs/${g.orgId}/dashboard?from=${from}&to=${month}`, { token: t.office });
    expect([long.status, long.body.error.details[0].field]).toEqual([400, 'from']);
    const backwards = await api('GET', `/api/orgs/${g.orgId}/dashboard?from=${month}&to=${monthBefore(month)}`, {
      token: t.office,
    });
    expect([backwards.status, backwards.body.error.details[0].field]).toEqual([400, 'from']);
    const bad = await api('GET', `/api/orgs/${g.orgId}/dashboard?to=2026-13`, { token: t.office });
    expect([bad.status, bad.body.error.details[0].field]).toEqual([400, 'to']);
    expect((await scoreRepo().readFigures(g.orgId, '2000-01', '2999-12')).length).toBe(0);
    expect((await api('GET', `/api/orgs/${g.orgId}/dashboard`, { token: t.head })).status).toBe(403);
    const outsider = await tokensOf(other);
    expect((await api('GET', `/api/orgs/${g.orgId}/dashboard`, { token: outsider.office })).status).toBe(404);
    const pdf = await api('GET', `/api/orgs/${g.orgId}/dashboard?format=pdf`, { token: t.office });
    expect(pdf.status).toBe(406);
  });
});
