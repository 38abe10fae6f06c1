import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export type QueueWithDlqProps = {
  /** Must be at least six times the consumer's timeout (AWS's advice for Lambda consumers). @default 3 minutes */
  visibilityTimeout?: Duration;
  /** Deliveries before a message goes to the dead-letter queue. @default 5 */
  maxReceiveCount?: number;
  /** The environment variable that carries the queue URL to senders. */
  envName: string;
  /** What happens to both queues and their messages when the stack is deleted. @default RemovalPolicy.DESTROY */
  removalPolicy?: RemovalPolicy;
};

/** A queue with its dead-letter queue: SQS-managed encryption, TLS enforced, 14 days of retention for dead letters. */
export class QueueWithDlq extends Construct {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
  private readonly envName: string;

  constructor(scope: Construct, id: string, props: QueueWithDlqProps) {
    super(scope, id);
    this.envName = props.envName;
    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      removalPolicy: props.removalPolicy ?? RemovalPolicy.DESTROY,
    });
    this.queue = new Queue(this, 'Queue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: props.visibilityTimeout ?? Duration.minutes(3),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: props.maxReceiveCount ?? 5 },
      removalPolicy: props.removalPolicy ?? RemovalPolicy.DESTROY,
    });
  }

  /** Grants send and tells the function the queue URL, in one call. */
  bindSender(fn: LambdaFunction): void {
    this.queue.grantSendMessages(fn);
    fn.addEnvironment(this.envName, this.queue.queueUrl);
  }
}
