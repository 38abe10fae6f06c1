import { createHash } from 'node:crypto';
import type { Mail } from '../mail/mailer.ts';
import type { Sms } from '../sms/texter.ts';

/**
 * One message of the outbox (ARCHITECTURE decision 9): a mail or a text, stored with the change that causes it and
 * delivered by the queue consumer (`functions/queue/deliver.ts`). Its id comes from the send-once key it was handed
 * (`SendOptions.key`), so writing the same message twice keeps one record.
 *
 * pending → sending (a lease of `LEASE_SECONDS`) → sent; a transient failure goes back to pending with a later due
 * time, the `MAX_RECEIVES`th ends `failed` (and the queue's message in the dead-letter queue); a permanent refusal
 * ends `rejected`. `failed` and `rejected`, and a pending record that failed at least once, are "undelivered".
 */
export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'rejected' | 'failed';

export type OutboxMessage = { channel: 'mail'; mail: Mail } | { channel: 'sms'; sms: Sms };

export type OutboxRecord = {
  id: string;
  /** The send-once key the message was written under, when it had one. */
  key?: string;
  channel: 'mail' | 'sms';
  to: string;
  /** The mail's subject, or the text's beginning. */
  subject: string;
  personId?: string;
  orgId?: string;
  status: OutboxStatus;
  /** Delivery attempts begun (claims taken). */
  attempts: number;
  createdAt: string;
  /** When the record last changed state. */
  at: string;
  /** While pending: when the every-minute check nudges it again if no consumer took it. */
  dueAt?: string;
  leaseUntil?: string;
  sentAt?: string;
  messageId?: string;
  /** Why it is not delivered (yet): the last error, the refusal. */
  reason?: string;
};

/** How long a consumer holds a record while it sends. */
export const LEASE_SECONDS = 60;
/** Receives of one queue message before SQS moves it to the dead-letter queue (the queue's maxReceiveCount). */
export const MAX_RECEIVES = 5;
/** Seconds until the next try after the n-th failed receive (1-based): 10, 20, 40, 80, then 120 at most. */
export function backoffSeconds(receiveCount: number): number {
  const n = Math.max(1, Math.floor(receiveCount));
  return Math.min(120, 10 * 2 ** (n - 1));
}
/**
 * A record is written with a due time this far ahead: if its nudge was lost (the SQS send failed, the consumer died
 * before it settled), the every-minute check finds it then and nudges again. Long enough that a nudge in flight is
 * normally done first.
 */
export const REDRIVE_AFTER_SECONDS = 120;

/** The record id of a message: from its send-once key when there is one (the same key, the same record). */
export function outboxId(key: string | undefined, fallback: () => string): string {
  if (!key) return `m${fallback()}`;
  return `k${createHash('sha256').update(key).digest('base64url').slice(0, 32)}`;
}

/** A record is shown to the office as undelivered: refused, given up, or waiting for a retry after a failure. */
export function isUndelivered(r: Pick<OutboxRecord, 'status' | 'attempts' | 'reason'>): boolean {
  return r.status === 'rejected' || r.status === 'failed' || (r.status === 'pending' && !!r.reason);
}

/**
 * What a consumer does with a claimed record whose send failed with a transient error, on the `receiveCount`th
 * receive of its queue message: try again after the backoff, or give up (the message goes to the dead-letter queue).
 */
export function afterFailure(receiveCount: number): { retry: true; delaySeconds: number } | { retry: false } {
  if (receiveCount >= MAX_RECEIVES) return { retry: false };
  return { retry: true, delaySeconds: backoffSeconds(receiveCount) };
}

/** Whether a lease still holds at `now`. */
export function leaseHeld(r: Pick<OutboxRecord, 'status' | 'leaseUntil'>, now: Date): boolean {
  return r.status === 'sending' && !!r.leaseUntil && r.leaseUntil > now.toISOString();
}

/** The subject line shown for a message: the mail's subject, or the first 60 characters of a text. */
export function subjectOf(m: OutboxMessage): string {
  return m.channel === 'mail' ? m.mail.subject : [...m.sms.body].slice(0, 60).join('');
}
