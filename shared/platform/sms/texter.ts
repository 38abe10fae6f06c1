/**
 * One text message (短信) and its sender port. Use cases build and send through `Texter`; the production wiring
 * decides where that goes: into the outbox for every function but the outbox's consumer, to AWS End User Messaging
 * SMS for that consumer (`sms-texter.ts`). `to` is E.164 (`+8613812345678`), already normalised.
 */
export type Sms = {
  to: string;
  body: string;
  /** Whom and which organisation it is for: what the office's list of undelivered messages shows. */
  personId?: string;
  orgId?: string;
};

/** What a sender may be told besides the message: `key`, the send-once record it goes out under (a retry repeats it). */
export type SendOptions = { key?: string };

export interface Texter {
  send(sms: Sms, options?: SendOptions): Promise<{ messageId?: string }>;
}

/**
 * The SMS service refused this one text for good (a number it will not deliver to, opted out, a body it will not
 * accept): sending again cannot succeed, so the caller records it and moves on. Throttling, network and account-wide
 * errors (spend limit reached) are not this: they are thrown as they are and retried.
 */
export class SmsRejected extends Error {
  constructor(
    readonly to: string,
    readonly reason: string,
  ) {
    super(`sms to ${to} rejected: ${reason}`);
    this.name = 'SmsRejected';
  }
}
