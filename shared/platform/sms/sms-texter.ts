import { PinpointSMSVoiceV2Client, SendTextMessageCommand } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { SmsRejected, type SendOptions, type Sms, type Texter } from './texter.ts';

/**
 * Refusals of the one text, by the `Reason` AWS End User Messaging SMS gives: the number opted out or is blocked, the
 * destination country cannot be reached from this account, the number cannot be parsed, the body is too long. Sending
 * it again cannot succeed. Any other refusal (our origination identity or configuration set missing or unregistered,
 * the monthly spend limit reached, throttling, access denied) concerns every text alike: thrown as it is and retried.
 */
const PERMANENT: Record<string, ReadonlySet<string>> = {
  ConflictException: new Set([
    'DESTINATION_PHONE_NUMBER_OPTED_OUT',
    'DESTINATION_PHONE_NUMBER_BLOCKED_BY_PROTECT_NUMBER_OVERRIDE',
    'DESTINATION_COUNTRY_BLOCKED_BY_PROTECT_CONFIGURATION',
    'DESTINATION_PHONE_NUMBER_NOT_VERIFIED',
  ]),
  ValidationException: new Set([
    'CANNOT_PARSE',
    'DESTINATION_COUNTRY_BLOCKED',
    'COUNTRY_NOT_ENABLED',
    'INTERNATIONAL_SENDING_NOT_SUPPORTED',
    'INVALID_IDENTITY_FOR_DESTINATION_COUNTRY',
    'MAXIMUM_SIZE_EXCEEDED',
  ]),
};

export type SmsTexterConfig = {
  /** The phone number, sender id or pool the texts go out from (its id or ARN): the stateful stack's `SmsIdentity`. */
  originationIdentity: string;
  /** The configuration set its events go to (delivery receipts), when there is one. */
  configurationSet?: string;
};

/**
 * Sends through AWS End User Messaging SMS (`SendTextMessage`, transactional); locally
 * AWS_ENDPOINT_URL_PINPOINT_SMS_VOICE_V2 points it at the local SMS endpoint (`infra/local/sms-emulator.ts`).
 * Permanent refusals of one text become `SmsRejected`; an answer without a message id is a failure (thrown, retried).
 */
export class SmsTexter implements Texter {
  private readonly client = new PinpointSMSVoiceV2Client({ maxAttempts: 3 });
  constructor(private readonly config: SmsTexterConfig) {}

  async send(sms: Sms, options?: SendOptions): Promise<{ messageId?: string }> {
    let out: { MessageId?: string };
    try {
      out = await this.client.send(
        new SendTextMessageCommand({
          DestinationPhoneNumber: sms.to,
          OriginationIdentity: this.config.originationIdentity,
          MessageBody: sms.body,
          MessageType: 'TRANSACTIONAL',
          ...(this.config.configurationSet ? { ConfigurationSetName: this.config.configurationSet } : {}),
          ...(options?.key ? { Context: { key: options.key.slice(0, 256) } } : {}),
        }),
      );
    } catch (err) {
      const name = (err as { name?: string }).name ?? '';
      const reason = (err as { Reason?: string }).Reason ?? '';
      if (PERMANENT[name]?.has(reason)) throw new SmsRejected(sms.to, `${name} ${reason}: ${(err as Error).message}`);
      throw err;
    }
    if (!out.MessageId) throw new Error(`SendTextMessage to ${sms.to} answered without a MessageId`);
    return { messageId: out.MessageId };
  }
}
