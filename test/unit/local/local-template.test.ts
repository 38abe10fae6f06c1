import { Cron } from 'croner';
import { afterEach, describe, expect, it } from 'vitest';
import { dynamoActionsOf } from '../../../infra/local/iam-gate.ts';
import { mergeTemplates, Resolver, resourcesOfType, scheduleToCron, targetOf } from '../../../infra/local/template.ts';
import type { Physical, Template } from '../../../infra/local/template.ts';

describe('scheduleToCron', () => {
  it.each([
    ['rate(1 minute)', '0 * * * * *'],
    ['rate(5 minutes)', '0 */5 * * * *'],
    ['rate(1 hour)', '0 0 * * * *'],
    ['rate(2 hours)', '0 0 */2 * * *'],
    ['rate(1 day)', '0 0 0 */1 * *'],
    ['cron(0 1 1 * ? *)', '0 0 1 1 * *'],
    ['cron(15 8 ? * 2-6 *)', '0 15 8 * * 1-5'],
    ['cron(0 8 ? * MON-FRI *)', '0 0 8 * * MON-FRI'],
    ['cron(0 9 ? * 1 *)', '0 0 9 * * 0'],
  ])('%s → %s', (expression, expected) => {
    expect(scheduleToCron(expression)).toBe(expected);
  });

  it.each(['rate(1 week)', 'rate(minutes)', 'every minute', 'cron()', ''])('rejects %j', (expression) => {
    expect(() => scheduleToCron(expression)).toThrow(/Unsupported schedule expression/);
  });

  // What the local runtime does with the pattern: croner must accept it and fire when EventBridge would.
  const nextRuns = (expression: string, n: number, from: string) =>
    new Cron(scheduleToCron(expression), { paused: true, timezone: 'UTC' })
      .nextRuns(n, new Date(from))
      .map((d) => d.toISOString());

  it.each([
    ['rate(1 minute)', ['2026-11-27T00:01:00.000Z', '2026-11-27T00:02:00.000Z']],
    ['cron(15 8 ? * 2-6 *)', ['2026-11-27T08:15:00.000Z', '2026-11-30T08:15:00.000Z']], // Friday, then Monday
    ['cron(0 9 ? * 1 *)', ['2026-11-29T09:00:00.000Z', '2026-12-06T09:00:00.000Z']], // Sundays
  ])('croner runs %s when EventBridge would', (expression, expected) => {
    expect(nextRuns(expression, 2, '2026-11-27T00:00:00Z')).toEqual(expected);
  });

  it('cron(0 10 ? * 6#3 *), the third Friday of the month, keeps the occurrence number', () => {
    expect(scheduleToCron('cron(0 10 ? * 6#3 *)')).toBe('0 0 10 * * 5#3');
    expect(nextRuns('cron(0 10 ? * 6#3 *)', 1, '2026-12-01T00:00:00Z')).toEqual(['2026-12-18T10:00:00.000Z']);
  });

  it('cron(0/15 * * * ? *), EventBridge "every 15 minutes from 0", is a pattern croner accepts', () => {
    expect(nextRuns('cron(0/15 * * * ? *)', 2, '2026-11-27T00:00:00Z')).toEqual([
      '2026-11-27T00:15:00.000Z',
      '2026-11-27T00:30:00.000Z',
    ]);
  });
});

describe('targetOf', () => {
  it.each([
    ['a Ref', { Ref: 'Queue1' }, 'Queue1'],
    ['a GetAtt', { 'Fn::GetAtt': ['Queue1', 'Arn'] }, 'Queue1'],
    [
      'a Join around a Ref (route target)',
      { 'Fn::Join': ['', ['integrations/', { Ref: 'Integration1' }]] },
      'Integration1',
    ],
    ['a Join around a GetAtt', { 'Fn::Join': ['', ['arn:', { 'Fn::GetAtt': ['Fn1', 'Arn'] }, '/x']] }, 'Fn1'],
  ])('%s', (_name, value, expected) => {
    expect(targetOf(value)).toBe(expected);
  });

  it.each([
    ['a string', 'arn:aws:sqs:…'],
    ['null', null],
    ['a Join of strings only', { 'Fn::Join': ['', ['a', 'b']] }],
    ['an unrelated object', { 'Fn::Sub': 'x' }],
  ])('throws for %s', (_name, value) => {
    expect(() => targetOf(value)).toThrow(/not a reference/);
  });
});

