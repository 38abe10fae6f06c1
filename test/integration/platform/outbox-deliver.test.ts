import { describe, expect, it } from 'vitest';
import { MailRejected, type Mail } from '../../../shared/platform/mail/mailer.ts';
import { deliverOne } from '../../../shared/platform/outbox/deliver.ts';
import { MAX_RECEIVES, type OutboxRecord } from '../../../shared/platform/outbox/record.ts';
import { outboxRepo } from '../../support/outbox.ts';
import { api, givenOrg, tokensOf, type GivenOrg } from '../../support/scenario.ts';

/**
 * `deliverOne` over the stack's outbox records, with a fake of SES: the faults here (a refusal for good, a failure on
 * every try) cannot be caused on the emulator, whose fault hook only answers 503.
 */
const log = { info() {}, warn() {}, error() {} };

/** A pending record of a mail to the organisation's head, written as a use case writes one (not nudged, not due). */
async function pendingMail(g: GivenOrg, subject: string): Promise<string> {
  const now = new Date().toISOString();
  const id = `mtest${Date.now()}${Math.random().toString(36).slice(2, 8)}`;
  const mail: Mail = {
    to: g.email('head'),
    subject,
    html: `<p>${subject}</p>`,
    text: subject,
    personId: g.people.head.personId,
    orgId: g.orgId,
  };
  const record: OutboxRecord = {
    id,
    channel: 'mail',
    to: mail.to,
    subject,
    personId: g.people.head.personId,
    orgId: g.orgId,
    status: 'pending',
    attempts: 0,
    createdAt: now,
    at: now,
  };
  expect(await outboxRepo().write(record, { channel: 'mail', mail })).toBe(true);
  return id;
}

function fakeSes(fail: (m: Mail) => Error) {
  const tries: string[] = [];
  return {
    tries,
    mailer: {
      send: async (m: Mail) => {
        tries.push(m.to);
        throw fail(m);
      },
    },
  };
}

async function undelivered(g: GivenOrg, subject: string) {
  const r = await api('GET', `/api/orgs/${g.orgId}/undelivered`, { token: (await tokensOf(g)).office });
  expect(r.status).toBe(200);
  return r.body.items.filter((i: { subject: string }) => i.subject === subject);
}

describe('deliverOne: refusals and retries end in a recorded state', () => {
  it('records a permanent refusal as rejected and never sends it again', async () => {
    const g = await givenOrg();
    const subject = `被拒收的邮件 ${Date.now()}`;
    const id = await pendingMail(g, subject);
    const ses = fakeSes((m) => new MailRejected(m.to, 'Address blacklisted'));
    const deps = { outbox: outboxRepo(), mailer: ses.mailer, clock: () => new Date(), log };

    expect(await deliverOne(deps, id, 1)).toEqual({ outcome: 'rejected' });
    expect(await outboxRepo().get(id)).toMatchObject({
      status: 'rejected',
      reason: 'Address blacklisted',
      attempts: 1,
    });
    // A redelivered queue message (or a re-drive) finds it settled: SES is not asked again.
    expect(await deliverOne(deps, id, 2)).toEqual({ outcome: 'settled' });
    expect(ses.tries).toEqual([g.email('head')]);
    expect(await undelivered(g, subject)).toEqual([
      expect.objectContaining({ status: 'rejected', reason: 'Address blacklisted', to: g.email('head') }),
    ]);
  });

  it('retries a transient failure with backoff and gives up on the fifth receive (failed), then never again', async () => {
    const g = await givenOrg();
    const subject = `总是失败的邮件 ${Date.now()}`;
    const id = await pendingMail(g, subject);
    const ses = fakeSes(() => Object.assign(new Error('Rate exceeded'), { name: 'Throttling' }));
    const deps = { outbox: outboxRepo(), mailer: ses.mailer, clock: () => new Date(), log };

    const outcomes = [];
    for (let n = 1; n < MAX_RECEIVES; n++) {
      outcomes.push(await deliverOne(deps, id, n));
      expect(await outboxRepo().get(id)).toMatchObject({ status: 'pending', attempts: n });
    }
    expect(outcomes).toEqual([10, 20, 40, 80].map((s) => ({ outcome: 'retry', retryAfterSeconds: s })));
    expect(await undelivered(g, subject)).toEqual([expect.objectContaining({ status: 'retrying' })]);

    expect(await deliverOne(deps, id, MAX_RECEIVES)).toEqual({ outcome: 'failed' });
    const record = await outboxRepo().get(id);
    expect(record).toMatchObject({ status: 'failed', attempts: MAX_RECEIVES, reason: 'Throttling: Rate exceeded' });
    expect(record?.dueAt).toBeUndefined();
    expect(await deliverOne(deps, id, MAX_RECEIVES + 1)).toEqual({ outcome: 'settled' });
    expect(ses.tries).toHaveLength(MAX_RECEIVES);
    expect(await undelivered(g, subject)).toEqual([
      expect.objectContaining({ status: 'failed', reason: 'Throttling: Rate exceeded' }),
    ]);
  });
});
