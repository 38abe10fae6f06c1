import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { isConditionFailure, queryAll, stripKeys } from '../platform/dynamo/client.ts';
import { INDEX } from '../platform/dynamo/keys.ts';
import { mailSlot } from '../platform/dynamo/mail-ledger.ts';
import type { MailSlot } from '../platform/mail/ledger.ts';
import type { ZeroDay, ZeroReportStore } from './zero-ports.ts';
import type { ZeroMissed, ZeroPeriod, ZeroReturn } from './rules/zero.ts';

/**
 * Keys of special periods (README "Zero reports" lists them with the access patterns): the period, its returns,
 * confirmed missed days and mail records in one partition; the organisation's list on GSI1; the due entry on GSI2
 * under a partition of its own, so the reports' due shards never see it.
 */
export const zeroKeys = {
  period: (periodId: string) => ({ PK: `ZEROPERIOD#${periodId}`, SK: 'PERIOD' }),
  partition: (periodId: string) => `ZEROPERIOD#${periodId}`,
  returnOf: (periodId: string, date: string, unitId: string) => ({
    PK: `ZEROPERIOD#${periodId}`,
    SK: `RETURN#${date}#${unitId}`,
  }),
  missed: (periodId: string, date: string, unitId: string) => ({
    PK: `ZEROPERIOD#${periodId}`,
    SK: `MISSED#${date}#${unitId}`,
  }),
  mail: (periodId: string, mailKey: string) => ({ PK: `ZEROPERIOD#${periodId}`, SK: `MAIL#${mailKey}` }),
  orgPeriods: (orgId: string) => `ORG#${orgId}#ZEROPERIODS`,
  due: 'ZERODUE',
};

function periodItem(p: ZeroPeriod): Record<string, unknown> {
  return {
    ...zeroKeys.period(p.periodId),
    GSI1PK: zeroKeys.orgPeriods(p.orgId),
    GSI1SK: `${p.from}#${p.periodId}`,
    ...(p.nextDueAt ? { GSI2PK: zeroKeys.due, GSI2SK: `${p.nextDueAt}#${p.periodId}` } : {}),
    entity: 'zeroPeriod',
    ...p,
  };
}

export class ZeroReportRepo implements ZeroReportStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async createPeriod(p: ZeroPeriod): Promise<void> {
    await this.db.send(
      new PutCommand({ TableName: this.table, Item: periodItem(p), ConditionExpression: 'attribute_not_exists(PK)' }),
    );
  }

  async getPeriod(periodId: string): Promise<ZeroPeriod | undefined> {
    const r = await this.db.send(
      new GetCommand({ TableName: this.table, Key: zeroKeys.period(periodId), ConsistentRead: true }),
    );
    return r.Item ? stripKeys<ZeroPeriod>(r.Item) : undefined;
  }

  async getDay(periodId: string, date: string): Promise<ZeroDay | undefined> {
    const [period, rows] = await Promise.all([
      this.getPeriod(periodId),
      queryAll<Record<string, unknown>>(this.db, {
        TableName: this.table,
        KeyConditionExpression: 'PK = :pk AND SK BETWEEN :a AND :b',
        ExpressionAttributeValues: { ':pk': zeroKeys.partition(periodId), ':a': 'MISSED#', ':b': 'RETURN#~' },
        ConsistentRead: true,
      }),
    ]);
    if (!period) return undefined;
    const of = (prefix: string) => rows.filter((r) => String(r.SK).startsWith(`${prefix}#${date}#`));
    return {
      period,
      returns: of('RETURN').map((r) => stripKeys<ZeroReturn>(r)),
      missed: of('MISSED').map((r) => stripKeys<ZeroMissed>(r)),
    };
  }

  async listPeriods(orgId: string, limit = 50): Promise<ZeroPeriod[]> {
    const r = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: INDEX.byOwner,
        KeyConditionExpression: 'GSI1PK = :pk',
        ExpressionAttributeValues: { ':pk': zeroKeys.orgPeriods(orgId) },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (r.Items ?? []).map((i) => stripKeys<ZeroPeriod>(i));
  }

  private async putOnce(item: Record<string, unknown>): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({ TableName: this.table, Item: item, ConditionExpression: 'attribute_not_exists(PK)' }),
      );
      return true;
    } catch (err) {
      if (isConditionFailure(err)) return false;
      throw err;
    }
  }

  putReturn(r: ZeroReturn): Promise<boolean> {
    return this.putOnce({ ...zeroKeys.returnOf(r.periodId, r.date, r.unitId), entity: 'zeroReturn', ...r });
  }

  putMissed(m: ZeroMissed): Promise<boolean> {
    return this.putOnce({ ...zeroKeys.missed(m.periodId, m.date, m.unitId), entity: 'zeroMissed', ...m });
  }

  async saveNextDue(p: ZeroPeriod, nextDueAt: string | undefined): Promise<boolean> {
    const set = nextDueAt ? ', nextDueAt = :d, GSI2PK = :gpk, GSI2SK = :gsk' : '';
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: zeroKeys.period(p.periodId),
          ConditionExpression: 'version = :v',
          UpdateExpression: `SET version = :nv${set}${nextDueAt ? '' : ' REMOVE nextDueAt, GSI2PK, GSI2SK'}`,
          ExpressionAttributeValues: {
            ':v': p.version,
            ':nv': p.version + 1,
            ...(nextDueAt ? { ':d': nextDueAt, ':gpk': zeroKeys.due, ':gsk': `${nextDueAt}#${p.periodId}` } : {}),
          },
        }),
      );
      return true;
    } catch (err) {
      if (isConditionFailure(err)) return false;
      throw err;
    }
  }

  async duePeriodIds(now: Date): Promise<{ ids: string[]; itemsRead: number }> {
    const rows = await queryAll<Record<string, unknown>>(this.db, {
      TableName: this.table,
      IndexName: INDEX.byDue,
      KeyConditionExpression: 'GSI2PK = :pk AND GSI2SK <= :now',
      ExpressionAttributeValues: { ':pk': zeroKeys.due, ':now': `${now.toISOString()}#~` },
      ProjectionExpression: 'PK',
    });
    return { ids: rows.map((r) => String(r.PK).slice('ZEROPERIOD#'.length)), itemsRead: rows.length };
  }

  mailSlot(periodId: string, mailKey: string): MailSlot {
    return mailSlot(this.db, this.table, zeroKeys.mail(periodId, mailKey), mailKey);
  }
}
