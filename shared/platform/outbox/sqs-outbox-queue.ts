import { ChangeMessageVisibilityCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';

/** What the outbox's queue carries: the id of one record to deliver. */
export type OutboxNudge = { outboxId: string };

/** The nudge side of the outbox's queue (every function that writes records). */
export interface OutboxQueue {
  nudge(outboxId: string, delaySeconds?: number): Promise<void>;
}

export class SqsOutboxQueue implements OutboxQueue {
  private readonly client = new SQSClient({ maxAttempts: 3 });
  constructor(private readonly queueUrl: string) {}

  async nudge(outboxId: string, delaySeconds = 0): Promise<void> {
    await this.client.send(
      new SendMessageCommand({
        QueueUrl: this.queueUrl,
        MessageBody: JSON.stringify({ outboxId } satisfies OutboxNudge),
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
