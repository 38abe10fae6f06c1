import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { queryAll, stripKeys } from './client.ts';

/** The rows of one partition, as records: a record and what is kept beside it (its history, revisions, mails). */
export type Partition = {
  /** The record at sort key `sk`, if it is stored. */
  one<T>(sk: string): T | undefined;
  /** The records whose sort keys start with `prefix`, in the order of their sort keys. */
  all<T>(prefix: string): T[];
};

/** Every row of the partition `pk`, read consistently, page after page: one Query however many pages. */
export async function readPartition(db: DynamoDBDocumentClient, table: string, pk: string): Promise<Partition> {
  const rows = await queryAll(db, {
    TableName: table,
    KeyConditionExpression: 'PK = :pk',
    ExpressionAttributeValues: { ':pk': pk },
    ConsistentRead: true,
  });
  return {
    one<T>(sk: string) {
      const row = rows.find((r) => r.SK === sk);
      return row ? stripKeys<T>(row) : undefined;
    },
    all<T>(prefix: string) {
      return rows.filter((r) => String(r.SK).startsWith(prefix)).map((r) => stripKeys<T>(r));
    },
  };
}
