import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  DynamoDBDocumentClient,
  paginateQuery,
  QueryCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { INDEX } from './keys.ts';

let doc: DynamoDBDocumentClient | undefined;

/** One document client per container; the endpoint comes from AWS_ENDPOINT_URL_DYNAMODB when set (locally). */
export function documentClient(): DynamoDBDocumentClient {
  doc ??= DynamoDBDocumentClient.from(new DynamoDBClient({ maxAttempts: 4 }), {
    marshallOptions: { removeUndefinedValues: true },
  });
  return doc;
}

export function isConditionFailure(err: unknown): boolean {
  const name = (err as { name?: string })?.name;
  return name === 'ConditionalCheckFailedException';
}

/** The reasons of a cancelled transaction, in the order of its items ('ConditionalCheckFailed', 'None', …). */
export function cancellationReasons(err: unknown): string[] {
  if ((err as { name?: string })?.name !== 'TransactionCanceledException') return [];
  const reasons = (err as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
  if (reasons.length) return reasons.map((r) => r.Code ?? 'None');
  // Some emulators only put the reasons in the message: "... [ConditionalCheckFailed, None]".
  const m = /\[([^\]]*)\]/.exec((err as Error).message);
  return m ? m[1]!.split(',').map((s) => s.trim()) : [];
}

/** Every item a Query matches, page after page (for reads bounded by their key: a report's partition, a month's rows). */
export async function queryAll<T = Record<string, unknown>>(
  db: DynamoDBDocumentClient,
  input: QueryCommandInput,
): Promise<T[]> {
  const out: T[] = [];
  for await (const page of paginateQuery({ client: db }, input)) out.push(...((page.Items ?? []) as T[]));
  return out;
}

/** A stored row without the table's and the indexes' keys: the record itself. */
export function stripKeys<T>(row: Record<string, unknown>): T {
  const { PK: _a, SK: _b, GSI1PK: _c, GSI1SK: _d, GSI2PK: _e, GSI2SK: _f, entity: _g, ...rest } = row;
  return rest as T;
}

/** One page of a Query (at most `page.limit` rows, from `page.cursor`): its records and where the next page starts. */
export async function queryPage<T>(
  db: DynamoDBDocumentClient,
  input: QueryCommandInput,
  page: { limit: number; cursor?: Record<string, unknown> },
): Promise<{ items: T[]; next?: Record<string, unknown> }> {
  const r = await db.send(new QueryCommand({ ...input, Limit: page.limit, ExclusiveStartKey: page.cursor }));
  return { items: (r.Items ?? []).map((i) => stripKeys<T>(i)), next: r.LastEvaluatedKey };
}

/** The records of a Query, page after page, until at least `limit` were read or there are no more. */
export async function queryUpTo<T>(db: DynamoDBDocumentClient, input: QueryCommandInput, limit: number): Promise<T[]> {
  const out: T[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const r = await db.send(new QueryCommand({ ...input, ExclusiveStartKey: start }));
    out.push(...(r.Items ?? []).map((i) => stripKeys<T>(i)));
    start = r.LastEvaluatedKey;
  } while (start && out.length < limit);
  return out;
}

/** The GSI1 key `pk`, whole or its sort keys (`<instant>#<id>`) in [from, to]: an owner's list, by instant. */
export function ownerKey(
  pk: string,
  range?: { from: string; to: string },
): Pick<QueryCommandInput, 'IndexName' | 'KeyConditionExpression' | 'ExpressionAttributeValues'> {
  return {
    IndexName: INDEX.byOwner,
    KeyConditionExpression: range ? 'GSI1PK = :pk AND GSI1SK BETWEEN :from AND :to' : 'GSI1PK = :pk',
    ExpressionAttributeValues: { ':pk': pk, ...(range ? { ':from': range.from, ':to': `${range.to}#~` } : {}) },
  };
}

/**
 * The rows at these keys (BatchGetItem, 100 keys a call; keys DynamoDB left unprocessed are asked again after a
 * growing wait, at most `maxAttempts` calls per hundred). Rows come back as stored, in no particular order.
 */
export async function batchGetRows(
  db: DynamoDBDocumentClient,
  table: string,
  keyList: readonly Record<string, unknown>[],
  opts: { maxAttempts?: number; projection?: string; consistent?: boolean } = {},
): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  const { maxAttempts = Number.POSITIVE_INFINITY } = opts;
  for (let i = 0; i < keyList.length; i += 100) {
    let batch: Record<string, unknown>[] | undefined = keyList.slice(i, i + 100);
    for (let n = 0; batch?.length && n < maxAttempts; n++) {
      if (n > 0) await new Promise((res) => setTimeout(res, Math.min(1000, 50 * 2 ** (n - 1))));
      const request = {
        Keys: batch,
        ...(opts.projection ? { ProjectionExpression: opts.projection } : {}),
        ...(opts.consistent ? { ConsistentRead: true } : {}),
      };
      const r = await db.send(new BatchGetCommand({ RequestItems: { [table]: request } }));
      out.push(...(r.Responses?.[table] ?? []));
      batch = r.UnprocessedKeys?.[table]?.Keys as Record<string, unknown>[] | undefined;
    }
  }
  return out;
}

/**
 * The query for the newest `limit` rows of partition `pk` whose sort key lies from `from` to `to`: the version of a
 * dated row in effect at `to` (a configuration by month, a target by month).
 */
export function newestInRange(table: string, pk: string, from: string, to: string, limit: number): QueryCommandInput {
  return {
    TableName: table,
    KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
    ExpressionAttributeValues: { ':pk': pk, ':from': from, ':to': to },
    ScanIndexForward: false,
    Limit: limit,
  };
}
