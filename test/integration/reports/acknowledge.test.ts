import { describe, expect, it } from 'vitest';
import { api, reportRepo, signIn, stack, untilIdle } from '../../support/stack.ts';
import { givenOrg, givenReport, type GivenOrg } from '../../support/given.ts';
import { ackLinkIn, mailsTo, waitForMail } from '../../support/then.ts';
import { newAckToken } from '../../../shared/reports/ack-token.ts';

/** An organisation of its own with a report whose title needs escaping, submitted by its reporter. */
async function submitted(): Promise<{ g: GivenOrg; reportId: string }> {
  const g = await givenOrg();
  const { reportId } = await givenReport(g, { title: '发射机停播 <b>紧急</b>' });
  return { g, reportId };
}

describe('first notice and acknowledgement', () => {
  it('mails the department head in Chinese, escaped, with a link whose GET changes nothing and whose POST acknowledges once', async () => {
    const { g, reportId } = await submitted();
    const [mail] = await waitForMail(g.email('head'));
    expect(mail!.subject).toBe('【紧急信息】III级 发射机停播 <b>紧急</b>');
    expect(mail!.body.html).toContain('发射机停播 &lt;b&gt;紧急&lt;/b&gt;');
    expect(mail!.body.html).not.toContain('<b>紧急</b>');
    expect(mail!.body.text).toContain('二楼演播室');
    const link = ackLinkIn(mail!);
    expect(link.startsWith(stack().appUrl)).toBe(true);

    const page = await fetch(link);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('确认接报');
    expect(html).toContain('&lt;b&gt;');
    // The worker saves "notified" after the send: wait until it has finished, not for the mail alone.
    await untilIdle();
    expect((await reportRepo().get(reportId))!.chain[0]!.state).toBe('notified');

    const post = await fetch(link, { method: 'POST' });
    expect(post.status).toBe(200);
    expect(await post.text()).toContain('已确认接报');
    const report = await reportRepo().get(reportId);
    expect(report!.chain[0]).toMatchObject({ state: 'acknowledged', personId: g.people.head.personId });

    const again = await fetch(link, { method: 'POST' });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('已使用过');
    const viaApi = await api('POST', `/api/reports/${reportId}/ack`, { token: await signIn(g.email('head')) });
    expect(viaApi.status).toBe(409);
    expect(viaApi.body.error.code).toBe('ALREADY_ACKNOWLEDGED');
  });

  it('moves up to the supervising leader once the head acknowledges, and the timeline says who did what', async () => {
    const { g, reportId } = await submitted();
    await waitForMail(g.email('head'));
    const ack = await api('POST', `/api/reports/${reportId}/ack`, { token: await signIn(g.email('head')) });
    expect(ack.status).toBe(200);
    expect(ack.body.chain[0].state).toBe('acknowledged');
    const [mail] = await waitForMail(g.email('leader'));
    expect(mail!.subject).toContain('发射机停播');
    const view = await api('GET', `/api/reports/${reportId}`, { token: await signIn(g.email('reporter')) });
    const types = view.body.timeline.map((e: { type: string }) => e.type);
    expect(types.slice(0, 3)).toEqual(['submitted', 'notified', 'acknowledged']);
    expect(view.body.chain[1].state).toBe('notified');
  });

  it('refuses acknowledgement by someone outside the chain', async () => {
    const { g, reportId } = await submitted();
    const r = await api('POST', `/api/reports/${reportId}/ack`, { token: await signIn(g.email('office')) });
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('NOT_IN_CHAIN');
    const hidden = await api('POST', `/api/reports/${reportId}/ack`, { token: await signIn(g.email('outsider')) });
    expect(hidden.status).toBe(404);
  });

  it('shows a clear page for a tampered, unknown or expired link', async () => {
    const { g, reportId } = await submitted();
    const [mail] = await waitForMail(g.email('head'));
    const link = ackLinkIn(mail!);
    const tampered = await fetch(link.slice(0, -2) + (link.endsWith('AA') ? 'BB' : 'AA'));
    expect(tampered.status).toBe(404);
    expect(await tampered.text()).toContain('链接无效');
    const garbage = await fetch(`${stack().appUrl}/ack/%3Cscript%3E`);
    expect(garbage.status).toBe(404);

    const { token, hash } = newAckToken();
    await reportRepo().putAckToken({
      tokenHash: hash,
      reportId,
      level: 1,
      personId: g.people.head.personId,
      expiresAt: new Date(Date.now() - 1000).toISOString(),
    });
    const expired = await fetch(`${stack().appUrl}/ack/${token}`, { method: 'POST' });
    expect(expired.status).toBe(410);
    expect(await expired.text()).toContain('链接已过期');
    expect((await reportRepo().get(reportId))!.chain[0]!.state).toBe('notified');
    await untilIdle();
    expect(await mailsTo(g.email('leader'))).toEqual([]);
  });
});
