import { MailRejected, type Mailer } from '../mail/mailer.ts';
import { SmsRejected, type Texter } from '../sms/texter.ts';
import type { Log } from '../kernel/runtime.ts';
import type { OutboxRepo } from './outbox-repo.ts';
import { afterFailure, REDRIVE_AFTER_SECONDS } from './record.ts';

/** What the outbox's consumer needs: the real senders (SES; the SMS adapter when wired) and the records. */
export type DeliverDeps = {
  outbox: OutboxRepo;
  mailer: Mailer;
  texter?: Texter;
  clock: () => Date;
  log: Log;
  /** The organisation a message is for, when its record does not say: what the office's list is keyed on. */
  orgOf?: (to: string, personId: string | undefined) => Promise<string | undefined>;
};

export type Delivery =
  | { outcome: 'sent' | 'settled' | 'missing' | 'rejected' | 'failed' }
  /** Try again after `retryAfterSeconds`: a transient failure's backoff, or another consumer's lease. */
  | { outcome: 'retry' | 'busy'; retryAfterSeconds: number };

/** Reason recorded for a text when no SMS channel is wired into the consumer. */
export const NO_SMS_CHANNEL = '短信通道未接入';

/**
 * Delivers one outbox record, on the `receiveCount`th receive of its queue message: claims it with a lease, sends it,
 * marks it sent. A permanent refusal is recorded (rejected); a transient failure puts it back to pending with the
 * backoff (the caller makes the message come back then), and the last receive gives up (failed: the dead-letter queue).
 */
export async function deliverOne(deps: DeliverDeps, id: string, receiveCount: number): Promise<Delivery> {
  const now = deps.clock();
  const claim = await deps.outbox.claim(id, now);
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
  try {
    let messageId: string | undefined;
    if (message.channel === 'mail') ({ messageId } = await deps.mailer.send(message.mail, key));
    else {
      if (!deps.texter) {
        await deps.outbox.markFailed(id, claimId, now, NO_SMS_CHANNEL, await orgId());
        deps.log.warn('sms not delivered: no SMS channel wired', { outboxId: id });
        return { outcome: 'failed' };
      }
      ({ messageId } = await deps.texter.send(message.sms, key));
    }
    await deps.outbox.markSent(id, claimId, deps.clock(), messageId);
    return { outcome: 'sent' };
  } catch (err) {
    if (err instanceof MailRejected || err instanceof SmsRejected) {
      await deps.outbox.markRejected(id, claimId, deps.clock(), err.reason, await orgId());
      deps.log.warn('outbox message rejected for good', { outboxId: id, reason: err.reason });
      return { outcome: 'rejected' };
    }
    const reason = `${(err as Error).name ?? 'Error'}: ${(err as Error).message ?? String(err)}`;
    const next = afterFailure(receiveCount);
    const at = deps.clock();
    if (!next.retry) {
      await deps.outbox.markFailed(id, claimId, at, reason, await orgId());
      deps.log.error('outbox message given up after its last try', { outboxId: id, receiveCount, reason });
      return { outcome: 'failed' };
    }
    const dueAt = new Date(at.getTime() + (next.delaySeconds + REDRIVE_AFTER_SECONDS) * 1000);
    await deps.outbox.retryLater(id, claimId, at, reason, dueAt, await orgId());
    deps.log.warn('outbox message failed; retried after backoff', {
      outboxId: id,
      receiveCount,
      retryAfterSeconds: next.delaySeconds,
      reason,
    });
    return { outcome: 'retry', retryAfterSeconds: next.delaySeconds };
  }
}
