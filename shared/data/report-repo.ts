import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ChainLevel, Report, TimelineEvent } from '../domain/model.ts';
import { cancellationReasons, isConditionFailure } from './client.ts';
import { DUE_SHARDS, INDEX, keys } from './keys.ts';

export type StoredEvent = TimelineEvent & { eventId: string };
export type MailRecord = { mailKey: string; status: 'sending' | 'sent'; to: string; subject: string; leaseUntil?: string; sentAt?: string; messageId?: string };
export type IdempotencyRecord = { requestHash: string; status: number; response: unknown; createdAt: string };
export type AckTokenRecord = { tokenHash: string; reportId: string; level: number; personId: string; expiresAt: string; usedAt?: string };

export class IdempotencyReplay extends Error {
  constructor(readonly record: IdempotencyRecord) {
    super('idempotency key already used');
  }
}

const IDEMPOTENCY_TTL_SECONDS = 24 * 3600;
const ttl = (iso: string, seconds: number) => Math.floor(new Date(iso).getTime() / 1000) + seconds;

function reportItem(r: Report): Record<string, unknown> {
  return {
    ...keys.report(r.reportId),
    GSI1PK: keys.orgReports(r.orgId),
    GSI1SK: `${r.submittedAt}#${r.reportId}`,
    ...(r.nextDueAt ? keys.due(r.reportId, r.nextDueAt) : {}),
    entity: 'report',
    ...r,
  };
}

function eventItem(reportId: string, e: StoredEvent): Record<string, unknown> {
  return { ...keys.event(reportId, e.at, e.eventId), entity: 'event', ...e };
}

function toReport(item: Record<string, unknown>): Report {
  const { PK: _a, SK: _b, GSI1PK: _c, GSI1SK: _d, GSI2PK: _e, GSI2SK: _f, entity: _g, ...rest } = item;
  return rest as Report;
}

