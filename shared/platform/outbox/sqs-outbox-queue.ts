import { ChangeMessageVisibilityCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';

/**
 * Whom a mail is for, carried with its nudge so the consumer asks whether the address is marked undeliverable while
 * it claims the record (`deliverOne`), not after. A hint only: the record's own `to` decides.
 */
export type Recipient = { to: string; personId?: string };

/** What the outbox's queue carries: the id of one record to deliver, and for a mail whom it is for. */
export type OutboxNudge = { outboxId: string } & Partial<Recipient>;

/** The nudge side of the outbox's queue (every function that writes records). */
export interface OutboxQueue {
  nudge(outboxId: string, delaySeconds?: number, recipient?: Recipient): Promise<void>;
}

/** The nudge in a queue message's body, or undefined when it is not one. */
export function readNudge(body: string): OutboxNudge | undefined {
  const n = JSON.parse(body) as Record<string, unknown>;
  if (typeof n?.outboxId !== 'string') return undefined;
  const to = typeof n.to === 'string' ? n.to : undefined;
  const personId = typeof n.personId === 'string' ? n.personId : undefined;
  return { outboxId: n.outboxId, ...(to ? { to } : {}), ...(to && personId ? { personId } : {}) };
}

export class SqsOutboxQueue implements OutboxQueue {
  private readonly client = new SQSClient({ maxAttempts: 3 });
  constructor(private readonly queueUrl: string) {}

  async nudge(outboxId: string, delaySeconds = 0, recipient?: Recipient): Promise<void> {
    await this.client.send(
      new SendMessageCommand({
        QueueUrl: this.queueUrl,
        MessageBody: JSON.stringify({ outboxId, ...recipient } satisfies OutboxNudge),
        DelaySeconds: Math.max(0, Math.min(900, Math.ceil(delaySeconds))),
      }),
    );
  }

  /** The consumer's side: a failed message comes back after `seconds` (its backoff) rather than the queue's timeout. */
  async retryAfter(receiptHandle: string, seconds: number): Promise<void> {
    await this.client.send(
      new ChangeMessageVisibilityCommand({
        QueueUrl: this.queueUrl,
        ReceiptHandle: receiptHandle,
        VisibilityTimeout: Math.max(0, Math.min(43_200, Math.ceil(seconds))),
      }),
    );
  }
}
