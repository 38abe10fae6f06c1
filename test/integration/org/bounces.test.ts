import { describe, expect, it } from 'vitest';
import { submitReport } from '../../../shared/reports/submit-report.ts';
import { advanceEscalation } from '../../../shared/reports/advance-escalation.ts';
import { submitReportSchema } from '../../../shared/reports/rules/input.ts';
import type { Deps } from '../../../shared/app/ports.ts';
import { api, orgRepo, reportRepo, signIn, untilIdle, waitFor } from '../../support/stack.ts';
import { callerOf, givenOrg, reportBody, tableDeps, type GivenOrg } from '../../support/given.ts';
import { sesReports } from '../../support/when.ts';
import { mailsTo, waitForMail } from '../../support/then.ts';

const SUBJECT = '【邮件无法送达】';
const markOf = async (g: GivenOrg, key: 'head' | 'leader' | 'reporter') =>
  (await orgRepo().getPerson(g.people[key].personId))?.mailUndeliverable;

describe('SES bounces and complaints (configuration set → EventBridge → queue → mail-events)', () => {
  it('a permanent bounce marks the person and mails the office once; the same event again mails nobody', async () => {
    const g = await givenOrg();
    const event = {
      type: 'Bounce' as const,
      to: g.email('head'),
      feedbackId: `fb-${g.orgId}`,
      diagnosticCode: 'smtp; 550 5.1.1 user unknown',
      at: new Date().toISOString(),
    };
    await sesReports(event);
    const mark = await waitFor('the mark', () => markOf(g, 'head'));
    expect(mark).toMatchObject({ kind: 'bounce' });
    expect(mark.reason).toContain('永久退信');
    expect(mark.reason).toContain('550 5.1.1 user unknown');
    const [mail] = await waitForMail(g.email('office'), 1, SUBJECT);
    expect(mail!.subject).toBe(`【邮件无法送达】${g.people.head.name}（${g.email('head')}）`);
    expect(mail!.body.text).toContain(`/admin/${g.orgId}/people/${g.people.head.personId}`);

    // The event is recorded with the organisation.
    const view = await api('GET', `/api/orgs/${g.orgId}`, { token: await signIn(g.email('office')) });
    const head = view.body.people.find((p: { personId: string }) => p.personId === g.people.head.personId);
    expect(head.mailUndeliverable).toMatchObject({ kind: 'bounce', reason: mark.reason });

    // A redelivered (duplicate) event: marked as before, the office not mailed again.
    await sesReports(event);
    await untilIdle();
    expect(await mailsTo(g.email('office'), SUBJECT)).toHaveLength(1);
    expect(await markOf(g, 'head')).toEqual(mark);
    // Nobody else of the organisation was marked.
    expect(await markOf(g, 'leader')).toBeUndefined();
  });

  it('a transient bounce marks nobody and mails nobody; a complaint marks', async () => {
    const g = await givenOrg();
    await sesReports({ type: 'Bounce', bounceType: 'Transient', to: g.email('reporter') });
    await untilIdle();
    expect(await markOf(g, 'reporter')).toBeUndefined();
    expect(await mailsTo(g.email('office'), SUBJECT)).toHaveLength(0);

    await sesReports({ type: 'Complaint', to: g.email('reporter').toUpperCase() });
    expect(await waitFor('the mark', () => markOf(g, 'reporter'))).toMatchObject({ kind: 'complaint' });
    await waitForMail(g.email('office'), 1, SUBJECT);
  });

  it('editing the e-mail address clears the mark; an edit of anything else keeps it', async () => {
    const g = await givenOrg();
    await sesReports({ type: 'Bounce', to: g.email('leader') });
    await waitFor('the mark', () => markOf(g, 'leader'));
    await untilIdle();
    const token = await signIn(g.email('office'));
    const path = `/api/people/${g.people.leader.personId}`;
    const renamed = await api('PATCH', path, { token, body: { name: '分管领导甲' } });
    expect(renamed.status).toBe(200);
    expect(renamed.body.mailUndeliverable).toMatchObject({ kind: 'bounce' });
    const moved = await api('PATCH', path, { token, body: { email: `new-${g.email('leader')}` } });
    expect(moved.status).toBe(200);
    expect(moved.body.mailUndeliverable).toBeNull();
    expect(await markOf(g, 'leader')).toBeUndefined();
  });
});

describe('the chain treats a marked person as unreachable by mail', () => {
  it('skips mailing the marked department head, says why on the timeline, and still escalates on time', async () => {
    const g = await givenOrg();
    await sesReports({ type: 'Bounce', to: g.email('head') });
    await waitFor('the mark', () => markOf(g, 'head'));
    await untilIdle();

    // Submitted with the queue down, so this test alone advances the chain (with a mailer that records).
    const dead: Partial<Deps> = { queue: { nudge: async () => Promise.reject(new Error('SQS unreachable')) } };
    const input = submitReportSchema.parse(reportBody(g));
    const submitted = await submitReport(tableDeps(dead), callerOf(g, 'reporter'), input);
    expect(submitted.status).toBe(201);
    const reportId = submitted.body.reportId;
    const sent: string[] = [];
    const mailer = {
      send: async (m: { to: string }) => {
        sent.push(m.to);
        return { messageId: `m-${sent.length}` };
      },
    };
    const deps = (): Deps => tableDeps({ ...dead, mailer });
    const now = new Date();

    const first = await advanceEscalation(deps(), reportId, now);
    expect(first).toEqual({ mailsSent: 0, saved: true });
    expect(sent).not.toContain(g.email('head'));
    const bundle = (await reportRepo().getBundle(reportId))!;
    expect(bundle.report.chain[0]).toMatchObject({ personId: g.people.head.personId, state: 'notified' });
    const skipped = bundle.events.filter((e) => e.type === 'mailSkipped');
    expect(skipped).toHaveLength(1);
    expect(skipped[0]!.detail).toContain(`${g.people.head.name}（${g.email('head')}）：邮件无法送达`);

    // Nobody could acknowledge by mail: after the level's timeout the supervising leader is mailed, as always.
    const timeout = bundle.report.ackTimeoutMinutes;
    const later = await advanceEscalation(deps(), reportId, new Date(now.getTime() + (timeout + 1) * 60_000));
    expect(later.saved).toBe(true);
    expect(sent).toContain(g.email('leader'));
    expect(sent).not.toContain(g.email('head'));
  });
});
