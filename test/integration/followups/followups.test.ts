import { describe, expect, it } from 'vitest';
import { api, signIn, untilIdle, untilPast } from '../../support/stack.ts';
import { ALWAYS, givenOrg, givenReport } from '../../support/given.ts';
import { checkAt, minutesFrom } from '../../support/when.ts';
import { mailsTo, waitForMail } from '../../support/then.ts';

const at = (iso: string, plusMinutes: number) => minutesFrom(plusMinutes, iso);

describe('follow-ups (续报) and the final report (终报)', () => {
  it('numbers follow-ups per event, sends them to the chain, and refuses any after the final report', async () => {
    const g = await givenOrg({ hours: ALWAYS });
    const { reportId } = await givenReport(g);
    await waitForMail(g.email('head'));
    const token = await signIn(g.email('reporter'));
    const first = await api('POST', `/api/reports/${reportId}/followups`, {
      token,
      body: { kind: 'followup', summary: '火已扑灭，正在排查原因。' },
    });
    expect(first.status).toBe(201);
    expect(first.body).toEqual({ sequence: 1, label: '续报一' });
    const [mail] = await waitForMail(g.email('head'), 2);
    const followupMail = (await mailsTo(g.email('head'))).find((m) => m.subject.startsWith('【续报一】'));
    expect(followupMail?.body.text).toContain('火已扑灭，正在排查原因。');
    expect(mail).toBeTruthy();

    const second = await api('POST', `/api/reports/${reportId}/followups`, {
      token,
      body: { kind: 'followup', summary: '原因查明：线路老化。' },
    });
    expect(second.body.label).toBe('续报二');
    const final = await api('POST', `/api/reports/${reportId}/followups`, {
      token,
      body: { kind: 'final', summary: '处置完毕，损失已统计。', measures: '全面检修线路。' },
    });
    expect(final.body).toEqual({ sequence: 3, label: '终报' });
    const after = await api('POST', `/api/reports/${reportId}/followups`, {
      token,
      body: { kind: 'followup', summary: '补充' },
    });
    expect(after.status).toBe(422);
    expect(after.body.error.code).toBe('EVENT_CLOSED');

    const view = await api('GET', `/api/reports/${reportId}`, { token });
    expect(view.body.followups.map((f: { label: string }) => f.label)).toEqual(['续报一', '续报二', '终报']);
    expect(view.body.closedAt).toBeTruthy();
    expect(view.body.timeline.map((e: { type: string }) => e.type)).toEqual(
      expect.arrayContaining(['followup', 'final']),
    );

    const bad = await api('POST', `/api/reports/${reportId}/followups`, {
      token,
      body: { kind: 'later', summary: '' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual(['kind', 'summary']);
    const outsider = await api('POST', `/api/reports/${reportId}/followups`, {
      token: await signIn(g.email('outsider')),
      body: { kind: 'followup', summary: 'x' },
    });
    expect(outsider.status).toBe(404);
  });

  it('chases a missing follow-up at each scheduled time, tells the office on the second miss, and stops at the final report', async () => {
    const g = await givenOrg({ hours: ALWAYS });
    const { reportId, followupDueAt } = await givenReport(g);
    expect(followupDueAt).toBeTruthy();
    await waitForMail(g.email('head'));

    await checkAt(at(followupDueAt, -1));
    await untilIdle();
    expect(await mailsTo(g.email('reporter'), '【催报】')).toHaveLength(0);

    await checkAt(at(followupDueAt, 1));
    const chased = await waitForMail(g.email('reporter'), 1, '【催报】');
    expect(chased[0]!.body.text).toContain('尚未报送');
    await waitForMail(g.email('head'), 1, '【催报】');
    await untilIdle();
    expect(await mailsTo(g.email('office'), '【续报逾期】')).toHaveLength(0);

    const report = (await api('GET', `/api/reports/${reportId}`, { token: await signIn(g.email('office')) })).body;
    expect(report.missedFollowups).toEqual([followupDueAt]);
    const next = report.followupDueAt as string;
    expect(Date.parse(next) - Date.parse(followupDueAt)).toBeGreaterThanOrEqual(9 * 3600_000); // 17:00 → 08:00, or 08:00 → 17:00
    await checkAt(at(next, 1));
    await waitForMail(g.email('office'), 1, '【续报逾期】');
    await waitForMail(g.email('reporter'), 2, '【催报】');

    const supervision = await api('GET', `/api/orgs/${g.orgId}/supervision`, {
      token: await signIn(g.email('office')),
    });
    expect(supervision.status).toBe(200);
    expect(supervision.body.overdueFollowups.map((r: { reportId: string }) => r.reportId)).toContain(reportId);

    await api('POST', `/api/reports/${reportId}/followups`, {
      token: await signIn(g.email('reporter')),
      body: { kind: 'final', summary: '已处置完毕。' },
    });
    await checkAt(at(next, 60 * 24));
    await untilIdle();
    expect(await mailsTo(g.email('reporter'), '【催报】')).toHaveLength(2);
    const owed = await api('GET', '/api/me/inbox', { token: await signIn(g.email('reporter')) });
    expect(
      owed.body.items.filter(
        (i: { kind: string; reportId: string }) => i.kind === 'followupDue' && i.reportId === reportId,
      ),
    ).toEqual([]);
  });

  it('a follow-up on a forwarded report reaches the parent organisation too', async () => {
    const parent = await givenOrg({ hours: ALWAYS });
    const g = await givenOrg({ hours: ALWAYS, parentOrgId: parent.orgId });
    const { reportId } = await givenReport(g, { severity: 'II' });
    const forward = await api('POST', `/api/reports/${reportId}/sign-off`, {
      token: await signIn(g.email('chief')),
      body: { decision: 'forward' },
    });
    await waitForMail(parent.email('office'));
    await api('POST', `/api/reports/${reportId}/followups`, {
      token: await signIn(g.email('reporter')),
      body: { kind: 'followup', summary: '伤员已送医。' },
    });
    const mails = await waitForMail(parent.email('office'), 1, '【续报一】');
    expect(mails[0]!.body.text).toContain('伤员已送医。');
    const up = await api('GET', `/api/reports/${forward.body.forwardedReportId}`, {
      token: await signIn(parent.email('office')),
    });
    expect(up.body.followups.map((f: { label: string }) => f.label)).toEqual(['续报一']);
  });
});

describe("leaders' instructions (批示)", () => {
  it('mails the assignees, reminds them when overdue and tells the giver, shows in the overview and inboxes, and ends at 销号', async () => {
    const g = await givenOrg({ hours: ALWAYS });
    const { reportId } = await givenReport(g, { severity: 'I' });
    await waitForMail(g.email('chief'));
    const chief = await signIn(g.email('chief'));
    const headOnly = [g.people.head.personId];
    const reporter = await signIn(g.email('reporter'));
    const notLeader = await api('POST', `/api/reports/${reportId}/instructions`, {
      token: reporter,
      body: { text: '查明原因', assigneeIds: headOnly, dueAt: minutesFrom(60) },
    });
    expect(notLeader.status).toBe(403);
    const invalid = await api('POST', `/api/reports/${reportId}/instructions`, {
      token: chief,
      body: { text: '', assigneeIds: ['nobody'], dueAt: minutesFrom(-1) },
    });
    expect(invalid.status).toBe(400);

    // Due in a few seconds (taken just before giving it, however slow the machine), so that it is really overdue for
    // the overview, which compares with the clock; the checks run as of later moments for the reminders.
    const dueAt = new Date(Date.now() + 5000).toISOString();
    const given = await api('POST', `/api/reports/${reportId}/instructions`, {
      token: chief,
      body: { text: '立即查明原因，做好善后。', assigneeIds: [g.people.head.personId], dueAt },
    });
    expect(given.status).toBe(201);
    const id = given.body.instructionId;
    const [assigned] = await waitForMail(g.email('head'), 1, '【领导批示】');
    expect(assigned!.body.text).toContain('立即查明原因，做好善后。');
    const headInbox = await api('GET', '/api/me/inbox', { token: await signIn(g.email('head')) });
    expect(
      headInbox.body.items.map((i: { kind: string; instructionId?: string }) => [i.kind, i.instructionId]),
    ).toContainEqual(['instruction', id]);

    await untilPast(dueAt);
    await checkAt(at(dueAt, 1));
    await waitForMail(g.email('head'), 1, '【批示已逾期】');
    await waitForMail(g.email('chief'), 1, '【批示已逾期】');
    await checkAt(at(dueAt, 24 * 60 + 1));
    await waitForMail(g.email('head'), 2, '【批示已逾期】');

    const office = await signIn(g.email('office'));
    const overview = await api('GET', `/api/orgs/${g.orgId}/supervision`, { token: office });
    expect(overview.body.overdueInstructions).toEqual([
      expect.objectContaining({ instructionId: id, reminders: 2, assignees: ['部门负责人'] }),
    ]);
    const chiefInbox = await api('GET', '/api/me/inbox', { token: chief });
    expect(chiefInbox.body.items.map((i: { kind: string }) => i.kind)).toContain('instructionOverdue');
    expect(
      (await api('GET', `/api/orgs/${g.orgId}/supervision`, { token: await signIn(g.email('reporter')) })).status,
    ).toBe(403);

    expect(
      (await api('POST', `/api/instructions/${id}/progress`, { token: chief, body: { text: '我来写' } })).status,
    ).toBe(403);
    expect(
      (
        await api('POST', `/api/instructions/${id}/progress`, {
          token: await signIn(g.email('outsider')),
          body: { text: 'x' },
        })
      ).status,
    ).toBe(404);
    const progress = await api('POST', `/api/instructions/${id}/progress`, {
      token: await signIn(g.email('head')),
      body: { text: '原因已查明，善后完成。', done: true },
    });
    expect(progress.body.status).toBe('done');
    expect((await api('POST', `/api/instructions/${id}/close`, { token: await signIn(g.email('head')) })).status).toBe(
      403,
    );
    const closed = await api('POST', `/api/instructions/${id}/close`, { token: chief });
    expect(closed.body.status).toBe('closed');
    expect((await api('POST', `/api/instructions/${id}/close`, { token: chief })).status).toBe(422);

    const after = await api('GET', `/api/orgs/${g.orgId}/supervision`, { token: office });
    expect(after.body.overdueInstructions).toEqual([]);
    await checkAt(at(dueAt, 3 * 24 * 60));
    await untilIdle();
    expect(await mailsTo(g.email('head'), '【批示已逾期】')).toHaveLength(2);
    const view = await api('GET', `/api/reports/${reportId}`, { token: chief });
    expect(view.body.instructions[0]).toMatchObject({
      status: 'closed',
      progress: [expect.objectContaining({ text: '原因已查明，善后完成。', done: true })],
    });
    expect(view.body.timeline.map((e: { type: string }) => e.type)).toEqual(
      expect.arrayContaining(['instruction', 'progress', 'instructionClosed']),
    );
  });
});
