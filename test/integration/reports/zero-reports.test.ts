import { describe, expect, it } from 'vitest';
import { api, checkAt, givenOrg, mailsTo, signIn, stack, untilIdle, waitForMail } from '../../support/scenario.ts';
import { localParts } from '../../../shared/platform/kernel/time.ts';

/**
 * Special periods and zero reports (零报告, issue 14 item 3; POLICY §3.7) against the stack. The stack runs on the real
 * clock, so the test picks a zone where it is daytime now and a cut-off a few minutes ahead; the every-minute check
 * then runs as of instants after it.
 */
function daytimeZone(now = new Date()): string {
  const zones = ['Asia/Shanghai', 'Europe/Berlin', 'America/Los_Angeles'];
  return zones.find((z) => {
    const h = Math.floor(localParts(now, z).minutes / 60);
    return h >= 6 && h < 18;
  })!;
}
const shiftDay = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86400_000).toISOString().slice(0, 10);

describe('a special period runs a day: zero reports by the cut-off, the missing chased, the office told', () => {
  it('one unit files 无重大紧急情况, the other is missing at the cut-off and chased; an hour later the office', async () => {
    const tz = daytimeZone();
    const g = await givenOrg({ tz });
    const techId = `${g.orgId}-tech`;
    const now = new Date();
    const local = localParts(now, tz);
    const cutoffMinutes = local.minutes + 10;
    const cutoff = `${String(Math.floor(cutoffMinutes / 60)).padStart(2, '0')}:${String(cutoffMinutes % 60).padStart(2, '0')}`;
    const today = local.date;
    const office = await signIn(g.email('office'));
    const body = {
      title: '春节假期',
      from: shiftDay(today, -1),
      to: shiftDay(today, 1),
      cutoff,
      departmentIds: [g.newsId, techId],
    };
    const created = await api('POST', `/api/orgs/${g.orgId}/zero-report-periods`, { token: office, body });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const { periodId, nextDueAt } = created.body;
    const cutoffAt = Date.parse(nextDueAt);
    expect(cutoffAt - now.getTime()).toBeGreaterThan(8 * 60_000);

    // 新闻部 files its zero report; a second one is 409; yesterday has ended (422), the day before is outside (422).
    const reporter = await signIn(g.email('reporter'));
    const zero = { date: today, departmentId: g.newsId, note: '值班正常' };
    const filed = await api('POST', `/api/zero-report-periods/${periodId}/returns`, { token: reporter, body: zero });
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    expect(filed.body.afterCutoff).toBe(false);
    expect(
      (await api('POST', `/api/zero-report-periods/${periodId}/returns`, { token: reporter, body: zero })).status,
    ).toBe(409);
    const ended = await api('POST', `/api/zero-report-periods/${periodId}/returns`, {
      token: reporter,
      body: { ...zero, date: shiftDay(today, -1) },
    });
    expect([ended.status, ended.body.error.code]).toEqual([422, 'DAY_ENDED']);
    const outside = await api('POST', `/api/zero-report-periods/${periodId}/returns`, {
      token: reporter,
      body: { ...zero, date: shiftDay(today, -2) },
    });
    expect([outside.status, outside.body.error.code]).toEqual([422, 'OUTSIDE_PERIOD']);
    // Someone of another department may not answer for 新闻部.
    const outsider = await signIn(g.email('outsider'));
    expect(
      (await api('POST', `/api/zero-report-periods/${periodId}/returns`, { token: outsider, body: zero })).status,
    ).toBe(403);

    // Before the cut-off nothing is chased; at it 技术部's information officer is; an hour later the office head.
    await checkAt(new Date(cutoffAt - 60_000).toISOString());
    await untilIdle();
    expect(await mailsTo(g.email('outsider'), '【催报·零报告】')).toEqual([]);
    await checkAt(new Date(cutoffAt + 30_000).toISOString());
    const [chase] = await waitForMail(g.email('outsider'), 1, '【催报·零报告】');
    expect(chase!.body.text).toContain('技术部');
    expect(chase!.body.text).toContain(`/zero-reports/${periodId}?date=${today}`);
    expect(await mailsTo(g.email('reporter'), '【催报·零报告】')).toEqual([]);
    expect(await mailsTo(g.email('office'), '【零报告未报】')).toEqual([]);
    await checkAt(new Date(cutoffAt + 61 * 60_000).toISOString());
    const [told] = await waitForMail(g.email('office'), 1, '【零报告未报】');
    expect(told!.body.text).toContain('技术部');
    await checkAt(new Date(cutoffAt + 62 * 60_000).toISOString());
    await untilIdle();
    expect(await mailsTo(g.email('outsider'), '【催报·零报告】')).toHaveLength(1);
    expect(await mailsTo(g.email('office'), '【零报告未报】')).toHaveLength(1);

    // The day's summary, and its CSV and Excel.
    const day = await api('GET', `/api/zero-report-periods/${periodId}?date=${today}`, { token: office });
    expect(day.status).toBe(200);
    expect(day.body.units).toEqual([
      expect.objectContaining({ unitId: g.newsId, name: '新闻部', state: 'zero' }),
      expect.objectContaining({ unitId: techId, name: '技术部', state: 'missing' }),
    ]);
    const csv = await fetch(`${stack().appUrl}/api/zero-report-periods/${periodId}?date=${today}&format=csv`, {
      headers: { authorization: `Bearer ${office}` },
    });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const text = await csv.text();
    expect(text).toContain('新闻部,部门,零报告（无重大紧急情况）');
    expect(text).toContain('技术部,部门,未报');
    const xlsx = await fetch(`${stack().appUrl}/api/zero-report-periods/${periodId}?date=${today}&format=xlsx`, {
      headers: { authorization: `Bearer ${office}` },
    });
    expect(xlsx.headers.get('content-type')).toContain('spreadsheetml');
    expect(new Uint8Array(await xlsx.arrayBuffer()).slice(0, 2)).toEqual(new Uint8Array([0x50, 0x4b]));
    expect(
      (await api('GET', `/api/zero-report-periods/${periodId}?date=${today}`, { token: outsider })).body.units,
    ).toEqual([expect.objectContaining({ unitId: techId })]);

    // Yesterday both were missing all day: only when the office confirms is a missed-report finding proposed.
    const findingsBefore = (await api('GET', `/api/orgs/${g.orgId}/findings`, { token: office })).body.items;
    expect(findingsBefore).toEqual([]);
    const early = await api('POST', `/api/zero-report-periods/${periodId}/missed`, {
      token: office,
      body: { date: today, unitId: techId },
    });
    expect([early.status, early.body.error.code]).toEqual([422, 'DAY_NOT_ENDED']);
    const confirm = { date: shiftDay(today, -1), unitId: techId };
    expect(
      (await api('POST', `/api/zero-report-periods/${periodId}/missed`, { token: reporter, body: confirm })).status,
    ).toBe(403);
    const missed = await api('POST', `/api/zero-report-periods/${periodId}/missed`, { token: office, body: confirm });
    expect(missed.status, JSON.stringify(missed.body)).toBe(201);
    const findings = (await api('GET', `/api/orgs/${g.orgId}/findings`, { token: office })).body.items;
    expect(findings).toEqual([
      expect.objectContaining({ findingId: missed.body.findingId, kind: 'missed', state: 'proposed' }),
    ]);
    expect(
      (await api('POST', `/api/zero-report-periods/${periodId}/missed`, { token: office, body: confirm })).status,
    ).toBe(409);
  });

  it('bad input: a period without units or with another organisation’s department is 400 naming the field', async () => {
    const g = await givenOrg();
    const office = await signIn(g.email('office'));
    const base = { title: '国庆', from: '2099-10-01', to: '2099-10-07', cutoff: '16:00' };
    const none = await api('POST', `/api/orgs/${g.orgId}/zero-report-periods`, { token: office, body: base });
    expect(none.body.error.details).toEqual([expect.objectContaining({ field: 'departmentIds' })]);
    const other = await api('POST', `/api/orgs/${g.orgId}/zero-report-periods`, {
      token: office,
      body: { ...base, departmentIds: ['nope'] },
    });
    expect([other.status, other.body.error.details[0].field]).toEqual([400, 'departmentIds']);
    const reporter = await signIn(g.email('reporter'));
    const body = { ...base, departmentIds: [g.newsId] };
    expect((await api('POST', `/api/orgs/${g.orgId}/zero-report-periods`, { token: reporter, body })).status).toBe(403);
  });
});
