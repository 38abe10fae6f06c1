import { describe, expect, it } from 'vitest';
import type { Mail } from '../../../shared/platform/mail/mailer.ts';
import { deliverOne } from '../../../shared/platform/outbox/deliver.ts';
import type { OutboxRepo } from '../../../shared/platform/outbox/outbox-repo.ts';
import { LEASE_SECONDS } from '../../../shared/platform/outbox/record.ts';
import { outboxRepo } from '../../support/outbox.ts';
import { pendingMail } from './pending-mail.ts';

/**
 * The outbox's lease on DynamoDB Local, with a fixed clock: a record whose consumer died is taken over once its lease
 * lapsed, a live lease is not taken (the second consumer backs off), and the one duplicate the lease allows (a
 * consumer that dies after SES accepted, before the record is marked sent; README "Faults survived").
 */
const log = { info() {}, warn() {}, error() {} };
const T0 = new Date('2031-03-04T02:00:00.000Z');
const secondsOn = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

const LEASED = 'lease@example.test';
const leasedMail = () => pendingMail('mlease', { to: LEASED, html: '<p>租约</p>', text: '租约' }, T0);

/** SES as the consumer sees it: every accepted mail counted; `hold` keeps the next send open until released. */
function ses() {
  const accepted: string[] = [];
  let hold: { entered: () => void; release: Promise<void> } | undefined;
  const mailer = {
    send: async (m: Mail) => {
      const h = hold;
      hold = undefined;
      if (h) {
        h.entered();
        await h.release;
      }
      accepted.push(m.to);
      return { messageId: `ses-${accepted.length}` };
    },
  };
  /** The next send waits in SES until `release()`; `entered` resolves once it is there. */
  const holdNext = () => {
    let release!: () => void;
    let entered!: () => void;
    const inSes = new Promise<void>((r) => {
      entered = r;
    });
    hold = { entered, release: new Promise<void>((r) => (release = r)) };
    return { inSes, release: () => release() };
  };
  return { accepted, mailer, holdNext };
}

const consumer = (mailer: ReturnType<typeof ses>['mailer'], at: Date, outbox: OutboxRepo = outboxRepo()) => ({
  outbox,
  mailer,
  clock: () => at,
  log,
});

describe('the outbox lease', () => {
  it('takes over a record whose consumer died after claiming it, once its lease lapsed; sends it once', async () => {
    const id = await leasedMail();
    const dead = await outboxRepo().claim(id, T0);
    expect(dead.status).toBe('claimed');
    const { accepted, mailer } = ses();

    // While the dead consumer's lease holds, another backs off until it lapses.
    expect(await deliverOne(consumer(mailer, secondsOn(20)), id, 2)).toEqual({
      outcome: 'busy',
      retryAfterSeconds: LEASE_SECONDS - 20,
    });
    expect(accepted).toEqual([]);

    // Lapsed: taken over (a second attempt), sent, marked sent.
    expect(await deliverOne(consumer(mailer, secondsOn(LEASE_SECONDS + 1)), id, 3)).toEqual({ outcome: 'sent' });
    expect(accepted).toHaveLength(1);
    const record = await outboxRepo().get(id);
    expect(record).toMatchObject({ status: 'sent', attempts: 2, sentAt: secondsOn(LEASE_SECONDS + 1).toISOString() });
    expect(record?.leaseUntil).toBeUndefined();

    // The dead consumer's claim, were it to wake, settles nothing; and a later delivery finds the record settled.
    if (dead.status !== 'claimed') throw new Error('not claimed');
    expect(await outboxRepo().markSent(id, dead.claimId, secondsOn(LEASE_SECONDS + 2), 'late')).toBe(false);
    expect(await outboxRepo().get(id)).toMatchObject({ status: 'sent', messageId: 'ses-1' });
    expect(await deliverOne(consumer(mailer, secondsOn(LEASE_SECONDS * 3)), id, 4)).toEqual({ outcome: 'settled' });
    expect(accepted).toHaveLength(1);
  });

  it('does not take a live lease: a second consumer backs off while the first sends; nothing sent twice', async () => {
    const id = await leasedMail();
    const { accepted, mailer, holdNext } = ses();
    const held = holdNext();

    const first = deliverOne(consumer(mailer, T0), id, 1);
    await held.inSes;
    // Another receive of the same record (a re-drive's nudge) while the first consumer is inside SES.
    expect(await deliverOne(consumer(mailer, secondsOn(5)), id, 1)).toEqual({
      outcome: 'busy',
      retryAfterSeconds: LEASE_SECONDS - 5,
    });
    held.release();
    expect(await first).toEqual({ outcome: 'sent' });
    // The backed-off consumer comes back once the lease would have run out: settled, not sent again.
    expect(await deliverOne(consumer(mailer, secondsOn(LEASE_SECONDS + 1)), id, 2)).toEqual({ outcome: 'settled' });
    expect(accepted).toHaveLength(1);
    expect(await outboxRepo().get(id)).toMatchObject({ status: 'sent', attempts: 1 });
  });
});

