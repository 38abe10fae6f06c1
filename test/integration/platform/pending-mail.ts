import { expect } from 'vitest';
import type { Mail } from '../../../shared/platform/mail/mailer.ts';
import type { OutboxRecord } from '../../../shared/platform/outbox/record.ts';
import { outboxRepo } from '../../support/outbox.ts';

/**
 * Writes a pending outbox record of this mail as a use case writes one, neither nudged nor due (the outbox tests'
 * consumer is called by hand). Returns its id, fresh per call (`prefix` and the time).
 */
export async function pendingMail(prefix: string, mail: Omit<Mail, 'subject'>, at = new Date()): Promise<string> {
  const id = `${prefix}${Date.now()}${Math.random().toString(36).slice(2, 8)}`;
  const written: Mail = { ...mail, subject: `${mail.to} ${id}` };
  const record: OutboxRecord = {
    id,
    channel: 'mail',
    to: mail.to,
    subject: written.subject,
    ...(mail.personId ? { personId: mail.personId } : {}),
    ...(mail.orgId ? { orgId: mail.orgId } : {}),
    status: 'pending',
    attempts: 0,
    createdAt: at.toISOString(),
    at: at.toISOString(),
  };
  expect(await outboxRepo().write(record, { channel: 'mail', mail: written })).toBe(true);
  return id;
}
