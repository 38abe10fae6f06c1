import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
import * as z from 'zod';

/** The message that nudges the escalation of one report; the report's state in the table says what to do. */
export const escalationMessageSchema = z.object({ reportId: z.string().min(1), instructionId: z.string().min(1).optional() });
export type EscalationMessage = z.infer<typeof escalationMessageSchema>;

export interface EscalationQueue {
  /** Asks for a look at the report now, or after `delaySeconds` (at most 900, SQS's limit). */
  nudge(message: EscalationMessage, delaySeconds?: number): Promise<void>;
}

export class SqsEscalationQueue implements EscalationQueue {
  private readonly client = new SQSClient({ maxAttempts: 3 });
  constructor(private readonly queueUrl: string) {}

  async nudge(message: EscalationMessage, delaySeconds = 0): Promise<void> {
    await this.client.send(
      new SendMessageCommand({
        QueueUrl: this.queueUrl,
        MessageBody: JSON.stringify(message),
        DelaySeconds: Math.max(0, Math.min(900, Math.ceil(delaySeconds))),
      }),
    );
  }
}
