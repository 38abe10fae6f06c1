import { SignatureV4 } from '@smithy/signature-v4';
import { createHash, createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dnsSuffix, endpointOf } from '../../../infra/constructs/aws-lite/call.ts';
import {
  DynamoDBClient,
  DynamoDBDocumentClient,
  fromWire,
  PutCommand,
  toWire,
} from '../../../infra/constructs/aws-lite/dynamodb.ts';
import { signRequest } from '../../../infra/constructs/aws-lite/sigv4.ts';
import {
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  CognitoIdentityProviderClient,
} from '../../../infra/constructs/aws-lite/cognito-idp.ts';

type SourceData = string | ArrayBuffer | ArrayBufferView;
const bytes = (d: SourceData) =>
  typeof d === 'string'
    ? d
    : ArrayBuffer.isView(d)
      ? new Uint8Array(d.buffer, d.byteOffset, d.byteLength)
      : new Uint8Array(d);

/** The SHA-256 the SDK's signer is given in Node (its Sha256 over node:crypto). */
class NodeSha256 {
  private readonly h;
  constructor(secret?: SourceData) {
    this.h = secret ? createHmac('sha256', bytes(secret)) : createHash('sha256');
  }
  update(data: SourceData) {
    this.h.update(bytes(data));
  }
  async digest() {
    return new Uint8Array(this.h.digest());
  }
}

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };

describe('the bundles’ SigV4 signer signs as the SDK’s does', () => {
  for (const [what, url, service, extra] of [
    ['a DynamoDB call', 'https://dynamodb.cn-north-1.amazonaws.com.cn/', 'dynamodb', {}],
    [
      'an SES call with a session token',
      'http://127.0.0.1:8005/v2/email/outbound-emails',
      'ses',
      { sessionToken: 'T0K/EN+=' },
    ],
    ['a query string', 'https://sqs.us-east-1.amazonaws.com/a%20b/?b=2&a=1&c=x%2Fy', 'sqs', {}],
  ] as const) {
    it(what, async () => {
      const now = new Date('2026-12-02T04:05:06.789Z');
      const creds = { ...credentials, ...extra };
      const body = JSON.stringify({ TableName: 't', Key: { PK: { S: '报送#1' } } });
      const headers = { 'content-type': 'application/x-amz-json-1.0', 'X-Amz-Target': 'DynamoDB_20120810.GetItem' };
      const u = new URL(url);
      const mine = signRequest(
        { method: 'POST', url: u, headers, body },
        { service, region: 'cn-north-1', credentials: creds, now },
      );
      const theirs = await new SignatureV4({
        service,
        region: 'cn-north-1',
        credentials: creds,
        sha256: NodeSha256,
        applyChecksum: false,
      }).sign(
        {
          method: 'POST',
          protocol: u.protocol,
          hostname: u.hostname,
          port: u.port ? Number(u.port) : undefined,
          path: decodeURIComponent(u.pathname),
          query: Object.fromEntries(u.searchParams),
          headers: { ...headers, host: u.host },
          body,
        },
        { signingDate: now },
      );
      expect(mine.authorization).toBe(theirs.headers.authorization);
    });
  }
});

describe('the bundles’ DynamoDB document client translates as lib-dynamodb does', () => {
  it('marshals items, keys and values wherever a command carries them, and leaves the rest', () => {
    const wire = toWire(
      {
        TransactItems: [
          { Put: { TableName: 't', Item: { PK: 'a', n: 1, gone: undefined }, ConditionExpression: 'x' } },
          { Update: { TableName: 't', Key: { PK: 'b' }, ExpressionAttributeValues: { ':v': [1, 'x'] } } },
        ],
        RequestItems: { t: { Keys: [{ PK: 'c' }] } },
        ExpressionAttributeNames: { '#n': 'name' },
      },
      { removeUndefinedValues: true },
    );
    expect(wire).toEqual({
      TransactItems: [
        { Put: { TableName: 't', Item: { PK: { S: 'a' }, n: { N: '1' } }, ConditionExpression: 'x' } },
        {
          Update: {
            TableName: 't',
            Key: { PK: { S: 'b' } },
            ExpressionAttributeValues: { ':v': { L: [{ N: '1' }, { S: 'x' }] } },
          },
        },
      ],
      RequestItems: { t: { Keys: [{ PK: { S: 'c' } }] } },
      ExpressionAttributeNames: { '#n': 'name' },
    });
  });

  it('unmarshals items, pages, batch responses and unprocessed requests', () => {
    const out = fromWire(
      {
        Items: [{ PK: { S: 'a' }, m: { M: { x: { BOOL: true } } } }],
        LastEvaluatedKey: { PK: { S: 'a' } },
        Count: 1,
        Responses: { t: [{ PK: { S: 'b' } }] },
        UnprocessedKeys: { t: { Keys: [{ PK: { S: 'c' } }] } },
        UnprocessedItems: { t: [{ PutRequest: { Item: { PK: { S: 'd' } } } }] },
      },
      undefined,
    );
    expect(out).toEqual({
      Items: [{ PK: 'a', m: { x: true } }],
      LastEvaluatedKey: { PK: 'a' },
      Count: 1,
      Responses: { t: [{ PK: 'b' }] },
      UnprocessedKeys: { t: { Keys: [{ PK: 'c' }] } },
      UnprocessedItems: { t: [{ PutRequest: { Item: { PK: 'd' } } }] },
    });
    expect(fromWire({ Responses: [{ Item: { PK: { S: 'e' } } }] }, undefined)).toEqual({
      Responses: [{ Item: { PK: 'e' } }],
    });
  });
});

