import { type AwsCommand, callAws, commandOf, dnsSuffix, endpointOf, type Service } from './call.ts';

/**
 * What the bundles take instead of `@aws-sdk/client-sqs` (an esbuild alias in `BaosongFunction`): SendMessage,
 * SendMessageBatch and ChangeMessageVisibility as signed calls in SQS's JSON protocol, the same field names in and out. As the SDK does, the
 * queue's URL is the endpoint unless AWS_ENDPOINT_URL_SQS names one. See `dynamodb.ts` for why.
 */
const SQS: Service = {
  signingName: 'sqs',
  endpointEnv: 'AWS_ENDPOINT_URL_SQS',
  host: (r) => `sqs.${r}.${dnsSuffix(r)}`,
};

type Input = { QueueUrl: string } & Record<string, unknown>;

export const SendMessageCommand = commandOf<Input>('SendMessage');
export const SendMessageBatchCommand = commandOf<Input>('SendMessageBatch');
/** The outbox's consumer sets a failed message's backoff with it. */
export const ChangeMessageVisibilityCommand = commandOf<Input>('ChangeMessageVisibility');

export class SQSClient {
  constructor(readonly config: { maxAttempts?: number; endpoint?: string } = {}) {}

  send(cmd: AwsCommand<Input>): Promise<Record<string, unknown>> {
    return callAws(SQS, {
      endpoint: this.config.endpoint ?? endpointOf(SQS, new URL(cmd.input.QueueUrl).origin),
      path: '/',
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': `AmazonSQS.${cmd.operation}` },
      body: cmd.input,
      maxAttempts: this.config.maxAttempts,
    });
  }

  destroy(): void {}
}