/** Reports with their timeline, mail log, acknowledgement tokens and the idempotency records of their creation. */
export class ReportRepo {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  /**
   * Writes a new report, its first timeline events and (with a key) the idempotency record in one transaction.
   * @throws IdempotencyReplay when the caller already used the key: the first response is in the record.
   */
  async create(report: Report, events: StoredEvent[], idempotency?: { callerId: string; key: string; record: IdempotencyRecord }): Promise<void> {
    const items: NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']> = [
      { Put: { TableName: this.table, Item: reportItem(report), ConditionExpression: 'attribute_not_exists(PK)' } },
      ...events.map((e) => ({ Put: { TableName: this.table, Item: eventItem(report.reportId, e) } })),
    ];
    if (idempotency) {
      items.push({
        Put: {
          TableName: this.table,
          Item: { ...keys.idempotency(idempotency.callerId, idempotency.key), entity: 'idempotency', ...idempotency.record, ttl: ttl(idempotency.record.createdAt, IDEMPOTENCY_TTL_SECONDS) },
          ConditionExpression: 'attribute_not_exists(PK) OR #ttl < :now',
          ExpressionAttributeNames: { '#ttl': 'ttl' },
          ExpressionAttributeValues: { ':now': Math.floor(Date.now() / 1000) },
        },
      });
    }
    try {
      await this.db.send(new TransactWriteCommand({ TransactItems: items }));
    } catch (err) {
      const reasons = cancellationReasons(err);
      if (idempotency && reasons[items.length - 1] === 'ConditionalCheckFailed') {
        const existing = await this.getIdempotency(idempotency.callerId, idempotency.key);
        if (existing) throw new IdempotencyReplay(existing);
      }
      throw err;
    }
  }

  async getIdempotency(callerId: string, key: string): Promise<IdempotencyRecord | undefined> {
    const r = await this.db.send(new GetCommand({ TableName: this.table, Key: keys.idempotency(callerId, key), ConsistentRead: true }));
    if (!r.Item || (r.Item.ttl as number) < Date.now() / 1000) return undefined;
    return { requestHash: r.Item.requestHash, status: r.Item.status, response: r.Item.response, createdAt: r.Item.createdAt };
  }

  async get(reportId: string): Promise<Report | undefined> {
    const r = await this.db.send(new GetCommand({ TableName: this.table, Key: keys.report(reportId), ConsistentRead: true }));
    return r.Item ? toReport(r.Item) : undefined;
  }

  /** The report with its timeline and mail log: one Query on the report's partition. */
  async getBundle(reportId: string): Promise<{ report: Report; events: StoredEvent[]; mails: MailRecord[] } | undefined> {
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const r = await this.db.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'PK = :pk',
          ExpressionAttributeValues: { ':pk': keys.reportPartition(reportId) },
          ExclusiveStartKey: start,
          ConsistentRead: true,
        }),
      );
      items.push(...(r.Items ?? []));
      start = r.LastEvaluatedKey;
    } while (start);
    const reportRow = items.find((i) => i.SK === 'REPORT');
    if (!reportRow) return undefined;
    const events = items.filter((i) => String(i.SK).startsWith('EVENT#')).map((i) => toReport(i) as unknown as StoredEvent);
    const mails = items.filter((i) => String(i.SK).startsWith('MAIL#')).map((i) => toReport(i) as unknown as MailRecord);
    return { report: toReport(reportRow), events, mails };
  }

  /**
   * Records the sign-off (签发) on a report, and with `forward` creates the linked report in the parent
   * organisation, in one transaction: the decision can be taken once, and a forwarded report never exists
   * without the decision that sent it.
   * @returns false if the report was signed off in the meantime.
   */
  async signOff(
    report: Report,
    signOff: NonNullable<Report['signOff']>,
    events: StoredEvent[],
    forwarded?: { report: Report; events: StoredEvent[] },
  ): Promise<boolean> {
    const items: NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']> = [
      {
        Update: {
          TableName: this.table,
          Key: keys.report(report.reportId),
          ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(signOff)',
          UpdateExpression: forwarded ? 'SET signOff = :s, forwardedReportId = :f' : 'SET signOff = :s',
          ExpressionAttributeValues: { ':s': signOff, ...(forwarded ? { ':f': forwarded.report.reportId } : {}) },
        },
      },
      ...events.map((e) => ({ Put: { TableName: this.table, Item: eventItem(report.reportId, e) } })),
    ];
    if (forwarded) {
      items.push({ Put: { TableName: this.table, Item: reportItem(forwarded.report), ConditionExpression: 'attribute_not_exists(PK)' } });
      items.push(...forwarded.events.map((e) => ({ Put: { TableName: this.table, Item: eventItem(forwarded.report.reportId, e) } })));
    }
    try {
      await this.db.send(new TransactWriteCommand({ TransactItems: items }));
      return true;
    } catch (err) {
      if (cancellationReasons(err)[0] === 'ConditionalCheckFailed') return false;
      throw err;
    }
  }

  /** Newest reports of an organisation first. */
  async listByOrg(orgId: string, limit: number, cursor?: Record<string, unknown>): Promise<{ items: Report[]; next?: Record<string, unknown> }> {
    const r = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: INDEX.byOwner,
        KeyConditionExpression: 'GSI1PK = :pk',
        ExpressionAttributeValues: { ':pk': keys.orgReports(orgId) },
        ScanIndexForward: false,
        Limit: limit,
        ExclusiveStartKey: cursor,
      }),
    );
    return { items: (r.Items ?? []).map(toReport), next: r.LastEvaluatedKey };
  }

  /**
   * Saves the escalation state if nobody else changed the report since `expectedVersion` was read
   * (optimistic lock): two overlapping checks cannot both advance the same step. Returns false on a lost race.
   */
  async saveEscalation(
    report: Report,
    expectedVersion: number,
    change: { chain: ChainLevel[]; status: Report['status']; nextDueAt: string | undefined },
    events: StoredEvent[],
    extra: NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']> = [],
  ): Promise<boolean> {
    const due = change.nextDueAt ? keys.due(report.reportId, change.nextDueAt) : undefined;
    const update = {
      TableName: this.table,
      Key: keys.report(report.reportId),
      ConditionExpression: 'version = :v',
      UpdateExpression: due
        ? 'SET chain = :c, #s = :s, version = :nv, nextDueAt = :d, GSI2PK = :gpk, GSI2SK = :gsk'
        : 'SET chain = :c, #s = :s, version = :nv REMOVE nextDueAt, GSI2PK, GSI2SK',
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: {
        ':c': change.chain,
        ':s': change.status,
        ':v': expectedVersion,
        ':nv': expectedVersion + 1,
        ...(due ? { ':d': change.nextDueAt, ':gpk': due.GSI2PK, ':gsk': due.GSI2SK } : {}),
      },
    };
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [{ Update: update }, ...events.map((e) => ({ Put: { TableName: this.table, Item: eventItem(report.reportId, e) } })), ...extra],
        }),
      );
      return true;
    } catch (err) {
      const reasons = cancellationReasons(err);
      if (reasons[0] === 'ConditionalCheckFailed') return false;
      throw err;
    }
  }

  /** Ids of reports whose next due instant is at or before `now`, read from the sparse due index only. */
  async dueReportIds(now: Date, limitPerShard = 200): Promise<{ ids: string[]; itemsRead: number }> {
    const ids: string[] = [];
    let itemsRead = 0;
    await Promise.all(
      Array.from({ length: DUE_SHARDS }, async (_, shard) => {
        let start: Record<string, unknown> | undefined;
        let taken = 0;
        do {
          const r = await this.db.send(
            new QueryCommand({
              TableName: this.table,
              IndexName: INDEX.byDue,
              KeyConditionExpression: 'GSI2PK = :pk AND GSI2SK <= :now',
              ExpressionAttributeValues: { ':pk': keys.dueShard(shard), ':now': `${now.toISOString()}#~` },
              ProjectionExpression: 'PK',
              ExclusiveStartKey: start,
              Limit: limitPerShard,
            }),
          );
          itemsRead += r.Count ?? 0;
          for (const i of r.Items ?? []) ids.push(String(i.PK).slice('REPORT#'.length));
          taken += r.Count ?? 0;
          start = r.LastEvaluatedKey;
        } while (start && taken < limitPerShard);
      }),
    );
    return { ids, itemsRead };
  }

  /**
   * Claims the right to send one mail (send-once). 'acquired': send it now, then `markMailSent`; 'sent': it went
   * already; 'busy': another worker holds a live lease and will send it.
   */
  async claimMail(reportId: string, mailKey: string, to: string, subject: string, now: Date, leaseSeconds = 120): Promise<'acquired' | 'sent' | 'busy'> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...keys.mail(reportId, mailKey), entity: 'mail', mailKey, status: 'sending', to, subject, leaseUntil: new Date(now.getTime() + leaseSeconds * 1000).toISOString() },
          ConditionExpression: 'attribute_not_exists(PK) OR (#s = :sending AND leaseUntil < :now)',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':sending': 'sending', ':now': now.toISOString() },
        }),
      );
      return 'acquired';
    } catch (err) {
      if (!isConditionFailure(err)) throw err;
      const r = await this.db.send(new GetCommand({ TableName: this.table, Key: keys.mail(reportId, mailKey), ConsistentRead: true }));
      return r.Item?.status === 'sent' ? 'sent' : 'busy';
    }
  }

  async markMailSent(reportId: string, mailKey: string, sentAt: Date, messageId: string | undefined): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.table,
        Key: keys.mail(reportId, mailKey),
        UpdateExpression: 'SET #s = :sent, sentAt = :at, messageId = :id REMOVE leaseUntil',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':sent': 'sent', ':at': sentAt.toISOString(), ':id': messageId ?? null },
      }),
    );
  }

  /** Releases a lease after a failed send, so the retry does not wait for the lease to run out. */
  async releaseMail(reportId: string, mailKey: string): Promise<void> {
    await this.db
      .send(
        new UpdateCommand({
          TableName: this.table,
          Key: keys.mail(reportId, mailKey),
          ConditionExpression: '#s = :sending',
          UpdateExpression: 'SET leaseUntil = :past',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':sending': 'sending', ':past': new Date(0).toISOString() },
        }),
      )
      .catch((e) => {
        if (!isConditionFailure(e)) throw e;
      });
  }

  async putAckToken(t: AckTokenRecord): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.table,
        Item: { ...keys.ackToken(t.tokenHash), entity: 'ackToken', ...t, ttl: ttl(t.expiresAt, 7 * 24 * 3600) },
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    );
  }

  async getAckToken(tokenHash: string): Promise<AckTokenRecord | undefined> {
    const r = await this.db.send(new GetCommand({ TableName: this.table, Key: keys.ackToken(tokenHash), ConsistentRead: true }));
    if (!r.Item) return undefined;
    const { PK: _a, SK: _b, entity: _c, ttl: _d, ...rest } = r.Item;
    return rest as AckTokenRecord;
  }

  /** The transaction item that spends a token: it fails if the token was used in the meantime. */
  spendTokenItem(tokenHash: string, at: Date) {
    return {
      Update: {
        TableName: this.table,
        Key: keys.ackToken(tokenHash),
        ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(usedAt)',
        UpdateExpression: 'SET usedAt = :at',
        ExpressionAttributeValues: { ':at': at.toISOString() },
      },
    };
  }
}
