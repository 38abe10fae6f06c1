import { TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { counterStep, readCounter } from '../platform/dynamo/counter.ts';
import { keys } from '../platform/dynamo/keys.ts';
import type { DocNumber, Report } from './rules/model.ts';

/** The last 信息专报 number of an organisation's year (0 before the first). */
export function lastDocNumber(db: DynamoDBDocumentClient, table: string, orgId: string, year: number): Promise<number> {
  return readCounter(db, table, keys.reportDocCounter(orgId, year));
}

/**
 * The counter's step from N − 1 to N and the number on the report, in one transaction: the report takes a number once
 * (`attribute_not_exists(docNumber)`), and a number is never given twice or skipped. False when either lost a race.
 */
export async function takeDocNumber(
  db: DynamoDBDocumentClient,
  table: string,
  report: Report,
  n: DocNumber,
): Promise<boolean> {
  try {
    await db.send(
      new TransactWriteCommand({
        TransactItems: [
          counterStep(table, keys.reportDocCounter(report.orgId, n.year), n.number, n.takenAt),
          {
            Update: {
              TableName: table,
              Key: keys.report(report.reportId),
              ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(docNumber)',
              UpdateExpression: 'SET docNumber = :n',
              ExpressionAttributeValues: { ':n': n },
            },
          },
        ],
      }),
    );
    return true;
  } catch (err) {
    if ((err as Error).name === 'TransactionCanceledException') return false;
    throw err;
  }
}
