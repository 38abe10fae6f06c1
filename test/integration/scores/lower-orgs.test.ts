import ExcelJS from 'exceljs';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { keys } from '../../../shared/platform/dynamo/keys.ts';
import { monthRange } from '../../../shared/platform/kernel/time.ts';
import type { Mail } from '../../../shared/platform/mail/mailer.ts';
import { submitReport } from '../../../shared/reports/submit-report.ts';
import { submitReportSchema } from '../../../shared/reports/rules/input.ts';
import { scoreOrgPeriod } from '../../../shared/scores/monthly-scores.ts';
import { api, db, fetchPage, findingRepo, orgRepo, scoreRepo, stack } from '../../support/stack.ts';
import { callerOf, givenOrg, reportBody, tableDeps, tokensOf } from '../../support/given.ts';
import { afterMonth, localDate, localMonth, midLastMonth } from '../../support/when.ts';

/** The organisation existed in the test's month (givenOrg stamps it with today). */
async function existedSince(orgId: string, at: string): Promise<void> {
  await db().send(
    new UpdateCommand({
      TableName: stack().tableName,
      Key: keys.org(orgId),
      UpdateExpression: 'SET createdAt = :at',
      ExpressionAttributeValues: { ':at': at },
    }),
  );
}

/** An upper organisation with two lower ones, and an unrelated one. */
async function givenTree() {
  const upper = await givenOrg();
  const a = await givenOrg({ parentOrgId: upper.orgId });
  const b = await givenOrg({ parentOrgId: upper.orgId });
  const other = await givenOrg();
  return { upper, a, b, other };
}

const full = {
  casualties: { dead: 0, injured: 0, missing: 0 },
  losses: '设备损毁一台',
  impact: '播出未受影响',
  leadersOnSite: '分管领导在现场指挥',
};

