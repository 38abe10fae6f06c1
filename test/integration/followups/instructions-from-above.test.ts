import { describe, expect, it } from 'vitest';
import { api, signIn, stack, untilIdle } from '../../support/stack.ts';
import { ALWAYS, givenForwardedReport, givenOrg } from '../../support/given.ts';
import { checkAt, minutesFrom } from '../../support/when.ts';
import { linkIn, mailsTo, waitForMail } from '../../support/then.ts';

const inHours = (h: number) => new Date(Date.now() + h * 3600_000).toISOString();

describe('instructions from above come down (POLICY §3.5, API.md "Events across people and organisations")', () => {
  it('the city chief instructs the county; 转办, progress fed back up as 反馈, 催办 counted, closed by the city', async () => {
    const { city, county, reportId, copyId } = await givenForwardedReport();
    const elsewhere = await givenOrg({ hours: ALWAYS });
    const cityChief = await signIn(city.email('chief'));
    const give = (assigneeIds: string[]) =>
      api('POST', `/api/reports/${copyId}/instructions`, {
        token: cityChief,
        body: { text: '请县里查明原因，做好善后。', assigneeIds, dueAt: inHours(48) },
      });

    // Someone outside the sending organisation and the parent: 400 naming assigneeIds, nothing written.
    const bad = await give([county.people.chief.personId, elsewhere.people.chief.personId]);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details).toEqual([expect.objectContaining({ field: 'assigneeIds' })]);
    expect(
      (await api('GET', `/api/reports/${reportId}`, { token: await signIn(county.email('chief')) })).body.instructions,
    ).toEqual([]);

    const given = await give([county.people.chief.personId]);
    expect(given.status, JSON.stringify(given.body)).toBe(201);
    const id = given.body.instructionId as string;

    // The county's chief is mailed; the link opens the county's report, which shows it with fromOrgId.
    const [mail] = await waitForMail(county.email('chief'), 1, '【上级批示】');
    expect(linkIn(mail!, 'reports')).toBe(`${stack().appUrl}/reports/${reportId}`);
    const countyChief = await signIn(county.email('chief'));
    const lower = (await api('GET', `/api/reports/${reportId}`, { token: countyChief })).body;
    expect(lower.instructions).toEqual([
      expect.objectContaining({ instructionId: id, fromOrgId: city.orgId, status: 'open' }),
    ]);
    const inbox = (await api('GET', '/api/me/inbox', { token: countyChief })).body.items;
    expect(inbox).toContainEqual(
      expect.objectContaining({ kind: 'instruction', instructionId: id, link: `/reports/${reportId}` }),
    );
    // The city's copy mirrors it.
    const cityOffice = await signIn(city.email('office'));
    let copy = (await api('GET', `/api/reports/${copyId}`, { token: cityOffice })).body;
    expect(copy.instructions).toEqual([expect.objectContaining({ instructionId: id, reportId: copyId })]);

    // 转办: the county office passes it to 技术部's person, who may now open the county's report.
    const countyOffice = await signIn(county.email('office'));
    const tech = await signIn(county.email('outsider'));
    expect((await api('GET', `/api/reports/${reportId}`, { token: tech })).status).toBe(404);
    expect(
      (
        await api('POST', `/api/instructions/${id}/delegate`, {
          token: countyChief,
          body: { assigneeIds: [county.people.outsider.personId] },
        })
      ).status,
    ).toBe(403);
    const delegated = await api('POST', `/api/instructions/${id}/delegate`, {
      token: countyOffice,
      body: { assigneeIds: [county.people.outsider.personId], note: '请技术部落实' },
    });
    expect(delegated.status, JSON.stringify(delegated.body)).toBe(200);
    expect(delegated.body.assignees.map((a: { personId: string }) => a.personId)).toContain(
      county.people.outsider.personId,
    );
    const badDelegate = await api('POST', `/api/instructions/${id}/delegate`, {
      token: countyOffice,
      body: { assigneeIds: [city.people.reporter.personId] },
    });
    expect(badDelegate.status).toBe(400);
    expect(badDelegate.body.error.details[0].field).toBe('assigneeIds');
    const [passed] = await waitForMail(county.email('outsider'), 1, '【上级批示】');
    expect(linkIn(passed!, 'reports')).toBe(`${stack().appUrl}/reports/${reportId}`);
    expect((await api('GET', `/api/reports/${reportId}`, { token: tech })).status).toBe(200);

    // 催办: the county office chases both assignees; the chase is counted in the timeliness statistics.
    const chase = await api('POST', `/api/instructions/${id}/chase`, { token: countyOffice, body: {} });
    expect(chase.status, JSON.stringify(chase.body)).toBe(200);
    expect(chase.body.chased.map((c: { name: string }) => c.name).sort()).toEqual(['主要领导', '无关人员'].sort());
    await waitForMail(county.email('outsider'), 1, '【催办·批示落实】');
    expect((await api('POST', `/api/instructions/${id}/chase`, { token: tech, body: {} })).status).toBe(403);
    const stats = await api('GET', `/api/orgs/${county.orgId}/timeliness`, { token: countyOffice });
    expect(stats.body.chases).toBe(1);

    // Acting on it when it is not yours: 403 for those it involves, 404 for the rest.
    expect(
      (await api('POST', `/api/instructions/${id}/progress`, { token: countyOffice, body: { text: 'x' } })).status,
    ).toBe(403);
    expect(
      (
        await api('POST', `/api/instructions/${id}/progress`, {
          token: await signIn(elsewhere.email('chief')),
          body: { text: 'x' },
        })
      ).status,
    ).toBe(404);

    // Progress goes up: the city's copy shows it as a follow-up 反馈, and the city's chain is told.
    const progress = await api('POST', `/api/instructions/${id}/progress`, {
      token: tech,
      body: { text: '原因已查明：线路老化，已更换。', done: true },
    });
    expect(progress.status, JSON.stringify(progress.body)).toBe(200);
    expect(progress.body.status).toBe('done');
    copy = (await api('GET', `/api/reports/${copyId}`, { token: cityOffice })).body;
    expect(copy.followups).toContainEqual(
      expect.objectContaining({ kind: 'feedback', carriedUp: true, summary: expect.stringContaining('线路老化') }),
    );
    expect(copy.instructions).toEqual([expect.objectContaining({ instructionId: id, status: 'done' })]);
    // The giver hears of it, with a link to the city's copy.
    const [fed] = await waitForMail(city.email('chief'), 1, '【批示落实反馈】');
    expect(linkIn(fed!, 'reports')).toBe(`${stack().appUrl}/reports/${copyId}`);

    // Only the city (its giver or office) closes it: the county's office may not.
    expect((await api('POST', `/api/instructions/${id}/close`, { token: countyOffice })).status).toBe(403);
    const closed = await api('POST', `/api/instructions/${id}/close`, { token: cityOffice });
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);
    expect(closed.body.status).toBe('closed');
    copy = (await api('GET', `/api/reports/${copyId}`, { token: cityOffice })).body;
    expect(copy.instructions[0].status).toBe('closed');
    expect((await api('GET', `/api/reports/${reportId}`, { token: countyChief })).body.instructions[0].status).toBe(
      'closed',
    );
    await untilIdle();
    // Nobody outside the two organisations was mailed about it.
    expect(await mailsTo(elsewhere.email('chief'))).toEqual([]);
  });

  it('reminds the county assignee when overdue and tells the city giver, whose link opens the city copy', async () => {
    const { city, county, reportId, copyId } = await givenForwardedReport();
    const dueAt = minutesFrom(60);
    const given = await api('POST', `/api/reports/${copyId}/instructions`, {
      token: await signIn(city.email('chief')),
      body: { text: '一小时内报告原因。', assigneeIds: [county.people.chief.personId], dueAt },
    });
    expect(given.status).toBe(201);
    await waitForMail(county.email('chief'), 1, '【上级批示】');
    await checkAt(minutesFrom(1, dueAt));
    const [late] = await waitForMail(county.email('chief'), 1, '【批示已逾期】');
    expect(linkIn(late!, 'reports')).toBe(`${stack().appUrl}/reports/${reportId}`);
    const [toGiver] = await waitForMail(city.email('chief'), 1, '【批示已逾期】');
    expect(linkIn(toGiver!, 'reports')).toBe(`${stack().appUrl}/reports/${copyId}`);
    const cityChief = await signIn(city.email('chief'));
    expect((await api('GET', `/api/reports/${copyId}`, { token: cityChief })).status).toBe(200);
    // Both offices' 督办 list it: the county's as from above, the city's as given to a lower organisation.
    const countySup = await api('GET', `/api/orgs/${county.orgId}/supervision`, {
      token: await signIn(county.email('office')),
    });
    expect(countySup.body.instructionsFromAbove).toEqual([
      expect.objectContaining({ instructionId: given.body.instructionId, status: 'open', reportId }),
    ]);
    const citySup = await api('GET', `/api/orgs/${city.orgId}/supervision`, {
      token: await signIn(city.email('office')),
    });
    expect(citySup.body.instructionsToBelow).toEqual([
      expect.objectContaining({ instructionId: given.body.instructionId, reportId: copyId }),
    ]);
    await untilIdle();
  });

  it('an instruction naming only the parent’s own people stays on the copy, as a local one', async () => {
    const { city, copyId } = await givenForwardedReport();
    const r = await api('POST', `/api/reports/${copyId}/instructions`, {
      token: await signIn(city.email('chief')),
      body: { text: '市办公室跟踪。', assigneeIds: [city.people.office.personId], dueAt: inHours(24) },
    });
    expect(r.status).toBe(201);
    const copy = (await api('GET', `/api/reports/${copyId}`, { token: await signIn(city.email('office')) })).body;
    expect(copy.instructions).toEqual([expect.objectContaining({ instructionId: r.body.instructionId })]);
    expect(copy.instructions[0].fromOrgId).toBeUndefined();
  });
});
