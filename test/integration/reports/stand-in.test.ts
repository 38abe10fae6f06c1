import { describe, expect, it } from 'vitest';
import { api, orgRepo, reportRepo, signIn, untilIdle } from '../../support/stack.ts';
import { givenOrg, givenReport } from '../../support/given.ts';
import { goesOnLeave, minutesFrom } from '../../support/when.ts';
import { ackLinkIn, headSkippedAsAway, mailsTo, waitForMail } from '../../support/then.ts';

describe('stand-ins (代理, POLICY §2)', () => {
  it('a head on leave with a stand-in: the stand-in is mailed 代 X, acknowledges from the link, the timeline says 代 X', async () => {
    const g = await givenOrg();
    const leave = await goesOnLeave(g, 'head', 'reviewer');
    expect(leave.body).toMatchObject({ available: false, deputyId: g.people.reviewer.personId });

    const { reportId } = await givenReport(g);
    const [mail] = await waitForMail(g.email('reviewer'));
    expect(mail!.body.text).toContain('审核人（代 部门负责人）：');
    expect(mail!.body.html).toContain('审核人（代 部门负责人）');
    expect(mail!.body.text).toContain('1. 审核人（代 部门负责人）：已通知，未确认');

    const post = await fetch(ackLinkIn(mail!), { method: 'POST' });
    expect(post.status).toBe(200);
    const report = (await reportRepo().get(reportId))!;
    expect(report.chain[0]).toMatchObject({
      role: 'departmentHead',
      personId: g.people.reviewer.personId,
      state: 'acknowledged',
      standInFor: { personId: g.people.head.personId, name: '部门负责人' },
    });
    // The stand-in opens the report through the chain, and the timeline says whom he acted for.
    await untilIdle();
    const view = await api('GET', `/api/reports/${reportId}`, { token: await signIn(g.email('reviewer')) });
    expect(view.status).toBe(200);
    const notified = view.body.timeline.filter((e: { type: string }) => e.type === 'notified');
    expect(notified.map((e: { detail: string }) => e.detail)).toContainEqual(
      `已通知部门负责人 审核人（代 部门负责人）（${g.email('reviewer')}）`,
    );
    const acked = view.body.timeline.find((e: { type: string }) => e.type === 'acknowledged');
    expect(acked.detail).toBe('审核人（代 部门负责人） 确认接报（邮件链接）');
    expect(await mailsTo(g.email('head'))).toEqual([]);
  });

  it('a head on leave with no stand-in is skipped as before', async () => {
    const g = await givenOrg();
    await goesOnLeave(g, 'head');
    const r = await givenReport(g);
    await headSkippedAsAway(g, r);
  });

  it('an invalid stand-in is 400 naming deputyId, and nothing is written', async () => {
    const g = await givenOrg();
    const other = await givenOrg();
    const token = await signIn(g.email('office'));
    const until = minutesFrom(3 * 24 * 60);
    await api('PATCH', `/api/people/${g.people.leader.personId}`, { token, body: { available: false, until } });
    for (const body of [
      { available: false, until, deputyId: g.people.head.personId }, // himself
      { available: false, until, deputyId: other.people.reviewer.personId }, // another organisation
      { available: false, until, deputyId: 'nobody' },
      { available: false, until, deputyId: g.people.leader.personId }, // on leave himself
      { deputyId: g.people.reviewer.personId }, // not on leave
    ]) {
      const res = await api('PATCH', `/api/people/${g.people.head.personId}`, { token, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.details[0].field).toBe('deputyId');
    }
    const head = await orgRepo().getPerson(g.people.head.personId);
    expect(head).toMatchObject({ available: true });
    expect(head?.deputyId).toBeUndefined();

    // Back from leave: the stand-in goes with it.
    await goesOnLeave(g, 'head', 'reviewer');
    const back = await api('PATCH', `/api/people/${g.people.head.personId}`, { token, body: { available: true } });
    expect(back.body).toMatchObject({ available: true, deputyId: null });
    expect((await orgRepo().getPerson(g.people.head.personId))?.deputyId).toBeUndefined();
  });

  it('the principal leader away: his stand-in signs off (签发), recorded as 代 X; anyone else is still refused', async () => {
    const g = await givenOrg();
    await goesOnLeave(g, 'chief', 'leader');
    const { reportId } = await givenReport(g);
    expect((await reportRepo().get(reportId))!.signerIds).toEqual([g.people.leader.personId]);

    const head = await api('POST', `/api/reports/${reportId}/sign-off`, {
      token: await signIn(g.email('head')),
      body: { decision: 'keep' },
    });
    expect(head.status).toBe(403);
    const leaderToken = await signIn(g.email('leader'));
    const r = await api('POST', `/api/reports/${reportId}/sign-off`, {
      token: leaderToken,
      body: { decision: 'keep' },
    });
    expect(r.status).toBe(200);
    expect((await reportRepo().get(reportId))!.signOff).toMatchObject({
      byId: g.people.leader.personId,
      byName: '分管领导（代 主要领导）',
      standInFor: { personId: g.people.chief.personId, name: '主要领导' },
    });
    const view = await api('GET', `/api/reports/${reportId}`, { token: leaderToken });
    const signed = view.body.timeline.find((e: { type: string }) => e.type === 'signedOff');
    expect(signed.detail).toBe('分管领导（代 主要领导） 签发：不上报');
  });
});
