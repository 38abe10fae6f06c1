import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { keys } from './keys.ts';

import type { IdempotencyRecord } from '../kernel/once.ts';

export type { IdempotencyRecord };

export const IDEMPOTENCY_TTL_SECONDS = 24 * 3600;

/**
 * The transaction item that records a creation under the caller's key: it fails the whole creation when the key was
 * used in the last 24 hours (an expired record may be overwritten). Every creating repository uses this one.
 */
export function idempotencyPut(table: string, callerId: string, key: string, record: IdempotencyRecord) {
  return {
    Put: {
      TableName: table,
      Item: {
        ...keys.idempotency(callerId, key),
        entity: 'idempotency',
        ...record,
        ttl: Math.floor(new Date(record.createdAt).getTime() / 1000) + IDEMPOTENCY_TTL_SECONDS,
      },
      ConditionExpression: 'attribute_not_exists(PK) OR #ttl < :now',
      ExpressionAttributeNames: { '#ttl': 'ttl' },
      ExpressionAttributeValues: { ':now': Math.floor(Date.now() / 1000) },
    },
  };
}

/** The live record of the caller's key, if any. */
export async function readIdempotency(
  db: DynamoDBDocumentClient,
  table: string,
  callerId: string,
  key: string,
): Promise<IdempotencyRecord | undefined> {
  const r = await db.send(
    new GetCommand({ TableName: table, Key: keys.idempotency(callerId, key), ConsistentRead: true }),
  );
  if (!r.Item || (r.Item.ttl as number) < Date.now() / 1000) return undefined;
  return {
    requestHash: r.Item.requestHash,
    status: r.Item.status,
    response: r.Item.response,
    createdAt: r.Item.createdAt,
  };
}
