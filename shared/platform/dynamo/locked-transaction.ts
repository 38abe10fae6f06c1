import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { cancellationReasons } from './client.ts';
import { type KeyedCreation, type TransactItem, transactCreation } from './transaction.ts';

/** Which write of a cancelled transaction lost: its index, or `conflict` when another transaction held an item. */
export type LostWrite = number | 'conflict';

/**
 * Commits `items` like `transactCreation` (the creation's idempotency record last); when a condition fails, or a
 * concurrent transaction holds one of the items, the transaction is cancelled and `lost` makes what is thrown: the
 * repository's stale error naming what changed meanwhile. The first failed condition wins over a conflict; any other
 * failure (an `IdempotencyReplay` among them) is thrown as it is.
 */
export async function transactLocked(
  db: DynamoDBDocumentClient,
  table: string,
  items: TransactItem[],
  creation: KeyedCreation | undefined,
  lost: (write: LostWrite) => Error,
): Promise<void> {
  try {
    await transactCreation(db, table, items, creation);
  } catch (err) {
    const reasons = cancellationReasons(err);
    const failed = reasons.indexOf('ConditionalCheckFailed');
    if (failed >= 0) throw lost(failed);
    if (reasons.includes('TransactionConflict')) throw lost('conflict');
    throw err;
  }
}
