import { PinpointSMSVoiceV2Client, SendTextMessageCommand } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { SmsRejected, type SendOptions, type Sms, type Texter } from './texter.ts';

/**
 * Refusals of the one text, by the `Reason` AWS End User Messaging SMS gives: the number opted out or is blocked, the
 * destination country cannot be reached from this account, the number cannot be parsed, the body is too long. Sending
 * it again cannot succeed. Any other refusal (our origination identity or configuration set missing or unregistered,
 * the monthly spend limit reached, throttling, access denied) concerns every text alike: thrown as it is and retried.
 */
const PERMANENT: Record<string, Readonly<Record<string, string>>> = {
  ConflictException: {
    DESTINATION_PHONE_NUMBER_OPTED_OUT: '对方已退订短信',
    DESTINATION_PHONE_NUMBER_BLOCKED_BY_PROTECT_NUMBER_OVERRIDE: '该号码被保护设置拦截',
    DESTINATION_COUNTRY_BLOCKED_BY_PROTECT_CONFIGURATION: '该国家或地区被保护设置拦截',
    DESTINATION_PHONE_NUMBER_NOT_VERIFIED: '该号码未经验证（测试环境只能发往验证过的号码）',
  },
  ValidationException: {
    CANNOT_PARSE: '手机号码无法识别',
    DESTINATION_COUNTRY_BLOCKED: '不能向该国家或地区发送短信',
    COUNTRY_NOT_ENABLED: '未开通向该国家或地区发送短信',
    INTERNATIONAL_SENDING_NOT_SUPPORTED: '不支持国际短信',
    INVALID_IDENTITY_FOR_DESTINATION_COUNTRY: '发送号码不能向该国家或地区发送',
    MAXIMUM_SIZE_EXCEEDED: '短信内容过长',
  },
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
      // The office reads the reason on its list of undelivered messages: in Chinese, with the service's code after it.
      const label = PERMANENT[name]?.[reason];
      if (label) throw new SmsRejected(sms.to, `${label}（${reason}）`);
      throw err;
    }
    if (!out.MessageId) throw new Error(`SendTextMessage to ${sms.to} answered without a MessageId`);
    return { messageId: out.MessageId };
  }
}
