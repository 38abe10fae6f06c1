import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { api, db, reportRepo, signIn, stack, untilIdle } from '../../support/stack.ts';
import { ALWAYS, givenOrg, givenReport, NEVER } from '../../support/given.ts';
import { checkAt, minutesFrom } from '../../support/when.ts';
import { headSkippedAsAway, mailsTo, waitForMail } from '../../support/then.ts';

const minutes = (n: number) => minutesFrom(n);

describe('acknowledgement deadlines move the report up', () => {
  it('times out each silent level in turn, names who did not answer, then reminds the top and tells the office and duty officer', async () => {
    const g = await givenOrg({ hours: ALWAYS, withDuty: true });
    const { reportId } = await givenReport(g); // severity III: 30 minutes per level
    await waitForMail(g.email('head'));

    await checkAt(minutes(29));
    await untilIdle();
    expect(await mailsTo(g.email('leader'))).toEqual([]);

    await checkAt(minutes(31));
    const [toLeader] = await waitForMail(g.email('leader'));
    expect(toLeader!.subject).toBe('【紧急信息·逐级上报】III级 演播室起火');
    expect(toLeader!.body.text).toContain('部门负责人 未在时限内确认接报');
    let report = (await reportRepo().get(reportId))!;
    expect(report.chain.map((l) => l.state)).toEqual(['timedOut', 'notified', 'pending']);

    await checkAt(minutes(62));
    const [toChief] = await waitForMail(g.email('chief'));
    expect(toChief!.body.text).toContain('部门负责人、分管领导 未在时限内确认接报');

    await checkAt(minutes(93));
    const reminders = await waitForMail(g.email('chief'), 2);
    expect(reminders[1]!.subject).toContain('【催办·紧急信息】');
    const [toOffice] = await waitForMail(g.email('office'));
    expect(toOffice!.subject).toContain('【无人接报·紧急信息】');

    // The same moment again: nothing new.
    await checkAt(minutes(93));
    await untilIdle();
    expect(await mailsTo(g.email('chief'))).toHaveLength(2);

    const ack = await api('POST', `/api/reports/${reportId}/ack`, { token: await signIn(g.email('chief')) });
    expect(ack.status).toBe(200);
    expect(ack.body.status).toBe('acknowledged');
    await checkAt(minutes(200));
    await untilIdle();
    // No more about acknowledging (the unsigned report's sign-off reminder, 【待签发·已超时】, is another matter).
    expect(await mailsTo(g.email('chief'), '【')).toHaveLength(3);
    expect((await mailsTo(g.email('chief'))).filter((m) => !m.subject.startsWith('【待签发'))).toHaveLength(2);
    report = (await reportRepo().get(reportId))!;
    // Nothing is left to escalate: the report is next looked at only when its first follow-up falls due.
    expect(report.nextDueAt).toBe(report.followupDueAt);
    const view = await api('GET', `/api/reports/${reportId}`, { token: await signIn(g.email('office')) });
    expect(view.body.timeline.map((e: { type: string }) => e.type)).toEqual(
      expect.arrayContaining(['timedOut', 'reminded', 'watcherNotified', 'chainComplete']),
    );
    // The page names each line in Chinese: no event type (timedOut, watcherNotified …) reaches the reader.
    const page = await (
      await fetch(`${stack().appUrl}/reports/${reportId}`, {
        headers: { cookie: `bs_session=${await signIn(g.email('office'))}` },
      })
    ).text();
    const timeline = page.match(/<table id="timeline">([\s\S]*?)<\/table>/)![1]!;
    const labels = [...timeline.matchAll(/<td class="event-type">([^<]*)<\/td>/g)].map((m) => m[1]!);
    expect(labels).toHaveLength(timeline.match(/<tr>/g)!.length);
    expect(labels.length).toBeGreaterThanOrEqual(view.body.timeline.length);
    expect(labels).toEqual(expect.arrayContaining(['超时上报', '催促确认', '已通知关注人', '全部确认', '已通知']));
    // Mail addresses (in 已通知 lines) are the only Latin text a reader may see there.
    const text = timeline.replace(/<[^>]*>/g, ' ').replace(/[\w.+-]+@[\w.-]+/g, '');
    expect(text.match(/[a-zA-Z]{4,}/g) ?? [], text).toEqual([]);
  });

  it('advances a step exactly once when checks overlap', async () => {
    const g = await givenOrg({ hours: ALWAYS });
    await givenReport(g);
    await waitForMail(g.email('head'));
    const at = minutes(31);
    const results = await Promise.all([checkAt(at), checkAt(at), checkAt(at)]);
    await waitForMail(g.email('leader'));
    await untilIdle();
    expect(await mailsTo(g.email('leader'))).toHaveLength(1);
    expect(results.reduce((n, r) => n + r.failed, 0)).toBe(0);
  });
});

