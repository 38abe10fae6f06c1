import { type AwsCommand, callAws, commandOf, dnsSuffix, endpointOf, type Service } from './call.ts';

/**
 * What the bundles take instead of `@aws-sdk/client-pinpoint-sms-voice-v2` (an esbuild alias in `BaosongFunction`):
 * SendTextMessage, the one operation the texter calls (`shared/platform/sms/sms-texter.ts`), as one signed call in
 * the service's JSON 1.0 protocol (`POST /`, `x-amz-target: PinpointSMSVoiceV2.SendTextMessage`), the same field names
 * in and out, errors named as the SDK names them with their `Reason`. See `dynamodb.ts` for why.
 */
const SMS_VOICE: Service = {
  signingName: 'sms-voice',
  endpointEnv: 'AWS_ENDPOINT_URL_PINPOINT_SMS_VOICE_V2',
  host: (r) => `sms-voice.${r}.${dnsSuffix(r)}`,
};

type Input = { DestinationPhoneNumber: string; MessageBody?: string } & Record<string, unknown>;

export const SendTextMessageCommand = commandOf<Input>('SendTextMessage');

export class PinpointSMSVoiceV2Client {
  constructor(readonly config: { maxAttempts?: number; endpoint?: string } = {}) {}

  send(cmd: AwsCommand<Input>): Promise<{ MessageId?: string }> {
    return callAws(SMS_VOICE, {
      endpoint: endpointOf(SMS_VOICE, this.config.endpoint),
      path: '/',
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': `PinpointSMSVoiceV2.${cmd.operation}`,
      },
      body: cmd.input,
      maxAttempts: this.config.maxAttempts,
    }) as Promise<{ MessageId?: string }>;
  }

  destroy(): void {}
}
