import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, stackNames } from '../../infra/app.ts';
import { mergeTemplates, type Template as CfnTemplate } from '../../infra/local/template.ts';
import { FUNCTIONS, ROUTES } from '../../shared/app/routes.ts';

type Stage = 'local' | 'dev' | 'prod';
const STAGES: Stage[] = ['local', 'dev', 'prod'];
/** Each stack's own template, and both merged as the local runtime plays them (imports resolved). */
type Synth = { template?: Template; data?: CfnTemplate; app?: CfnTemplate; dependencies?: string[]; error?: unknown };

const synths = {} as Record<Stage, Synth>;
let outRoot: string;

beforeAll(() => {
  outRoot = mkdtempSync(path.join(tmpdir(), 'baosong-infra-'));
  for (const stage of STAGES) {
    try {
      const { app } = buildApp(stage, path.join(outRoot, stage), { bundle: false });
      const assembly = app.synth();
      const names = stackNames(stage);
      const data = assembly.getStackByName(names.data).template as CfnTemplate;
      const service = assembly.getStackByName(names.app);
      const merged = mergeTemplates([
        { name: names.data, template: data },
        { name: names.app, template: service.template },
      ]);
      const dependencies = service.dependencies.map((d) => d.id);
      synths[stage] = { template: Template.fromJSON(merged), data, app: service.template, dependencies };
    } catch (error) {
      synths[stage] = { error };
    }
  }
});

afterAll(() => {
  if (outRoot) rmSync(outRoot, { recursive: true, force: true });
});

function synth(stage: Stage): Required<Omit<Synth, 'error'>> {
  const s = synths[stage];
  if (!s.template || !s.data || !s.app || !s.dependencies) {
    throw new Error(`synth of ${stage} failed: ${String(s.error)}`);
  }
  return s as Required<Omit<Synth, 'error'>>;
}
const template = (stage: Stage): Template => synth(stage).template;

const resources = (t: Template, type: string) =>
  Object.entries(t.findResources(type)) as [string, { Properties: Record<string, any>; DeletionPolicy?: string }][];
const logicalIdOf = (t: Template, type: string, pattern: RegExp) => {
  const ids = resources(t, type)
    .map(([id]) => id)
    .filter((id) => pattern.test(id));
  expect(ids).toHaveLength(1);
  return ids[0]!;
};