describe('the upper office’s view of its lower organisations (issue 16)', () => {
  it('a lower organisation’s figures: its own office and leaders, and the parent’s office and leaders; anyone else 404', async () => {
    const { upper, a, b, other } = await givenTree();
    const [tu, ta, tb, to] = await Promise.all([tokensOf(upper), tokensOf(a), tokensOf(b), tokensOf(other)]);
    const status = async (token: string, orgId: string, path = 'dashboard') =>
      (await api('GET', `/api/orgs/${orgId}/${path}`, { token })).status;
    // The lower organisation's dashboard.
    expect(await status(tu.office, a.orgId)).toBe(200);
    expect(await status(tu.chief, a.orgId)).toBe(200);
    expect(await status(tu.leader, a.orgId)).toBe(200);
    expect(await status(ta.office, a.orgId)).toBe(200);
    expect(await status(ta.head, a.orgId)).toBe(403); // a member of the organisation itself: it exists, not for him
    for (const token of [tu.head, tu.reporter, tu.reviewer, tu.duty, tb.office, tb.chief, to.office, to.chief])
      expect(await status(token, a.orgId)).toBe(404);
    // Upward it is not visible: a lower organisation's office does not see the parent's figures.
    expect(await status(ta.office, upper.orgId)).toBe(404);
    expect(await status(ta.chief, upper.orgId, 'lower-orgs')).toBe(404);
    // The side-by-side table: the organisation's own office and leaders.
    expect(await status(tu.office, upper.orgId, 'lower-orgs')).toBe(200);
    expect(await status(tu.head, upper.orgId, 'lower-orgs')).toBe(403);
    expect(await status(to.office, upper.orgId, 'lower-orgs')).toBe(404);
    // The page: the parent's office opens the lower organisation's dashboard; a sibling's office gets the 404 page.
    const page = (token: string) => fetchPage(`/dashboard?org=${a.orgId}`, token);
    const ok = await page(tu.office);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('下级单位「');
    expect((await page(tb.office)).status).toBe(404);
    // Bad input: 400 naming the field.
    const bad = await api('GET', `/api/orgs/${upper.orgId}/lower-orgs?from=2026-1`, { token: tu.office });
    expect([bad.status, bad.body.error.details[0].field]).toEqual([400, 'from']);
    // The weights live in the configuration: together 100, or the PUT is 400 naming them and nothing is saved.
    const weights = { timeliness: 50, completeness: 20, followups: 20, findings: 20 };
    const put = await api('PUT', `/api/orgs/${upper.orgId}/config`, {
      token: tu.office,
      body: { lowerScoring: { weights, perFinding: 5 } },
    });
    expect([put.status, put.body.error.details[0].field]).toEqual([400, 'lowerScoring.weights']);
    expect(await orgRepo().listConfigVersions(upper.orgId)).toEqual([]);
    const fine = { weights: { ...weights, timeliness: 40 }, perFinding: 4 };
    const saved = await api('PUT', `/api/orgs/${upper.orgId}/config`, {
      token: tu.office,
      body: { lowerScoring: fine },
    });
    expect([saved.status, saved.body.config.lowerScoring]).toEqual([200, fine]);
  });

  it('the monthly worker scores each lower organisation, mails it to the upper office with the workbook, and the dashboard shows them side by side', async () => {
    const { upper, a, b } = await givenTree();
    const now = midLastMonth(upper);
    const month = localMonth(upper, now);
    const start = monthRange(month, upper.tz).from;
    for (const g of [upper, a, b]) await existedSince(g.orgId, start);
    const mails: Mail[] = [];
    const deps = tableDeps({
      clock: () => now,
      mailer: {
        send: async (m) => {
          mails.push(m);
          return { messageId: `m${mails.length}` };
        },
      },
    });
    // 甲 (a): one complete report on time, one with the basic elements only and late (II: 60 minutes, two hours).
    const at = (h: number) => new Date(now.getTime() - h * 3_600_000).toISOString();
    for (const body of [
      reportBody(a, { occurredAt: at(0.2), ...full }),
      reportBody(a, { occurredAt: at(2), severity: 'II' }),
    ])
      expect((await submitReport(deps, callerOf(a, 'reporter'), submitReportSchema.parse(body))).status).toBe(201);
    // 乙 (b): nothing this month.

    const after = new Date(afterMonth(upper, month));
    const later = tableDeps({ ...deps, clock: () => after });
    const r = await scoreOrgPeriod(later, { orgId: upper.orgId, month }, after);
    expect(r.monthOutcome).toMatchObject({ lowerOrgs: 2, failed: 0 });

    const stored = await scoreRepo().readLowerScores(upper.orgId, month, month);
    const byOrg = new Map(stored.map((s) => [s.orgId, s]));
    // 甲: on time 1 of 2: 20; elements (8 + 4) ÷ 16 = 75 %: 15; no follow-ups owed yet: 20; no confirmed findings: 20.
    expect(byOrg.get(a.orgId)).toMatchObject({ reports: 2, late: 1, completeness: 0.75, score: 75, rank: 2 });
    expect(byOrg.get(a.orgId)!.parts.map((p) => p.points)).toEqual([20, 15, 20, 20]);
    expect(byOrg.get(b.orgId)).toMatchObject({ reports: 0, score: 100, rank: 1 });
    // 甲's own worker had not run: the parent's computed its month's figures and stored them.
    expect((await scoreRepo().readFigures(a.orgId, month, month))[0]?.quality).toEqual({
      elementsShareSum: 1.5,
      followupsFiled: 0,
    });

    // The upper office head's monthly mail: the table, and the sheet in the workbook (read back with exceljs).
    const toOffice = mails.find((m) => m.to === upper.email('office') && m.subject.startsWith('【信息工作月度得分】'));
    expect(toOffice?.text).toContain('下级单位信息报送评分');
    const aName = (await orgRepo().getOrg(a.orgId))!.name;
    expect(toOffice?.text).toContain(`2. ${aName} 75 分`);
    const xlsx = toOffice!.attachments!.find((x) => x.filename.endsWith('.xlsx'))!;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(xlsx.content as Uint8Array) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['部门得分', '个人奖励', '下级单位评分']);
    const sheet = wb.getWorksheet('下级单位评分')!;
    const rows = [3, 4].map((i) => sheet.getRow(i).values as unknown[]);
    const aRow = rows.find((v) => v[2] === aName)!;
    expect(aRow.slice(1, 13)).toEqual([2, aName, 2, 1, 0.75, 0, 0, 20, 15, 20, 20, 75]);
    // A department head of the upper organisation gets his own lines only.
    const toHead = mails.find((m) => m.to === upper.email('head'));
    expect(toHead?.text).not.toContain('下级单位');
    // Nothing went to the lower organisations' people from the parent's run.
    expect(mails.filter((m) => m.to.includes(a.orgId.slice(4)) || m.to.includes(b.orgId.slice(4)))).toEqual([]);

    // The dashboard of the upper office over that month, through HTTP: both side by side, by name, with the score.
    const tu = await tokensOf(upper);
    const d = await api('GET', `/api/orgs/${upper.orgId}/dashboard?from=${month}&to=${month}`, { token: tu.office });
    expect(d.status, JSON.stringify(d.body)).toBe(200);
    const lower = new Map(d.body.lowerOrgs.map((o: { orgId: string }) => [o.orgId, o]));
    expect(lower.get(a.orgId)).toMatchObject({ reports: 2, late: 1, lateShare: 0.5, score: 75, scoredMonths: 1 });
    expect(lower.get(b.orgId)).toMatchObject({ reports: 0, score: 100 });
    // Downloads: CSV and Excel of the same table.
    const csv = await api('GET', `/api/orgs/${upper.orgId}/lower-orgs?from=${month}&to=${month}&format=csv`, {
      token: tu.office,
    });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.body).toContain(`${aName},2,1,0.5,`);
    const file = await fetch(
      `${stack().appUrl}/api/orgs/${upper.orgId}/lower-orgs?from=${month}&to=${month}&format=xlsx`,
      {
        headers: { authorization: `Bearer ${tu.chief}` },
      },
    );
    const wb2 = new ExcelJS.Workbook();
    await wb2.xlsx.load((await file.arrayBuffer()) as ArrayBuffer);
    const side = wb2.getWorksheet('下级单位')!;
    const sideRows = [3, 4].map((i) => side.getRow(i).values as unknown[]);
    expect(sideRows.find((v) => v[1] === aName)!.slice(1, 5)).toEqual([aName, 2, 1, 0.5]);
    expect(sideRows.find((v) => v[1] === aName)![12]).toBe(75);
  });

  it('circulars name lower organisations of the issuer only (400 naming the entry, nothing written)', async () => {
    const { upper, a, other } = await givenTree();
    const tu = await tokensOf(upper);
    const day = localDate(upper);
    const publish = (lowerOrgs: unknown) =>
      api('POST', `/api/orgs/${upper.orgId}/circulars`, {
        token: tu.office,
        body: { from: day, to: day, kind: 'praise', lowerOrgs },
      });
    for (const [lowerOrgs, field] of [
      [[{ orgId: other.orgId }], 'lowerOrgs.0.orgId'],
      [[{ orgId: a.orgId }, { orgId: upper.orgId }], 'lowerOrgs.1.orgId'],
      [[{ orgId: a.orgId }, { orgId: a.orgId }], 'lowerOrgs.1.orgId'],
      [[{ orgId: a.orgId, reason: '' }], 'lowerOrgs.0.reason'],
      [[], 'lowerOrgs'],
    ] as const) {
      const r = await publish(lowerOrgs);
      expect([r.status, r.body.error.details[0].field], JSON.stringify(lowerOrgs)).toEqual([400, field]);
    }
    expect((await findingRepo().listCirculars(upper.orgId)).length).toBe(0);

    // Praise naming a lower organisation alone (no department of the issuer reported): published and numbered.
    const r = await publish([{ orgId: a.orgId, reason: '全年无迟报，要素齐全' }]);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const aName = (await orgRepo().getOrg(a.orgId))!.name;
    expect(r.body.lowerOrgs).toEqual([{ orgId: a.orgId, name: aName, reason: '全年无迟报，要素齐全' }]);
    expect(r.body.distribution.orgs).toEqual([aName]);
    const doc = await fetch(`${stack().appUrl}/circulars/${r.body.circularId}`, {
      headers: { cookie: `bs_session=${tu.office}` },
    });
    expect(await doc.text()).toContain(`<strong>${aName}</strong>：全年无迟报，要素齐全。`);
  });
});
