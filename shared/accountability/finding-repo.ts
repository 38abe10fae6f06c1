import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Circular } from './rules/circular.ts';
import { findingLabel, lateReportProposal, type Finding, type FindingEvent } from './rules/finding.ts';
import type { CirculatedFinding, ConfirmedFinding, FindingCreationKey, FindingStore } from './ports.ts';
import { StaleFinding } from './errors.ts';
import type { LateReport, LateReportFindings } from '../reports/index.ts';
import type { Writes } from '../platform/kernel/writes.ts';
import { ownerKey, queryAll, queryUpTo, stripKeys as strip } from '../platform/dynamo/client.ts';
import { counterStep, readCounter } from '../platform/dynamo/counter.ts';
import { keys } from '../platform/dynamo/keys.ts';
import type { IdempotencyRecord } from '../platform/kernel/once.ts';
import { readScopedCreation, scopedCreation } from '../platform/dynamo/scoped-creation.ts';
import { transactLocked } from '../platform/dynamo/locked-transaction.ts';
import { readPartition } from '../platform/dynamo/partition.ts';
import { asWrites, putEach, withMails, versionedPut, type TransactItem } from '../platform/dynamo/transaction.ts';

/**
 * Findings (迟报/漏报/误报/瞒报) with their history, the per-report guard (one finding of a kind per report), the rows of
 * confirmed findings that monthly scoring reads, and circulars (通报) with their per-year counter. It is also what a
 * new report asks of accountability (`LateReportFindings`): the writes of a late report's proposed finding.
 */
