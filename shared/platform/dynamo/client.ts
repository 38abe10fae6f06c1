import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, paginateQuery, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';

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
export async function queryAll<T = Record<string, unknown>>(db: DynamoDBDocumentClient, input: QueryCommandInput): Promise<T[]> {
  const out: T[] = [];
  for await (const page of paginateQuery({ client: db }, input)) out.push(...((page.Items ?? []) as T[]));
  return out;
}