describe('who is told first', () => {
  it('outside working time a severity-II report goes to the duty leader and, at once, the principal leader', async () => {
    const g = await givenOrg({ hours: NEVER, withDuty: true });
    const r = await givenReport(g, { severity: 'II' });
    expect(r.chain.map((l) => [l.role, l.state, !!l.parallel])).toEqual([
      ['dutyLeader', 'pending', false],
      ['principalLeader', 'pending', true],
    ]);
    const [duty] = await waitForMail(g.email('duty'));
    const [chief] = await waitForMail(g.email('chief'));
    expect(duty!.subject).toBe('【紧急信息】II级 演播室起火');
    expect(chief!.body.text).toContain('同时报送主要领导');
    await untilIdle();
    expect(await mailsTo(g.email('head'))).toEqual([]);
  });

  it('outside working time with nobody on the roster goes to the principal leader, and the timeline says why', async () => {
    const g = await givenOrg({ hours: NEVER });
    const r = await givenReport(g);
    expect(r.chain.map((l) => l.role)).toEqual(['principalLeader']);
    await waitForMail(g.email('chief'));
    const view = await api('GET', `/api/reports/${r.reportId}`, { token: await signIn(g.email('reporter')) });
    expect(view.body.timeline.map((e: { type: string }) => e.type)).toContain('noDutyLeader');
  });

  it('skips a head on leave and starts with the supervising leader', async () => {
    const g = await givenOrg({ hours: ALWAYS });
    await db().send(
      new PutCommand({
        TableName: stack().tableName,
        Item: {
          PK: `PERSON#${g.people.head.personId}`,
          SK: 'PERSON',
          GSI1PK: `ORG#${g.orgId}#PEOPLE`,
          GSI1SK: `x#${g.people.head.personId}`,
          entity: 'person',
          ...g.people.head,
          available: false,
          unavailableUntil: minutes(600),
        },
      }),
    );
    const r = await givenReport(g);
    await headSkippedAsAway(g, r);
  });

  it('an acknowledgement by the principal leader completes the lower levels still waiting', async () => {
    const g = await givenOrg({ hours: ALWAYS });
    const { reportId } = await givenReport(g, { severity: 'I' });
    await waitForMail(g.email('head'));
    await waitForMail(g.email('chief'));
    const ack = await api('POST', `/api/reports/${reportId}/ack`, { token: await signIn(g.email('chief')) });
    expect(ack.body.chain.map((l: { state: string }) => l.state)).toEqual(['skipped', 'skipped', 'acknowledged']);
    expect(ack.body.status).toBe('acknowledged');
    const late = await api('POST', `/api/reports/${reportId}/ack`, { token: await signIn(g.email('head')) });
    expect(late.status).toBe(409);
    await checkAt(minutes(120));
    await untilIdle();
    expect(await mailsTo(g.email('leader'))).toEqual([]);
  });
});

