import { expect } from 'vitest';
import type { GivenOrg, SubmittedReport } from './given.ts';
import { stack, untilIdle, waitFor } from './stack.ts';

/** Then… steps: what the system did, read from the SES emulator's store. */

export type StoredMail = {
  messageId: string;
  subject: string;
  destination: { to: string[] };
  body: { html: string; text: string };
  attachments?: { filename: string; contentType: string; content: string }[];
  at: number;
};

/** The mails sent to `email` so far, oldest first; with `subject`, only those whose subject starts with it. */
export async function mailsTo(email: string, subject?: string): Promise<StoredMail[]> {
  const r = await fetch(`${stack().mailUrl}/store`);
  const store = (await r.json()) as { emails: StoredMail[] };
  return store.emails.filter((m) => m.destination.to.includes(email) && (!subject || m.subject.startsWith(subject)));
}

/** Waits until at least `count` mails (whose subject starts with `subject`, if given) reached `email`. */
export async function waitForMail(email: string, count = 1, subject?: string): Promise<StoredMail[]> {
  return waitFor(`${count} mail(s) ${subject ? `"${subject}…" ` : ''}to ${email}`, async () => {
    const m = await mailsTo(email, subject);
    return m.length >= count ? m : undefined;
  });
}

/** The first link in the mail's text to a path under `/${path}/` (e.g. 'ack', 'items', 'findings'). */
export function linkIn(mail: StoredMail, path: string): string {
  const m = new RegExp(`(https?://[^\\s"<>]+/${path}/[A-Za-z0-9_-]+)`).exec(mail.body.text);
  if (!m) throw new Error(`no /${path}/ link in mail "${mail.subject}"`);
  return m[1]!;
}

export const ackLinkIn = (mail: StoredMail) => linkIn(mail, 'ack');

/** A text the local SMS endpoint received (infra/local/sms-emulator.ts). */
export type StoredSms = { messageId: string; to: string; body: string; at: string };

/** The texts sent to `phone` so far, oldest first. */
export async function textsTo(phone: string | undefined): Promise<StoredSms[]> {
  const r = await fetch(`${stack().smsUrl}/messages`);
  const { messages } = (await r.json()) as { messages: StoredSms[] };
  return messages.filter((m) => m.to === phone);
}

/** Waits until at least `count` texts reached `phone`. */
export async function waitForText(phone: string | undefined, count = 1): Promise<StoredSms[]> {
  return waitFor(`${count} text(s) to ${phone}`, async () => {
    const m = await textsTo(phone);
    return m.length >= count ? m : undefined;
  });
}

/**
 * The report's chain skipped the department head as away (请假或外出) and started with the supervising leader: the
 * leader was mailed, the head, once the stack is idle, was not.
 */
export async function headSkippedAsAway(g: GivenOrg, r: SubmittedReport): Promise<void> {
  expect(r.chain[0]).toMatchObject({ role: 'departmentHead', state: 'skipped' });
  expect(r.chain[0]!.skipReason).toContain('请假或外出');
  await waitForMail(g.email('leader'));
  await untilIdle();
  expect(await mailsTo(g.email('head'))).toEqual([]);
}
