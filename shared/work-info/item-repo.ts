import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Item, ItemRevision } from './rules/item.ts';
import type { Periodical } from './rules/periodical.ts';
import type {
  CreationKey,
  ItemEvent,
  ItemStore,
  ItemSummary,
  LedgerEntry,
  Page,
  Paging,
  PublishedItem,
  ItemSigner,
  SignOffLine,
} from './ports.ts';
import { StaleItem } from './errors.ts';
import type { Distribution, OrgLine } from './ports.ts';
import type { ItemTarget } from './rules/weekly-quota.ts';
import type { Commission, CommissionAnswer } from './rules/commission.ts';
import { mailSlot } from '../platform/dynamo/mail-ledger.ts';
import type { MailSlot } from '../platform/mail/ledger.ts';
import { INDEX } from '../platform/dynamo/keys.ts';
import {
  newestInRange,
  ownerKey,
  queryAll,
  queryPage,
  queryUpTo,
  stripKeys as strip,
} from '../platform/dynamo/client.ts';
import { counterStep, readCounter } from '../platform/dynamo/counter.ts';
import type { IdempotencyRecord } from '../platform/kernel/once.ts';
import { keys } from '../platform/dynamo/keys.ts';
import { readScopedCreation, scopedCreation } from '../platform/dynamo/scoped-creation.ts';
import { transactLocked } from '../platform/dynamo/locked-transaction.ts';
import { readPartition } from '../platform/dynamo/partition.ts';
import { backfillEachOrg, putIfUnchanged } from '../platform/dynamo/backfill.ts';
import { putEach, versionedPut, withMails, type TransactItem } from '../platform/dynamo/transaction.ts';
import type { Writes } from '../platform/kernel/writes.ts';

/**
 * Work information's keys added by issue 16 (README "Access patterns"), kept here beside the repository that owns them.
 */
export const workInfoKeys = {
  /** An item recommended to a parent organisation: its line in the parent's adoption queue while pending. */
  recommendation: (itemId: string) => ({ PK: `ITEM#${itemId}`, SK: 'RECOMMEND' }),
  quotaMail: (orgId: string, monday: string, departmentId: string, personId: string) => ({
    PK: `ORG#${orgId}`,
    SK: `QUOTAMAIL#${monday}#${departmentId}#${personId}`,
  }),
  target: (orgId: string, month: string) => ({ PK: `ORG#${orgId}`, SK: `ITEMTARGET#${month}` }),
  targetPrefix: 'ITEMTARGET#',
  distribution: (orgId: string) => ({ PK: `ORG#${orgId}`, SK: 'PERIODICAL_DISTRIBUTION' }),
  /** A commission (约稿) with its answers in one partition (`COMMISSION`, `ANSWER#<departmentId>#<itemId>`). */
  commission: (commissionId: string) => ({ PK: `COMMISSION#${commissionId}`, SK: 'COMMISSION' }),
  commissionAnswer: (commissionId: string, departmentId: string, itemId: string) => ({
    PK: `COMMISSION#${commissionId}`,
    SK: `ANSWER#${departmentId}#${itemId}`,
  }),
  orgCommissions: (orgId: string) => `ORG#${orgId}#COMMISSIONS`,
  commissionMail: (commissionId: string, departmentId: string, personId: string) => ({
    PK: `COMMISSION#${commissionId}`,
    SK: `MAIL#${departmentId}#${personId}`,
  }),
};

/** The GSI1 key of an item follows its stage (see README "Access patterns"); drafts, returned and rejected items carry none. */
function stageIndex(i: Item): Record<string, string> {
  if (i.state === 'submitted' && i.reviewingLeaderId)
    return { GSI1PK: keys.itemsToReview(i.reviewingLeaderId), GSI1SK: `${i.submittedAt}#${i.itemId}` };
  if (i.state === 'approved') return { GSI1PK: keys.itemsWithOffice(i.orgId), GSI1SK: `${i.approvedAt}#${i.itemId}` };
  if ((i.state === 'adopted' || i.state === 'signedOff' || i.state === 'published') && i.adoptedAt)
    return { GSI1PK: keys.itemsAdopted(i.orgId), GSI1SK: `${i.adoptedAt}#${i.itemId}` };
  return {};
}

