import { PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient, TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { IdempotencyReplay, type IdempotencyRecord } from '../kernel/once.ts';
import type { Writes } from '../kernel/writes.ts';
import { cancellationReasons, isConditionFailure } from './client.ts';
import { idempotencyPut, readIdempotency } from './idempotency.ts';

/** One write of a DynamoDB transaction. */
export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** A repository's writes, handed to another repository's transaction. */
export const asWrites = (items: TransactItem[]): Writes => items as unknown as Writes;
/** The writes another repository handed over, to add to this transaction. */
export const itemsOf = (writes: Writes | undefined): TransactItem[] => (writes ?? []) as unknown as TransactItem[];

/** The idempotency record of a creation, as a repository writes it: under the caller's (scoped) key. */
export type KeyedCreation = { callerId: string; key: string; record: IdempotencyRecord };

/**
 * Commits `items` in one transaction, with the idempotency record of the caller's key last when there is one. When
 * the transaction is cancelled because that key was used meanwhile, the first answer wins: `IdempotencyReplay` with
 * its record. Any other failure is thrown as it is, with `cancellationReasons` for the repository to read.
 */
export async function transactCreation(
  db: DynamoDBDocumentClient,
  table: string,
  items: TransactItem[],
  creation?: KeyedCreation,
): Promise<void> {
  const all = creation ? [...items, idempotencyPut(table, creation.callerId, creation.key, creation.record)] : items;
  try {
    await db.send(new TransactWriteCommand({ TransactItems: all }));
  } catch (err) {
    if (creation && cancellationReasons(err)[all.length - 1] === 'ConditionalCheckFailed') {
      const existing = await readIdempotency(db, table, creation.callerId, creation.key);
      if (existing) throw new IdempotencyReplay(existing);
    }
    throw err;
  }
}

/** The Put of a record under its optimistic lock: a new one (no such key yet), or over the version that was read. */
export function versionedPut(table: string, item: Record<string, unknown>, expectedVersion?: number): TransactItem {
  return {
    Put: {
      TableName: table,
      Item: item,
      ConditionExpression: expectedVersion === undefined ? 'attribute_not_exists(PK)' : 'version = :v',
      ...(expectedVersion === undefined ? {} : { ExpressionAttributeValues: { ':v': expectedVersion } }),
    },
  };
}

/** DynamoDB's limit of items in one TransactWrite, less one kept for an idempotency record. */
export const MAX_TRANSACTION_ITEMS = 99;

/**
 * A change's rows with the outbox rows it causes (`mails`, handed over by the mailer's `stage`): all in the change's
 * own transaction while they stay within DynamoDB's 100 items; otherwise the change alone, and `after` the mails,
 * written right after it commits (`putEach`): a crash in between loses those, as in a published issue of that size.
 */
export function withMails(
  rows: TransactItem[],
  mails: Writes[] | undefined,
): { rows: TransactItem[]; after: TransactItem[] } {
  const mailRows = (mails ?? []).flatMap(itemsOf);
  if (rows.length + mailRows.length <= MAX_TRANSACTION_ITEMS) return { rows: [...rows, ...mailRows], after: [] };
  return { rows, after: mailRows };
}

/** Writes each Put on its own; one whose condition fails (the same record, written before) is success. */
export async function putEach(db: DynamoDBDocumentClient, items: TransactItem[]): Promise<void> {
  for (const r of items)
    await db.send(new PutCommand(r.Put as never)).catch((err) => {
      if (!isConditionFailure(err)) throw err;
    });
}

/**
 * Commits `items` in one transaction unless the first one's condition fails (a limit reached, a record changed
 * meanwhile): true when committed, false when it did not. Any other failure is thrown.
 */
export async function transactUnlessFirstRefused(db: DynamoDBDocumentClient, items: TransactItem[]): Promise<boolean> {
  try {
    await db.send(new TransactWriteCommand({ TransactItems: items }));
    return true;
  } catch (err) {
    if (cancellationReasons(err)[0] === 'ConditionalCheckFailed') return false;
    throw err;
  }
}