describe('the bundles’ DynamoDB client calls, retries and fails as the SDK does', () => {
  const answers: { status: number; body: unknown }[] = [];
  const seen: { target?: string; auth?: string; body: string }[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      seen.push({ target: req.headers['x-amz-target'] as string, auth: req.headers.authorization, body });
      const a = answers.shift() ?? { status: 200, body: {} };
      res.writeHead(a.status, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': 'r1' });
      res.end(JSON.stringify(a.body));
    });
  });
  let db: DynamoDBDocumentClient;
  const env = { ...process.env };
  beforeAll(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    Object.assign(process.env, {
      AWS_ENDPOINT_URL_DYNAMODB: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      AWS_ACCESS_KEY_ID: 'AKID',
      AWS_SECRET_ACCESS_KEY: 'secret',
      AWS_REGION: 'us-east-1',
    });
    db = DynamoDBDocumentClient.from(new DynamoDBClient({ maxAttempts: 3 }), {
      marshallOptions: { removeUndefinedValues: true },
    });
  });
  afterAll(async () => {
    process.env = env;
    await new Promise((r) => server.close(r));
  });

  it('retries a throttled call and returns the answer, signed, to the operation’s target', async () => {
    seen.length = 0;
    answers.push({ status: 400, body: { __type: 'com.amazonaws.dynamodb.v20120810#ThrottlingException' } });
    answers.push({ status: 200, body: { Attributes: { PK: { S: 'a' } } } });
    const out = await db.send(new PutCommand({ TableName: 't', Item: { PK: 'a', gone: undefined } }));
    expect(out).toEqual({ Attributes: { PK: 'a' } });
    expect(seen.map((s) => s.target)).toEqual(['DynamoDB_20120810.PutItem', 'DynamoDB_20120810.PutItem']);
    expect(JSON.parse(seen[0]!.body)).toEqual({ TableName: 't', Item: { PK: { S: 'a' } } });
    expect(seen[0]!.auth).toMatch(/^AWS4-HMAC-SHA256 Credential=AKID\/\d{8}\/us-east-1\/dynamodb\/aws4_request, /);
  });

  it('throws a refused condition at once, named, with the reasons DynamoDB gave', async () => {
    seen.length = 0;
    answers.push({
      status: 400,
      body: {
        __type: 'com.amazonaws.dynamodb.v20120810#TransactionCanceledException',
        message: 'Transaction cancelled',
        CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }],
      },
    });
    const err = await db.send(new PutCommand({ TableName: 't', Item: { PK: 'a' } })).catch((e) => e);
    expect(err).toMatchObject({
      name: 'TransactionCanceledException',
      message: 'Transaction cancelled',
      CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }],
      $fault: 'client',
      $metadata: { httpStatusCode: 400, requestId: 'r1', attempts: 1 },
    });
    expect(seen).toHaveLength(1);
  });

  it('calls Cognito’s user-pool operations by their target, and names its refusals as the SDK does', async () => {
    seen.length = 0;
    process.env.AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER = process.env.AWS_ENDPOINT_URL_DYNAMODB;
    const client = new CognitoIdentityProviderClient({ maxAttempts: 3 });
    const user = { UserPoolId: 'pool-1', Username: 'a@b.cn' };
    answers.push({ status: 200, body: { User: { Username: 'a@b.cn' } } });
    const out = await client.send(new AdminCreateUserCommand({ ...user, DesiredDeliveryMediums: ['EMAIL'] }));
    expect(out).toEqual({ User: { Username: 'a@b.cn' } });
    // The names the org context's adapter treats as "already so" (shared/org/sign-in-account-repo.ts).
    answers.push({ status: 400, body: { __type: 'UsernameExistsException', message: 'User account already exists' } });
    const exists = await client.send(new AdminCreateUserCommand(user)).catch((e) => e);
    answers.push({ status: 400, body: { __type: 'UserNotFoundException', message: 'User does not exist.' } });
    const missing = await client.send(new AdminEnableUserCommand(user)).catch((e) => e);
    answers.push({ status: 200, body: {} });
    await client.send(new AdminDisableUserCommand(user));
    expect(exists).toMatchObject({ name: 'UsernameExistsException', $fault: 'client' });
    expect(missing).toMatchObject({ name: 'UserNotFoundException', message: 'User does not exist.' });
    expect(seen.map((s) => s.target)).toEqual([
      'AWSCognitoIdentityProviderService.AdminCreateUser',
      'AWSCognitoIdentityProviderService.AdminCreateUser',
      'AWSCognitoIdentityProviderService.AdminEnableUser',
      'AWSCognitoIdentityProviderService.AdminDisableUser',
    ]);
    expect(JSON.parse(seen[0]!.body)).toEqual({ ...user, DesiredDeliveryMediums: ['EMAIL'] });
    expect(seen[0]!.auth).toMatch(/\/us-east-1\/cognito-idp\/aws4_request, /);
  });

  it('calls AWS’s own host when no endpoint is set, in the region’s partition', () => {
    const service = {
      signingName: 'dynamodb',
      endpointEnv: 'UNSET_ENDPOINT',
      host: (r: string) => `dynamodb.${r}.${dnsSuffix(r)}`,
    };
    const saved = process.env.AWS_ENDPOINT_URL;
    delete process.env.AWS_ENDPOINT_URL;
    process.env.AWS_REGION = 'cn-north-1';
    expect(endpointOf(service)).toBe('https://dynamodb.cn-north-1.amazonaws.com.cn');
    process.env.AWS_REGION = 'eu-west-1';
    expect(endpointOf(service)).toBe('https://dynamodb.eu-west-1.amazonaws.com');
    process.env.AWS_REGION = 'us-east-1';
    if (saved !== undefined) process.env.AWS_ENDPOINT_URL = saved;
  });
});