describe('Resolver', () => {
  const physical = new Map<string, Physical>([
    ['Table1', { ref: 'baosong-table', attrs: { Arn: 'arn:aws:dynamodb:us-east-1:000000000000:table/baosong-table' } }],
    [
      'Queue1',
      {
        ref: 'http://localhost:9324/queue/q1',
        attrs: { Arn: 'arn:aws:sqs:us-east-1:000000000000:q1', QueueName: 'q1' },
      },
    ],
  ]);
  const resolver = new Resolver(physical);
  const savedRegion = process.env.AWS_REGION;
  afterEach(() => {
    if (savedRegion === undefined) delete process.env.AWS_REGION;
    else process.env.AWS_REGION = savedRegion;
  });

  it.each([
    ['a plain string', 'x', 'x'],
    ['a number', 3, 3],
    ['null', null, null],
    ['a Ref', { Ref: 'Table1' }, 'baosong-table'],
    ['a GetAtt', { 'Fn::GetAtt': ['Queue1', 'Arn'] }, 'arn:aws:sqs:us-east-1:000000000000:q1'],
    [
      'a Join',
      { 'Fn::Join': ['/', ['a', { Ref: 'Table1' }, { 'Fn::GetAtt': ['Queue1', 'QueueName'] }]] },
      'a/baosong-table/q1',
    ],
    ['a Select from a Join-free list', { 'Fn::Select': [1, ['a', { Ref: 'Table1' }]] }, 'baosong-table'],
    ['AWS::AccountId', { Ref: 'AWS::AccountId' }, '000000000000'],
    ['AWS::Partition', { Ref: 'AWS::Partition' }, 'aws'],
    ['AWS::URLSuffix', { Ref: 'AWS::URLSuffix' }, 'amazonaws.com'],
  ])('resolves %s', (_name, value, expected) => {
    expect(resolver.resolve(value)).toEqual(expected);
  });

  it('resolves every value of an environment map and inside arrays', () => {
    const env = { STAGE: 'local', TABLE_NAME: { Ref: 'Table1' }, LIST: [{ Ref: 'Table1' }, 'y'] };
    expect(resolver.resolve(env)).toEqual({
      STAGE: 'local',
      TABLE_NAME: 'baosong-table',
      LIST: ['baosong-table', 'y'],
    });
  });

  it('AWS::Region comes from AWS_REGION, us-east-1 otherwise', () => {
    process.env.AWS_REGION = 'cn-north-1';
    expect(resolver.resolve({ Ref: 'AWS::Region' })).toBe('cn-north-1');
    delete process.env.AWS_REGION;
    expect(resolver.resolve({ Ref: 'AWS::Region' })).toBe('us-east-1');
  });

  it.each([
    ['an unknown Ref', { Ref: 'Nope' }, /cannot resolve Ref Nope/],
    ['an unknown resource in GetAtt', { 'Fn::GetAtt': ['Nope', 'Arn'] }, /cannot resolve Fn::GetAtt Nope\.Arn/],
    ['an unknown attribute', { 'Fn::GetAtt': ['Table1', 'StreamArn'] }, /cannot resolve Fn::GetAtt Table1\.StreamArn/],
  ])('fails loudly on %s', (_name, value, message) => {
    expect(() => resolver.resolve(value)).toThrow(message);
  });
});

describe('resourcesOfType', () => {
  it('lists the resources of one type with their logical ids', () => {
    const template: Template = {
      Resources: {
        A: { Type: 'AWS::SQS::Queue' },
        B: { Type: 'AWS::Lambda::Function' },
        C: { Type: 'AWS::SQS::Queue' },
      },
    };
    expect(resourcesOfType(template, 'AWS::SQS::Queue').map(([id]) => id)).toEqual(['A', 'C']);
    expect(resourcesOfType(template, 'AWS::DynamoDB::Table')).toEqual([]);
  });
});

