/** The stored record of one mail that must go out once: who, what, and whether it went. */
export type MailRecord = {
  mailKey: string;
  status: 'sending' | 'sent' | 'rejected';
  to: string;
  subject: string;
  leaseUntil?: string;
  sentAt?: string;
  messageId?: string;
  rejectedAt?: string;
  reason?: string;
};

export type ClaimResult = 'acquired' | 'sent' | 'busy' | 'rejected';

/**
 * The send-once record of one mail (escalation steps, instruction reminders, monthly scores, quarterly statistics).
 * `claim` takes a lease; the holder sends and calls `markSent`, or `release` when the send failed so the retry does
 * not wait for the lease. A holder that dies between claim and send leaves a lease that runs out, and the next run
 * sends: at least once, and never twice while the record says sent.
 */
export interface MailSlot {
  /** The record's identity (its table key), the same on every retry: what the sender is told as `key`. */
  readonly id: string;
  claim(to: string, subject: string, now: Date, leaseSeconds?: number): Promise<ClaimResult>;
  markSent(at: Date, messageId: string | undefined): Promise<void>;
  /** SES refused the mail for good: it is not tried again, and the record says why. */
  markRejected(at: Date, reason: string): Promise<void>;
  release(): Promise<void>;
}
