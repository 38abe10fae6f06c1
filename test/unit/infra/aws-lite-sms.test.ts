import * as sdk from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as lite from '../../../infra/constructs/aws-lite/pinpoint-sms-voice-v2.ts';
import { SmsTexter } from '../../../shared/platform/sms/sms-texter.ts';
import { SmsRejected } from '../../../shared/platform/sms/texter.ts';

/** What reached the server: method, path, the headers that carry the protocol, the signing scope and the body. */
type Seen = { method?: string; url?: string; target?: string; type?: string; scope?: string; body: unknown };

describe('the bundles’ SendTextMessage client asks as the SDK’s does, and the texter reads the answers', () => {
  const seen: Seen[] = [];
  const answers: { status: number; body: unknown; type?: string }[] = [];
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      seen.push({
        method: req.method,
        url: req.url,
        target: req.headers['x-amz-target'] as string,
        type: req.headers['content-type'],
        scope: /Credential=[^/]+\/\d{8}\/([^,]+),/.exec(String(req.headers.authorization))?.[1],
        body: JSON.parse(raw),
      });
      const a = answers.shift() ?? { status: 200, body: { MessageId: 'm-1' } };
      res.writeHead(a.status, {
        'content-type': 'application/x-amz-json-1.0',
        ...(a.type ? { 'x-amzn-errortype': a.type } : {}),
      });
      res.end(JSON.stringify(a.body));
    });
  });
  const env = { ...process.env };
  beforeAll(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    Object.assign(process.env, {
      AWS_ENDPOINT_URL_PINPOINT_SMS_VOICE_V2: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      AWS_ACCESS_KEY_ID: 'AKID',
      AWS_SECRET_ACCESS_KEY: 'secret',
      AWS_REGION: 'cn-north-1',
    });
  });
  afterAll(async () => {
    process.env = env;
    await new Promise((r) => server.close(r));
  });

  const input = {
    DestinationPhoneNumber: '+8613812345678',
    OriginationIdentity: 'arn:aws-cn:sms-voice:cn-north-1:1:sender-id/BAOSONG/CN',
    MessageBody: '【报送】I级紧急信息「演播室起火」，请于21:35前确认接报：http://x/a/AbCdEfGhIjKlMnOp',
    MessageType: 'TRANSACTIONAL' as const,
    ConfigurationSetName: 'cs-1',
    Context: { key: 'notify#1#p1#sms' },
  };

  it('the same request: POST /, JSON 1.0, the target, the sms-voice signing scope, the same body', async () => {
    seen.length = 0;
    const theirs = await new sdk.PinpointSMSVoiceV2Client({ maxAttempts: 1 }).send(
      new sdk.SendTextMessageCommand(input),
    );
    const mine = await new lite.PinpointSMSVoiceV2Client({ maxAttempts: 1 }).send(
      new lite.SendTextMessageCommand(input),
    );
    expect(seen).toHaveLength(2);
    expect(seen[1]).toEqual(seen[0]);
    expect(seen[0]).toMatchObject({
      method: 'POST',
      url: '/',
      target: 'PinpointSMSVoiceV2.SendTextMessage',
      type: 'application/x-amz-json-1.0',
      scope: 'cn-north-1/sms-voice/aws4_request',
      body: input,
    });
    expect(mine.MessageId).toBe(theirs.MessageId);
  });

  it('names a refusal as the SDK does, with its Reason', async () => {
    const refusal = {
      status: 400,
      type: 'ConflictException',
      body: { message: 'opted out', Reason: 'DESTINATION_PHONE_NUMBER_OPTED_OUT', ResourceType: 'opt-out-list' },
    };
    answers.push(refusal, refusal);
    const theirs = await new sdk.PinpointSMSVoiceV2Client({ maxAttempts: 1 })
      .send(new sdk.SendTextMessageCommand(input))
      .catch((e) => e);
    const mine = await new lite.PinpointSMSVoiceV2Client({ maxAttempts: 1 })
      .send(new lite.SendTextMessageCommand(input))
      .catch((e) => e);
    for (const err of [theirs, mine])
      expect(err).toMatchObject({ name: 'ConflictException', Reason: 'DESTINATION_PHONE_NUMBER_OPTED_OUT' });
  });

  it('the texter: a refusal of the one number is SmsRejected; the spend limit, or an answer without an id, is thrown to be retried', async () => {
    const texter = new SmsTexter({ originationIdentity: 'id-1', configurationSet: 'cs-1' });
    const sms = { to: '+8613812345678', body: '测试' };
    answers.push({
      status: 400,
      type: 'ValidationException',
      body: { message: 'blocked', Reason: 'DESTINATION_COUNTRY_BLOCKED' },
    });
    await expect(texter.send(sms)).rejects.toBeInstanceOf(SmsRejected);
    answers.push({
      status: 402,
      type: 'ServiceQuotaExceededException',
      body: { message: 'limit', Reason: 'MONTHLY_SPEND_LIMIT_REACHED_FOR_TEXT' },
    });
    const limit = await texter.send(sms).catch((e) => e);
    expect(limit).not.toBeInstanceOf(SmsRejected);
    expect(limit.name).toBe('ServiceQuotaExceededException');
    answers.push({ status: 200, body: {} });
    await expect(texter.send(sms)).rejects.toThrow(/without a MessageId/);
    seen.length = 0;
    expect(await texter.send(sms, { key: 'k#sms' })).toEqual({ messageId: 'm-1' });
    expect(seen[0]!.body).toEqual({
      DestinationPhoneNumber: sms.to,
      OriginationIdentity: 'id-1',
      MessageBody: '测试',
      MessageType: 'TRANSACTIONAL',
      ConfigurationSetName: 'cs-1',
      Context: { key: 'k#sms' },
    });
  });
});
