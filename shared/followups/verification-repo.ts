import { GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { cancellationReasons, queryAll, stripKeys } from '../platform/dynamo/client.ts';
import { INDEX, keys } from '../platform/dynamo/keys.ts';
import { mailSlot } from '../platform/dynamo/mail-ledger.ts';
import { versionedPut, type TransactItem } from '../platform/dynamo/transaction.ts';
import type { MailSlot } from '../platform/mail/ledger.ts';
import type { VerificationStore } from './ports.ts';
import { nextDueOf, type VerificationRequest } from './rules/verification.ts';

/**
 * 核报 requests (issue 17). One item per request (`VERIFY#<id>`, `VERIFY`), which carries GSI1 `VERIFY_DUE` /
 * `<due>#<id>` while something is due (its mails, then its deadline); while it is open, a copy in the asked
 * organisation's partition (`VERIFY_IN#<id>`: its 待办 and 督办) and in the asking one's (`VERIFY_OUT#<id>`: its
 * 督办), written and removed in the request's own transactions. Lists read exactly the open requests.
 */
export class VerificationRepo implements VerificationStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  private items(r: VerificationRequest, expectedVersion: number | undefined): TransactItem[] {
    const due = nextDueOf(r);
    const main = versionedPut(
      this.table,
      {
        ...keys.verification(r.requestId),
        ...(due ? { GSI1PK: keys.verificationsDue(), GSI1SK: `${due}#${r.requestId}` } : {}),
        entity: 'verification',
        ...r,
      },
      expectedVersion,
    );
    const rows = [keys.verificationIn(r.targetOrgId, r.requestId), keys.verificationOut(r.orgId, r.requestId)];
    return [
      main,
      ...rows.map(
        (key): TransactItem =>
          r.state === 'open'
            ? { Put: { TableName: this.table, Item: { ...key, entity: 'verificationRow', ...r } } }
            : { Delete: { TableName: this.table, Key: key } },
      ),
    ];
  }

  async create(r: VerificationRequest): Promise<void> {
    await this.db.send(new TransactWriteCommand({ TransactItems: this.items(r, undefined) }));
  }

  async get(requestId: string): Promise<VerificationRequest | undefined> {
    const r = await this.db.send(new GetCommand({ TableName: this.table, Key: keys.verification(requestId) }));
    return r.Item?.entity === 'verification' ? stripKeys<VerificationRequest>(r.Item) : undefined;
  }

  async save(r: VerificationRequest, expectedVersion: number): Promise<boolean> {
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: this.items({ ...r, version: expectedVersion + 1 }, expectedVersion),
        }),
      );
      return true;
    } catch (err) {
      if (cancellationReasons(err)[0] === 'ConditionalCheckFailed') return false;
      throw err;
    }
  }

  private async rows(orgId: string, prefix: string): Promise<VerificationRequest[]> {
    const items = await queryAll(this.db, {
      TableName: this.table,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :p)',
      ExpressionAttributeValues: { ':pk': keys.org(orgId).PK, ':p': prefix },
    });
    return items.map((i) => stripKeys<VerificationRequest>(i)).sort((a, b) => a.dueAt.localeCompare(b.dueAt));
  }

  openFor(targetOrgId: string): Promise<VerificationRequest[]> {
    return this.rows(targetOrgId, keys.verificationInPrefix);
  }

  openSentBy(orgId: string): Promise<VerificationRequest[]> {
    return this.rows(orgId, keys.verificationOutPrefix);
  }

  async dueBy(now: Date, limit = 200): Promise<{ ids: string[]; itemsRead: number }> {
    const r = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: INDEX.byOwner,
        KeyConditionExpression: 'GSI1PK = :pk AND GSI1SK <= :now',
        ExpressionAttributeValues: { ':pk': keys.verificationsDue(), ':now': `${now.toISOString()}#~` },
        ProjectionExpression: 'requestId',
        Limit: limit,
      }),
    );
    return { ids: (r.Items ?? []).map((i) => String(i.requestId)), itemsRead: r.Count ?? 0 };
  }

  /** The organisations whose parent is `orgId`: the organisations' list (GSI1 `ORGS`), filtered by parent. */
  async lowerOrgsOf(orgId: string): Promise<{ orgId: string; name: string }[]> {
    const items = await queryAll(this.db, {
      TableName: this.table,
      IndexName: INDEX.byOwner,
      KeyConditionExpression: 'GSI1PK = :pk',
      FilterExpression: 'parentOrgId = :p',
      ExpressionAttributeValues: { ':pk': keys.orgList(), ':p': orgId },
      ProjectionExpression: 'orgId, #n',
      ExpressionAttributeNames: { '#n': 'name' },
    });
    return items
      .map((i) => ({ orgId: String(i.orgId), name: String(i.name) }))
      .sort((a, b) => a.name.localeCompare(b.name, 'zh'));
  }

  mailSlot(requestId: string, mailKey: string): MailSlot {
    return mailSlot(this.db, this.table, keys.verificationMail(requestId, mailKey), mailKey);
  }
}
