import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

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
