import type { SendOptions } from '../sms/texter.ts';
import type { Attachment } from './mime.ts';
import type { Writes } from '../kernel/writes.ts';

/** A mail and its sender port: what use cases build and send (the SES adapter is in `ses-mailer.ts`). */
export type Mail = {
  to: string;
  subject: string;
  html: string;
  text: string;
  attachments?: Attachment[];
  /** Whom and which organisation it is for, when the sender knows: what the office's list of undelivered messages shows. */
  personId?: string;
  orgId?: string;
};
export interface Mailer {
  /** `options.key`: the send-once record the mail goes out under, so an outbox can keep one message per key. */
  send(mail: Mail, options?: SendOptions): Promise<{ messageId?: string }>;
  /**
   * The outbox's writes of this mail for the caller's own transaction, and the nudge to give once it commits (the
   * outbox mailer has it; a mailer without it, or that answers undefined, sends at once).
   */
  stage?(mail: Mail, key: string): { writes: Writes; nudge: () => Promise<void> } | undefined;
}

/** No CR or LF can reach a header: a subject is one line, whatever a report title contains. */
export function headerSafe(value: string, max = 200): string {
  return value
    .replace(/[\r\n\t\u2028\u2029]+/g, ' ')
    .trim()
    .slice(0, max);
}

/**
 * SES refused this one mail for good (an address it will not deliver to, a message it will not accept): sending it
 * again cannot succeed, so a caller records it and moves on instead of retrying for ever. Throttling, network and
 * account-wide errors are not this: they are thrown as they are and retried.
 */
export class MailRejected extends Error {
  constructor(
    readonly to: string,
    readonly reason: string,
  ) {
    super(`mail to ${to} rejected: ${reason}`);
    this.name = 'MailRejected';
  }
}
