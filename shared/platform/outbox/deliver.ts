import { MailRejected, type Mailer } from '../mail/mailer.ts';
import { SmsRejected, type Texter } from '../sms/texter.ts';
import type { Log } from '../kernel/runtime.ts';
import type { OutboxRepo } from './outbox-repo.ts';
import { afterFailure, REDRIVE_AFTER_SECONDS, type OutboxRecord } from './record.ts';
import type { Recipient } from './sqs-outbox-queue.ts';

/** An address marked undeliverable (a permanent bounce, a complaint): why, and whose organisation it is. */
export type MarkedAddress = { reason: string; orgId?: string };
/**
 * Whether this mail's address is marked undeliverable (the org context's rule, wired in `functions/queue/deliver.ts`):
 * the person `personId` when the record names one and still has the address, else the person holding the address.
 */
export type MarkedAddressCheck = (to: string, personId: string | undefined) => Promise<MarkedAddress | undefined>;

/** What the outbox's consumer needs: the real senders (SES; the SMS adapter when wired) and the records. */
export type DeliverDeps = {
  outbox: OutboxRepo;
  mailer: Mailer;
  texter?: Texter;
  clock: () => Date;
  log: Log;
  /** The organisation a message is for, when its record does not say: what the office's list is keyed on. */
  orgOf?: (to: string, personId: string | undefined) => Promise<string | undefined>;
  /** How long marking an accepted message sent is tried for (`MARK_SENT_PATIENCE_MS` unless a test says). */
  markSentPatienceMs?: number;
  /** Mail to a marked address is not sent: without it, every mail goes to SES. */
  markedAddress?: MarkedAddressCheck;
};

export type Delivery =
  | { outcome: 'sent' | 'settled' | 'missing' | 'rejected' | 'failed' }
  /** Try again after `retryAfterSeconds`: a transient failure's backoff, or another consumer's lease. */
  | { outcome: 'retry' | 'busy'; retryAfterSeconds: number };

/** Reason recorded for a text when no SMS channel is wired into the consumer. */
export const NO_SMS_CHANNEL = '短信通道未接入';
/** Reason recorded for a mail not sent because its address is marked undeliverable; the mark's own reason follows. */
export const ADDRESS_MARKED = '邮件地址已被标记为无法送达';

/** A check's answer or its failure, so that it can run alongside the claim and be read after it. */
type Checked = { marked: MarkedAddress | undefined } | { error: unknown };
const checked = (p: Promise<MarkedAddress | undefined>): Promise<Checked> =>
  p.then(
    (marked) => ({ marked }),
    (error: unknown) => ({ error }),
  );

/**
 * Whether the claimed mail's address is marked: the answer asked with the nudge's recipient when that is the
 * record's, else asked now (a re-drive's nudge names no recipient). A failed check is a transient failure (thrown).
 */
async function markOf(
  check: MarkedAddressCheck,
  record: OutboxRecord,
  early: Checked | undefined,
  recipient: Recipient | undefined,
): Promise<MarkedAddress | undefined> {
  const same = recipient?.to === record.to && recipient.personId === record.personId;
  const answer = same && early ? early : await checked(check(record.to, record.personId));
  if ('error' in answer) throw answer.error;
  return answer.marked;
}

/**
 * Delivers one outbox record, on the `receiveCount`th receive of its queue message: claims it with a lease, sends it,
 * marks it sent. A permanent refusal is recorded (rejected); a transient failure puts it back to pending with the
 * backoff (the caller makes the message come back then), and the last receive gives up (failed: the dead-letter queue).
 * A mail whose address is marked undeliverable is not sent: rejected with `ADDRESS_MARKED`, never retried. The nudge's
 * `recipient` lets that check run alongside the claim.
 */
