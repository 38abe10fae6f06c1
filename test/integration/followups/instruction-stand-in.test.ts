import { describe, expect, it } from 'vitest';
import { api, signIn, untilIdle } from '../../support/stack.ts';
import { ALWAYS, givenOrg, givenReport } from '../../support/given.ts';
import { goesOnLeave, minutesFrom } from '../../support/when.ts';
import { mailsTo, waitForMail } from '../../support/then.ts';

/** A report that reached the chief, then the head goes on leave, then the chief instructs the head. */
async function instructHeadOnLeave(deputy?: 'outsider') {
  const g = await givenOrg({ hours: ALWAYS });
  const { reportId } = await givenReport(g, { severity: 'I' });
  await waitForMail(g.email('chief'));
  await goesOnLeave(g, 'head', deputy);
  const given = await api('POST', `/api/reports/${reportId}/instructions`, {
    token: await signIn(g.email('chief')),
    body: { text: '立即查明原因，做好善后。', assigneeIds: [g.people.head.personId], dueAt: minutesFrom(48 * 60) },
  });
  expect(given.status, JSON.stringify(given.body)).toBe(201);
  const id = given.body.instructionId as string;
  const view = (await api('GET', `/api/reports/${reportId}`, { token: await signIn(g.email('chief')) })).body;
  const ins = view.instructions.find((i: { instructionId: string }) => i.instructionId === id);
  return { g, reportId, id, given: ins };
}

describe('instructions to someone on leave reach his stand-in (代理, POLICY §2 and §3.5)', () => {
  it('the stand-in is mailed 代 X, has it in 待办, may open the report and reports progress as 代 X', async () => {
    const { g, reportId, id, given } = await instructHeadOnLeave('outsider');
    expect(given.assignees).toEqual([
      expect.objectContaining({ personId: g.people.head.personId }),
      expect.objectContaining({
        personId: g.people.outsider.personId,
        standInFor: { personId: g.people.head.personId, name: '部门负责人' },
      }),
    ]);

    const [mail] = await waitForMail(g.email('outsider'), 1, '【领导批示】');
    expect(mail!.body.text).toContain('无关人员（代 部门负责人）：');
    expect(mail!.body.text).toContain('请您（代 部门负责人）承办');
    expect(mail!.body.html).toContain('（代 部门负责人）');
    await waitForMail(g.email('head'), 1, '【领导批示】'); // the principal is told as well

    const standIn = await signIn(g.email('outsider'));
    const inbox = (await api('GET', '/api/me/inbox', { token: standIn })).body.items;
    expect(inbox).toContainEqual(expect.objectContaining({ kind: 'instruction', instructionId: id }));
    expect((await api('GET', `/api/reports/${reportId}`, { token: standIn })).status).toBe(200);

    const progress = await api('POST', `/api/instructions/${id}/progress`, {
      token: standIn,
      body: { text: '已代为落实，原因已查明。' },
    });
    expect(progress.status, JSON.stringify(progress.body)).toBe(200);
    expect(progress.body.progress).toEqual([
      expect.objectContaining({ byId: g.people.outsider.personId, byName: '无关人员（代 部门负责人）' }),
    ]);
    const report = (await api('GET', `/api/reports/${reportId}`, { token: standIn })).body;
    expect(JSON.stringify(report)).toContain('无关人员（代 部门负责人） 报告落实情况：已代为落实，原因已查明。');

    await untilIdle();
    expect(await mailsTo(g.email('outsider'), '【领导批示】')).toHaveLength(1); // once (send-once ledger)
  });

  it('without a stand-in nothing changes: only the absent assignee, nobody else told', async () => {
    const { g, reportId, id, given } = await instructHeadOnLeave();
    expect(given.assignees).toEqual([expect.objectContaining({ personId: g.people.head.personId })]);
    expect(given.assignees[0].standInFor).toBeUndefined();
    await waitForMail(g.email('head'), 1, '【领导批示】');
    await untilIdle();
    expect(await mailsTo(g.email('outsider'), '【领导批示】')).toHaveLength(0);
    const outsider = await signIn(g.email('outsider'));
    expect((await api('GET', `/api/reports/${reportId}`, { token: outsider })).status).toBe(404);
    const inbox = (await api('GET', '/api/me/inbox', { token: outsider })).body.items;
    expect(inbox).not.toContainEqual(expect.objectContaining({ instructionId: id }));
  });
});
