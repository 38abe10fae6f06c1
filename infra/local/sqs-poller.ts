import { DeleteMessageBatchCommand, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { LocalFunction } from './lambda-host.ts';
import { trace } from './trace.ts';

/**
 * Plays a Lambda SQS event-source mapping: receives up to `batchSize` messages without waiting for a full batch,
 * invokes the function with an SQS event, and deletes what succeeded. With partial batch responses only the
 * reported failures stay; a thrown error keeps the whole batch. Kept messages come back after the queue's
 * visibility timeout and, past `maxReceiveCount`, the queue's redrive policy moves them to the dead-letter queue.
 */
export class SqsPoller {
  private running = false;
  /**
   * Whether the last receive found nothing: the next asks for one message. A poller started on a full queue takes a
   * full batch first; once idle, a burst arrives as one message, then batches of the rest.
   */
  private lastEmpty = false;
  private loop: Promise<void> | undefined;
  /** Messages the function failed, by id, with the time their visibility timeout ends and SQS offers them again. */
  private readonly released = new Map<string, number>();

  constructor(
    private readonly sqs: SQSClient,
    private readonly opts: {
      queueUrl: string;
      queueArn: string;
      fn: LocalFunction;
      batchSize: number;
      reportBatchItemFailures: boolean;
      /** The queue's visibility timeout: how long a message the function failed stays invisible before it returns. */
      visibilityTimeoutSeconds: number;
      onError: (e: Error) => void;
    },
  ) {}

  start(): void {
    this.running = true;
    this.loop = this.run();
  }

  /**
   * How many of the queue's in-flight messages are waiting out their visibility timeout after a failed invocation:
   * no one holds them, SQS retries them later (as a delayed message), so they are not work under way.
   */
  waitingRetry(now = Date.now()): number {
    for (const [id, until] of this.released) if (until <= now) this.released.delete(id);
    return this.released.size;
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        // No pause after an empty receive: the emulator's ReceiveMessage with WaitTimeSeconds 0 already waits 40 ms
        // for messages (it gathers a batch), so a further sleep only added to each message's wait in the queue
        // (measured by `BENCH_ONLY=mail`: 72 ms p50 in the queue with a 50 ms sleep here).
        await this.pollOnce();
      } catch (err) {
        if (this.running) this.opts.onError(err as Error);
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  }

  /** One receive-invoke-delete round; returns how many messages it received. */
  async pollOnce(): Promise<number> {
    const r = await this.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: this.opts.queueUrl,
        // After an empty receive, ask for one message: the emulator answers as soon as it has as many as asked for
        // (else at the end of its 40 ms window), so a lone message is not held for the window, as SQS would not.
        MaxNumberOfMessages: this.lastEmpty ? 1 : this.opts.batchSize,
        WaitTimeSeconds: 0,
        AttributeNames: ['All'],
        MessageAttributeNames: ['All'],
      }),
    );
    const messages = r.Messages ?? [];
    this.lastEmpty = !messages.length;
    if (!messages.length) return 0;
    for (const m of messages) this.released.delete(m.MessageId!);
    if (trace.enabled) {
      const received = Date.now();
      const queue = this.opts.queueArn.split(':').pop()!;
      for (const m of messages)
        trace.record({
          kind: 'queue',
          queue,
          messageId: m.MessageId!,
          sent: Number(m.Attributes?.SentTimestamp),
          received,
          receiveCount: Number(m.Attributes?.ApproximateReceiveCount ?? 1),
        });
    }
    const event = {
      Records: messages.map((m) => ({
        messageId: m.MessageId,
        receiptHandle: m.ReceiptHandle,
        body: m.Body,
        attributes: m.Attributes ?? {},
        messageAttributes: m.MessageAttributes ?? {},
        md5OfBody: m.MD5OfBody,
        eventSource: 'aws:sqs',
        eventSourceARN: this.opts.queueArn,
        awsRegion: process.env.AWS_REGION ?? 'us-east-1',
      })),
    };
    let failed = new Set<string>(messages.map((m) => m.MessageId!));
    try {
      const result = (await this.opts.fn.invoke(event)) as
        | { batchItemFailures?: { itemIdentifier: string }[] }
        | undefined;
      failed = new Set(
        this.opts.reportBatchItemFailures ? (result?.batchItemFailures ?? []).map((f) => f.itemIdentifier) : [],
      );
    } catch (err) {
      this.opts.onError(err as Error);
    }
    const until = Date.now() + this.opts.visibilityTimeoutSeconds * 1000;
    for (const id of failed) this.released.set(id, until);
    const done = messages.filter((m) => !failed.has(m.MessageId!));
    if (done.length) {
      await this.sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: this.opts.queueUrl,
          Entries: done.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })),
        }),
      );
    }
    return messages.length;
  }
}
