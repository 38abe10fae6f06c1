import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** The last number a gapless counter (第N期, 第N号) gave out; 0 before the first. */
export async function readCounter(
  db: DynamoDBDocumentClient,
  table: string,
  key: { PK: string; SK: string },
): Promise<number> {
  const r = await db.send(new GetCommand({ TableName: table, Key: key, ConsistentRead: true }));
  return (r.Item?.last as number | undefined) ?? 0;
}

/**
 * The transaction item that moves a gapless counter from `number − 1` to `number`: in the same transaction as what
 * gets the number, so a number is never given twice and never skipped (a lost race cancels the whole transaction).
 */
export function counterStep(table: string, key: { PK: string; SK: string }, number: number, at: string) {
  return {
    Put: {
      TableName: table,
      Item: { ...key, entity: 'counter', last: number, updatedAt: at },
      ConditionExpression: number === 1 ? 'attribute_not_exists(PK)' : '#last = :prev',
      ...(number === 1
        ? {}
        : { ExpressionAttributeNames: { '#last': 'last' }, ExpressionAttributeValues: { ':prev': number - 1 } }),
    },
  };
}