describe.each(STAGES)('stage %s', (stage) => {
  it('synthesizes with cdk-nag AwsSolutions clean (no unacknowledged finding)', () => {
    expect(synths[stage].error).toBeUndefined();
    expect(synths[stage].template).toBeDefined();
  });

  it('table: on-demand, point-in-time recovery, encryption, TTL on ttl, GSI1 and GSI2', () => {
    const t = template(stage);
    t.resourceCountIs('AWS::DynamoDB::Table', 1);
    t.hasResourceProperties('AWS::DynamoDB::Table', {
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true },
      TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true },
      KeySchema: [
        { AttributeName: 'PK', KeyType: 'HASH' },
        { AttributeName: 'SK', KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: [
        Match.objectLike({
          IndexName: 'GSI1',
          KeySchema: [
            { AttributeName: 'GSI1PK', KeyType: 'HASH' },
            { AttributeName: 'GSI1SK', KeyType: 'RANGE' },
          ],
        }),
        Match.objectLike({
          IndexName: 'GSI2',
          KeySchema: [
            { AttributeName: 'GSI2PK', KeyType: 'HASH' },
            { AttributeName: 'GSI2SK', KeyType: 'RANGE' },
          ],
        }),
      ],
    });
  });

  it('table has no hard-coded physical name', () => {
    const [[, table]] = resources(template(stage), 'AWS::DynamoDB::Table') as [
      [string, { Properties: Record<string, unknown> }],
    ];
    expect(table.Properties.TableName).toBeUndefined();
  });

  // The four queue pairs (escalation, scoring, SES mail events, outbox) and their consumers.
  const QUEUES = [
    {
      queue: /^EscalationQueue[0-9A-F]{8}$/,
      dlq: /^EscalationDeadLetterQueue[0-9A-F]{8}$/,
      consumer: /^SendEscalation[0-9A-F]{8}$/,
      batchSize: 10,
    },
    {
      queue: /^ScoringQueue[0-9A-F]{8}$/,
      dlq: /^ScoringDeadLetterQueue[0-9A-F]{8}$/,
      consumer: /^ScoreOrg[0-9A-F]{8}$/,
      batchSize: 1,
    },
    {
      queue: /^MailEventsQueue[0-9A-F]{8}$/,
      dlq: /^MailEventsDeadLetterQueue[0-9A-F]{8}$/,
      consumer: /^MailEvents[0-9A-F]{8}$/,
      batchSize: 10,
    },
    {
      queue: /^OutboxQueue[0-9A-F]{8}$/,
      dlq: /^OutboxDeadLetterQueue[0-9A-F]{8}$/,
      consumer: /^Deliver[0-9A-F]{8}$/,
      batchSize: 10,
    },
  ];

  it('each queue redrives to its own dead-letter queue after 5 receives; all queues SQS-managed encryption', () => {
    const t = template(stage);
    const queues = resources(t, 'AWS::SQS::Queue');
    expect(queues).toHaveLength(8);
    for (const [, q] of queues) expect(q.Properties.SqsManagedSseEnabled).toBe(true);
    for (const pair of QUEUES) {
      const dlq = logicalIdOf(t, 'AWS::SQS::Queue', pair.dlq);
      const main = logicalIdOf(t, 'AWS::SQS::Queue', pair.queue);
      expect(t.findResources('AWS::SQS::Queue')[main]!.Properties.RedrivePolicy).toEqual({
        deadLetterTargetArn: { 'Fn::GetAtt': [dlq, 'Arn'] },
        maxReceiveCount: 5,
      });
      expect(t.findResources('AWS::SQS::Queue')[dlq]!.Properties.RedrivePolicy).toBeUndefined();
    }
  });

  it('only deliver, the outbox consumer, may call ses:SendEmail (ARCHITECTURE decision 9)', () => {
    const t = template(stage);
    const deliverRole =
      t.findResources('AWS::Lambda::Function')[logicalIdOf(t, 'AWS::Lambda::Function', /^Deliver[0-9A-F]{8}$/)]!
        .Properties.Role['Fn::GetAtt'][0];
    const sending = Object.entries(t.findResources('AWS::IAM::Policy'))
      .filter(([, p]) => JSON.stringify(p.Properties.PolicyDocument).includes('ses:SendEmail'))
      .flatMap(([, p]) => (p.Properties.Roles as { Ref: string }[]).map((r) => r.Ref));
    expect(sending).toEqual([deliverRole]);
  });

  it('every Lambda function is nodejs24.x on arm64', () => {
    const fns = resources(template(stage), 'AWS::Lambda::Function');
    expect(fns.length).toBe(Object.keys(FUNCTIONS).length);
    for (const [id, fn] of fns) {
      expect({ id, runtime: fn.Properties.Runtime, arch: fn.Properties.Architectures }).toEqual({
        id,
        runtime: 'nodejs24.x',
        arch: ['arm64'],
      });
    }
  });

  it("each queue's visibility timeout is at least six times its consumer's timeout", () => {
    const t = template(stage);
    for (const pair of QUEUES) {
      const consumer = logicalIdOf(t, 'AWS::Lambda::Function', pair.consumer);
      const timeout = t.findResources('AWS::Lambda::Function')[consumer]!.Properties.Timeout as number;
      const main = logicalIdOf(t, 'AWS::SQS::Queue', pair.queue);
      expect(t.findResources('AWS::SQS::Queue')[main]!.Properties.VisibilityTimeout).toBeGreaterThanOrEqual(
        6 * timeout,
      );
    }
  });

  it('every /api/ route except POST /api/auth/dev-login sits behind the JWT authorizer', () => {
    const routes = resources(template(stage), 'AWS::ApiGatewayV2::Route').map(([, r]) => r.Properties);
    const api = routes.filter((r) => / \/api\//.test(r.RouteKey));
    expect(api.length).toBeGreaterThanOrEqual(5);
    for (const r of api) {
      const expected = r.RouteKey === 'POST /api/auth/dev-login' ? 'NONE' : 'JWT';
      expect({ route: r.RouteKey, auth: r.AuthorizationType }).toEqual({ route: r.RouteKey, auth: expected });
    }
  });

  it('creates exactly the routes of shared/app/routes.ts for this stage', () => {
    const keys = resources(template(stage), 'AWS::ApiGatewayV2::Route').map(([, r]) => r.Properties.RouteKey as string);
    const expected = ROUTES.filter((r) => !r.localOnly || stage === 'local').map((r) => `${r.method} ${r.path}`);
    expect(keys.sort()).toEqual(expected.sort());
  });

  it('each queue feeds its consumer, which reports partial batch failures; scoring takes one organisation at a time', () => {
    const t = template(stage);
    t.resourceCountIs('AWS::Lambda::EventSourceMapping', 4);
    for (const pair of QUEUES) {
      t.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        EventSourceArn: { 'Fn::GetAtt': [logicalIdOf(t, 'AWS::SQS::Queue', pair.queue), 'Arn'] },
        FunctionName: { Ref: logicalIdOf(t, 'AWS::Lambda::Function', pair.consumer) },
        BatchSize: pair.batchSize,
      });
    }
    t.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      BatchSize: 1,
      ScalingConfig: { MaximumConcurrency: 5 },
    });
  });

  it('an Events rule runs the monthly scores dispatcher every hour; only it may send to the scoring queue', () => {
    const t = template(stage);
    const dispatcher = logicalIdOf(t, 'AWS::Lambda::Function', /^MonthlyScores[0-9A-F]{8}$/);
    t.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 hour)',
      State: 'ENABLED',
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [dispatcher, 'Arn'] } })],
    });
    const senders = resources(t, 'AWS::Lambda::Function')
      .filter(([, fn]) => fn.Properties.Environment?.Variables?.SCORING_QUEUE_URL !== undefined)
      .map(([id]) => id);
    expect(senders).toEqual([dispatcher]);
    // It notes what it queued (BatchWriteItem) and sends in batches: its role must allow both (nothing enforces IAM locally).
    const role = (
      t.findResources('AWS::Lambda::Function')[dispatcher]!.Properties.Role as { 'Fn::GetAtt': [string, string] }
    )['Fn::GetAtt'][0];
    const actions = resources(t, 'AWS::IAM::Policy')
      .filter(([, p]) => (p.Properties.Roles as { Ref: string }[]).some((r) => r.Ref === role))
      .flatMap(([, p]) =>
        (p.Properties.PolicyDocument.Statement as { Action: string | string[] }[]).flatMap((st) => [st.Action].flat()),
      );
    expect(actions).toEqual(
      expect.arrayContaining(['dynamodb:BatchGetItem', 'dynamodb:BatchWriteItem', 'dynamodb:Query', 'sqs:SendMessage']),
    );
  });

  it('every mail goes under the SES configuration set, whose bounces and complaints reach the mail-events queue', () => {
    const t = template(stage);
    const set = logicalIdOf(t, 'AWS::SES::ConfigurationSet', /^Mail[0-9A-F]{8}$/);
    t.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      ConfigurationSetName: { Ref: set },
      EventDestination: Match.objectLike({
        Enabled: true,
        MatchingEventTypes: Match.arrayEquals(['bounce', 'complaint']),
        EventBridgeDestination: { EventBusArn: Match.anyValue() },
      }),
    });
    const queue = logicalIdOf(t, 'AWS::SQS::Queue', /^MailEventsQueue[0-9A-F]{8}$/);
    t.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.ses'],
        'detail-type': ['Email Bounced', 'Email Complaint Received'],
        detail: { mail: { tags: { 'ses:configuration-set': [{ Ref: set }] } } },
      },
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [queue, 'Arn'] } })],
    });
    // Every function that mails sends under the set, and may: SendEmail on the set as well as the identity.
    const mailers = resources(t, 'AWS::Lambda::Function').filter(
      ([, fn]) => fn.Properties.Environment?.Variables?.MAIL_FROM !== undefined,
    );
    expect(mailers.length).toBe(Object.values(FUNCTIONS).filter((f) => 'mail' in f.access).length);
    for (const [id, fn] of mailers)
      expect({ id, set: fn.Properties.Environment.Variables.MAIL_CONFIGURATION_SET }).toEqual({
        id,
        set: { Ref: set },
      });
    const sendEmail = resources(t, 'AWS::IAM::Policy')
      .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[])
      .filter((st) => [st.Action].flat().includes('ses:SendEmail'));
    expect(sendEmail.length).toBeGreaterThan(0);
    for (const st of sendEmail) expect(JSON.stringify(st.Resource)).toContain(`configuration-set/",{"Ref":"${set}"}`);
  });

  it('an Events rule runs the overdue check every minute', () => {
    const t = template(stage);
    const check = logicalIdOf(t, 'AWS::Lambda::Function', /^CheckOverdue[0-9A-F]{8}$/);
    t.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 minute)',
      State: 'ENABLED',
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [check, 'Arn'] } })],
    });
  });

  it('TABLE_NAME is a Ref to the table in every function that has it; no environment names the table literally', () => {
    const t = template(stage);
    const table = logicalIdOf(t, 'AWS::DynamoDB::Table', /./);
    const fns = resources(t, 'AWS::Lambda::Function');
    const withTable = fns.filter(([, fn]) => fn.Properties.Environment?.Variables?.TABLE_NAME !== undefined);
    // Every function the route table grants the table to, and no other.
    expect(withTable.length).toBe(Object.values(FUNCTIONS).filter((f) => 'table' in f.access).length);
    for (const [id, fn] of withTable) {
      expect({ id, TABLE_NAME: fn.Properties.Environment.Variables.TABLE_NAME }).toEqual({
        id,
        TABLE_NAME: { Ref: table },
      });
    }
    for (const [, fn] of fns) {
      for (const value of Object.values(fn.Properties.Environment?.Variables ?? {})) {
        if (typeof value === 'string') expect(value).not.toMatch(/table/i);
      }
    }
  });
});

