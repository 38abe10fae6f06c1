import { GetItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trace } from '../../../infra/local/trace.ts';
import { covered } from '../../bench/mail.ts';
import { gatedDynamo, type GatedDynamo } from './fixtures.ts';

/** The runtime's trace: off, the IAM gate forwards requests untouched; on, it asks for and records consumed capacity. */
describe('the local runtime trace', () => {
  let gated: GatedDynamo;
  let client: DynamoDBClient;
  const bodies: Record<string, unknown>[] = [];
  beforeAll(async () => {
    gated = await gatedDynamo(
      (req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
          bodies.push(body);
          res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
          res.end(
            JSON.stringify({
              Item: { PK: { S: 'a' } },
              ...(body.ReturnConsumedCapacity ? { ConsumedCapacity: { TableName: 't', CapacityUnits: 0.5 } } : {}),
            }),
          );
        });
      },
      new Set(['dynamodb:GetItem']),
      'Reader',
    );
    client = gated.client;
  });
  afterAll(async () => {
    trace.enabled = false;
    await gated.close();
  });

  it('off: the request goes through unchanged and nothing is recorded', async () => {
    trace.enabled = false;
    trace.clear();
    await client.send(new GetItemCommand({ TableName: 't', Key: { PK: { S: 'a' } } }));
    expect(bodies.at(-1)?.ReturnConsumedCapacity).toBeUndefined();
    expect(trace.events).toEqual([]);
  });

  it('on: the gate asks for the consumed capacity and records it with the items read', async () => {
    trace.enabled = true;
    trace.clear();
    const out = await client.send(new GetItemCommand({ TableName: 't', Key: { PK: { S: 'a' } } }));
    expect(out.Item).toEqual({ PK: { S: 'a' } });
    expect(bodies.at(-1)?.ReturnConsumedCapacity).toBe('TOTAL');
    await new Promise((r) => setImmediate(r));
    expect(trace.of('capacity')).toEqual([
      expect.objectContaining({ fn: 'Reader', operation: 'GetItem', read: 0.5, write: 0, items: 1 }),
    ]);
    trace.enabled = false;
  });

  it('on without capacity (timing runs): the request goes through unchanged and no capacity is recorded', async () => {
    trace.enabled = true;
    trace.capacity = false;
    trace.clear();
    await client.send(new GetItemCommand({ TableName: 't', Key: { PK: { S: 'a' } } }));
    await new Promise((r) => setImmediate(r));
    expect(bodies.at(-1)?.ReturnConsumedCapacity).toBeUndefined();
    expect(trace.of('capacity')).toEqual([]);
    trace.enabled = false;
    trace.capacity = true;
  });

  it('counts overlapping spans once (time in at least one AWS call)', () => {
    expect(
      covered([
        { start: 0, end: 10 },
        { start: 5, end: 15 },
        { start: 20, end: 25 },
      ]),
    ).toBe(20);
  });
});