export class FindingRepo implements FindingStore, LateReportFindings {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  private findingPut(f: Finding, expectedVersion: number | undefined) {
    const item = {
      ...keys.finding(f.findingId),
      GSI1PK: keys.orgFindings(f.orgId),
      GSI1SK: `${f.occurredAt}#${f.findingId}`,
      entity: 'finding',
      ...f,
    };
    return versionedPut(this.table, item, expectedVersion);
  }
  private eventPut(findingId: string, e: FindingEvent) {
    return {
      Put: {
        TableName: this.table,
        Item: { ...keys.findingEvent(findingId, e.at, e.eventId), entity: 'findingEvent', ...e },
      },
    };
  }
  private guardPut(kind: string, reportId: string, findingId: string) {
    return {
      Put: {
        TableName: this.table,
        Item: { ...keys.findingOfReport(reportId, kind), entity: 'findingGuard', findingId },
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    };
  }

  /**
   * The transaction items that create a finding with its first history event (and the report guard when it concerns
   * a report): used on their own by `create`, and inside the report's own transaction for a late report.
   */
  private newFindingItems(f: Finding, events: FindingEvent[]): TransactItem[] {
    return [
      this.findingPut(f, undefined),
      ...(f.reportId && f.kind !== 'missed' ? [this.guardPut(f.kind, f.reportId, f.findingId)] : []),
      ...events.map((e) => this.eventPut(f.findingId, e)),
    ];
  }

  /** The proposed finding of a late report (and its first history line), for the report's own creation transaction. */
  lateReportWrites(late: LateReport): Writes {
    const { finding, events } = lateReportProposal(late);
    return asWrites(this.newFindingItems(finding, events));
  }

  /** The first response of a creation made with this key in the last 24 hours, if any. */
  async getCreation(
    callerId: string,
    scope: FindingCreationKey['scope'],
    key: string,
  ): Promise<IdempotencyRecord | undefined> {
    return readScopedCreation(this.db, this.table, callerId, scope, key);
  }

  /**
   * @throws StaleFinding('guard') when the report already has a finding of this kind: nothing was written.
   * @throws IdempotencyReplay when the caller's key was used meanwhile.
   */
  async create(f: Finding, events: FindingEvent[], creation?: FindingCreationKey, mails?: Writes[]): Promise<void> {
    // The mails go in the finding's own transaction while it stays within DynamoDB's 100 items, else right after.
    const { rows, after } = withMails(this.newFindingItems(f, events), mails);
    await this.transact(rows, { 1: f.reportId && f.kind !== 'missed' ? 'guard' : 'finding' }, creation);
    await putEach(this.db, after);
  }

  /**
   * Saves a changed finding under its optimistic lock with its history events; a confirmed finding also gets its
   * scoring row (`PK = ORG#<responsibleOrgId>`, `SK = FINDING_CONFIRMED#<month>#<id>`), and a link its report guard.
   * @throws StaleFinding when the finding changed meanwhile: nothing was written.
   */
  async save(
    f: Finding,
    expectedVersion: number,
    events: FindingEvent[],
    opts: { linkGuard?: string; mails?: Writes[] } = {},
  ): Promise<void> {
    const rows: TransactItem[] = [
      this.findingPut(f, expectedVersion),
      ...events.map((e) => this.eventPut(f.findingId, e)),
    ];
    if (f.state === 'confirmed' && f.scoreMonth) {
      rows.push({
        Put: {
          TableName: this.table,
          Item: {
            ...keys.confirmedFinding(f.responsibleOrgId, f.scoreMonth, f.findingId),
            entity: 'confirmedFinding',
            ...confirmedRow(f),
          },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      });
    }
    if (opts.linkGuard) rows.push(this.guardPut('missed', opts.linkGuard, f.findingId));
    const which = { [rows.length - 1]: opts.linkGuard ? ('guard' as const) : ('finding' as const) };
    // The step's mails go in its own transaction while it stays within DynamoDB's 100 items, else right after.
    const { rows: all, after } = withMails(rows, opts.mails);
    await this.transact(all, which);
    await putEach(this.db, after);
  }

  /** Commits `items` (with the idempotency record of `creation` last); a lost condition becomes `StaleFinding` naming what lost. */
  private async transact(
    items: TransactItem[],
    which: Record<number, StaleFinding['which']> = {},
    creation?: FindingCreationKey,
  ): Promise<void> {
    await transactLocked(this.db, this.table, items, scopedCreation(creation), (lost) =>
      lost === 'conflict' ? new StaleFinding('conflict') : new StaleFinding(which[lost] ?? 'finding'),
    );
  }

  async get(findingId: string): Promise<Finding | undefined> {
    const r = await this.db.send(
      new GetCommand({ TableName: this.table, Key: keys.finding(findingId), ConsistentRead: true }),
    );
    return r.Item ? strip<Finding>(r.Item) : undefined;
  }

  /** The finding with its history: one Query on its partition. */
  async getBundle(findingId: string): Promise<{ finding: Finding; events: FindingEvent[] } | undefined> {
    const rows = await readPartition(this.db, this.table, keys.finding(findingId).PK);
    const finding = rows.one<Finding>('FINDING');
    return finding && { finding, events: rows.all<FindingEvent>('EVENT#') };
  }

  /** The finding of a kind recorded for a report, if any (the guard row). */
  async findingIdFor(reportId: string, kind: string): Promise<string | undefined> {
    const r = await this.db.send(
      new GetCommand({ TableName: this.table, Key: keys.findingOfReport(reportId, kind), ConsistentRead: true }),
    );
    return r.Item?.findingId as string | undefined;
  }

  /** Findings judged by an organisation whose event happened in [from, to] (ISO instants), by occurrence. */
  async listByOrg(orgId: string, from: string, to: string, limit = 1000): Promise<Finding[]> {
    return queryUpTo<Finding>(
      this.db,
      { TableName: this.table, ...ownerKey(keys.orgFindings(orgId), { from, to }) },
      limit,
    );
  }

  /** Confirmed findings against an organisation counted in month M (YYYY-MM): the one Query monthly scoring needs. */
  async listConfirmed(responsibleOrgId: string, month: string): Promise<ConfirmedFinding[]> {
    const rows = await queryAll(this.db, {
      TableName: this.table,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :p)',
      ExpressionAttributeValues: { ':pk': keys.org(responsibleOrgId).PK, ':p': keys.confirmedFindingPrefix(month) },
    });
    return rows.map((i) => strip<ConfirmedFinding>(i));
  }

  // ----- circulars (通报) -----

  async lastCircularNo(orgId: string, year: number): Promise<number> {
    return readCounter(this.db, this.table, keys.circularCounter(orgId, year));
  }

  /**
   * Publishes a circular as one transaction: the year's counter moves from `number − 1` to `number` (never given twice,
   * never skipped), the circular is written, and each named finding (still confirmed, in no circular) records it.
   * @throws StaleFinding: 'counter' when another circular took the number, 'finding' when a finding changed.
   */
  async publishCircular(
    c: Circular,
    findings: CirculatedFinding[],
    creation?: FindingCreationKey,
    mails: Writes[] = [],
  ): Promise<void> {
    const counter = counterStep(this.table, keys.circularCounter(c.orgId, c.year), c.number, c.publishedAt);
    const rows: TransactItem[] = [
      counter,
      {
        Put: {
          TableName: this.table,
          Item: { ...keys.circular(c.orgId, c.year, c.number), entity: 'circular', ...c },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
    ];
    const which: Record<number, StaleFinding['which']> = { 0: 'counter', 1: 'counter' };
    for (const x of findings) {
      which[rows.length] = 'finding';
      rows.push(
        {
          Update: {
            TableName: this.table,
            Key: keys.finding(x.finding.findingId),
            ConditionExpression: 'version = :v AND #s = :confirmed AND attribute_not_exists(circular)',
            UpdateExpression: 'SET circular = :c, version = :nv, updatedAt = :at',
            ExpressionAttributeNames: { '#s': 'state' },
            ExpressionAttributeValues: {
              ':v': x.expectedVersion,
              ':nv': x.expectedVersion + 1,
              ':confirmed': 'confirmed',
              ':c': x.finding.circular,
              ':at': c.publishedAt,
            },
          },
        },
        this.eventPut(x.finding.findingId, x.event),
      );
    }
    // The circular's mails go in its own transaction while it stays within DynamoDB's 100 items (one kept for the
    // idempotency record); a larger one writes them right after it commits.
    const { rows: all, after } = withMails(rows, mails);
    await this.transact(all, which, creation);
    await putEach(this.db, after);
  }

  /** An organisation's circulars, newest first. */
  async listCirculars(orgId: string, limit = 100): Promise<Circular[]> {
    const r = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :p)',
        ExpressionAttributeValues: { ':pk': keys.org(orgId).PK, ':p': keys.circularPrefix },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (r.Items ?? []).map((i) => strip<Circular>(i));
  }

  async getCircular(orgId: string, year: number, number: number): Promise<Circular | undefined> {
    const r = await this.db.send(
      new GetCommand({ TableName: this.table, Key: keys.circular(orgId, year, number), ConsistentRead: true }),
    );
    return r.Item ? strip<Circular>(r.Item) : undefined;
  }

  async markCircularMailed(c: Circular, mailedTo: string[], at: string): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.table,
        Key: keys.circular(c.orgId, c.year, c.number),
        UpdateExpression: 'SET mailedTo = :m, mailedAt = :at',
        ExpressionAttributeValues: { ':m': mailedTo, ':at': at },
      }),
    );
  }
}

function confirmedRow(f: Finding): ConfirmedFinding {
  return {
    findingId: f.findingId,
    orgId: f.orgId,
    orgName: f.orgName,
    kind: f.kind,
    responsibleOrgId: f.responsibleOrgId,
    responsibleDepartmentId: f.responsibleDepartmentId,
    responsibleDepartmentName: f.responsibleDepartmentName,
    responsiblePersonId: f.responsiblePersonId,
    responsiblePersonName: f.responsiblePersonName,
    reportId: f.reportId,
    reportTitle: f.reportTitle,
    occurredAt: f.occurredAt,
    note: f.note,
    month: f.scoreMonth!,
    deduction: f.deduction ?? 0,
    confirmedAt: f.decision?.at ?? f.updatedAt,
    label: findingLabel(f),
  };
}
