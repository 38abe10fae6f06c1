import { SQSClient, SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import * as z from 'zod';

/**
 * The message that asks for one organisation's month to be scored, stored and mailed (and, after a quarter's last
 * month, the quarter's statistics published). The table says what is already done; the message is a nudge.
 */
export const scoringMessageSchema = z.object({
  orgId: z.string().min(1),
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/),
  /** The dispatcher's instant: the worker runs as of the later of this and its clock. */
  at: z.iso.datetime(),
  /** true: an operator asked for the month again; recompute and store it even if it is complete (mails stay send-once). */
  recompute: z.boolean().optional(),
});
export type ScoringMessage = z.infer<typeof scoringMessageSchema>;

export interface ScoringQueue {
  enqueue(messages: ScoringMessage[]): Promise<void>;
}

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
        if (entries.length && attempt >= 1) throw new Error(`SQS refused ${entries.length} scoring messages: ${(r.Failed ?? []).map((f) => f.Message ?? f.Code).join('; ')}`);
      }
    }
  }
}
