import {
  GetItemCommand,
  PutItemCommand,
  TransactWriteItemsCommand,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actionsOfRequest, dynamoActionsOf } from '../../../infra/local/iam-gate.ts';
import type { Template } from '../../../infra/local/template.ts';
import { gatedDynamo, type GatedDynamo } from './fixtures.ts';

/** The local stand-in for IAM on DynamoDB: what a role allows comes from the template; the rest is AccessDenied. */
const template: Template = {
  Resources: {
    Reader: { Type: 'AWS::Lambda::Function', Properties: { Role: { 'Fn::GetAtt': ['ReaderRole', 'Arn'] } } },
    ReaderRole: { Type: 'AWS::IAM::Role', Properties: {} },
    ReaderPolicy: {
      Type: 'AWS::IAM::Policy',
      Properties: {
        Roles: [{ Ref: 'ReaderRole' }],
        PolicyDocument: {
          Statement: [
            { Effect: 'Allow', Action: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:BatchGetItem'] },
            { Effect: 'Allow', Action: 'xray:PutTraceSegments' },
          ],
        },
      },
    },
    Other: {
      Type: 'AWS::IAM::Policy',
      Properties: {
        Roles: [{ Ref: 'SomeoneElse' }],
        PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 'dynamodb:*' }] },
      },
    },
  },
};

describe('the local IAM gate in front of DynamoDB Local', () => {
  let gated: GatedDynamo;
  let client: DynamoDBClient;
  const forwarded: string[] = [];
  beforeAll(async () => {
    gated = await gatedDynamo(
      (req, res) => {
        forwarded.push(String(req.headers['x-amz-target']));
        req.resume();
        req.on('end', () => {
          res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
          res.end('{}');
        });
      },
      dynamoActionsOf(template, 'Reader'),
      'Reader',
    );
    client = gated.client;
  });
  afterAll(() => gated.close());

  it("reads the DynamoDB actions of the function's own role only", () => {
    expect([...dynamoActionsOf(template, 'Reader')].sort()).toEqual([
      'dynamodb:BatchGetItem',
      'dynamodb:GetItem',
      'dynamodb:Query',
    ]);
  });

  it('a transaction needs the action of each of its items', () => {
    expect(
      actionsOfRequest(
        'DynamoDB_20120810.TransactWriteItems',
        JSON.stringify({ TransactItems: [{ Put: {} }, { ConditionCheck: {} }, { Put: {} }] }),
      ),
    ).toEqual(['dynamodb:PutItem', 'dynamodb:ConditionCheckItem']);
    expect(actionsOfRequest('DynamoDB_20120810.Query', '{}')).toEqual(['dynamodb:Query']);
  });

  it('passes what the role allows and answers the rest with AccessDeniedException, as AWS does', async () => {
    await expect(
      client.send(new GetItemCommand({ TableName: 't', Key: { PK: { S: 'a' }, SK: { S: 'b' } } })),
    ).resolves.toBeDefined();
    expect(forwarded).toEqual(['DynamoDB_20120810.GetItem']);
    const put = await client
      .send(new PutItemCommand({ TableName: 't', Item: { PK: { S: 'a' }, SK: { S: 'b' } } }))
      .catch((e: unknown) => e);
    expect((put as Error).name).toBe('AccessDeniedException');
    expect((put as Error).message).toContain('dynamodb:PutItem');
    const tx = await client
      .send(
        new TransactWriteItemsCommand({
          TransactItems: [{ Put: { TableName: 't', Item: { PK: { S: 'a' }, SK: { S: 'b' } } } }],
        }),
      )
      .catch((e: unknown) => e);
    expect((tx as Error).name).toBe('AccessDeniedException');
    expect(forwarded).toHaveLength(1);
  });
});
