import { describe, expect, it } from 'vitest';
import {
  api,
  checkAt,
  givenOrg,
  mailsTo,
  minutesFrom,
  NEVER,
  signIn,
  untilIdle,
  waitForMail,
  type GivenOrg,
} from '../../support/scenario.ts';

/** Phoned-in reports (电话报告, issue 14 item 1; POLICY §3.2) against the stack. */
const phonedBody = (g: GivenOrg, over: Record<string, unknown> = {}, intake: Record<string, unknown> = {}) => ({
  departmentId: g.newsId,
  category: 'safety',
  severity: 'II',
  title: '演播室起火',
  occurredAt: minutesFrom(-10),
  summary: '来电称二楼演播室冒烟，人员正在疏散。',
  intake: {
    channel: 'phone',
    callerPersonId: g.people.reporter.personId,
    callerPhone: '13800000000',
    calledAt: minutesFrom(-5),
    alreadyTold: '部门负责人（未接通）',
    ...intake,
  },
  ...over,
});

describe('a phoned-in report: the chain starts at once, judged on the call, the written version owed', () => {
  it('the duty officer records a call at night: the duty leader is told, the written version falls due', async () => {
    const g = await givenOrg({ hours: NEVER, withDuty: true });
    const officer = await signIn(g.email('office')); // the office head, on duty as the duty officer
    const r = await api('POST', '/api/reports', { token: officer, body: phonedBody(g) });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({
      phonedIn: true,
      written: false,
      late: false,
      reporterId: g.people.reporter.personId,
    });
    expect(Date.parse(r.body.writtenDueAt) - Date.parse(r.body.learnedAt)).toBe(60 * 60_000);
    expect(r.body.intake).toMatchObject({ callerName: '报告人', recordedByName: '办公室主任', channel: 'phone' });
    expect(r.body.timeline[0]).toMatchObject({ type: 'phoned', actorName: '办公室主任' });
    expect(r.body.timeline[0].detail).toContain('来电');
    const [mail] = await waitForMail(g.email('duty'), 1, '【紧急信息】');
    expect(mail!.body.text).toContain('演播室起火');

    // 待办: the caller and the recorder owe the written version, by its deadline, its form as the link.
    const caller = await signIn(g.email('reporter'));
    const owed = async (token: string) =>
      (await api('GET', '/api/me/inbox', { token })).body.items.filter(
        (i: { kind: string; reportId?: string }) => i.kind === 'writtenDue' && i.reportId === r.body.reportId,
      );
    for (const token of [caller, officer])
      expect(await owed(token)).toEqual([
        expect.objectContaining({ deadline: r.body.writtenDueAt, link: `/reports/${r.body.reportId}/written` }),
      ]);

    // The caller completes the written version within the limit: on time, the call kept on the timeline.
    const written = {
      title: '二楼演播室电线短路起火',
      place: '二楼演播室',
      summary: '电线短路引发明火，已疏散人员。',
      measuresTaken: '已用灭火器扑灭，消防已到场。',
      contact: { name: '李信息', post: '信息员', phone: '13800000000' },
    };
    const done = await api('POST', `/api/reports/${r.body.reportId}/written`, { token: caller, body: written });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body).toMatchObject({ written: true, late: false, writtenLateByMinutes: 0, place: '二楼演播室' });
    expect(done.body.timeline.map((e: { type: string }) => e.type)).toEqual(
      expect.arrayContaining(['phoned', 'written']),
    );
    const again = await api('POST', `/api/reports/${r.body.reportId}/written`, { token: caller, body: written });
    expect(again.status).toBe(409);
    expect(await owed(caller)).toEqual([]);
    expect(await owed(officer)).toEqual([]);

    // Nothing is chased after the limit once the written version is in.
    await checkAt(minutesFrom(2, r.body.writtenDueAt));
    await untilIdle();
    expect(await mailsTo(g.email('reporter'), '【催报·书面报告】')).toEqual([]);
  });

  it('a written version not in by the limit is chased once and the report is proposed as late', async () => {
    const g = await givenOrg({ hours: NEVER, withDuty: true });
    const duty = await signIn(g.email('duty')); // the duty leader may record too
    const r = await api('POST', '/api/reports', {
      token: duty,
      body: phonedBody(g, {}, { callerPersonId: undefined, callerName: '王五', callerUnit: '县消防大队' }),
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.reporterId).toBe(g.people.duty.personId); // an outside caller: the recorder owes the written version
    await untilIdle();
    await checkAt(minutesFrom(-1, r.body.writtenDueAt));
    await untilIdle();
    expect(await mailsTo(g.email('duty'), '【催报·书面报告】')).toEqual([]);
    await checkAt(minutesFrom(1, r.body.writtenDueAt));
    await waitForMail(g.email('duty'), 1, '【催报·书面报告】');
    await waitForMail(g.email('office'), 1, '【催报·书面报告】');
    await checkAt(minutesFrom(30, r.body.writtenDueAt));
    await untilIdle();
    expect(await mailsTo(g.email('duty'), '【催报·书面报告】')).toHaveLength(1);
    const office = await signIn(g.email('office'));
    const view = (await api('GET', `/api/reports/${r.body.reportId}`, { token: office })).body;
    expect(view.late).toBe(true);
    expect(view.timeline.map((e: { type: string }) => e.type)).toEqual(
      expect.arrayContaining(['writtenOverdue', 'late']),
    );
    const findings = (await api('GET', `/api/orgs/${g.orgId}/findings`, { token: office })).body.items;
    expect(findings).toContainEqual(expect.objectContaining({ kind: 'late', reportId: r.body.reportId }));
  });

  it('a late call is late on the call: I–II against the phone limit of 30 minutes', async () => {
    const g = await givenOrg({ hours: NEVER, withDuty: true });
    const officer = await signIn(g.email('office'));
    const body = phonedBody(g, { occurredAt: minutesFrom(-50) }, { calledAt: minutesFrom(-5) });
    const r = await api('POST', '/api/reports', { token: officer, body });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({ late: true, callLateByMinutes: 15, lateByMinutes: 15 });
    expect(r.body.timeline.find((e: { type: string }) => e.type === 'late').detail).toContain('电话报告时限');
  });

  it('bad input: without caller or call time 400 naming the field; only the office or the duty may record', async () => {
    const g = await givenOrg({ hours: NEVER, withDuty: true });
    const officer = await signIn(g.email('office'));
    const noCaller = await api('POST', '/api/reports', {
      token: officer,
      body: phonedBody(g, {}, { callerPersonId: undefined }),
    });
    expect(noCaller.status).toBe(400);
    expect(noCaller.body.error.details).toEqual([expect.objectContaining({ field: 'intake.callerName' })]);
    const noTime = await api('POST', '/api/reports', {
      token: officer,
      body: phonedBody(g, {}, { calledAt: undefined }),
    });
    expect(noTime.status).toBe(400);
    expect(noTime.body.error.details).toEqual([expect.objectContaining({ field: 'intake.calledAt' })]);
    const future = await api('POST', '/api/reports', {
      token: officer,
      body: phonedBody(g, {}, { calledAt: minutesFrom(30) }),
    });
    expect(future.body.error.details).toEqual([
      expect.objectContaining({ field: 'intake.calledAt', code: 'in_future' }),
    ]);
    const reporter = await signIn(g.email('reporter'));
    expect((await api('POST', '/api/reports', { token: reporter, body: phonedBody(g) })).status).toBe(403);
    const list = await api('GET', '/api/reports', { token: officer });
    expect(list.body.items).toEqual([]);
  });

  it('a report written from the start owes no written version; someone else may not complete one', async () => {
    const g = await givenOrg({ hours: NEVER, withDuty: true });
    const officer = await signIn(g.email('office'));
    const r = await api('POST', '/api/reports', { token: officer, body: phonedBody(g) });
    const head = await signIn(g.email('head'));
    const body = {
      title: 'x',
      place: 'y',
      summary: 'z',
      measuresTaken: 'w',
      contact: { name: 'a', phone: '13800000000' },
    };
    expect((await api('POST', `/api/reports/${r.body.reportId}/written`, { token: head, body })).status).toBe(403);
    expect((await api('POST', `/api/reports/${r.body.reportId}/written`, { token: officer, body: {} })).status).toBe(
      400,
    );
  });
});