const STATEFUL_TYPES = [
  'AWS::DynamoDB::Table',
  'AWS::SQS::Queue',
  'AWS::Cognito::UserPool',
  'AWS::Cognito::UserPoolDomain',
  'AWS::SES::EmailIdentity',
  'AWS::SES::ConfigurationSet',
  'AWS::SES::ConfigurationSetEventDestination',
  'AWS::SMSVOICE::ConfigurationSet',
  'AWS::S3::Bucket',
  'AWS::S3::BucketPolicy',
];
/** Where texts come from, by stage (`StageConfig.sms`): a sender id locally, a phone number on AWS by default. */
const SMS_IDENTITY: Record<Stage, string> = {
  local: 'AWS::SMSVOICE::SenderId',
  dev: 'AWS::SMSVOICE::PhoneNumber',
  prod: 'AWS::SMSVOICE::PhoneNumber',
};
/**
 * The API's own app client stays with the pool; the pages' client lives with the API whose URLs it names. The rule
 * that routes SES events to their queue sits with the queue (its queue policy names the rule); the schedules with
 * the functions.
 */
const IN_BOTH = ['AWS::Cognito::UserPoolClient', 'AWS::Events::Rule'];
const STATELESS_TYPES = [
  'AWS::Lambda::Function',
  'AWS::Lambda::EventSourceMapping',
  'AWS::Lambda::Permission',
  'AWS::ApiGatewayV2::Api',
  'AWS::ApiGatewayV2::Authorizer',
  'AWS::Events::Rule',
  'AWS::IAM::Role',
  'AWS::Logs::LogGroup',
  'AWS::Cognito::ManagedLoginBranding',
];
const typesOf = (t: CfnTemplate) => new Set(Object.values(t.Resources).map((r) => r.Type));
/** CloudFormation's limit is 500 resources a stack; 400 leaves room to grow and fails well before a deploy would. */
const RESOURCE_BUDGET = 400;