describe('sign-off and reporting upward (签发)', () => {
  it('forward creates a linked report in the parent organisation, addressed to its office, with who signed', async () => {
    const parent = await givenOrg({ hours: ALWAYS });
    const g = await givenOrg({ hours: ALWAYS, parentOrgId: parent.orgId });
    const { reportId } = await givenReport(g, { severity: 'II' });

    const notAllowed = await api('POST', `/api/reports/${reportId}/sign-off`, {
      token: await signIn(g.email('head')),
      body: { decision: 'forward' },
    });
    expect(notAllowed.status).toBe(403);
    const bad = await api('POST', `/api/reports/${reportId}/sign-off`, {
      token: await signIn(g.email('chief')),
      body: { decision: 'up' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].field).toBe('decision');
    await untilIdle();
    expect(await mailsTo(parent.email('office'))).toEqual([]);

    const chiefToken = await signIn(g.email('chief'));
    const r = await api('POST', `/api/reports/${reportId}/sign-off`, {
      token: chiefToken,
      body: { decision: 'forward', note: '请市委办公室知悉' },
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ reportId, decision: 'forward', forwardedReportId: expect.any(String) });
    const again = await api('POST', `/api/reports/${reportId}/sign-off`, {
      token: chiefToken,
      body: { decision: 'keep' },
    });
    expect(again.status).toBe(409);

    const [mail] = await waitForMail(parent.email('office'));
    expect(mail!.subject).toBe('【下级报送·紧急信息】II级 演播室起火');
    expect(mail!.body.text).toContain('主要领导 签发');

    const up = await api('GET', `/api/reports/${r.body.forwardedReportId}`, {
      token: await signIn(parent.email('office')),
    });
    expect(up.status).toBe(200);
    expect(up.body).toMatchObject({
      orgId: parent.orgId,
      forwardedFrom: { reportId, orgId: g.orgId },
      signOff: { decision: 'forward', byName: '主要领导', note: '请市委办公室知悉' },
    });
    expect(up.body.chain.map((l: { role: string }) => l.role)).toEqual(['officeHead', 'principalLeader']);
    const original = await api('GET', `/api/reports/${reportId}`, { token: chiefToken });
    expect(original.body.forwardedReportId).toBe(r.body.forwardedReportId);
    // Nobody in the lower organisation sees the parent's copy, and the parent's people do not see the original.
    expect((await api('GET', `/api/reports/${r.body.forwardedReportId}`, { token: chiefToken })).status).toBe(404);
    expect((await api('GET', `/api/reports/${reportId}`, { token: await signIn(parent.email('office')) })).status).toBe(
      404,
    );
  });

  it('a late report forwarded upward carries a proposed late finding in the parent organisation', async () => {
    const parent = await givenOrg({ hours: ALWAYS });
    const g = await givenOrg({ hours: ALWAYS, parentOrgId: parent.orgId });
    const { reportId } = await givenReport(g, {
      severity: 'II',
      occurredAt: new Date(Date.now() - 3 * 3600_000).toISOString(),
    });
    const r = await api('POST', `/api/reports/${reportId}/sign-off`, {
      token: await signIn(g.email('chief')),
      body: { decision: 'forward' },
    });
    expect(r.status).toBe(200);
    const register = await api('GET', `/api/orgs/${parent.orgId}/findings`, {
      token: await signIn(parent.email('office')),
    });
    expect(register.body.items).toEqual([
      expect.objectContaining({
        kind: 'late',
        state: 'proposed',
        reportId: r.body.forwardedReportId,
        responsibleOrgId: g.orgId,
      }),
    ]);
  });

  it('keep records the decision and sends nothing up; without a parent, forward is refused', async () => {
    const g = await givenOrg({ hours: ALWAYS });
    const { reportId } = await givenReport(g);
    const token = await signIn(g.email('chief'));
    const forward = await api('POST', `/api/reports/${reportId}/sign-off`, { token, body: { decision: 'forward' } });
    expect(forward.status).toBe(422);
    expect(forward.body.error.code).toBe('NO_PARENT_ORG');
    const keep = await api('POST', `/api/reports/${reportId}/sign-off`, { token, body: { decision: 'keep' } });
    expect(keep.status).toBe(200);
    const view = await api('GET', `/api/reports/${reportId}`, { token });
    expect(view.body.signOff).toMatchObject({ decision: 'keep', byName: '主要领导' });
    expect(view.body.forwardedReportId).toBeUndefined();
  });
});