/** What an item's line in its author's list keeps: every field of `ItemSummary`, held to it by the compiler. */
const SUMMARY_FIELDS = Object.keys({
  itemId: true,
  orgId: true,
  departmentId: true,
  departmentName: true,
  kind: true,
  title: true,
  state: true,
  createdAt: true,
  updatedAt: true,
  submittedAt: true,
  adoptedAt: true,
  issueNo: true,
  issueYear: true,
} satisfies Record<keyof ItemSummary, true>) as (keyof ItemSummary)[];

export function summaryOf(i: Item): ItemSummary {
  return Object.fromEntries(SUMMARY_FIELDS.map((f) => [f, i[f]])) as ItemSummary;
}

/** Work information items (with revisions, history and the author's list) and periodical issues with their per-year counter. */
export class ItemRepo implements ItemStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  private itemPut(i: Item, expectedVersion: number | undefined) {
    return versionedPut(
      this.table,
      { ...keys.item(i.itemId), ...stageIndex(i), entity: 'item', ...i },
      expectedVersion,
    );
  }
  private summaryPut(i: Item) {
    return {
      Put: {
        TableName: this.table,
        Item: {
          ...keys.authorItem(i.authorId, i.createdAt, i.itemId),
          entity: 'itemSummary',
          authorId: i.authorId,
          ...summaryOf(i),
        },
      },
    };
  }
  private eventPut(itemId: string, e: ItemEvent) {
    return {
      Put: {
        TableName: this.table,
        Item: { ...keys.itemEvent(itemId, e.at, e.eventId), entity: 'itemEvent', ...e },
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    };
  }
  /** The history event and its ledger line, written together. */
  private eventPuts(i: Item, e: ItemEvent) {
    const entry: LedgerEntry = {
      at: e.at,
      itemId: i.itemId,
      eventId: e.eventId,
      type: e.type,
      orgId: i.orgId,
      departmentId: i.departmentId,
      authorId: i.authorId,
      kind: i.kind,
      toState: e.toState,
      actorId: e.actorId,
      externalLevel: e.type === 'externalAdoption' ? i.externalAdoptions.at(-1)?.level : undefined,
    };
    return [
      this.eventPut(i.itemId, e),
      {
        Put: {
          TableName: this.table,
          Item: {
            ...keys.itemLedger(i.orgId, e.at.slice(0, 7), e.at, i.itemId, e.eventId),
            entity: 'itemLedger',
            ...entry,
          },
        },
      },
    ];
  }

  /**
   * Every transition of an organisation's items in [from, to] (ISO instants), oldest first: the month partitions
   * (UTC) the range touches, each read with a key condition on the instant. Never a scan.
   */
  async ledger(orgId: string, from: string, to: string): Promise<LedgerEntry[]> {
    const months: string[] = [];
    for (
      let d = new Date(`${from.slice(0, 7)}-01T00:00:00Z`);
      d.toISOString() <= to;
      d = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1))
    )
      months.push(d.toISOString().slice(0, 7));
    const out: LedgerEntry[] = [];
    for (const m of months) {
      const rows = await queryAll(this.db, {
        TableName: this.table,
        KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':pk': keys.itemLedgerPartition(orgId, m), ':from': from, ':to': `${to}#~` },
      });
      out.push(...rows.map((i) => strip<LedgerEntry>(i)));
    }
    return out;
  }
  private revisionPut(r: ItemRevision) {
    return {
      Put: {
        TableName: this.table,
        Item: { ...keys.itemRevision(r.itemId, r.revision), entity: 'itemRevision', ...r },
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    };
  }

  /** The first response of a creation made with this key in the last 24 hours, if any. */
  async getIdempotency(
    callerId: string,
    scope: CreationKey['scope'],
    key: string,
  ): Promise<IdempotencyRecord | undefined> {
    return readScopedCreation(this.db, this.table, callerId, scope, key);
  }

  /** Commits `items`; a lost condition becomes `StaleItem` naming what lost (`which[i]`, else the item). */
  private async transact(
    items: TransactItem[],
    which: Record<number, StaleItem['which']> = {},
    creation?: CreationKey,
  ): Promise<void> {
    await transactLocked(this.db, this.table, items, scopedCreation(creation), (lost) =>
      lost === 'conflict' ? new StaleItem('conflict') : new StaleItem(which[lost] ?? 'item'),
    );
  }

  /** A new item with its first revision, first history event and its line in the author's list: all or nothing. */
  async create(item: Item, revision: ItemRevision, events: ItemEvent[], creation?: CreationKey): Promise<void> {
    const answer = item.commissionId
      ? [
          {
            Put: {
              TableName: this.table,
              Item: {
                ...workInfoKeys.commissionAnswer(item.commissionId, item.departmentId, item.itemId),
                entity: 'commissionAnswer',
                departmentId: item.departmentId,
                itemId: item.itemId,
                at: item.createdAt,
              },
            },
          },
        ]
      : [];
    await this.transact(
      [
        this.itemPut(item, undefined),
        this.revisionPut(revision),
        this.summaryPut(item),
        ...events.flatMap((e) => this.eventPuts(item, e)),
        ...answer,
      ],
      {},
      creation,
    );
  }

  /**
   * Saves a changed item if nobody else wrote it since `expectedVersion` (optimistic lock), with its history events,
   * a new revision when the content changed, and the author's list line, in one transaction; with `mails` (the
   * step's outbox records) in it too, unless that would pass DynamoDB's 100 items: then they are written right after.
   * @throws StaleItem when the item changed meanwhile: nothing was written.
   */
  async save(
    item: Item,
    expectedVersion: number,
    events: ItemEvent[],
    revision?: ItemRevision,
    mails?: Writes[],
  ): Promise<void> {
    const { rows, after } = withMails(
      [
        this.itemPut(item, expectedVersion),
        this.summaryPut(item),
        ...events.flatMap((e) => this.eventPuts(item, e)),
        ...(revision ? [this.revisionPut(revision)] : []),
        ...(item.recommendation ? [this.recommendationPut(item)] : []),
        ...this.signOffLine(item),
      ],
      mails,
    );
    await this.transact(rows);
    await putEach(this.db, after);
  }

  /**
   * An important item's line on its organisation's sign-off index (README "Access patterns"): written while it is
   * adopted and waits for 签发, deleted in the transaction that moves it on. Other items have no line and write none.
   */
  private signOffLine(i: Item): TransactItem[] {
    if (!i.important) return [];
    const line = keys.itemSignOffLine(i.itemId);
    if (i.state !== 'adopted') return [{ Delete: { TableName: this.table, Key: line } }];
    const signer = i.signOffStandIn ? keys.itemSignerStandIn(i.signOffStandIn.personId) : keys.itemSignerPrincipal;
    const row: SignOffLine & Record<string, unknown> = {
      ...line,
      GSI1PK: keys.itemsToSignOff(i.orgId),
      GSI1SK: `${signer}${i.adoptedAt}#${i.itemId}`,
      entity: 'itemSignOffLine',
      itemId: i.itemId,
      orgId: i.orgId,
      title: i.title,
      authorName: i.authorName,
      departmentName: i.departmentName,
      adoptedAt: i.adoptedAt,
      ...(i.signOffStandIn ? { signOffStandIn: i.signOffStandIn } : {}),
    };
    return [{ Put: { TableName: this.table, Item: row } }];
  }

  /**
   * See `ItemStore.backfillSignOffLines`: the adopted items of every organisation (its `ADOPTED` index), at most
   * `budget` items read a call, resumed from the marker `MIGRATION#item-signoff-rows-v1` (`backfillEachOrg`); an
   * important item still waiting for 签发 without its line gets it, under a check of the item's version (a changed
   * item is read again) and only where no line exists.
   */
  async backfillSignOffLines(budget = 1000): Promise<{ ran: boolean; items: number; written: number; done: boolean }> {
    let written = 0;
    const visit = async (row: Record<string, unknown>) => {
      let item: Item | undefined = strip<Item>(row);
      for (let attempt = 0; attempt < 4 && item?.important && item.state === 'adopted'; attempt++) {
        const outcome = await this.putSignOffLine(item);
        if (outcome !== 'stale') {
          if (outcome === 'written') written++;
          break;
        }
        item = await this.get(item.itemId);
      }
    };
    const job = { marker: 'MIGRATION#item-signoff-rows-v1', ownerPk: keys.itemsAdopted, visit };
    const { ran, rows, done } = await backfillEachOrg(this.db, this.table, job, budget);
    return { ran, items: rows, written, done };
  }

  /** The item's sign-off line where it has none, on condition that the item has not changed. */
  private async putSignOffLine(i: Item): Promise<'written' | 'present' | 'stale'> {
    const [put] = this.signOffLine(i);
    if (!put || !('Put' in put)) return 'present';
    const line = {
      Put: { ...(put as { Put: Record<string, unknown> }).Put, ConditionExpression: 'attribute_not_exists(PK)' },
    };
    return putIfUnchanged(this.db, this.table, { key: keys.item(i.itemId), version: i.version }, [
      line as TransactItem,
    ]);
  }

  /** How many items wait for a person's 签发: a count on the sign-off index, his stand-in prefix and, as principal leader, his. */
  async signOffsWaiting(orgId: string, personId: string, principal: boolean): Promise<number> {
    const count = async (prefix: string) => {
      let n = 0;
      let start: Record<string, unknown> | undefined;
      do {
        const r = await this.db.send(
          new QueryCommand({
            TableName: this.table,
            IndexName: INDEX.byOwner,
            KeyConditionExpression: 'GSI1PK = :pk AND begins_with(GSI1SK, :p)',
            ExpressionAttributeValues: { ':pk': keys.itemsToSignOff(orgId), ':p': prefix },
            Select: 'COUNT',
            ExclusiveStartKey: start,
          }),
        );
        n += r.Count ?? 0;
        start = r.LastEvaluatedKey;
      } while (start);
      return n;
    };
    const [own, standingIn] = await Promise.all([
      principal ? count(keys.itemSignerPrincipal) : 0,
      count(keys.itemSignerStandIn(personId)),
    ]);
    return own + standingIn;
  }

  /** A page of one signer's items waiting for 签发 in an organisation: one Query on its sign-off index, by prefix. */
  async pageToSignOff(orgId: string, signer: ItemSigner, page: Paging): Promise<Page<SignOffLine>> {
    const prefix = signer === 'principal' ? keys.itemSignerPrincipal : keys.itemSignerStandIn(signer.standInId);
    const input = {
      TableName: this.table,
      IndexName: INDEX.byOwner,
      KeyConditionExpression: 'GSI1PK = :pk AND begins_with(GSI1SK, :p)',
      ExpressionAttributeValues: { ':pk': keys.itemsToSignOff(orgId), ':p': prefix },
    };
    return queryPage<SignOffLine>(this.db, input, page);
  }

  /**
   * An item recommended upward as a line of the parent's adoption queue (`ORG#<parent>#ITEMS_APPROVED`): a copy of
   * the item with `recommendedBy`, on the parent's queue key while pending, off it once decided.
   */
  private recommendationPut(i: Item) {
    const r = i.recommendation!;
    const { version: _v, ...snapshot } = i;
    const queue =
      r.state === 'pending' ? { GSI1PK: keys.itemsWithOffice(r.toOrgId), GSI1SK: `${r.at}#${i.itemId}` } : {};
    return {
      Put: {
        TableName: this.table,
        Item: {
          ...workInfoKeys.recommendation(i.itemId),
          ...queue,
          entity: 'itemRecommendation',
          ...snapshot,
          approvedAt: r.at,
          recommendedBy: { orgId: i.orgId, orgName: r.byOrgName ?? '', name: r.byName, at: r.at, note: r.note },
        },
      },
    };
  }

  /** Appends events that record no transition (a mail that could not be sent) to an item's history. */
  async appendEvents(itemId: string, events: ItemEvent[]): Promise<void> {
    for (const e of events) await this.db.send(new PutCommand(this.eventPut(itemId, e).Put));
  }

  async get(itemId: string): Promise<Item | undefined> {
    const r = await this.db.send(
      new GetCommand({ TableName: this.table, Key: keys.item(itemId), ConsistentRead: true }),
    );
    return r.Item ? strip<Item>(r.Item) : undefined;
  }

  /** The item with every revision and its whole history: one Query on the item's partition. */
  async getBundle(itemId: string): Promise<{ item: Item; revisions: ItemRevision[]; events: ItemEvent[] } | undefined> {
    const rows = await readPartition(this.db, this.table, keys.itemPartition(itemId));
    const item = rows.one<Item>('ITEM');
    if (!item) return undefined;
    return { item, revisions: rows.all<ItemRevision>('REV#'), events: rows.all<ItemEvent>('EVENT#') };
  }

  /** An author's items, newest first (summary lines). */
  async listByAuthor(personId: string, limit = 100): Promise<ItemSummary[]> {
    return (await this.pageByAuthor(personId, { limit })).items;
  }

  /** A page of an author's items, newest first. */
  async pageByAuthor(personId: string, page: Paging): Promise<Page<ItemSummary>> {
    const input = {
      TableName: this.table,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': keys.authorItems(personId) },
      ScanIndexForward: false,
    };
    return queryPage<ItemSummary>(this.db, input, page);
  }

  /** A page of one GSI1 key (a queue, or the adopted items in a range), oldest first. */
  async pageIndex(
    which: 'toReview' | 'withOffice' | 'adopted',
    owner: string,
    page: Paging,
    range?: { from: string; to: string },
  ): Promise<Page<Item>> {
    const pk =
      which === 'toReview'
        ? keys.itemsToReview(owner)
        : which === 'withOffice'
          ? keys.itemsWithOffice(owner)
          : keys.itemsAdopted(owner);
    return queryPage<Item>(this.db, { TableName: this.table, ...ownerKey(pk, range) }, page);
  }

  /**
   * Items of an organisation adopted in [from, to] (ISO instants), in order of adoption: the question monthly scoring asks.
   * Reads only that range of the "adopted" index, never the whole table.
   */
  listAdopted(orgId: string, from: string, to: string, limit = 1000): Promise<Item[]> {
    return queryUpTo<Item>(
      this.db,
      { TableName: this.table, ...ownerKey(keys.itemsAdopted(orgId), { from, to }), Limit: limit },
      limit,
    );
  }

  /** The last issue number given out for an organisation's year (0 when none). */
  async lastIssueNo(orgId: string, year: number): Promise<number> {
    return readCounter(this.db, this.table, keys.periodicalCounter(orgId, year));
  }

  /**
   * Publishes an issue as one transaction: the year's counter moves from `issueNo − 1` to `issueNo` (so a number is
   * never given twice and never skipped), the issue is written, and every item moves to `published` under its own
   * optimistic lock with a history event. Any lost race cancels all of it.
   * @throws StaleItem: 'counter' when another issue took the number, 'item' when an item changed, 'conflict' on a concurrent transaction.
   */
  async publish(p: Periodical, items: PublishedItem[], creation?: CreationKey, mails: Writes[] = []): Promise<void> {
    const counter = counterStep(this.table, keys.periodicalCounter(p.orgId, p.year), p.issueNo, p.publishedAt);
    const issue = {
      Put: {
        TableName: this.table,
        Item: { ...keys.periodical(p.orgId, p.year, p.issueNo), entity: 'periodical', ...p },
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    };
    const rows: TransactItem[] = [counter, issue];
    for (const x of items) {
      rows.push(this.itemPut(x.item, x.expectedVersion), this.summaryPut(x.item), ...this.eventPuts(x.item, x.event));
    }
    // The issue's mails go in its own transaction while it stays within DynamoDB's 100 items (one kept for the
    // idempotency record); a larger one writes them right after it commits.
    const { rows: all, after } = withMails(rows, mails);
    await this.transact(all, { 0: 'counter', 1: 'periodical' }, creation);
    await putEach(this.db, after);
  }

  /** An organisation's issues, newest first. */
  async listPeriodicals(orgId: string, limit = 100): Promise<Periodical[]> {
    return (await this.pagePeriodicals(orgId, { limit })).items;
  }

  async pagePeriodicals(orgId: string, page: Paging): Promise<Page<Periodical>> {
    const input = {
      TableName: this.table,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :p)',
      ExpressionAttributeValues: { ':pk': keys.org(orgId).PK, ':p': keys.periodicalPrefix },
      ScanIndexForward: false,
    };
    return queryPage<Periodical>(this.db, input, page);
  }

  async getPeriodical(orgId: string, year: number, issueNo: number): Promise<Periodical | undefined> {
    const r = await this.db.send(
      new GetCommand({ TableName: this.table, Key: keys.periodical(orgId, year, issueNo), ConsistentRead: true }),
    );
    return r.Item ? strip<Periodical>(r.Item) : undefined;
  }

  /** Every organisation: the `ORGS` key of GSI1, page by page. Never a scan. */
  async listOrgs(): Promise<OrgLine[]> {
    return queryAll<OrgLine>(this.db, {
      TableName: this.table,
      IndexName: INDEX.byOwner,
      KeyConditionExpression: 'GSI1PK = :pk',
      ExpressionAttributeValues: { ':pk': keys.orgList() },
      ProjectionExpression: 'orgId, #tz, #n, parentOrgId',
      ExpressionAttributeNames: { '#n': 'name', '#tz': 'timezone' },
    });
  }

  quotaMailSlot(orgId: string, monday: string, departmentId: string, personId: string): MailSlot {
    const key = workInfoKeys.quotaMail(orgId, monday, departmentId, personId);
    return mailSlot(this.db, this.table, key, `quota#${monday}#${departmentId}#${personId}`);
  }

  async putTarget(t: ItemTarget): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.table,
        Item: { ...workInfoKeys.target(t.orgId, t.month), entity: 'itemTarget', ...t },
      }),
    );
  }

  /** The latest target set for `month` or before: one Query, newest first, one row. */
  async targetFor(orgId: string, month: string): Promise<ItemTarget | undefined> {
    const r = await queryUpTo<ItemTarget>(
      this.db,
      {
        ...newestInRange(
          this.table,
          keys.org(orgId).PK,
          workInfoKeys.targetPrefix,
          workInfoKeys.target(orgId, month).SK,
          1,
        ),
        ConsistentRead: true,
      },
      1,
    );
    return r[0];
  }

  async getDistribution(orgId: string): Promise<Distribution> {
    const r = await this.db.send(
      new GetCommand({ TableName: this.table, Key: workInfoKeys.distribution(orgId), ConsistentRead: true }),
    );
    return r.Item ? strip<Distribution>(r.Item) : { outside: [] };
  }

  async putDistribution(orgId: string, d: Distribution): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.table,
        Item: { ...workInfoKeys.distribution(orgId), entity: 'periodicalDistribution', ...d },
      }),
    );
  }

  /**
   * A new commission, with `mails` (its outbox records) in the same transaction, unless that would pass DynamoDB's
   * 100 items: then they are written right after it.
   */
  async putCommission(c: Commission, mails?: Writes[]): Promise<void> {
    const put: TransactItem = {
      Put: {
        TableName: this.table,
        Item: {
          ...workInfoKeys.commission(c.commissionId),
          GSI1PK: workInfoKeys.orgCommissions(c.orgId),
          GSI1SK: `${c.dueAt}#${c.commissionId}`,
          entity: 'commission',
          ...c,
        },
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    };
    const { rows, after } = withMails([put], mails);
    if (rows.length === 1) await this.db.send(new PutCommand(put.Put as never));
    else await this.db.send(new TransactWriteCommand({ TransactItems: rows }));
    await putEach(this.db, after);
  }

  /** The commission and its answers: one Query on its partition. */
  async getCommission(
    commissionId: string,
  ): Promise<{ commission: Commission; answers: CommissionAnswer[] } | undefined> {
    const rows = await readPartition(this.db, this.table, workInfoKeys.commission(commissionId).PK);
    const commission = rows.one<Commission>('COMMISSION');
    return commission && { commission, answers: rows.all<CommissionAnswer>('ANSWER#') };
  }

  listCommissions(orgId: string, from: string, to: string): Promise<Commission[]> {
    return queryAll<Commission>(this.db, {
      TableName: this.table,
      ...ownerKey(workInfoKeys.orgCommissions(orgId), { from, to }),
    }).then((rows) => rows.map((r) => strip<Commission>(r as Record<string, unknown>)));
  }

  commissionMailSlot(commissionId: string, departmentId: string, personId: string): MailSlot {
    const key = workInfoKeys.commissionMail(commissionId, departmentId, personId);
    return mailSlot(this.db, this.table, key, `commission#${commissionId}#${departmentId}#${personId}`);
  }

  /** Records to whom an issue was mailed (after the mails went out). */
  async markPeriodicalMailed(p: Periodical, mailedTo: string[], at: string): Promise<void> {
    await this.db.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: this.table,
              Key: keys.periodical(p.orgId, p.year, p.issueNo),
              UpdateExpression: 'SET mailedTo = :m, mailedAt = :at',
              ExpressionAttributeValues: { ':m': mailedTo, ':at': at },
            },
          },
        ],
      }),
    );
  }
}