export async function deliverOne(
  deps: DeliverDeps,
  id: string,
  receiveCount: number,
  recipient?: Recipient,
): Promise<Delivery> {
  const now = deps.clock();
  const check = deps.markedAddress;
  const [claim, early] = await Promise.all([
    deps.outbox.claim(id, now),
    check && recipient ? checked(check(recipient.to, recipient.personId)) : undefined,
  ]);
  if (claim.status === 'missing') {
    deps.log.warn('outbox record not found', { outboxId: id });
    return { outcome: 'missing' };
  }
  if (claim.status === 'done') return { outcome: 'settled' };
  if (claim.status === 'busy') {
    const wait = Math.max(1, Math.ceil((Date.parse(claim.leaseUntil) - now.getTime()) / 1000));
    return { outcome: 'busy', retryAfterSeconds: wait };
  }
  const { record, message, claimId } = claim;
  const orgId = async () => record.orgId ?? (await deps.orgOf?.(record.to, record.personId).catch(() => undefined));
  const key = record.key ? { key: record.key } : undefined;
  let messageId: string | undefined;
  try {
    if (message.channel === 'mail') {
      const marked = check ? await markOf(check, record, early, recipient) : undefined;
      if (marked) {
        const reason = `${ADDRESS_MARKED}：${marked.reason}`;
        await deps.outbox.markRejected(
          id,
          claimId,
          deps.clock(),
          reason,
          record.orgId ?? marked.orgId ?? (await orgId()),
        );
        deps.log.info('mail not sent: the address is marked undeliverable', { outboxId: id });
        return { outcome: 'rejected' };
      }
      ({ messageId } = await deps.mailer.send(message.mail, key));
    } else {
      if (!deps.texter) {
        await deps.outbox.markFailed(id, claimId, now, NO_SMS_CHANNEL, await orgId());
        deps.log.warn('sms not delivered: no SMS channel wired', { outboxId: id });
        return { outcome: 'failed' };
      }
      ({ messageId } = await deps.texter.send(message.sms, key));
    }
  } catch (err) {
    if (err instanceof MailRejected || err instanceof SmsRejected) {
      await deps.outbox.markRejected(id, claimId, deps.clock(), err.reason, await orgId());
      deps.log.warn('outbox message rejected for good', { outboxId: id, reason: err.reason });
      return { outcome: 'rejected' };
    }
    return retryOrGiveUp(deps, { id, claimId, receiveCount, orgId }, err);
  }
  await markSent(deps, id, claimId, messageId);
  return { outcome: 'sent' };
}

/**
 * How long (wall clock) a consumer keeps trying to mark an accepted mail sent while the table does not answer: well
 * inside the function's 30 s timeout, and the lease (60 s) holds meanwhile, so nobody sends it again.
 */
export const MARK_SENT_PATIENCE_MS = 5_000;

/**
 * The send was accepted: marks the record sent. Outside the send's try on purpose: a failure to mark it is no failure
 * of the send, and must not put the record back for a retry (that would send it again at once). It is tried again
 * for `MARK_SENT_PATIENCE_MS`; past that the record stays `sending` under its lease, and the one duplicate left is
 * when that lease lapses (README "Faults survived": the crash window). A holder whose lease was taken over meanwhile
 * changes nothing (false): the taker sent it too.
 */
async function markSent(deps: DeliverDeps, id: string, claimId: string, messageId: string | undefined): Promise<void> {
  const until = Date.now() + (deps.markSentPatienceMs ?? MARK_SENT_PATIENCE_MS);
  for (let attempt = 0; ; attempt++) {
    try {
      if (!(await deps.outbox.markSent(id, claimId, deps.clock(), messageId)))
        deps.log.error('outbox message sent after its lease was taken over: sent twice', { outboxId: id, messageId });
      return;
    } catch (err) {
      if (Date.now() >= until) {
        deps.log.error('outbox message sent but not marked sent: sent again when its lease lapses', {
          outboxId: id,
          messageId,
          error: String(err),
        });
        throw err;
      }
      await new Promise((r) => setTimeout(r, Math.min(1_000, 100 * 2 ** attempt)));
    }
  }
}

/** A transient failure of the send: back to pending with the backoff, or given up on the last receive. */
async function retryOrGiveUp(
  deps: DeliverDeps,
  c: { id: string; claimId: string; receiveCount: number; orgId: () => Promise<string | undefined> },
  err: unknown,
): Promise<Delivery> {
  const { id, claimId, receiveCount } = c;
  const reason = `${(err as Error).name ?? 'Error'}: ${(err as Error).message ?? String(err)}`;
  const next = afterFailure(receiveCount);
  const at = deps.clock();
  if (!next.retry) {
    await deps.outbox.markFailed(id, claimId, at, reason, await c.orgId());
    deps.log.error('outbox message given up after its last try', { outboxId: id, receiveCount, reason });
    return { outcome: 'failed' };
  }
  const dueAt = new Date(at.getTime() + (next.delaySeconds + REDRIVE_AFTER_SECONDS) * 1000);
  await deps.outbox.retryLater(id, claimId, at, reason, dueAt, await c.orgId());
  deps.log.warn('outbox message failed; retried after backoff', {
    outboxId: id,
    receiveCount,
    retryAfterSeconds: next.delaySeconds,
    reason,
  });
  return { outcome: 'retry', retryAfterSeconds: next.delaySeconds };
}
