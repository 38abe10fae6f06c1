import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { DocNumber, FollowupRecord, Instruction, Notice, Report, ReportChange, SignOff } from './rules/model.ts';
import { todoDiff, todosOf, type ReportTodo } from './rules/todo.ts';
import type {
  AckTokenRecord,
  Assignment,
  CreationRecord,
  DueWork,
  InstructionAlso,
  ParentCopy,
  ReportBundle,
  ReportListFilter,
  ReportListPage,
  ReportStore,
} from './ports.ts';
import { queryReportList } from './report-list-repo.ts';
import { lastDocNumber, takeDocNumber } from './report-doc-repo.ts';
import type { StoredEvent } from '../platform/kernel/audit.ts';
import type { IdempotencyRecord } from '../platform/kernel/once.ts';
import type { Writes } from '../platform/kernel/writes.ts';
import type { MailRecord, MailSlot } from '../platform/mail/ledger.ts';
import { cancellationReasons, ownerKey, queryAll, queryPage, queryUpTo, stripKeys } from '../platform/dynamo/client.ts';
import { DUE_SHARDS, INDEX, keys } from '../platform/dynamo/keys.ts';
import { mailSlot } from '../platform/dynamo/mail-ledger.ts';
import { readIdempotency } from '../platform/dynamo/idempotency.ts';
import { readPartition } from '../platform/dynamo/partition.ts';
import { backfillEachOrg, putIfUnchanged } from '../platform/dynamo/backfill.ts';
import { itemsOf, transactCreation, type TransactItem } from '../platform/dynamo/transaction.ts';

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

function instructionItem(ins: Instruction): Record<string, unknown> {
  const open = ins.status !== 'closed';
  return {
    ...keys.instruction(ins.reportId, ins.instructionId),
    ...(open ? { GSI1PK: keys.orgInstructions(ins.orgId), GSI1SK: `${ins.dueAt}#${ins.instructionId}` } : {}),
    ...(ins.nextRemindAt ? keys.due(ins.reportId, ins.nextRemindAt) : {}),
    entity: 'instruction',
    ...ins,
  };
}

/**
 * An instruction from the parent as its copy shows it: the same record in the copy's partition (`reportId` the copy,
 * `lowerReportId` the report holding it), in the parent's open-instructions index while open, never in the due index.
 */
function mirrorItem(ins: Instruction): Record<string, unknown> | undefined {
  if (!ins.fromReportId || !ins.fromOrgId) return undefined;
  const open = ins.status !== 'closed';
  const { nextRemindAt: _n, ...rest } = ins;
  return {
    ...keys.instruction(ins.fromReportId, ins.instructionId),
    ...(open ? { GSI1PK: keys.orgInstructions(ins.fromOrgId), GSI1SK: `${ins.dueAt}#${ins.instructionId}` } : {}),
    entity: 'instructionMirror',
    ...rest,
    reportId: ins.fromReportId,
    lowerReportId: ins.reportId,
  };
}

function assignmentItem(personId: string, ins: Instruction): Record<string, unknown> {
  return {
    ...keys.assignment(personId, ins.instructionId),
    entity: 'assignment',
    instructionId: ins.instructionId,
    reportId: ins.reportId,
    reportTitle: ins.reportTitle,
    text: ins.text,
    dueAt: ins.dueAt,
    status: ins.status,
  };
}

function eventItem(reportId: string, e: StoredEvent): Record<string, unknown> {
  return { ...keys.event(reportId, e.at, e.eventId), entity: 'event', ...e };
}

const toReport = (item: Record<string, unknown>) => stripKeys<Report>(item);

/** One thing a report waits for from a person (待办): a row in the person's partition, beside their assignments. */
const TODO_PREFIX = 'TODO#';
const todoKey = (personId: string, reportId: string, kind: string) => ({
  PK: keys.person(personId).PK,
  SK: `${TODO_PREFIX}${reportId}#${kind}`,
});

/** The report as a change leaves it (`null` removes a field, `undefined` leaves it alone). */
function applied(report: Report, change: ReportChange): Report {
  const next: Record<string, unknown> = { ...report };
  for (const [k, v] of Object.entries(change)) {
    if (v === undefined) continue;
    if (v === null) delete next[k];
    else next[k] = v;
  }
  return next as Report;
}

