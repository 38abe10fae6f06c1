import { SQSClient, SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import type { ScoringMessage, ScoringQueue } from './ports.ts';

/** SendMessageBatch, ten at a time; entries SQS refuses are tried again once, then the call fails naming them. */
export class SqsScoringQueue implements ScoringQueue {
  private readonly client = new SQSClient({ maxAttempts: 3 });
  constructor(private readonly queueUrl: string) {}

  async enqueue(messages: ScoringMessage[]): Promise<void> {
    for (let i = 0; i < messages.length; i += 10) {
      let entries = messages.slice(i, i + 10).map((m, k) => ({ Id: String(k), MessageBody: JSON.stringify(m) }));
      for (let attempt = 0; entries.length; attempt++) {
        const r = await this.client.send(new SendMessageBatchCommand({ QueueUrl: this.queueUrl, Entries: entries }));
        const failed = new Set((r.Failed ?? []).map((f) => f.Id));
        entries = entries.filter((e) => failed.has(e.Id));
        if (entries.length && attempt >= 1)
          throw new Error(
            `SQS refused ${entries.length} scoring messages: ${(r.Failed ?? []).map((f) => f.Message ?? f.Code).join('; ')}`,
          );
      }
    }
  }
}
