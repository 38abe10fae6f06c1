import { describe, expect, it } from 'vitest';
import { api, fetchPage, signIn, stack, untilIdle } from '../../support/stack.ts';
import { ALWAYS, givenOrg, givenReport } from '../../support/given.ts';
import { checkAt, minutesFrom } from '../../support/when.ts';
import { mailsTo, waitForMail } from '../../support/then.ts';

describe('督办 and 催办 (issue 17, item 5)', () => {
  it('the overview lists who has not acknowledged with their phone and since when; 催办 mails them again, once per chase', async () => {
    const g = await givenOrg({ hours: ALWAYS });
    const r = await givenReport(g);
    await waitForMail(g.email('head'));
    await untilIdle();
    const office = await signIn(g.email('office'));
    let overview = (await api('GET', `/api/orgs/${g.orgId}/supervision`, { token: office })).body;
    const row = overview.unacknowledged.find((x: { reportId: string }) => x.reportId === r.reportId);
    expect(row.silent).toEqual([
      expect.objectContaining({ personId: g.people.head.personId, name: '部门负责人', since: expect.any(String) }),
    ]);

    const bad = await api('POST', `/api/reports/${r.reportId}/chase`, {
      token: office,
      body: { note: 'x'.repeat(501) },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].field).toBe('note');
    const chased = await api('POST', `/api/reports/${r.reportId}/chase`, {
      token: office,
      body: { note: '请立即确认' },
    });
    expect(chased.status, JSON.stringify(chased.body)).toBe(200);
    expect(chased.body).toEqual({ chased: [{ personId: g.people.head.personId, name: '部门负责人' }] });
    const [mail] = await waitForMail(g.email('head'), 1, '【催办·请确认接报】');
    expect(mail!.body.text).toContain('请立即确认');
    expect(mail!.body.text).toContain(`${stack().appUrl}/reports/${r.reportId}`);
    await api('POST', `/api/reports/${r.reportId}/chase`, { token: office, body: {} });
    await waitForMail(g.email('head'), 2, '【催办·请确认接报】');
    const view = (await api('GET', `/api/reports/${r.reportId}`, { token: office })).body;
    expect(view.timeline.filter((e: { type: string }) => e.type === 'chased')).toHaveLength(2);

    // The head acknowledges: they are no longer silent, the supervising leader is; past the sign-off time it is overdue.
    expect((await api('POST', `/api/reports/${r.reportId}/ack`, { token: await signIn(g.email('head')) })).status).toBe(
      200,
    );
    await checkAt(minutesFrom(121, r.submittedAt));
    await untilIdle();
    overview = (await api('GET', `/api/orgs/${g.orgId}/supervision`, { token: office })).body;
    const silent = overview.unacknowledged.find((x: { reportId: string }) => x.reportId === r.reportId)?.silent ?? [];
    expect(silent.map((p: { personId: string }) => p.personId)).not.toContain(g.people.head.personId);
    const page = await (await fetchPage('/supervision', office)).text();
    expect(page).toContain('id="unacknowledged"');
    expect(page).toContain(`action="/reports/${r.reportId}/chase"`);

    // Nobody silent: 409, nothing mailed.
    for (const k of ['leader', 'chief'] as const)
      await api('POST', `/api/reports/${r.reportId}/ack`, { token: await signIn(g.email(k)) });
    const none = await api('POST', `/api/reports/${r.reportId}/chase`, { token: office, body: {} });
    expect(none.status).toBe(409);
    expect(none.body.error.code).toBe('NOTHING_TO_CHASE');
    await untilIdle();
    expect(await mailsTo(g.email('chief'), '【催办·请确认接报】')).toEqual([]);
  });
});
