import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { stripKeys } from '../platform/dynamo/client.ts';
import { transactUnlessFirstRefused } from '../platform/dynamo/transaction.ts';
import type { AttachmentStore } from './ports.ts';
import type { Attachment } from './rules/attachment.ts';

/**
 * Keys of attachments (README "Attachments"): the record's files and their count in a partition of the record's
 * own (`ATTACH#report/ID`), and one item per attachment by its id for the download and confirm links.
 */
export const attachmentKeys = {
  partition: (record: string) => `ATTACH#${record}`,
  file: (record: string, attachmentId: string) => ({ PK: `ATTACH#${record}`, SK: `FILE#${attachmentId}` }),
  count: (record: string) => ({ PK: `ATTACH#${record}`, SK: 'COUNT' }),
  byId: (attachmentId: string) => ({ PK: `ATTACHMENT#${attachmentId}`, SK: 'ATTACHMENT' }),
};

export class AttachmentRepo implements AttachmentStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async listOf(record: string): Promise<Attachment[]> {
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :file)',
        ExpressionAttributeValues: { ':pk': attachmentKeys.partition(record), ':file': 'FILE#' },
      }),
    );
    return (out.Items ?? []).map((row) => stripKeys<Attachment>(row));
  }

  async get(attachmentId: string): Promise<Attachment | undefined> {
    const out = await this.db.send(new GetCommand({ TableName: this.table, Key: attachmentKeys.byId(attachmentId) }));
    return out.Item ? stripKeys<Attachment>(out.Item) : undefined;
  }

  async add(a: Attachment, max: number): Promise<boolean> {
    return transactUnlessFirstRefused(this.db, [
      {
        Update: {
          TableName: this.table,
          Key: attachmentKeys.count(a.record),
          UpdateExpression: 'SET n = if_not_exists(n, :zero) + :one',
          ConditionExpression: 'attribute_not_exists(n) OR n < :max',
          ExpressionAttributeValues: { ':zero': 0, ':one': 1, ':max': max },
        },
      },
      {
        Put: {
          TableName: this.table,
          Item: { ...attachmentKeys.file(a.record, a.attachmentId), ...a },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
      {
        Put: {
          TableName: this.table,
          Item: { ...attachmentKeys.byId(a.attachmentId), ...a },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
    ]);
  }
}