/** Reports with their timeline, mail log, acknowledgement tokens and the idempotency records of their creation. */
export class ReportRepo implements ReportStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  /**
   * Writes a new report, its first timeline events, `also` (the proposed finding of a late report, issue 8) and (with
   * a key) the idempotency record in one transaction.
   * @throws IdempotencyReplay when the caller already used the key: the first response is in the record.
   */
  async create(report: Report, events: StoredEvent[], idempotency?: CreationRecord, also?: Writes): Promise<void> {
    const items: TransactItem[] = [
      { Put: { TableName: this.table, Item: reportItem(report), ConditionExpression: 'attribute_not_exists(PK)' } },
      ...events.map((e) => this.eventItem(report.reportId, e)),
      ...this.todoItems(undefined, report),
      ...itemsOf(also),
    ];
    await transactCreation(this.db, this.table, items, idempotency);
  }

  async getIdempotency(callerId: string, key: string): Promise<IdempotencyRecord | undefined> {
    return readIdempotency(this.db, this.table, callerId, key);
  }

  async get(reportId: string): Promise<Report | undefined> {
    const r = await this.db.send(
      new GetCommand({ TableName: this.table, Key: keys.report(reportId), ConsistentRead: true }),
    );
    return r.Item ? toReport(r.Item) : undefined;
  }

  /** The report with its timeline and mail log: one Query on the report's partition. */
  async getBundle(reportId: string): Promise<ReportBundle | undefined> {
    const rows = await readPartition(this.db, this.table, keys.reportPartition(reportId));
    const report = rows.one<Report>('REPORT');
    if (!report) return undefined;
    return {
      report,
      events: rows.all<StoredEvent>('EVENT#'),
      mails: rows.all<MailRecord>('MAIL#'),
      followups: rows.all<FollowupRecord>('FOLLOWUP#'),
      instructions: rows.all<Instruction>(keys.instructionPrefix),
    };
  }

  /**
   * Records the sign-off (签发) on a report, and with `forward` creates the linked report in the parent
   * organisation, in one transaction: the decision can be taken once, and a forwarded report never exists
   * without the decision that sent it.
   * @returns false if the report was signed off in the meantime.
   */
  async signOff(
    report: Report,
    signOff: SignOff,
    events: StoredEvent[],
    forwarded?: { report: Report; events: StoredEvent[]; also?: Writes; followups?: FollowupRecord[] },
  ): Promise<boolean> {
    // Conditional on the version read: a follow-up filed meanwhile fails this (and it is read again with it), and the
    // version moves on, so a follow-up that read the report before the sign-off is read again and goes up too.
    const items: TransactItem[] = [
      {
        Update: {
          TableName: this.table,
          Key: keys.report(report.reportId),
          ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(signOff) AND version = :v',
          UpdateExpression: forwarded
            ? 'SET signOff = :s, forwardedReportId = :f, version = :nv'
            : 'SET signOff = :s, version = :nv',
          ExpressionAttributeValues: {
            ':s': signOff,
            ':v': report.version,
            ':nv': report.version + 1,
            ...(forwarded ? { ':f': forwarded.report.reportId } : {}),
          },
        },
      },
      ...events.map((e) => this.eventItem(report.reportId, e)),
      ...this.todoItems(report, { ...report, signOff }),
    ];
    if (forwarded) {
      items.push({
        Put: {
          TableName: this.table,
          Item: reportItem(forwarded.report),
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      });
      items.push(...forwarded.events.map((e) => this.eventItem(forwarded.report.reportId, e)));
      items.push(...(forwarded.followups ?? []).map((f) => this.followupItem(forwarded.report.reportId, f)));
      items.push(...this.todoItems(undefined, forwarded.report));
      items.push(...itemsOf(forwarded.also));
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
  async listByOrg(
    orgId: string,
    limit: number,
    cursor?: Record<string, unknown>,
  ): Promise<{ items: Report[]; next?: Record<string, unknown> }> {
    return queryPage<Report>(
      this.db,
      { TableName: this.table, ...ownerKey(keys.orgReports(orgId)), ScanIndexForward: false },
      { limit, cursor },
    );
  }

  /** A filtered page of the reports submitted in a range (report list): `queryReportList`, one GSI1 range. */
  async listInRange(filter: ReportListFilter, visible: (r: Report) => boolean): Promise<ReportListPage> {
    return queryReportList(this.db, this.table, filter, visible);
  }

  async lastDocNumber(orgId: string, year: number): Promise<number> {
    return lastDocNumber(this.db, this.table, orgId, year);
  }

  async takeDocNumber(report: Report, n: DocNumber): Promise<boolean> {
    return takeDocNumber(this.db, this.table, report, n);
  }

  /** Reports of an organisation submitted in [from, to] (ISO instants), oldest first: the timeliness statistics' input. */
  async submittedBetween(orgId: string, from: string, to: string, limit = 5000): Promise<Report[]> {
    return queryUpTo<Report>(
      this.db,
      { TableName: this.table, ...ownerKey(keys.orgReports(orgId), { from, to }) },
      limit,
    );
  }

  /**
   * Saves the escalation state if nobody else changed the report since `expectedVersion` was read
   * (optimistic lock): two overlapping checks cannot both advance the same step. Returns false on a lost race.
   */
  async saveEscalation(
    report: Report,
    expectedVersion: number,
    change: ReportChange,
    events: StoredEvent[],
    also?: Writes,
  ): Promise<boolean> {
    return (await this.saveLocked(report, expectedVersion, change, events, itemsOf(also))) === 'saved';
  }

  /** The acknowledgement, spending the link's token in the same transaction when it came by link. */
  async saveAcknowledgement(
    report: Report,
    expectedVersion: number,
    change: ReportChange,
    events: StoredEvent[],
    spend?: { tokenHash: string; at: Date },
  ): Promise<'saved' | 'stale' | 'tokenSpent'> {
    try {
      return await this.saveLocked(
        report,
        expectedVersion,
        change,
        events,
        spend ? [this.spendTokenItem(spend.tokenHash, spend.at)] : [],
      );
    } catch (err) {
      if ((err as Error).name === 'TransactionCanceledException') return 'tokenSpent';
      throw err;
    }
  }

  /** The follow-up, the report's change and, on a forwarded report, the parent's copy: one transaction. */
  async fileFollowup(
    report: Report,
    change: ReportChange,
    events: StoredEvent[],
    record: FollowupRecord,
    parent?: ParentCopy,
  ): Promise<boolean> {
    const extra = [this.followupItem(report.reportId, record)];
    if (parent) {
      const closedAt = parent.closedAt;
      extra.push(
        this.followupItem(parent.parent.reportId, parent.record),
        this.eventItem(parent.parent.reportId, parent.event),
      );
      extra.push(this.noticeUpdateItem(parent.parent, parent.notice, parent.record.sequence, closedAt, parent.now));
      const after = { ...parent.parent, followupCount: parent.record.sequence };
      extra.push(...this.todoItems(parent.parent, closedAt ? { ...after, closedAt, followupDueAt: undefined } : after));
    }
    // A lost race on either report (or a concurrent transaction on them) means: read both again.
    try {
      return (await this.saveLocked(report, report.version, change, events, extra)) === 'saved';
    } catch (err) {
      if ((err as Error).name === 'TransactionCanceledException') return false;
      throw err;
    }
  }

  /** The locked update of a report with its events and `extra` writes: 'stale' when the lock lost; other failures are thrown. */
  private async saveLocked(
    report: Report,
    expectedVersion: number,
    change: ReportChange,
    events: StoredEvent[],
    extra: TransactItem[] = [],
  ): Promise<'saved' | 'stale'> {
    const due = change.nextDueAt ? keys.due(report.reportId, change.nextDueAt) : undefined;
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = { ':v': expectedVersion, ':nv': expectedVersion + 1 };
    const sets = ['version = :nv'];
    const removes: string[] = [];
    const { nextDueAt, ...fields } = change;
    for (const [k, v] of Object.entries(fields)) {
      if (v === undefined) continue;
      names[`#${k}`] = k;
      if (v === null) removes.push(`#${k}`);
      else {
        sets.push(`#${k} = :${k}`);
        values[`:${k}`] = v;
      }
    }
    if (due) {
      sets.push('nextDueAt = :d', 'GSI2PK = :gpk', 'GSI2SK = :gsk');
      Object.assign(values, { ':d': nextDueAt, ':gpk': due.GSI2PK, ':gsk': due.GSI2SK });
    } else removes.push('nextDueAt', 'GSI2PK', 'GSI2SK');
    const update = {
      TableName: this.table,
      Key: keys.report(report.reportId),
      ConditionExpression: 'version = :v',
      UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
      ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
      ExpressionAttributeValues: values,
    };
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            { Update: update },
            ...events.map((e) => this.eventItem(report.reportId, e)),
            ...this.todoItems(report, applied(report, change)),
            ...extra,
          ],
        }),
      );
      return 'saved';
    } catch (err) {
      if (cancellationReasons(err)[0] === 'ConditionalCheckFailed') return 'stale';
      throw err;
    }
  }

  /** The 待办 rows a report's change writes and removes (`todoDiff`), for the same transaction as the change. */
  private todoItems(before: Report | undefined, after: Report): TransactItem[] {
    const { put, remove } = todoDiff(before, after);
    return [
      ...put.map((t: ReportTodo) => ({
        Put: { TableName: this.table, Item: { ...todoKey(t.personId, t.reportId, t.kind), entity: 'todo', ...t } },
      })),
      ...remove.map((t) => ({ Delete: { TableName: this.table, Key: todoKey(t.personId, t.reportId, t.kind) } })),
    ];
  }

  /** What the report waits for from `personId`: their 待办 rows only, however old the report. */
  async todosOf(personId: string): Promise<ReportTodo[]> {
    const items = await queryAll(this.db, {
      TableName: this.table,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :p)',
      ExpressionAttributeValues: { ':pk': keys.person(personId).PK, ':p': TODO_PREFIX },
    });
    return items.map((i) => stripKeys<ReportTodo>(i));
  }

  /** The transaction item that writes a follow-up report into a report's partition. */
  private followupItem(reportId: string, f: FollowupRecord): TransactItem {
    return {
      Put: {
        TableName: this.table,
        Item: { ...keys.followup(reportId, f.sequence), entity: 'followup', ...f },
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    };
  }

  /**
   * The transaction item that adds a follow-up notice to a report (a forwarded copy), conditional on its version so
   * that a concurrent escalation step cannot drop the notice; the report falls due now so the notice goes out.
   */
  private noticeUpdateItem(
    report: Report,
    notice: Notice,
    followupCount: number,
    closedAt: string | undefined,
    now: Date,
  ): TransactItem {
    const due = keys.due(report.reportId, now.toISOString());
    return {
      Update: {
        TableName: this.table,
        Key: keys.report(report.reportId),
        ConditionExpression: 'version = :v',
        UpdateExpression: `SET pendingNotices = :n, followupCount = :c, version = :nv, nextDueAt = :d, GSI2PK = :gpk, GSI2SK = :gsk${closedAt ? ', closedAt = :closed REMOVE followupDueAt' : ''}`,
        ExpressionAttributeValues: {
          ':n': [...(report.pendingNotices ?? []), notice],
          ':c': followupCount,
          ':v': report.version,
          ':nv': report.version + 1,
          ':d': now.toISOString(),
          ':gpk': due.GSI2PK,
          ':gsk': due.GSI2SK,
          ...(closedAt ? { ':closed': closedAt } : {}),
        },
      },
    };
  }

  /**
   * Writes a new instruction with its lookup pointer, one entry in each assignee's list, and the report's timeline
   * event, in one transaction. The instruction is in the org's open-instructions index (by due time) and in the due
   * index (its first reminder, the assignment mail, is due at once).
   */
  async createInstruction(ins: Instruction, event: StoredEvent, copyEvent?: StoredEvent): Promise<void> {
    const mirror = mirrorItem(ins);
    await this.db.send(
      new TransactWriteCommand({
        TransactItems: [
          ...(mirror && ins.fromReportId
            ? [
                { Put: { TableName: this.table, Item: mirror } },
                ...(copyEvent ? [this.eventItem(ins.fromReportId, copyEvent)] : []),
              ]
            : []),
          {
            Put: { TableName: this.table, Item: instructionItem(ins), ConditionExpression: 'attribute_not_exists(PK)' },
          },
          {
            Put: {
              TableName: this.table,
              Item: {
                ...keys.instructionPointer(ins.instructionId),
                entity: 'instructionPointer',
                reportId: ins.reportId,
              },
            },
          },
          ...ins.assignees.map((a) => ({ Put: { TableName: this.table, Item: assignmentItem(a.personId, ins) } })),
          this.eventItem(ins.reportId, event),
          // The assignees may open the report from the moment the instruction exists (the report's visibility rule).
          this.assigneesItem(
            ins.reportId,
            ins.assignees.map((a) => a.personId),
          ),
        ],
      }),
    );
  }

  /** The transaction item that adds assignees of an instruction to those who may open the report. */
  private assigneesItem(reportId: string, personIds: string[]): TransactItem {
    return {
      Update: {
        TableName: this.table,
        Key: keys.report(reportId),
        ConditionExpression: 'attribute_exists(PK)',
        UpdateExpression:
          'SET instructionAssigneeIds = list_append(if_not_exists(instructionAssigneeIds, :none), :ids)',
        ExpressionAttributeValues: { ':none': [], ':ids': personIds },
      },
    };
  }

  async getInstruction(instructionId: string): Promise<Instruction | undefined> {
    const pointer = await this.db.send(
      new GetCommand({ TableName: this.table, Key: keys.instructionPointer(instructionId) }),
    );
    const reportId = pointer.Item?.reportId as string | undefined;
    if (!reportId) return undefined;
    const r = await this.db.send(
      new GetCommand({ TableName: this.table, Key: keys.instruction(reportId, instructionId), ConsistentRead: true }),
    );
    return r.Item ? (toReport(r.Item) as unknown as Instruction) : undefined;
  }

  /** Saves a changed instruction if nobody changed it since it was read, with the assignees' entries and timeline events. */
  async saveInstruction(
    ins: Instruction,
    expectedVersion: number,
    events: StoredEvent[],
    also: InstructionAlso = {},
  ): Promise<boolean> {
    const mirror = mirrorItem({ ...ins, version: expectedVersion + 1 });
    const extra: TransactItem[] = [];
    if (mirror && ins.fromReportId) {
      extra.push({ Put: { TableName: this.table, Item: mirror } });
      extra.push(...(also.copyEvents ?? []).map((e) => this.eventItem(ins.fromReportId!, e)));
    }
    const fb = also.feedback;
    if (fb) {
      extra.push(this.followupItem(fb.parent.reportId, fb.record), this.eventItem(fb.parent.reportId, fb.event));
      extra.push(this.noticeUpdateItem(fb.parent, fb.notice, fb.record.sequence, undefined, fb.now));
      extra.push(...this.todoItems(fb.parent, { ...fb.parent, followupCount: fb.record.sequence }));
    }
    if (also.newAssigneeIds?.length) extra.push(this.assigneesItem(ins.reportId, also.newAssigneeIds));
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            ...extra,
            {
              Put: {
                TableName: this.table,
                Item: instructionItem({ ...ins, version: expectedVersion + 1 }),
                ConditionExpression: 'version = :v',
                ExpressionAttributeValues: { ':v': expectedVersion },
              },
            },
            ...ins.assignees.map((a) => ({ Put: { TableName: this.table, Item: assignmentItem(a.personId, ins) } })),
            ...events.map((e) => this.eventItem(ins.reportId, e)),
          ],
        }),
      );
      return true;
    } catch (err) {
      // The instruction's lock or the copy's (a follow-up or escalation step at the same moment): read both again.
      if (cancellationReasons(err).includes('ConditionalCheckFailed')) return false;
      throw err;
    }
  }

  /** The caller's assigned instructions, from their own list (no index needed). */
  async assignedTo(personId: string): Promise<Assignment[]> {
    const r = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :p)',
        ExpressionAttributeValues: { ':pk': keys.person(personId).PK, ':p': keys.instructionPrefix },
      }),
    );
    return (r.Items ?? []).map((i) => ({
      instructionId: i.instructionId,
      reportId: i.reportId,
      reportTitle: i.reportTitle,
      text: i.text,
      dueAt: i.dueAt,
      status: i.status,
    }));
  }

  /** An organisation's open instructions due by `before` (sparse index: closed ones leave it). */
  async openInstructionsDueBy(orgId: string, before: Date, limit = 200): Promise<Instruction[]> {
    const r = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: INDEX.byOwner,
        KeyConditionExpression: 'GSI1PK = :pk AND GSI1SK <= :to',
        ExpressionAttributeValues: { ':pk': keys.orgInstructions(orgId), ':to': `${before.toISOString()}#~` },
        Limit: limit,
      }),
    );
    return (r.Items ?? []).map((i) => toReport(i) as unknown as Instruction);
  }

  /** Appends one event to a report's timeline on its own (an audit record such as a view). */
  async appendEvent(reportId: string, e: StoredEvent): Promise<void> {
    await this.db.send(new PutCommand({ TableName: this.table, Item: eventItem(reportId, e) }));
  }

  /** The transaction item that appends an event to a report's timeline. */
  private eventItem(reportId: string, e: StoredEvent): TransactItem {
    return { Put: { TableName: this.table, Item: eventItem(reportId, e) } };
  }

  /** Ids of reports whose next due instant is at or before `now`, read from the sparse due index only. */
  async dueReportIds(now: Date, limitPerShard = 200): Promise<DueWork> {
    const ids: string[] = [];
    const instructions: { reportId: string; instructionId: string }[] = [];
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
              ProjectionExpression: 'PK, SK',
              ExclusiveStartKey: start,
              Limit: limitPerShard,
            }),
          );
          itemsRead += r.Count ?? 0;
          for (const i of r.Items ?? []) {
            const reportId = String(i.PK).slice('REPORT#'.length);
            if (String(i.SK).startsWith(keys.instructionPrefix))
              instructions.push({ reportId, instructionId: String(i.SK).slice(keys.instructionPrefix.length) });
            else ids.push(reportId);
          }
          taken += r.Count ?? 0;
          start = r.LastEvaluatedKey;
        } while (start && taken < limitPerShard);
      }),
    );
    return { ids, instructions, itemsRead };
  }

  /** The send-once record of one of the report's mails (`sendOnce` in shared/platform/mail/send-once.ts). */
  mailSlot(reportId: string, mailKey: string): MailSlot {
    return mailSlot(this.db, this.table, keys.mail(reportId, mailKey), mailKey);
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
    const r = await this.db.send(
      new GetCommand({ TableName: this.table, Key: keys.ackToken(tokenHash), ConsistentRead: true }),
    );
    if (!r.Item) return undefined;
    const { PK: _a, SK: _b, entity: _c, ttl: _d, ...rest } = r.Item;
    return rest as AckTokenRecord;
  }

  /** The transaction item that spends a token: it fails if the token was used in the meantime. */
  private spendTokenItem(tokenHash: string, at: Date): TransactItem {
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

  /**
   * See `ReportStore.backfillTodos`: every report of every organisation, at most `budget` reports a call, resumed
   * from the marker `MIGRATION#todo-rows-v1` (`backfillEachOrg`); each gets its rows under a check of its version,
   * a report changed meanwhile read again.
   */
  async backfillTodos(budget = 1000): Promise<{ ran: boolean; reports: number; done: boolean }> {
    const visit = async (row: Record<string, unknown>) => {
      for (let attempt = 0; attempt < 4; attempt++) {
        const report = attempt === 0 ? toReport(row) : await this.get(String(row.reportId));
        if (!report || (await this.putTodos(report))) break;
      }
    };
    const job = { marker: 'MIGRATION#todo-rows-v1', ownerPk: keys.orgReports, visit };
    const { ran, rows, done } = await backfillEachOrg(this.db, this.table, job, budget);
    return { ran, reports: rows, done };
  }

  /** Every 待办 row of the report as it stands, on condition that it has not changed; false when it has. */
  private async putTodos(report: Report): Promise<boolean> {
    const todos = todosOf(report).slice(0, 99);
    if (!todos.length) return true;
    const puts = todos.map((t) => ({
      Put: { TableName: this.table, Item: { ...todoKey(t.personId, t.reportId, t.kind), entity: 'todo', ...t } },
    }));
    const record = { key: keys.report(report.reportId), version: report.version };
    return (await putIfUnchanged(this.db, this.table, record, puts)) !== 'stale';
  }
}
