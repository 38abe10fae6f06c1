import { describe, expect, it } from 'vitest';
import { api, fetchPage, untilIdle, untilPast } from '../../support/stack.ts';
import { ALWAYS, givenCityAndCounty, givenOrg, givenReport, tokensOf } from '../../support/given.ts';
import { checkAt, minutesFrom } from '../../support/when.ts';
import { linkIn, mailsTo, waitForMail } from '../../support/then.ts';

type Entry = { kind: string; requestId?: string; link: string; deadline?: string };
const inboxKinds = async (token: string, requestId: string) => {
  const r = await api('GET', '/api/me/inbox', { token });
  expect(r.status).toBe(200);
  return (r.body.items as Entry[]).filter((e) => e.requestId === requestId);
};

/** A city and a county under it, and everyone of each signed in. */
async function cityAndCounty() {
  const { city, county } = await givenCityAndCounty();
  const [tc, tk] = await Promise.all([tokensOf(city), tokensOf(county)]);
  return { city, county, tc, tk };
}

const ask = (orgId: string, token: string, body: Record<string, unknown>) =>
  api('POST', `/api/orgs/${orgId}/verification-requests`, { token, body });

describe('核报: the upper office asks a lower organisation to verify an event (POLICY §3.5)', () => {
  it('is mailed to the lower office and principal leader, waits in their 待办 and on both offices’ 督办, and is answered once', async () => {
    const { city, county, tc, tk } = await cityAndCounty();
    const body = {
      targetOrgId: county.orgId,
      subject: '网传县广播电视台发射塔倒塌',
      details: '有网民发帖称发射塔在大风中倒塌，请核实。',
      heardFrom: '网络舆情',
      dueAt: minutesFrom(120),
    };
    const created = await ask(city.orgId, tc.office, body);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ state: 'open', targetOrgId: county.orgId, subject: body.subject });
    const requestId = created.body.requestId as string;

    // Mailed to the county's office head and principal leader, each once, with the link to the request.
    for (const k of ['office', 'chief'] as const) {
      const [mail] = await waitForMail(county.email(k), 1, '【核报】');
      expect(linkIn(mail!, 'verification-requests')).toMatch(new RegExp(`/verification-requests/${requestId}$`));
      expect(mail!.body.text).toContain('请于');
      expect(mail!.body.text).toContain(body.details);
    }
    await untilIdle();
    await checkAt(minutesFrom(1));
    expect(await mailsTo(county.email('office'), '【核报】')).toHaveLength(1);
    expect(await mailsTo(county.email('reporter'), '【核报】')).toHaveLength(0);

    // 待办 of the county's office and principal leader; nobody else's.
    for (const token of [tk.office, tk.chief]) {
      const [entry] = await inboxKinds(token, requestId);
      expect(entry).toMatchObject({ kind: 'verificationRequest', link: `/verification-requests/${requestId}` });
      expect(entry!.deadline).toBe(new Date(body.dueAt).toISOString());
    }
    expect(await inboxKinds(tk.reporter, requestId)).toEqual([]);
    expect(await inboxKinds(tc.office, requestId)).toEqual([]);

    // 督办: the city office sees what it asked, the county office what was asked of it.
    const citySup = await api('GET', `/api/orgs/${city.orgId}/supervision`, { token: tc.office });
    expect(citySup.body.verificationsAsked.map((v: { requestId: string }) => v.requestId)).toEqual([requestId]);
    const countySup = await api('GET', `/api/orgs/${county.orgId}/supervision`, { token: tk.office });
    expect(countySup.body.verificationsToAnswer.map((v: { requestId: string }) => v.requestId)).toEqual([requestId]);

    // Who reads it: both offices, the target's principal leader; not the county's reporter nor a stranger.
    const read = (token: string) => api('GET', `/api/verification-requests/${requestId}`, { token });
    expect((await read(tc.office)).status).toBe(200);
    expect((await read(tk.chief)).body.can).toEqual({ answer: true });
    expect((await read(tc.office)).body.can).toEqual({ answer: false });
    expect((await read(tk.reporter)).status).toBe(404);
    expect((await read(tc.outsider)).status).toBe(404);

    // Answered by a report of the county; the asking office cannot answer (403), a stranger does not see it (404).
    const { reportId } = await givenReport(county, { title: '发射塔受损' });
    const answer = (token: string, b: Record<string, unknown>) =>
      api('POST', `/api/verification-requests/${requestId}/answer`, { token, body: b });
    expect((await answer(tc.office, { reportId })).status).toBe(403);
    expect((await answer(tk.reporter, { reportId })).status).toBe(404);
    const ok = await answer(tk.office, { reportId });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ state: 'answered', answer: { reportId, reportTitle: '发射塔受损', late: false } });
    const again = await answer(tk.chief, { noSuchEvent: true, explanation: '重复答复' });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('ALREADY_ANSWERED');

    // The asker is told; it leaves every open list.
    const [told] = await waitForMail(city.email('office'), 1, '【核报已答复】');
    expect(told!.body.text).toContain('发射塔受损');
    expect(await inboxKinds(tk.office, requestId)).toEqual([]);
    const after = await api('GET', `/api/orgs/${city.orgId}/supervision`, { token: tc.office });
    expect(after.body.verificationsAsked).toEqual([]);
  });

  it('answered by a report, it goes up with the sign-off: the request says so until then, then links the copy the parent receives; no addresses shown', async () => {
    const { city, county, tc, tk } = await cityAndCounty();
    const created = await ask(city.orgId, tc.office, {
      targetOrgId: county.orgId,
      subject: '网传发射塔起火',
      details: '请核实。',
      dueAt: minutesFrom(120),
    });
    expect(created.status).toBe(201);
    const requestId = created.body.requestId as string;
    // Nobody's e-mail address is in the request as the API shows it (the asker, the lower office, anyone who reads it).
    for (const token of [tc.office, tk.office, tk.chief]) {
      const got = await api('GET', `/api/verification-requests/${requestId}`, { token });
      expect(got.status).toBe(200);
      expect(JSON.stringify(got.body)).not.toContain('@');
      expect(got.body.recipients.map((r: { name: string }) => r.name).sort()).toEqual(['主要领导', '办公室主任']);
    }
    expect(JSON.stringify(created.body)).not.toContain('@');

    const { reportId } = await givenReport(county, { title: '发射塔起火属实' });
    const ok = await api('POST', `/api/verification-requests/${requestId}/answer`, {
      token: tk.office,
      body: { reportId },
    });
    expect(ok.status).toBe(200);
    expect(ok.body.answer.upward).toEqual({ state: 'awaitingSignOff' });
    expect(JSON.stringify(ok.body)).not.toContain('@');
    const page = (token: string) => fetchPage(`/verification-requests/${requestId}`, token);
    expect(await (await page(tc.office)).text()).toContain('答复的报告尚未签发上报');

    const signed = await api('POST', `/api/reports/${reportId}/sign-off`, {
      token: tk.chief,
      body: { decision: 'forward' },
    });
    expect(signed.status).toBe(200);
    const copyId = signed.body.forwardedReportId as string;
    const upper = await api('GET', `/api/verification-requests/${requestId}`, { token: tc.office });
    expect(upper.body.answer.upward).toEqual({ state: 'forwarded', reportId: copyId });
    // The asking office opens the copy the request links to, by the API and from the request's page.
    expect((await api('GET', `/api/reports/${copyId}`, { token: tc.office })).status).toBe(200);
    const html = await (await page(tc.office)).text();
    expect(html).toContain(`href="/reports/${copyId}"`);
    expect(html).not.toContain(`href="/reports/${reportId}"`);
    const own = await (await page(tk.office)).text();
    expect(own).toContain(`href="/reports/${reportId}"`);
    await untilIdle();
  });

  it('bad input: 400 naming the field, a request to an organisation not below the caller’s, or by someone not its office', async () => {
    const { city, county, tc, tk } = await cityAndCounty();
    const other = await givenOrg({ hours: ALWAYS });
    const good = { targetOrgId: county.orgId, subject: '事由', details: '情况', dueAt: minutesFrom(60) };
    const fieldsOf = (r: { body: { error: { details: { field: string }[] } } }) =>
      r.body.error.details.map((d) => d.field);

    for (const missing of ['targetOrgId', 'subject', 'details', 'dueAt']) {
      const { [missing]: _, ...body } = good as Record<string, unknown>;
      const r = await ask(city.orgId, tc.office, body);
      expect({ missing, status: r.status }).toEqual({ missing, status: 400 });
      expect(fieldsOf(r)).toContain(missing);
    }
    const past = await ask(city.orgId, tc.office, { ...good, dueAt: minutesFrom(-5) });
    expect([past.status, fieldsOf(past)]).toEqual([400, ['dueAt']]);
    const notLower = await ask(city.orgId, tc.office, { ...good, targetOrgId: other.orgId });
    expect([notLower.status, fieldsOf(notLower)]).toEqual([400, ['targetOrgId']]);
    const upward = await ask(county.orgId, tk.office, { ...good, targetOrgId: city.orgId });
    expect([upward.status, fieldsOf(upward)]).toEqual([400, ['targetOrgId']]);
    expect((await ask(city.orgId, tc.reporter, good)).status).toBe(403);
    expect((await ask(city.orgId, tk.office, good)).status).toBe(404);
    expect((await api('GET', '/api/verification-requests/nope', { token: tc.office })).status).toBe(404);

    const created = await ask(city.orgId, tc.office, good);
    expect(created.status).toBe(201);
    const requestId = created.body.requestId as string;
    const answer = (b: Record<string, unknown>) =>
      api('POST', `/api/verification-requests/${requestId}/answer`, { token: tk.office, body: b });
    expect(fieldsOf(await answer({}))).toEqual(['reportId']);
    expect(fieldsOf(await answer({ noSuchEvent: true }))).toEqual(['explanation']);
    const cityReport = await givenReport(city);
    const foreign = await answer({ reportId: cityReport.reportId });
    expect([foreign.status, fieldsOf(foreign)]).toEqual([400, ['reportId']]);
    expect((await api('GET', `/api/verification-requests/${requestId}`, { token: tk.office })).body.state).toBe('open');
    const none = await answer({ noSuchEvent: true, explanation: '经向发射台核实，铁塔完好。' });
    expect(none.status).toBe(200);
    expect(none.body.answer).toMatchObject({ noSuchEvent: true, explanation: '经向发射台核实，铁塔完好。' });
    expect((await answer({ noSuchEvent: true, explanation: '再答一次' })).status).toBe(409);
  });

  it('unanswered at its deadline, it becomes a proposed missed-report finding in the asking organisation, once', async () => {
    const { city, county, tc, tk } = await cityAndCounty();
    const dueAt = minutesFrom(1);
    const created = await ask(city.orgId, tc.office, {
      targetOrgId: county.orgId,
      subject: '群众反映某乡镇停电',
      details: '大面积停电，请核实。',
      dueAt,
    });
    const requestId = created.body.requestId as string;
    await waitForMail(county.email('office'), 1, '【核报】');
    await untilPast(dueAt);
    await checkAt(minutesFrom(0.5, dueAt));
    await checkAt(minutesFrom(1.5, dueAt));

    const request = (await api('GET', `/api/verification-requests/${requestId}`, { token: tc.office })).body;
    expect(request).toMatchObject({ state: 'open', overdue: true, findingId: `missed-${requestId}` });
    const finding = await api('GET', `/api/findings/missed-${requestId}`, { token: tc.office });
    expect(finding.status).toBe(200);
    expect(finding.body).toMatchObject({
      kind: 'missed',
      state: 'proposed',
      orgId: city.orgId,
      responsibleOrgId: county.orgId,
      auto: true,
    });
    const register = await api('GET', `/api/orgs/${city.orgId}/findings`, { token: tc.office });
    const missed = register.body.items.filter((f: { findingId: string }) => f.findingId === `missed-${requestId}`);
    expect(missed).toHaveLength(1);

    // Still in the county's 待办 (overdue); a late answer is taken and marked late; the finding stays for the office.
    const [entry] = await inboxKinds(tk.office, requestId);
    expect(entry?.kind).toBe('verificationRequest');
    const late = await api('POST', `/api/verification-requests/${requestId}/answer`, {
      token: tk.chief,
      body: { noSuchEvent: true, explanation: '经核实系线路检修，已恢复。' },
    });
    expect(late.status).toBe(200);
    expect(late.body.answer.late).toBe(true);
  });
});
