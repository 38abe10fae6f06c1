import { SmsRejected, type SendOptions } from '../sms/texter.ts';
import { MailRejected } from './mailer.ts';
import type { MailSlot } from './ledger.ts';

export type SendOnceResult =
  | { status: 'sent'; messageId?: string }
  | { status: 'alreadySent' }
  | { status: 'busy' }
  | { status: 'rejected'; reason: string; now: boolean };

/**
 * Sends one message (a mail, a text) at most once per slot: claims the slot, builds the mail (a step with side effects, such as minting
 * an acknowledgement link, runs only for the holder), sends it and marks it sent. A failed send gives the claim back
 * and rethrows, so the caller's retry sends it (a send that succeeded never gives it back, even when recording it
 * fails: `SentNotRecorded`); 'busy' means another worker holds a live claim and will send it.
 * A permanent refusal (`MailRejected`) is recorded and returned as 'rejected' (`now`: by this call), never retried:
 * the caller tells the people concerned and goes on.
 */
export async function sendOnce<M>(
  sender: { send(message: M, options?: SendOptions): Promise<{ messageId?: string }> },
  slot: MailSlot,
  now: Date,
  preview: { to: string; subject: string },
  build: () => M | Promise<M>,
): Promise<SendOnceResult> {
  const claim = await slot.claim(preview.to, preview.subject, now);
  if (claim === 'sent') return { status: 'alreadySent' };
  if (claim === 'busy') return { status: 'busy' };
  if (claim === 'rejected') return { status: 'rejected', reason: '此前已被退回', now: false };
  let messageId: string | undefined;
  try {
    ({ messageId } = await sender.send(await build(), { key: slot.id }));
  } catch (err) {
    if (err instanceof MailRejected || err instanceof SmsRejected) {
      await slot.markRejected(now, err.reason);
      return { status: 'rejected', reason: err.reason, now: true };
    }
    await slot.release().catch(() => undefined);
    throw err;
  }
  // Sent: from here the claim is never given back. Recording it is tried again while the table does not answer; if it
  // never does, the claim's lease stays and nobody sends before it runs out (a resend then is the one duplicate left).
  await markSentPatiently(slot, now, messageId);
  return { status: 'sent', messageId };
}

/** How long a sent message's record is tried for: past a stalled table's pause (fault tests: 20 s). */
export const MARK_SENT_PATIENCE_MS = 40_000;

async function markSentPatiently(slot: MailSlot, now: Date, messageId: string | undefined): Promise<void> {
  const until = Date.now() + MARK_SENT_PATIENCE_MS;
  for (let attempt = 0; ; attempt++) {
    try {
      await slot.markSent(now, messageId);
      return;
    } catch (err) {
      if (Date.now() >= until) throw new SentNotRecorded(slot.id, err);
      await new Promise((r) => setTimeout(r, Math.min(2_000, 100 * 2 ** attempt)));
    }
  }
}

/** The message went out but its record could not be written: the caller must not send it again (its claim is kept). */
export class SentNotRecorded extends Error {
  constructor(
    readonly slotId: string,
    cause: unknown,
  ) {
    super(`sent, but the send-once record ${slotId} could not be marked sent: ${String(cause)}`);
    this.name = 'SentNotRecorded';
  }
}
