import { describe, expect, it } from 'vitest';
import { localParts } from '../../../shared/platform/kernel/time.ts';
import { api, reportRepo, signIn, stack, untilIdle } from '../../support/stack.ts';
import { ALWAYS, givenOrg, givenReport } from '../../support/given.ts';
import { checkAt, minutesFrom } from '../../support/when.ts';
import { textsTo, waitForMail, waitForText } from '../../support/then.ts';

/** The short acknowledgement link at the end of a text. */
const shortLink = (body: string) => /(https?:\/\/\S+\/a\/[A-Za-z0-9_-]{16})$/.exec(body)?.[1];

describe('texts (短信) for the urgent severities, through the local SMS endpoint', () => {
  it('a level I report texts each chain step once, the top again when it stays silent, and the office when nobody acknowledges', async () => {
    const g = await givenOrg({ hours: ALWAYS, withDuty: true, phones: true });
    const phone = (k: Parameters<typeof g.email>[0]) => g.people[k].phone;
    const { reportId } = await givenReport(g, { severity: 'I' }); // 10 minutes per level; the principal at once
    const [toHead] = await waitForText(phone('head'));
    const [toChief] = await waitForText(phone('chief'));
    expect(toHead!.body).toMatch(/^【报送】I级紧急信息「演播室起火」，请于(\d+月\d+日 )?\d\d:\d\d前确认接报：/);
    expect(toChief!.body).toContain('同时报送主要领导');
    // Mail and text alike: a person can be reached by both.
    await waitForMail(g.email('head'));

    // The short link is the recipient's own acknowledgement page.
    const link = shortLink(toHead!.body)!;
    const redirect = await fetch(link.replace(/^https?:\/\/[^/]+/, stack().appUrl), { redirect: 'manual' });
    expect(redirect.status).toBe(302);
    const code = link.split('/').pop();
    expect(redirect.headers.get('location')).toBe(`/ack/${code}`);
    expect((await api('GET', `/ack/${code}`)).status).toBe(200);
    expect((await api('GET', '/a/not-a-code')).status).toBe(404);

    await checkAt(minutesFrom(11));
    const [toLeader] = await waitForText(phone('leader'));
    expect(toLeader!.body).toContain('逐级上报');
    expect(toLeader!.body).toContain('部门负责人未确认');

    await checkAt(minutesFrom(22));
    const chief = await waitForText(phone('chief'), 2);
    expect(chief[1]!.body).toContain('催办');
    const [toOffice] = await waitForText(phone('office'));
    expect(toOffice!.body).toContain('无人接报');
    expect(toOffice!.body).toContain(`/reports/${reportId}`);

    // The same moment again, and the queue's redeliveries: nothing is texted twice.
    await checkAt(minutesFrom(22));
    await untilIdle();
    expect(await textsTo(phone('head'))).toHaveLength(1);
    expect(await textsTo(phone('leader'))).toHaveLength(1);
    expect(await textsTo(phone('chief'))).toHaveLength(2);
    expect(await textsTo(phone('office'))).toHaveLength(1);
    expect(await textsTo(phone('reporter'))).toEqual([]);
    expect((await reportRepo().get(reportId))!.chain.map((l) => l.state)).toEqual(['timedOut', 'timedOut', 'notified']);
    const view = await api('GET', `/api/reports/${reportId}`, { token: await signIn(g.email('office')) });
    expect(view.body.timeline.filter((e: { type: string }) => e.type === 'smsSent')).toHaveLength(5);
  });

  it('a level IV report is mailed, never texted', async () => {
    const g = await givenOrg({ hours: ALWAYS, withDuty: true, phones: true });
    await givenReport(g, { severity: 'IV' });
    await waitForMail(g.email('head'));
    await untilIdle();
    for (const k of ['head', 'leader', 'chief', 'office'] as const)
      expect(await textsTo(g.people[k].phone)).toEqual([]);
  });

  it('the zero-report chase at the cut-off is texted once to the missing unit’s people; the office’s notice is mail only', async () => {
    const tz = ['Asia/Shanghai', 'Europe/Berlin', 'America/Los_Angeles'].find((z) => {
      const h = Math.floor(localParts(new Date(), z).minutes / 60);
      return h >= 6 && h < 18;
    })!;
    const g = await givenOrg({ tz, phones: true });
    const local = localParts(new Date(), tz);
    const m = local.minutes + 10;
    const cutoff = `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
    const office = await signIn(g.email('office'));
    const created = await api('POST', `/api/orgs/${g.orgId}/zero-report-periods`, {
      token: office,
      body: { title: '防汛特殊时期', from: local.date, to: local.date, cutoff, departmentIds: [`${g.orgId}-tech`] },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const cutoffAt = Date.parse(created.body.nextDueAt);
    await checkAt(new Date(cutoffAt + 30_000).toISOString());
    const [text] = await waitForText(g.people.outsider.phone);
    expect(text!.body).toMatch(/^【报送】催报：防汛特殊时期\d+月\d+日零报告，技术部未报：/);
    expect(text!.body).toContain(`/zero-reports/${created.body.periodId}?date=${local.date}`);
    await checkAt(new Date(cutoffAt + 61 * 60_000).toISOString());
    await waitForMail(g.email('office'), 1, '【零报告未报】');
    await checkAt(new Date(cutoffAt + 62 * 60_000).toISOString());
    await untilIdle();
    expect(await textsTo(g.people.outsider.phone)).toHaveLength(1);
    expect(await textsTo(g.people.office.phone)).toEqual([]);
  });
});
