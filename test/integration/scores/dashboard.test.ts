import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { monthBefore } from '../../../shared/platform/kernel/time.ts';
import type { MonthFigures } from '../../../shared/scores/rules/dashboard.ts';
import {
  adoptedItem,
  api,
  givenOrg,
  localMonth,
  reportBody,
  scoreRepo,
  stack,
  tokensOf,
} from '../../support/scenario.ts';

const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();

describe('the dashboard (统计分析): a period merged from one stored figure per month', () => {
  it('merges a stored month with the month in progress, stores a finished month it had to compute, and downloads', async () => {
    const g = await givenOrg();
    const t = await tokensOf(g);
    const month = localMonth(g);
    const last = monthBefore(month);
    const before = monthBefore(last);
    // This month: two reports (one late: learned two hours ago) and one adopted item.
    for (const body of [
      reportBody(g, { occurredAt: hoursAgo(0.5) }),
      reportBody(g, { occurredAt: hoursAgo(2), severity: 'II' }),
    ])
      expect((await api('POST', '/api/reports', { token: t.reporter, body })).status).toBe(201);
    await adoptedItem(g, t, '新闻部完成两会报道');
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
      computedAt: new Date().toISOString(),
    };
    await scoreRepo().saveFigures(stored);

    const r = await api('GET', `/api/orgs/${g.orgId}/dashboard?from=${before}&to=${month}`, { token: t.chief });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
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
    const again = await api('GET', `/api/orgs/${g.orgId}/dashboard?from=${before}&to=${month}`, { token: t.chief });
    expect(again.body.source).toMatchObject({ storedMonths: 2, computedMonths: 1 });

    const xlsx = await fetch(`${stack().appUrl}/api/orgs/${g.orgId}/dashboard?from=${before}&to=${month}&format=xlsx`, {
      headers: { authorization: `Bearer ${t.office}` },
    });
    expect(xlsx.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await xlsx.arrayBuffer()) as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['按月', '按类别', '按级别', '用时', '问责记录', '各部门']);
    const byMonth = wb.getWorksheet('按月')!;
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
