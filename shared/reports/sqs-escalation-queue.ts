import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
import type { EscalationMessage, EscalationQueue } from './ports.ts';

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