describe('mergeTemplates: the stateful and the stateless stack read as one', () => {
  const tableArn = 'Data:ExportsOutputFnGetAttTableArn';
  const data: Template = {
    Resources: { Table: { Type: 'AWS::DynamoDB::Table' }, Queue: { Type: 'AWS::SQS::Queue' } },
    Outputs: {
      TableName: { Value: { Ref: 'Table' } },
      ExportsTableArn: { Value: { 'Fn::GetAtt': ['Table', 'Arn'] }, Export: { Name: tableArn } },
      ExportsTableRef: { Value: { Ref: 'Table' }, Export: { Name: 'Data:ExportsOutputRefTable' } },
      ExportsQueueArn: { Value: { 'Fn::GetAtt': ['Queue', 'Arn'] }, Export: { Name: 'Data:ExportsOutputQueueArn' } },
    },
  };
  const app: Template = {
    Resources: {
      Fn: {
        Type: 'AWS::Lambda::Function',
        Properties: {
          Role: { 'Fn::GetAtt': ['FnRole', 'Arn'] },
          Environment: { Variables: { TABLE_NAME: { 'Fn::ImportValue': 'Data:ExportsOutputRefTable' } } },
        },
      },
      FnRole: { Type: 'AWS::IAM::Role' },
      FnPolicy: {
        Type: 'AWS::IAM::Policy',
        Properties: {
          Roles: [{ Ref: 'FnRole' }],
          PolicyDocument: {
            Statement: [
              {
                Effect: 'Allow',
                Action: ['dynamodb:GetItem', 'dynamodb:Query'],
                Resource: [
                  { 'Fn::ImportValue': tableArn },
                  { 'Fn::Join': ['', [{ 'Fn::ImportValue': tableArn }, '/index/*']] },
                ],
              },
            ],
          },
        },
      },
      Source: {
        Type: 'AWS::Lambda::EventSourceMapping',
        Properties: {
          EventSourceArn: { 'Fn::ImportValue': 'Data:ExportsOutputQueueArn' },
          FunctionName: { Ref: 'Fn' },
        },
      },
    },
  };
  const merged = mergeTemplates([
    { name: 'Data', template: data },
    { name: 'App', template: app },
  ]);

  it('holds the resources of both stacks under their logical ids', () => {
    expect(Object.keys(merged.Resources).sort()).toEqual(['Fn', 'FnPolicy', 'FnRole', 'Queue', 'Source', 'Table']);
    expect(resourcesOfType(merged, 'AWS::DynamoDB::Table').map(([id]) => id)).toEqual(['Table']);
  });

  it('replaces each import by the exporting output, so references reach into the other stack', () => {
    expect(JSON.stringify(merged)).not.toContain('Fn::ImportValue');
    expect(targetOf(merged.Resources.Source!.Properties!.EventSourceArn)).toBe('Queue');
    const physical = new Map<string, Physical>([['Table', { ref: 'the-table', attrs: { Arn: 'arn:table' } }]]);
    const env = new Resolver(physical).resolve(merged.Resources.Fn!.Properties!.Environment.Variables);
    expect(env).toEqual({ TABLE_NAME: 'the-table' });
  });

  it("the IAM gate reads the stateless role's grants on the stateful table", () => {
    expect([...dynamoActionsOf(merged, 'Fn')].sort()).toEqual(['dynamodb:GetItem', 'dynamodb:Query']);
  });

  it('fails loudly on an import no stack exports, and on a logical id in both stacks', () => {
    const dangling: Template = { Resources: { X: { Type: 'T', Properties: { A: { 'Fn::ImportValue': 'Nope' } } } } };
    expect(() => mergeTemplates([{ name: 'App', template: dangling }])).toThrow(
      /Fn::ImportValue "Nope" is exported by no stack/,
    );
    const twice: Template = { Resources: { Table: { Type: 'AWS::SQS::Queue' } } };
    expect(() =>
      mergeTemplates([
        { name: 'Data', template: data },
        { name: 'App', template: twice },
      ]),
    ).toThrow(/Logical id Table is in two stacks/);
  });
});
