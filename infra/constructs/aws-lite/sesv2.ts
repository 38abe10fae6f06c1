import { type AwsCommand, callAws, commandOf, dnsSuffix, endpointOf, type Service } from './call.ts';

/**
 * What the bundles take instead of `@aws-sdk/client-sesv2` (an esbuild alias in `BaosongFunction`): SendEmail as one
 * signed REST-JSON call, `POST /v2/email/outbound-emails`, the same field names in and out (a raw message's bytes
 * travel as base64, as the SDK sends them). See `dynamodb.ts` for why.
 */
const SES: Service = {
  signingName: 'ses',
  endpointEnv: 'AWS_ENDPOINT_URL_SESV2',
  host: (r) => `email.${r}.${dnsSuffix(r)}`,
};

type Input = { Content?: { Raw?: { Data?: Uint8Array | string } } } & Record<string, unknown>;

export const SendEmailCommand = commandOf<Input>('SendEmail');

export class SESv2Client {
  constructor(readonly config: { maxAttempts?: number; endpoint?: string } = {}) {}

  send(cmd: AwsCommand<Input>): Promise<{ MessageId?: string }> {
    const raw = cmd.input.Content?.Raw?.Data;
    const body =
      raw instanceof Uint8Array
        ? { ...cmd.input, Content: { ...cmd.input.Content, Raw: { Data: Buffer.from(raw).toString('base64') } } }
        : cmd.input;
    return callAws(SES, {
      endpoint: endpointOf(SES, this.config.endpoint),
      path: '/v2/email/outbound-emails',
      headers: { 'content-type': 'application/json' },
      body,
      maxAttempts: this.config.maxAttempts,
    }) as Promise<{ MessageId?: string }>;
  }

  destroy(): void {}
}
