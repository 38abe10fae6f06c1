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
 * and rethrows, so the caller's retry sends it; 'busy' means another worker holds a live claim and will send it.
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
  try {
    const { messageId } = await sender.send(await build(), { key: slot.id });
    await slot.markSent(now, messageId);
    return { status: 'sent', messageId };
  } catch (err) {
    if (err instanceof MailRejected || err instanceof SmsRejected) {
      await slot.markRejected(now, err.reason);
      return { status: 'rejected', reason: err.reason, now: true };
    }
    await slot.release().catch(() => undefined);
    throw err;
  }
}
