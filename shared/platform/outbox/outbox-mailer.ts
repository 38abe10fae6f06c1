import type { Mail, Mailer } from '../mail/mailer.ts';
import type { SendOptions, Sms, Texter } from '../sms/texter.ts';
import type { Log } from '../kernel/runtime.ts';
import { asWrites } from '../dynamo/transaction.ts';
import type { Writes } from '../kernel/writes.ts';
import type { OutboxRepo } from './outbox-repo.ts';
import type { OutboxQueue } from './sqs-outbox-queue.ts';
import { outboxId, REDRIVE_AFTER_SECONDS, subjectOf, type OutboxMessage, type OutboxRecord } from './record.ts';

/** What both outbox senders are built on. */
export type OutboxDeps = { outbox: OutboxRepo; queue: OutboxQueue; clock: () => Date; ids: () => string; log: Log };

/** A message staged for a use case's own transaction: its writes, and the nudge to give once that commits. */
export type Staged = { writes: Writes; id: string; nudge: () => Promise<void> };

class OutboxWriter {
  constructor(protected readonly d: OutboxDeps) {}

  protected record(message: OutboxMessage, key: string | undefined): OutboxRecord {
    const now = this.d.clock();
    const target = message.channel === 'mail' ? message.mail : message.sms;
    return {
      id: outboxId(key, this.d.ids),
      ...(key ? { key } : {}),
      channel: message.channel,
      to: target.to,
      subject: subjectOf(message),
      ...(target.personId ? { personId: target.personId } : {}),
      ...(target.orgId ? { orgId: target.orgId } : {}),
      status: 'pending',
      attempts: 0,
      createdAt: now.toISOString(),
      at: now.toISOString(),
      dueAt: new Date(now.getTime() + REDRIVE_AFTER_SECONDS * 1000).toISOString(),
    };
  }

  /**
   * Writes the record (idempotent on the key: the same key keeps the one record) and nudges the consumer. A lost
   * nudge is not an error here: the record is stored, and the every-minute check nudges it when it falls due.
   */
  protected async put(message: OutboxMessage, key: string | undefined): Promise<{ messageId?: string }> {
    const record = this.record(message, key);
    await this.d.outbox.write(record, message);
    await this.nudge(record);
    return { messageId: `outbox:${record.id}` };
  }

  protected stageMessage(message: OutboxMessage, key: string | undefined): Staged {
    const record = this.record(message, key);
    return {
      writes: asWrites([this.d.outbox.putItem(record, message)]),
      id: record.id,
      nudge: () => this.nudge(record),
    };
  }

  /** A mail's nudge says whom it is for: the consumer checks the address while it claims (`deliverOne`). */
  private async nudge(record: OutboxRecord): Promise<void> {
    const recipient = record.channel === 'mail' ? { to: record.to, personId: record.personId } : undefined;
    await this.d.queue.nudge(record.id, 0, recipient).catch((err) => {
      this.d.log.warn('outbox nudge lost; the every-minute check sends it', {
        outboxId: record.id,
        error: String(err),
      });
    });
  }
}

/**
 * The `Mailer` of every function but the outbox's consumer: a mail becomes an outbox record, delivered by
 * `functions/queue/deliver.ts` through SES. "Sent" here means stored for delivery.
 */
export class OutboxMailer extends OutboxWriter implements Mailer {
  send(mail: Mail, options?: SendOptions): Promise<{ messageId?: string }> {
    return this.put({ channel: 'mail', mail }, options?.key);
  }
  /**
   * The record's write for a use case's own transaction (give `nudge` after it commits). A key is needed: a retried
   * change writes the same record.
   */
  stage(mail: Mail, key: string): Staged {
    return this.stageMessage({ channel: 'mail', mail }, key);
  }
}

/** The `Texter` of every function but the outbox's consumer: a text becomes an outbox record like a mail. */
export class OutboxTexter extends OutboxWriter implements Texter {
  send(sms: Sms, options?: SendOptions): Promise<{ messageId?: string }> {
    return this.put({ channel: 'sms', sms }, options?.key);
  }
  stage(sms: Sms, key: string): Staged {
    return this.stageMessage({ channel: 'sms', sms }, key);
  }
}