describe.each(STAGES)('stage %s: a stateful and a stateless stack', (stage) => {
  it(`each stack stays within ${RESOURCE_BUDGET} resources`, () => {
    const { data, app } = synth(stage);
    const counts = { data: Object.keys(data.Resources).length, app: Object.keys(app.Resources).length };
    expect(counts.data).toBeLessThanOrEqual(RESOURCE_BUDGET);
    expect(counts.app).toBeLessThanOrEqual(RESOURCE_BUDGET);
    expect(counts.app).toBeGreaterThan(0);
  });

  it('the stateful stack holds the data and no code; the stateless one the code and no data', () => {
    const { data, app } = synth(stage);
    expect([...typesOf(data)].sort()).toEqual(
      [...STATEFUL_TYPES, SMS_IDENTITY[stage], ...IN_BOTH, 'AWS::SQS::QueuePolicy'].sort(),
    );
    for (const type of STATEFUL_TYPES) expect({ type, inApp: typesOf(app).has(type) }).toEqual({ type, inApp: false });
    for (const type of STATELESS_TYPES) expect({ type, inApp: typesOf(app).has(type) }).toEqual({ type, inApp: true });
  });

  it('only the functions with sms access may SendTextMessage, from the stage’s identity and configuration set alone', () => {
    const t = template(stage);
    const texting = Object.entries(FUNCTIONS)
      .filter(([, f]) => (f.access as { sms?: boolean }).sms)
      .map(([name]) => name.charAt(0).toUpperCase() + name.slice(1));
    expect(texting.sort()).toEqual(['Deliver']);
    const identity = logicalIdOf(t, SMS_IDENTITY[stage], /./);
    const configurationSet = logicalIdOf(t, 'AWS::SMSVOICE::ConfigurationSet', /./);
    const granted: string[] = [];
    for (const [id, policy] of resources(t, 'AWS::IAM::Policy')) {
      for (const st of policy.Properties.PolicyDocument.Statement) {
        if (![st.Action].flat().includes('sms-voice:SendTextMessage')) continue;
        granted.push(id);
        expect(st.Resources ?? st.Resource).toEqual([
          { 'Fn::GetAtt': [identity, 'Arn'] },
          { 'Fn::GetAtt': [configurationSet, 'Arn'] },
        ]);
      }
    }
    expect(granted).toHaveLength(1);
    for (const fn of texting) expect(granted.some((id) => id.startsWith(fn))).toBe(true);
    const withEnv = resources(t, 'AWS::Lambda::Function').filter(
      ([, fn]) => fn.Properties.Environment?.Variables?.SMS_ORIGINATION_IDENTITY !== undefined,
    );
    expect(withEnv.map(([id]) => id.replace(/[0-9A-F]{8}$/, '')).sort()).toEqual(texting.sort());
  });

  it('the attachments bucket is private, encrypted, versioned, with lifecycle rules and CORS for the POST', () => {
    const { data } = synth(stage);
    const buckets = Object.values(data.Resources as Record<string, any>).filter((r) => r.Type === 'AWS::S3::Bucket');
    expect(buckets).toHaveLength(1);
    const p = buckets[0].Properties;
    expect(p.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(p.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm).toBe(
      'AES256',
    );
    expect(p.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(p.LifecycleConfiguration.Rules).toContainEqual(
      expect.objectContaining({ Prefix: 'incoming/', ExpirationInDays: 1, Status: 'Enabled' }),
    );
    expect(p.CorsConfiguration.CorsRules[0].AllowedMethods).toEqual(['POST']);
  });

  it('only the attachments function reaches the bucket, and only its two prefixes', () => {
    const { app } = synth(stage);
    const statements = Object.entries(app.Resources as Record<string, any>)
      .filter(([, r]) => r.Type === 'AWS::IAM::Policy')
      .flatMap(([id, r]) => r.Properties.PolicyDocument.Statement.map((st: any) => ({ id, st })))
      .filter(({ st }) => [st.Action].flat().some((a: string) => a.startsWith('s3:')));
    expect(new Set(statements.map(({ id }) => id.replace(/ServiceRole.*$/, '')))).toEqual(new Set(['Attachments']));
    const objects = statements.find(({ st }) => [st.Action].flat().includes('s3:PutObject'))!.st;
    expect(JSON.stringify(objects.Resource)).toContain('/incoming/*');
    expect(JSON.stringify(objects.Resource)).toContain('/files/*');
    const list = statements.find(({ st }) => [st.Action].flat().includes('s3:ListBucket'))!.st;
    expect(list.Condition).toEqual({ StringLike: { 's3:prefix': ['incoming/*'] } });
  });

  it('the stateless stack depends on the stateful one, never the other way', () => {
    const { data, app, dependencies } = synth(stage);
    expect(dependencies).toContain(stackNames(stage).data);
    expect(JSON.stringify(data)).not.toContain('Fn::ImportValue');
    expect(JSON.stringify(app)).toContain('Fn::ImportValue');
  });

  it('read as the local runtime reads them, every import resolves to a resource of the stateful stack', () => {
    const { data, template: merged } = synth(stage);
    const json = JSON.stringify(merged.toJSON());
    expect(json).not.toContain('Fn::ImportValue');
    const sources = resources(merged, 'AWS::Lambda::EventSourceMapping');
    expect(sources).toHaveLength(4);
    for (const [, m] of sources) {
      expect(data.Resources[m.Properties.EventSourceArn['Fn::GetAtt'][0]]?.Type).toBe('AWS::SQS::Queue');
    }
  });
});

describe('stage differences', () => {
  it.each([
    ['prod', 'Retain'],
    ['dev', 'Delete'],
    ['local', 'Delete'],
  ] as const)('%s keeps its queues and their messages on deletion: %s', (stage, policy) => {
    const queues = resources(template(stage), 'AWS::SQS::Queue');
    expect(queues).toHaveLength(8);
    for (const [id] of queues) {
      expect({ id, policy: template(stage).toJSON().Resources[id].DeletionPolicy }).toEqual({ id, policy });
    }
  });

  it.each([
    ['prod', 'Retain'],
    ['dev', 'Delete'],
    ['local', 'Delete'],
  ] as const)('%s table DeletionPolicy is %s', (stage, policy) => {
    template(stage).hasResource('AWS::DynamoDB::Table', { DeletionPolicy: policy, UpdateReplacePolicy: policy });
  });

  it.each([
    ['local', 1],
    ['dev', 0],
    ['prod', 0],
  ] as const)('%s has %i dev-login route', (stage, count) => {
    const keys = resources(template(stage), 'AWS::ApiGatewayV2::Route').map(([, r]) => r.Properties.RouteKey);
    expect(keys.filter((k) => k === 'POST /api/auth/dev-login')).toHaveLength(count);
  });

  it.each([
    ['local', 'dev'],
    ['dev', 'cognito'],
    ['prod', 'cognito'],
  ] as const)('%s functions run with AUTH_MODE=%s', (stage, mode) => {
    for (const [, fn] of resources(template(stage), 'AWS::Lambda::Function'))
      expect(fn.Properties.Environment.Variables.AUTH_MODE).toBe(mode);
  });

  it('prod keeps its user pool and logs for a year', () => {
    template('prod').hasResource('AWS::Cognito::UserPool', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    template('dev').hasResource('AWS::Cognito::UserPool', { DeletionPolicy: 'Delete' });
    const retention = resources(template('prod'), 'AWS::Logs::LogGroup').map(([, g]) => g.Properties.RetentionInDays);
    expect(new Set(retention)).toEqual(new Set([365]));
  });
});

describe('sign-in on pages: Cognito managed login with code + PKCE', () => {
  it.each(['dev', 'prod'] as const)(
    '%s: a managed-login domain, and a public code-flow client on its own API',
    (stage) => {
      const t = template(stage);
      t.hasResourceProperties('AWS::Cognito::UserPoolDomain', {
        Domain: `baosong-${stage}`,
        ManagedLoginVersion: 2,
      });
      const clients = resources(t, 'AWS::Cognito::UserPoolClient').filter(([, c]) =>
        (c.Properties.AllowedOAuthFlows ?? []).includes('code'),
      );
      expect(clients).toHaveLength(1);
      const [id, client] = clients[0]!;
      expect(client.Properties).toMatchObject({
        AllowedOAuthFlows: ['code'],
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthScopes: ['openid', 'email'],
        GenerateSecret: false,
        SupportedIdentityProviders: ['COGNITO'],
      });
      expect(client.Properties.AllowedOAuthFlows).not.toContain('implicit');
      const urls = JSON.stringify([client.Properties.CallbackURLs, client.Properties.LogoutURLs]);
      expect(urls).toContain('/auth/callback');
      expect(urls).toContain('/signed-out');
      expect(urls).not.toContain('localhost');
      t.hasResourceProperties('AWS::Cognito::ManagedLoginBranding', {
        ClientId: { Ref: id },
        UseCognitoProvidedValues: true,
      });
      for (const [, fn] of resources(t, 'AWS::Lambda::Function')) {
        const v = fn.Properties.Environment.Variables;
        expect(v.OIDC_CLIENT_ID).toEqual({ Ref: id });
        expect(JSON.stringify(v.OIDC_ISSUER)).toContain('https://cognito-idp.');
        expect(v.OIDC_DOMAIN).toBeDefined();
      }
      const [, authorizer] = resources(t, 'AWS::ApiGatewayV2::Authorizer')[0]!;
      expect(JSON.stringify(authorizer.Properties.JwtConfiguration.Audience)).toContain(id);
    },
  );

  it('dev and prod callback to their own API, so each stage has its own URLs', () => {
    const url = (stage: 'dev' | 'prod') =>
      JSON.stringify(
        resources(template(stage), 'AWS::Cognito::UserPoolClient').find(([, c]) =>
          (c.Properties.AllowedOAuthFlows ?? []).includes('code'),
        )![1].Properties.CallbackURLs,
      );
    expect(url('dev')).toContain('Api');
    expect(url('dev')).toContain('ApiEndpoint');
  });
});
