import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { cancellationReasons, ownerKey, queryAll } from './client.ts';
import { INDEX, keys } from './keys.ts';
import type { TransactItem } from './transaction.ts';

/** A one-off migration over one GSI1 key of every organisation: what it reads, and what it does with each row. */
export type OrgBackfill = {
  /** The marker item's partition (`MIGRATION#<name>`): where the migration stopped, and once `done`, that it ran. */
  marker: string;
  /** The GSI1 key of an organisation's rows to visit (its reports, its adopted items). */
  ownerPk: (orgId: string) => string;
  /** Does what the migration is for with one stored row; a row it cannot handle is passed over, the others go on. */
  visit: (row: Record<string, unknown>) => Promise<void>;
};

/** Where a migration stopped: the organisation it was at and the last key it read there. */
type Marker = { done?: boolean; orgId?: string; cursor?: Record<string, unknown> };

/**
 * Runs a migration for at most `budget` rows: every organisation (GSI1 `ORGS`, by id), the rows of each under its
 * `ownerPk`, page after page. Where it stopped is kept in the marker, so a call that runs out of budget loses nothing
 * and the next one goes on from there; the call that reaches the end marks it `done`, and later calls read the marker
 * alone (`ran` false).
 */
export async function backfillEachOrg(
  db: DynamoDBDocumentClient,
  table: string,
  job: OrgBackfill,
  budget: number,
): Promise<{ ran: boolean; rows: number; done: boolean }> {
  const markerKey = { PK: job.marker, SK: 'MIGRATION' };
  const got = await db.send(new GetCommand({ TableName: table, Key: markerKey }));
  const marker = (got.Item ?? {}) as Marker;
  if (marker.done) return { ran: false, rows: 0, done: true };
  const orgs = await queryAll(db, {
    TableName: table,
    IndexName: INDEX.byOwner,
    KeyConditionExpression: marker.orgId ? 'GSI1PK = :pk AND GSI1SK >= :from' : 'GSI1PK = :pk',
    ExpressionAttributeValues: { ':pk': keys.orgList(), ...(marker.orgId ? { ':from': marker.orgId } : {}) },
    ProjectionExpression: 'orgId',
  });
  let rows = 0;
  let cursor = marker.cursor;
  const stop = async (at: Marker) => {
    await db.send(new PutCommand({ TableName: table, Item: { ...markerKey, at: new Date().toISOString(), ...at } }));
    return { ran: true, rows, done: at.done === true };
  };
  for (const [n, o] of orgs.entries()) {
    const orgId = String(o.orgId);
    do {
      const page = await db.send(
        new QueryCommand({
          TableName: table,
          ...ownerKey(job.ownerPk(orgId)),
          ExclusiveStartKey: cursor,
          Limit: Math.max(1, Math.min(100, budget - rows)),
        }),
      );
      for (const row of page.Items ?? []) {
        rows++;
        try {
          await job.visit(row);
        } catch {
          // A record this version cannot read (a partial row) is left as it is; the others go on.
        }
      }
      cursor = page.LastEvaluatedKey;
      if (rows >= budget && cursor) return stop({ orgId, cursor });
    } while (cursor);
    // The budget spent at an organisation's end: the next call starts with the next organisation.
    const next = orgs[n + 1];
    if (rows >= budget && next) return stop({ orgId: String(next.orgId) });
  }
  return stop({ done: true });
}

/**
 * A migration's write: `puts` on condition that the record at `key` is still at `version` (a record stored before
 * versions were kept has none). `stale` when the record changed meanwhile (read it again), `present` when a put's own
 * condition failed (what it writes is there already); nothing is written then.
 */
export async function putIfUnchanged(
  db: DynamoDBDocumentClient,
  table: string,
  record: { key: Record<string, unknown>; version?: number },
  puts: TransactItem[],
): Promise<'written' | 'present' | 'stale'> {
  const unchanged =
    typeof record.version === 'number'
      ? { ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': record.version } }
      : { ConditionExpression: 'attribute_not_exists(version)' };
  try {
    await db.send(
      new TransactWriteCommand({
        TransactItems: [{ ConditionCheck: { TableName: table, Key: record.key, ...unchanged } }, ...puts],
      }),
    );
    return 'written';
  } catch (err) {
    const reasons = cancellationReasons(err);
    if (reasons[0] === 'ConditionalCheckFailed') return 'stale';
    if (reasons.includes('ConditionalCheckFailed')) return 'present';
    throw err;
  }
}