describe('the crash window: accepted by SES, not yet marked sent', () => {
  it('a consumer that dies after SES accepted causes exactly one duplicate, when its lease lapses', async () => {
    const id = await leasedMail();
    const { accepted, mailer } = ses();
    // The dying consumer: claims, SES accepts, it is gone before it marks the record sent.
    const dying = await outboxRepo().claim(id, T0);
    expect(dying.status).toBe('claimed');
    await mailer.send({ to: LEASED, subject: id, html: '', text: '' });

    expect(await deliverOne(consumer(mailer, secondsOn(LEASE_SECONDS - 1)), id, 2)).toMatchObject({ outcome: 'busy' });
    expect(await deliverOne(consumer(mailer, secondsOn(LEASE_SECONDS + 1)), id, 3)).toEqual({ outcome: 'sent' });
    expect(await deliverOne(consumer(mailer, secondsOn(LEASE_SECONDS * 5)), id, 4)).toEqual({ outcome: 'settled' });
    expect(accepted).toHaveLength(2);
  });

  /** The stack's records, whose `markSent` fails with a throttling error the first `n` times it is asked. */
  function markingFails(n: number) {
    const repo = outboxRepo();
    const tries = { n: 0 };
    const outbox = Object.assign(Object.create(repo) as OutboxRepo, {
      markSent: async (...args: Parameters<OutboxRepo['markSent']>) => {
        if (tries.n++ < n)
          throw Object.assign(new Error('Throughput exceeds the current capacity'), { name: 'Throttling' });
        return repo.markSent(...args);
      },
    });
    return { outbox, tries };
  }

  it('marking an accepted mail sent is tried again while the table does not answer: no duplicate', async () => {
    const id = await leasedMail();
    const { accepted, mailer } = ses();
    const { outbox, tries } = markingFails(2);
    expect(await deliverOne({ ...consumer(mailer, T0, outbox), markSentPatienceMs: 5_000 }, id, 1)).toEqual({
      outcome: 'sent',
    });
    expect(tries.n).toBe(3);
    expect(await outboxRepo().get(id)).toMatchObject({ status: 'sent', attempts: 1 });
    expect(accepted).toHaveLength(1);
  });

  it('past its patience the record stays under its lease (no retry as a failed send), then one duplicate', async () => {
    const id = await leasedMail();
    const { accepted, mailer } = ses();
    const { outbox } = markingFails(Number.POSITIVE_INFINITY);
    const impatient = (at: Date) => ({ ...consumer(mailer, at, outbox), markSentPatienceMs: 0 });

    await expect(deliverOne(impatient(T0), id, 1)).rejects.toThrow('Throughput');
    // Not put back to pending for a retry at once: sending, under the lease, SES asked once.
    expect(await outboxRepo().get(id)).toMatchObject({ status: 'sending', attempts: 1 });
    expect(await deliverOne(impatient(secondsOn(30)), id, 2)).toMatchObject({ outcome: 'busy' });
    expect(accepted).toHaveLength(1);

    // The lease lapses: the one duplicate of the crash window, then settled.
    const healthy = (at: Date) => consumer(mailer, at);
    expect(await deliverOne(healthy(secondsOn(LEASE_SECONDS + 1)), id, 3)).toEqual({ outcome: 'sent' });
    expect(await deliverOne(healthy(secondsOn(LEASE_SECONDS * 5)), id, 4)).toEqual({ outcome: 'settled' });
    expect(accepted).toHaveLength(2);
  });
});
