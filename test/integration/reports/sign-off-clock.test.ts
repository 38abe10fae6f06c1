import { describe, expect, it } from 'vitest';
import { api, fetchPage, signIn, untilIdle } from '../../support/stack.ts';
import { ALWAYS, givenOrg, givenReport } from '../../support/given.ts';
import { checkAt, minutesFrom } from '../../support/when.ts';
import { mailsTo, waitForMail } from '../../support/then.ts';

describe('sign-off has a clock (签发时限, issue 17 item 9)', () => {
  it('a report waiting for 签发 shows its deadline; past it the principal leader and the office are reminded, once', async () => {
    const g = await givenOrg({ hours: ALWAYS });
    const r = await givenReport(g, { severity: 'II' });
    const chief = await signIn(g.email('chief'));
    const view = (await api('GET', `/api/reports/${r.reportId}`, { token: chief })).body;
    expect(Date.parse(view.signOffDueAt) - Date.parse(view.submittedAt)).toBe(30 * 60_000);
    const entry = (await api('GET', '/api/me/inbox', { token: chief })).body.items.find(
      (i: { kind: string; reportId: string }) => i.kind === 'signOff' && i.reportId === r.reportId,
    );
    expect(entry.deadline).toBe(view.signOffDueAt);
    const page = await (await fetchPage(`/reports/${r.reportId}`, chief)).text();
    expect(page).toContain('id="sign-off-due"');

    await checkAt(minutesFrom(29, view.submittedAt));
    await untilIdle();
    expect(await mailsTo(g.email('chief'), '【待签发')).toEqual([]);
    await checkAt(minutesFrom(31, view.submittedAt));
    const [toChief] = await waitForMail(g.email('chief'), 1, '【待签发·已超时】');
    expect(toChief!.body.text).toContain('尚未签发');
    expect(toChief!.body.text).toContain(`/reports/${r.reportId}`);
    await waitForMail(g.email('office'), 1, '【待签发·已超时】');
    await checkAt(minutesFrom(120, view.submittedAt));
    await untilIdle();
    expect(await mailsTo(g.email('chief'), '【待签发')).toHaveLength(1);
    const after = (await api('GET', `/api/reports/${r.reportId}`, { token: chief })).body;
    expect(after.timeline.map((e: { type: string }) => e.type)).toContain('signOffOverdue');
  });

  it('a report signed off in time is not chased', async () => {
    const g = await givenOrg({ hours: ALWAYS });
    const r = await givenReport(g, { severity: 'III' });
    const chief = await signIn(g.email('chief'));
    expect(
      (await api('POST', `/api/reports/${r.reportId}/sign-off`, { token: chief, body: { decision: 'keep' } })).status,
    ).toBe(200);
    await checkAt(minutesFrom(121, r.submittedAt));
    await untilIdle();
    expect(await mailsTo(g.email('chief'), '【待签发')).toEqual([]);
    expect(await mailsTo(g.email('office'), '【待签发')).toEqual([]);
  });
});
