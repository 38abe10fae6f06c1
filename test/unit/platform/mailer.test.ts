import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MailRejected } from '../../../shared/platform/mail/mailer.ts';
import { SesMailer } from '../../../shared/platform/mail/ses-mailer.ts';

/**
 * SesMailer against a stand-in SES v2 endpoint speaking the real wire protocol (REST-JSON errors with
 * `x-amzn-ErrorType`): the SES emulator accepts every mail, so a refusal is a fault we cannot cause otherwise.
 */
let server: Server;
let answer: { status: number; type?: string; body: object } = { status: 200, body: {} };
const requests: string[] = [];
const bodies: Record<string, unknown>[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      requests.push(`${req.method} ${req.url}`);
      bodies.push(JSON.parse(body || '{}'));
      res.writeHead(answer.status, {
        'content-type': 'application/json',
        ...(answer.type ? { 'x-amzn-errortype': answer.type } : {}),
      });
      res.end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_SESV2: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
  });
});
afterAll(async () => {
  delete process.env.AWS_ENDPOINT_URL_SESV2;
  await new Promise((r) => server.close(r));
});

const mail = { to: 'head@example.cn', subject: '【紧急】演播室起火', html: '<p>x</p>', text: 'x' };

describe('SesMailer: which refusals are for good', () => {
  it('returns the message id SES gives', async () => {
    answer = { status: 200, body: { MessageId: 'ses-1' } };
    await expect(new SesMailer('baosong@example.cn').send(mail)).resolves.toEqual({ messageId: 'ses-1' });
    expect(requests.at(-1)).toBe('POST /v2/email/outbound-emails');
  });

  it('sends every mail, simple or with attachments, under the configuration set it is given', async () => {
    answer = { status: 200, body: { MessageId: 'ses-2' } };
    const ses = new SesMailer('baosong@example.cn', 'baosong-mail');
    await ses.send(mail);
    expect(bodies.at(-1)).toMatchObject({ ConfigurationSetName: 'baosong-mail', Content: { Simple: {} } });
    await ses.send({ ...mail, attachments: [{ filename: 'a.csv', contentType: 'text/csv', content: 'x' }] });
    expect(bodies.at(-1)).toMatchObject({ ConfigurationSetName: 'baosong-mail', Content: { Raw: {} } });
    await new SesMailer('baosong@example.cn').send(mail);
    expect(bodies.at(-1)).not.toHaveProperty('ConfigurationSetName');
  });

  it.each([
    ['MessageRejected', 400, 'Email address is not verified.'],
    ['BadRequestException', 400, 'Missing final @domain'],
  ])('%s becomes MailRejected naming the address and the reason', async (type, status, message) => {
    answer = { status, type, body: { message } };
    const err = await new SesMailer('baosong@example.cn').send(mail).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MailRejected);
    expect(err).toMatchObject({ to: 'head@example.cn', reason: `${type}: ${message}` });
  });

  it("a refusal naming our own sender address is the deployment's fault: thrown as it is, to be retried", async () => {
    answer = {
      status: 400,
      type: 'MessageRejected',
      body: {
        message:
          'Email address is not verified. The following identities failed the check in region US-EAST-1: baosong@example.cn',
      },
    };
    const err = await new SesMailer('baosong@example.cn').send(mail).catch((e: unknown) => e);
    expect(err).not.toBeInstanceOf(MailRejected);
    expect((err as Error).name).toBe('MessageRejected');
  });

  it.each([
    ['TooManyRequestsException', 429],
    ['SendingPausedException', 400],
  ])('%s is thrown as it is, to be retried', async (type, status) => {
    answer = { status, type, body: { message: 'not now' } };
    const before = requests.length;
    const err = await new SesMailer('baosong@example.cn').send(mail).catch((e: unknown) => e);
    expect(err).not.toBeInstanceOf(MailRejected);
    expect((err as Error).name).toBe(type);
    if (status === 429) expect(requests.length - before).toBe(3); // the SDK's own retries (maxAttempts 3)
  });
});
