import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CreationRecord, IdempotencyRecord } from '../kernel/once.ts';
import { readIdempotency } from './idempotency.ts';
import type { KeyedCreation } from './transaction.ts';

/**
 * A creation's record under the caller's key scoped by what it creates (`<scope>:<key>`): one key may create an item
 * and a periodical (or a finding and a circular) without the second being taken for a repeat of the first.
 */
export function scopedCreation<S extends string>(creation: CreationRecord<S> | undefined): KeyedCreation | undefined {
  return creation && { callerId: creation.callerId, key: `${creation.scope}:${creation.key}`, record: creation.record };
}

/** The first response of a creation made with this scope and key in the last 24 hours, if any. */
export function readScopedCreation(
  db: DynamoDBDocumentClient,
  table: string,
  callerId: string,
  scope: string,
  key: string,
): Promise<IdempotencyRecord | undefined> {
  return readIdempotency(db, table, callerId, `${scope}:${key}`);
}
