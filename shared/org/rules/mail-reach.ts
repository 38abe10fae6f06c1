import * as z from 'zod';

/**
 * Whether mail reaches a person (issue 15 item 3). SES tells us, after the fact, that a mail bounced or that its
 * recipient complained. A permanent bounce or a complaint marks every person with that address `mailUndeliverable`:
 * mail to them is skipped (the chain still escalates on time, texts still go) until the office corrects the address.
 * A transient bounce (a full mailbox, a greylisting server) marks nobody: SES has retried it and the next mail may pass.
 */

/** What the person list shows for a marked person. */
export const MAIL_UNDELIVERABLE_LABEL = '邮件无法送达';

/** The mark on a person: why and when mail stopped reaching them. */
export type MailUndeliverable = { kind: 'bounce' | 'complaint'; reason: string; at: string };

/** One SES event about one sent mail, as the use case reads it (from `sesMailEvent`). */
export type MailEvent = {
  /** Stable across redeliveries of the same event: the feedback id SES gives, else the EventBridge event id. */
  eventId: string;
  kind: 'bounce' | 'complaint';
  /** Bounces only: Permanent, Transient or Undetermined (SES `bounceType`). */
  bounceType?: string;
  bounceSubType?: string;
  /** The recipients it concerns, lower-cased. */
  addresses: string[];
  at: string;
  /** SES's own words for one recipient (`diagnosticCode`), or the complaint's feedback type. */
  diagnostic?: string;
};

const recipient = z.object({ emailAddress: z.string().min(3).max(320), diagnosticCode: z.string().optional() });
/**
 * The SES event-publishing record (`detail` of an EventBridge "Email Bounced" / "Email Complaint Received" event;
 * the same object an SNS destination carries), the fields we read. Unknown fields pass.
 */
const sesDetail = z.discriminatedUnion('eventType', [
  z.object({
    eventType: z.literal('Bounce'),
    bounce: z.object({
      bounceType: z.string(),
      bounceSubType: z.string().optional(),
      bouncedRecipients: z.array(recipient).min(1),
      timestamp: z.string(),
      feedbackId: z.string().optional(),
    }),
    mail: z.object({ messageId: z.string().optional() }).optional(),
  }),
  z.object({
    eventType: z.literal('Complaint'),
    complaint: z.object({
      complainedRecipients: z.array(recipient).min(1),
      timestamp: z.string(),
      feedbackId: z.string().optional(),
      complaintFeedbackType: z.string().optional(),
    }),
    mail: z.object({ messageId: z.string().optional() }).optional(),
  }),
]);
const eventBridgeEvent = z.object({ id: z.string().min(1), 'detail-type': z.string().optional(), detail: sesDetail });

/**
 * Reads an EventBridge event carrying an SES bounce or complaint (what the mail-events queue receives) as a
 * `MailEvent`. A message that is not one throws (zod), so the consumer fails it and it ends in the dead-letter queue.
 */
export function sesMailEvent(body: unknown): MailEvent {
  const e = eventBridgeEvent.parse(body);
  const d = e.detail;
  if (d.eventType === 'Bounce') {
    return {
      eventId: d.bounce.feedbackId || e.id,
      kind: 'bounce',
      bounceType: d.bounce.bounceType,
      bounceSubType: d.bounce.bounceSubType,
      addresses: [...new Set(d.bounce.bouncedRecipients.map((r) => r.emailAddress.trim().toLowerCase()))],
      at: new Date(d.bounce.timestamp).toISOString(),
      diagnostic: d.bounce.bouncedRecipients.find((r) => r.diagnosticCode)?.diagnosticCode,
    };
  }
  return {
    eventId: d.complaint.feedbackId || e.id,
    kind: 'complaint',
    addresses: [...new Set(d.complaint.complainedRecipients.map((r) => r.emailAddress.trim().toLowerCase()))],
    at: new Date(d.complaint.timestamp).toISOString(),
    diagnostic: d.complaint.complaintFeedbackType,
  };
}

/**
 * The mark an event puts on the people with its addresses: a permanent bounce or a complaint marks; a transient or
 * undetermined bounce does not (undefined). The reason is in Chinese, for the person list and the office's mail.
 */
export function undeliverableMark(e: MailEvent): MailUndeliverable | undefined {
  if (e.kind === 'complaint') {
    const why = e.diagnostic ? `（${e.diagnostic.slice(0, 60)}）` : '';
    return { kind: 'complaint', reason: `收件人将邮件标为垃圾邮件${why}`, at: e.at };
  }
  if (e.bounceType !== 'Permanent') return undefined;
  const sub = e.bounceSubType && e.bounceSubType !== 'General' ? `，${e.bounceSubType}` : '';
  const diagnostic = e.diagnostic ? `：${e.diagnostic.slice(0, 200)}` : '';
  return { kind: 'bounce', reason: `邮件被退回（永久退信${sub}）${diagnostic}`, at: e.at };
}

/** Whether mail may be sent to this person: anyone not marked. People without the field are reachable. */
export function mailReachable(p: { mailUndeliverable?: MailUndeliverable | null }): boolean {
  return !p.mailUndeliverable;
}

/**
 * The person after an edit: a changed e-mail address clears the mark (the office corrected it); the same address
 * (any case) keeps it.
 */
export function afterEmailEdit<P extends { email: string; mailUndeliverable?: MailUndeliverable }>(
  before: { email: string },
  after: P,
): P {
  if (!after.mailUndeliverable || before.email.trim().toLowerCase() === after.email.trim().toLowerCase()) return after;
  const { mailUndeliverable: _cleared, ...rest } = after;
  return rest as P;
}
