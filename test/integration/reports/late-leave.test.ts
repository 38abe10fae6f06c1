import { describe, expect, it } from 'vitest';
import { api, reportRepo, signIn, untilIdle } from '../../support/stack.ts';
import { givenOrg, givenReport } from '../../support/given.ts';
import { checkAt, goesOnLeave, minutesFrom } from '../../support/when.ts';
import { mailsTo, waitForMail } from '../../support/then.ts';

describe('a leave that starts after the report: the stand-in is resolved when the mail is sent (代理)', () => {
  it('the next level of the chain reaches the stand-in of a supervising leader who went on leave after submission', async () => {
    const g = await givenOrg();
    const r = await givenReport(g);
    expect(r.chain[1]).toMatchObject({ role: 'supervisingLeader', personId: g.people.leader.personId });
    await waitForMail(g.email('head'));
    await goesOnLeave(g, 'leader', 'outsider');

    // The head does not answer: the step up goes to the leader's stand-in, not to the leader.
    const notified = (await reportRepo().get(r.reportId))!.chain[0]!;
    await checkAt(minutesFrom(1, notified.ackDeadline));
    const [mail] = await waitForMail(g.email('outsider'));
    expect(mail!.body.text).toContain('无关人员（代 分管领导）：');
    const report = (await reportRepo().get(r.reportId))!;
    expect(report.chain[1]).toMatchObject({
      personId: g.people.outsider.personId,
      state: 'notified',
      standInFor: { personId: g.people.leader.personId, name: '分管领导' },
    });
    const standIn = await signIn(g.email('outsider'));
    const view = await api('GET', `/api/reports/${r.reportId}`, { token: standIn });
    expect(view.status).toBe(200);
    expect(JSON.stringify(view.body.timeline)).toContain('无关人员（代 分管领导）');
    const inbox = (await api('GET', '/api/me/inbox', { token: standIn })).body.items;
    expect(inbox).toContainEqual(expect.objectContaining({ kind: 'acknowledge', reportId: r.reportId }));
    await untilIdle();
    expect(await mailsTo(g.email('leader'))).toEqual([]);
  });

  it('an instruction reminder reaches the stand-in of an assignee who went on leave after it was given', async () => {
    const g = await givenOrg();
    const r = await givenReport(g, { severity: 'I' });
    await waitForMail(g.email('chief'));
    const chief = await signIn(g.email('chief'));
    const given = await api('POST', `/api/reports/${r.reportId}/instructions`, {
      token: chief,
      body: { text: '请部门负责人落实。', assigneeIds: [g.people.head.personId], dueAt: minutesFrom(25 * 60) },
    });
    expect(given.status, JSON.stringify(given.body)).toBe(201);
    const id = given.body.instructionId as string;
    await waitForMail(g.email('head'), 1, '【领导批示】');
    await goesOnLeave(g, 'head', 'outsider');
    const outsider = await signIn(g.email('outsider'));
    expect((await api('GET', `/api/reports/${r.reportId}`, { token: outsider })).status).toBe(404);

    // 24 hours before the deadline the reminder goes out: to the head, and to his stand-in as 代 X.
    await checkAt(minutesFrom(62));
    const [mail] = await waitForMail(g.email('outsider'));
    expect(mail!.body.text).toContain('无关人员（代 部门负责人）：');
    expect(mail!.body.text).toContain(`/reports/${r.reportId}`);
    expect((await api('GET', `/api/reports/${r.reportId}`, { token: outsider })).status).toBe(200);
    const inbox = (await api('GET', '/api/me/inbox', { token: outsider })).body.items;
    expect(inbox).toContainEqual(expect.objectContaining({ kind: 'instruction', instructionId: id }));
    const view = (await api('GET', `/api/reports/${r.reportId}`, { token: chief })).body;
    const ins = view.instructions.find((i: { instructionId: string }) => i.instructionId === id);
    expect(ins.assignees).toContainEqual(
      expect.objectContaining({
        personId: g.people.outsider.personId,
        standInFor: { personId: g.people.head.personId, name: '部门负责人' },
      }),
    );
    expect(JSON.stringify(view.timeline)).toContain('由代理人承办：无关人员（代 部门负责人）');
    await untilIdle();
    expect(await mailsTo(g.email('outsider'))).toHaveLength(1);
  });
});
