import { BatchWriteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { DepartmentScore, MonthScores, PersonScore } from './rules/scoring.ts';
import { batchGetRows, queryAll } from '../platform/dynamo/client.ts';
import { mailSlot } from '../platform/dynamo/mail-ledger.ts';
import type { MailSlot } from '../platform/mail/ledger.ts';
import { INDEX, keys } from '../platform/dynamo/keys.ts';
import type { OrgSummary, PeriodWanted, PublishedQuarter, ScoreHeader, ScoreStore, StoredMonth } from './ports.ts';
import type { MonthFigures } from './rules/dashboard.ts';
import type { LowerOrgScore } from './rules/lower-orgs.ts';

const strip = <T>(row: Record<string, unknown>): T => {
  const { PK: _a, SK: _b, entity: _e, ...rest } = row;
  return rest as T;
};

/**
 * Monthly scores (issue 7): one row per department and per person under `ORG#<orgId>`, `SCORES#<month>#…`, written
 * whole on every computation (so recomputing gives the same rows), and the send-once records of the mails.
 */
export class ScoreRepo implements ScoreStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  /** Every organisation (id and zone): the `ORGS` key of GSI1, page by page. Never a scan. */
  async listOrgs(): Promise<OrgSummary[]> {
    return queryAll<OrgSummary>(this.db, {
      TableName: this.table,
      IndexName: INDEX.byOwner,
      KeyConditionExpression: 'GSI1PK = :pk',
      ExpressionAttributeValues: { ':pk': keys.orgList() },
      ProjectionExpression: 'orgId, #tz, #n, createdAt',
      ExpressionAttributeNames: { '#n': 'name', '#tz': 'timezone' },
    });
  }

  async getHeader(orgId: string, month: string): Promise<ScoreHeader | undefined> {
    const r = await this.db.send(
      new GetCommand({ TableName: this.table, Key: keys.monthScore(orgId, month, 'HEADER'), ConsistentRead: true }),
    );
    return r.Item ? strip<ScoreHeader>(r.Item) : undefined;
  }

  /** A month's stored scores: one Query on the month's prefix. */
  async readMonth(orgId: string, month: string): Promise<StoredMonth | undefined> {
    const rows = await queryAll(this.db, {
      TableName: this.table,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :p)',
      ExpressionAttributeValues: { ':pk': keys.org(orgId).PK, ':p': keys.monthScoresPrefix(month) },
      ConsistentRead: true,
    });
    const header = rows.find((r) => r.entity === 'scoreHeader');
    if (!header) return undefined;
    return {
      header: strip<ScoreHeader>(header),
      departments: rows
        .filter((r) => r.entity === 'departmentScore')
        .map((r) => strip<DepartmentScore>(r))
        .sort((a, b) => a.rank - b.rank || a.name.localeCompare(b.name, 'zh')),
      people: rows.filter((r) => r.entity === 'personScore').map((r) => strip<PersonScore>(r)),
    };
  }

  /** A person's stored officer row of a month (what they were paid for their own items), if any. */
  async getOfficerScore(orgId: string, month: string, personId: string): Promise<PersonScore | undefined> {
    const rows = await queryAll(this.db, {
      TableName: this.table,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :p)',
      ExpressionAttributeValues: {
        ':pk': keys.org(orgId).PK,
        ':p': `${keys.monthScoresPrefix(month)}PERSON#${personId}`,
      },
    });
    const row = rows.map((r) => strip<PersonScore>(r)).find((r) => r.personId === personId && r.role === 'officer');
    return row;
  }

  /**
   * Writes a month's result: every row is replaced by the new computation, rows of departments or people no longer
   * in it are deleted, and the header (written last) keeps the instant of the first computation.
   */
  async saveMonth(orgId: string, s: MonthScores, at: string, itemsRead: number): Promise<ScoreHeader> {
    const existing = await queryAll<{ PK: string; SK: string; entity: string }>(this.db, {
      TableName: this.table,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :p)',
      ExpressionAttributeValues: { ':pk': keys.org(orgId).PK, ':p': keys.monthScoresPrefix(s.month) },
      ProjectionExpression: 'PK, SK, entity',
      ConsistentRead: true,
    });
    // One row per department, and per person and role: a leader who also wrote adopted items has an officer row too.
    const rows = [
      ...s.departments.map((d) => ({
        ...keys.monthScore(orgId, s.month, `DEPT#${d.departmentId}`),
        entity: 'departmentScore',
        ...d,
      })),
      ...s.people.map((p) => ({
        ...keys.monthScore(orgId, s.month, `PERSON#${p.personId}#${p.role}`),
        entity: 'personScore',
        ...p,
      })),
    ];
    const keep = new Set(rows.map((r) => r.SK));
    const stale = existing
      .filter((r) => (r.entity === 'departmentScore' || r.entity === 'personScore') && !keep.has(r.SK))
      .map((r) => ({ PK: r.PK, SK: r.SK }));
    const requests = [
      ...rows.map((Item) => ({ PutRequest: { Item } })),
      ...stale.map((Key) => ({ DeleteRequest: { Key } })),
    ];
    await this.writeAll(requests);
    const fields = {
      entity: 'scoreHeader',
      orgId,
      month: s.month,
      weeks: s.weeks,
      rules: s.rules,
      unassignedFindings: s.unassignedFindings,
      lastComputedAt: at,
      itemsRead,
      departments: s.departments.length,
      people: s.people.length,
    };
    return (await this.updateKeeping(keys.monthScore(orgId, s.month, 'HEADER'), fields, at)) as ScoreHeader;
  }

  /**
   * Writes `fields` on a row by UpdateItem, keeping its first `computedAt` and whatever `mailedAt` it has: a worker
   * recomputing concurrently with another that just marked the period mailed cannot wipe the mark.
   */
  private async updateKeeping(
    key: { PK: string; SK: string },
    fields: Record<string, unknown>,
    at: string,
  ): Promise<Record<string, unknown>> {
    const names = Object.keys(fields);
    const r = await this.db.send(
      new UpdateCommand({
        TableName: this.table,
        Key: key,
        UpdateExpression: `SET ${names.map((n, i) => `#f${i} = :f${i}`).join(', ')}, computedAt = if_not_exists(computedAt, :at)`,
        ExpressionAttributeNames: Object.fromEntries(names.map((n, i) => [`#f${i}`, n])),
        ExpressionAttributeValues: { ...Object.fromEntries(names.map((n, i) => [`:f${i}`, fields[n]])), ':at': at },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return strip(r.Attributes ?? {});
  }

  /** Marks a month as stored and mailed to everyone: the hourly job leaves it alone from then on. */
  async markMailed(orgId: string, month: string, at: string): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.table,
        Key: keys.monthScore(orgId, month, 'HEADER'),
        UpdateExpression: 'SET mailedAt = if_not_exists(mailedAt, :at)',
        ExpressionAttributeValues: { ':at': at },
        ConditionExpression: 'attribute_exists(PK)',
      }),
    );
  }

  /** The send-once record of a person's score mail of a period (a month, or a quarter's statistics). */
  mailSlot(orgId: string, period: string, personId: string): MailSlot {
    return mailSlot(this.db, this.table, keys.scoreMail(orgId, period, personId), `${period}#${personId}`);
  }

  /** The score mails of a period SES refused for good (the mail ledger's `rejected` records): the office corrects the addresses. */
  async undeliveredMails(orgId: string, period: string): Promise<{ to: string; reason: string; rejectedAt: string }[]> {
    const out = await queryAll<{ to: string; reason: string; rejectedAt: string }>(this.db, {
      TableName: this.table,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :p)',
      FilterExpression: '#s = :rejected',
      ProjectionExpression: '#to, reason, rejectedAt',
      ExpressionAttributeNames: { '#s': 'status', '#to': 'to' },
      ExpressionAttributeValues: {
        ':pk': keys.org(orgId).PK,
        ':p': keys.scoreMailPrefix(period),
        ':rejected': 'rejected',
      },
    });
    return out.sort((a, b) => a.to.localeCompare(b.to));
  }

  async getQuarter(orgId: string, quarter: string): Promise<PublishedQuarter | undefined> {
    const r = await this.db.send(
      new GetCommand({ TableName: this.table, Key: keys.quarterStats(orgId, quarter), ConsistentRead: true }),
    );
    return r.Item ? strip<PublishedQuarter>(r.Item) : undefined;
  }

  /** Stores a quarter's statistics as published (recomputing replaces them, keeping when they were first computed and mailed). */
  async saveQuarter(q: Omit<PublishedQuarter, 'computedAt' | 'mailedAt'>, at: string): Promise<PublishedQuarter> {
    return (await this.updateKeeping(
      keys.quarterStats(q.orgId, q.quarter),
      { entity: 'quarterStats', ...q },
      at,
    )) as PublishedQuarter;
  }

  async markQuarterMailed(orgId: string, quarter: string, at: string): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.table,
        Key: keys.quarterStats(orgId, quarter),
        UpdateExpression: 'SET mailedAt = if_not_exists(mailedAt, :at)',
        ExpressionAttributeValues: { ':at': at },
        ConditionExpression: 'attribute_exists(PK)',
      }),
    );
  }

  /** Which of these organisation-periods are complete: the month stored and mailed, and the quarter too when asked. */
  async completed(wanted: PeriodWanted[]): Promise<Set<string>> {
    return (await this.progress(wanted)).complete;
  }

  /**
   * The dispatcher's one read per organisation (BatchGetItem, 100 keys a call, unprocessed keys retried): which
   * organisation-periods are complete, and when each was last put on the scoring queue.
   */
  async progress(wanted: PeriodWanted[]): Promise<{ complete: Set<string>; queuedAt: Map<string, string> }> {
    const want = wanted.flatMap((w) => [
      keys.monthScore(w.orgId, w.month, 'HEADER'),
      keys.monthScore(w.orgId, w.month, 'JOB'),
      ...(w.quarter ? [keys.quarterStats(w.orgId, w.quarter)] : []),
    ]);
    const rows = await batchGetRows(this.db, this.table, want, {
      projection: 'PK, SK, mailedAt, queuedAt',
      consistent: true,
    });
    const found = new Map(
      rows.map((item) => [`${item.PK}|${item.SK}`, item as { mailedAt?: string; queuedAt?: string }]),
    );
    const get = (k: { PK: string; SK: string }) => found.get(`${k.PK}|${k.SK}`);
    const complete = new Set(
      wanted
        .filter(
          (w) =>
            get(keys.monthScore(w.orgId, w.month, 'HEADER'))?.mailedAt &&
            (!w.quarter || get(keys.quarterStats(w.orgId, w.quarter))?.mailedAt),
        )
        .map((w) => w.orgId),
    );
    const queuedAt = new Map(
      wanted.flatMap((w) => {
        const q = get(keys.monthScore(w.orgId, w.month, 'JOB'))?.queuedAt;
        return q ? [[w.orgId, q] as const] : [];
      }),
    );
    return { complete, queuedAt };
  }

  /** BatchWriteItem, 25 requests a call, unprocessed ones retried with backoff until none is left. */
  private async writeAll(requests: Record<string, unknown>[]): Promise<void> {
    for (let i = 0; i < requests.length; i += 25) {
      let batch: Record<string, unknown>[] | undefined = requests.slice(i, i + 25);
      for (let attempt = 0; batch?.length; attempt++) {
        const r = await this.db.send(new BatchWriteCommand({ RequestItems: { [this.table]: batch as never } }));
        batch = r.UnprocessedItems?.[this.table] as Record<string, unknown>[] | undefined;
        if (batch?.length) await new Promise((res) => setTimeout(res, Math.min(1000, 50 * 2 ** attempt)));
      }
    }
  }

  /** Notes that these organisation-months were put on the scoring queue at `at` (BatchWriteItem, 25 a call). */
  async markQueued(entries: { orgId: string; month: string }[], at: string): Promise<void> {
    const puts = entries.map((e) => ({
      PutRequest: {
        Item: {
          ...keys.monthScore(e.orgId, e.month, 'JOB'),
          entity: 'scoreJob',
          orgId: e.orgId,
          month: e.month,
          queuedAt: at,
        },
      },
    }));
    await this.writeAll(puts);
  }

  /** The figures of the months in [fromMonth, toMonth]: one Query on `FIGURES#` between the two. */
  async readFigures(orgId: string, fromMonth: string, toMonth: string): Promise<MonthFigures[]> {
    const rows = await queryAll(this.db, {
      TableName: this.table,
      KeyConditionExpression: 'PK = :pk AND SK BETWEEN :a AND :b',
      ExpressionAttributeValues: {
        ':pk': keys.org(orgId).PK,
        ':a': keys.monthFigures(orgId, fromMonth).SK,
        ':b': keys.monthFigures(orgId, toMonth).SK,
      },
    });
    return rows.map((r) => strip<MonthFigures>(r));
  }

  async saveFigures(f: MonthFigures): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.table,
        Item: { ...keys.monthFigures(f.orgId, f.month), entity: 'monthFigures', ...f },
      }),
    );
  }

  /** Replaces a parent's month of lower-organisation scores: one Query for the rows there, then puts and deletes. */
  async saveLowerScores(parentOrgId: string, month: string, scores: LowerOrgScore[], at: string): Promise<void> {
    const existing = await queryAll<{ PK: string; SK: string }>(this.db, {
      TableName: this.table,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :p)',
      ExpressionAttributeValues: { ':pk': keys.org(parentOrgId).PK, ':p': keys.lowerScoresPrefix(month) },
      ProjectionExpression: 'PK, SK',
      ConsistentRead: true,
    });
    const rows = scores.map((x) => ({
      ...keys.lowerScore(parentOrgId, month, x.orgId),
      entity: 'lowerOrgScore',
      parentOrgId,
      computedAt: at,
      ...x,
    }));
    const keep = new Set(rows.map((r) => r.SK));
    await this.writeAll([
      ...rows.map((Item) => ({ PutRequest: { Item } })),
      ...existing.filter((r) => !keep.has(r.SK)).map((r) => ({ DeleteRequest: { Key: { PK: r.PK, SK: r.SK } } })),
    ]);
  }

  /** The lower-organisation scores of the months in [fromMonth, toMonth]: one Query on `LOWERSCORE#` between the two. */
  async readLowerScores(parentOrgId: string, fromMonth: string, toMonth: string): Promise<LowerOrgScore[]> {
    const rows = await queryAll(this.db, {
      TableName: this.table,
      KeyConditionExpression: 'PK = :pk AND SK BETWEEN :a AND :b',
      ExpressionAttributeValues: {
        ':pk': keys.org(parentOrgId).PK,
        ':a': keys.lowerScoresPrefix(fromMonth),
        ':b': `${keys.lowerScoresPrefix(toMonth)}~`,
      },
    });
    return rows.map((r) => {
      const {
        parentOrgId: _p,
        computedAt: _c,
        ...rest
      } = strip<LowerOrgScore & { parentOrgId: string; computedAt: string }>(r);
      return rest;
    });
  }
}
