import type { Writes } from '../platform/kernel/writes.ts';
import type { TransitionEvent } from '../platform/kernel/audit.ts';
import type { IdempotencyRecord } from '../platform/kernel/once.ts';
import type { Runtime } from '../platform/kernel/runtime.ts';
import type { Mailer } from '../platform/mail/mailer.ts';
import type { OrgReader } from '../org/index.ts';
import type { Item, ItemRevision } from './rules/item.ts';
import type { Periodical } from './rules/periodical.ts';
import type { MailSlot } from '../platform/mail/ledger.ts';
import type { ItemTarget, OutsideRecipient } from './rules/weekly-quota.ts';
import type { Commission, CommissionAnswer } from './rules/commission.ts';

export type ItemEvent = TransitionEvent;
/** One transition of one item, as monthly scoring reads it (no content, only who, what and when). */
export type LedgerEntry = {
  at: string;
  itemId: string;
  eventId: string;
  type: string;
  orgId: string;
  departmentId: string;
  authorId: string;
  kind: Item['kind'];
  toState?: string;
  actorId?: string;
  externalLevel?: string;
};
export type ItemSummary = Pick<
  Item,
  | 'itemId'
  | 'orgId'
  | 'departmentId'
  | 'departmentName'
  | 'kind'
  | 'title'
  | 'state'
  | 'createdAt'
  | 'updatedAt'
  | 'submittedAt'
  | 'adoptedAt'
  | 'issueNo'
  | 'issueYear'
>;
/** The idempotency record written with a creation (`Idempotency-Key`); `scope` keeps items and issues apart from reports. */
export type CreationKey = { callerId: string; scope: 'item' | 'periodical'; key: string; record: IdempotencyRecord };
export type Paging = { limit: number; cursor?: Record<string, unknown> };
export type Page<T> = { items: T[]; next?: Record<string, unknown> };
/** An important adopted item waiting for 签发 (its line on the organisation's sign-off index), as 待办 lists it. */
export type SignOffLine = Pick<Item, 'itemId' | 'orgId' | 'title' | 'authorName' | 'departmentName' | 'adoptedAt'> &
  Partial<Pick<Item, 'signOffStandIn'>>;
/** Who signs an item off: the principal leader, or the stand-in named on it when it was adopted while he was away. */
export type ItemSigner = 'principal' | { standInId: string };
/** An item moving to `published` in an issue, under its own lock. */
export type PublishedItem = { item: Item; expectedVersion: number; event: ItemEvent };

/** What other contexts read of work information: monthly scoring reads the ledger and the adopted items. */
export interface ItemReader {
  get(itemId: string): Promise<Item | undefined>;
  /** Every transition of an organisation's items in [from, to] (ISO instants), oldest first. */
  ledger(orgId: string, from: string, to: string): Promise<LedgerEntry[]>;
  /** Items of an organisation adopted in [from, to], in order of adoption. */
  listAdopted(orgId: string, from: string, to: string, limit?: number): Promise<Item[]>;
}

/**
 * Work information's store: items with their revisions, history and the author's list, and periodical issues with
 * their per-year counter. Every multi-record change is one transaction inside it.
 */
export interface ItemStore extends ItemReader {
  getIdempotency(callerId: string, scope: CreationKey['scope'], key: string): Promise<IdempotencyRecord | undefined>;
  /** A new item with its first revision, history event and author's line: all or nothing. */
  create(item: Item, revision: ItemRevision, events: ItemEvent[], creation?: CreationKey): Promise<void>;
  /** Saves a changed item under its lock, with `mails` (the step's outbox records). @throws StaleItem when it changed meanwhile. */
  save(
    item: Item,
    expectedVersion: number,
    events: ItemEvent[],
    revision?: ItemRevision,
    mails?: Writes[],
  ): Promise<void>;
  /** Appends events that record no transition (a mail that could not be sent). */
  appendEvents(itemId: string, events: ItemEvent[]): Promise<void>;
  getBundle(itemId: string): Promise<{ item: Item; revisions: ItemRevision[]; events: ItemEvent[] } | undefined>;
  pageByAuthor(personId: string, page: Paging): Promise<Page<ItemSummary>>;
  pageIndex(
    which: 'toReview' | 'withOffice' | 'adopted',
    owner: string,
    page: Paging,
    range?: { from: string; to: string },
  ): Promise<Page<Item>>;
  /** A page of an organisation's important adopted items waiting for this signer's 签发, oldest adoption first. */
  pageToSignOff(orgId: string, signer: ItemSigner, page: Paging): Promise<Page<SignOffLine>>;
  /** How many items wait for this person's 签发 (as the principal leader, and as a stand-in): the nav badge's count. */
  signOffsWaiting(orgId: string, personId: string, principal: boolean): Promise<number>;
  /**
   * Once (a marker says it ran), bounded and resumable: the sign-off line of each important item adopted before the
   * sign-off index existed and still waiting for 签发. `items` read, lines `written`; `ran` false once done.
   */
  backfillSignOffLines(budget?: number): Promise<{ ran: boolean; items: number; written: number; done: boolean }>;
  lastIssueNo(orgId: string, year: number): Promise<number>;
  /** Publishes an issue with its counter step and its items. @throws StaleItem when a number or an item was taken. */
  /** `mails`: the issue's outbox records, committed with it (or right after when the transaction would be too large). */
  publish(p: Periodical, items: PublishedItem[], creation?: CreationKey, mails?: Writes[]): Promise<void>;
  pagePeriodicals(orgId: string, page: Paging): Promise<Page<Periodical>>;
  getPeriodical(orgId: string, year: number, issueNo: number): Promise<Periodical | undefined>;
  markPeriodicalMailed(p: Periodical, mailedTo: string[], at: string): Promise<void>;
  /** Every organisation (id, name, zone, parent): the weekly reminder's round and a parent's lower organisations. */
  listOrgs(): Promise<OrgLine[]>;
  /** The send-once record of one person's weekly quota reminder for a department and week (its Monday). */
  quotaMailSlot(orgId: string, monday: string, departmentId: string, personId: string): MailSlot;
  /** Writes the target (报送任务) taking effect in `target.month`. */
  putTarget(target: ItemTarget): Promise<void>;
  /** The target in effect in `month`: the latest set for that month or before. */
  targetFor(orgId: string, month: string): Promise<ItemTarget | undefined>;
  /** The periodical's recipients outside the organisation (市直相关单位). */
  getDistribution(orgId: string): Promise<Distribution>;
  putDistribution(orgId: string, d: Distribution): Promise<void>;
  /** A new commission with `mails` (its outbox records) in its transaction. */
  putCommission(c: Commission, mails?: Writes[]): Promise<void>;
  getCommission(commissionId: string): Promise<{ commission: Commission; answers: CommissionAnswer[] } | undefined>;
  /** An organisation's commissions due in [from, to] (ISO instants), by deadline. */
  listCommissions(orgId: string, from: string, to: string): Promise<Commission[]>;
  /** The send-once record of the one reminder of an overdue commission to a department's person. */
  commissionMailSlot(commissionId: string, departmentId: string, personId: string): MailSlot;
}

export type OrgLine = { orgId: string; name: string; timezone?: string; parentOrgId?: string };
export type Distribution = { outside: OutsideRecipient[]; savedAt?: string; savedByName?: string };

/** What the work information use cases need. */
export type WorkInfoDeps = Runtime & { orgs: OrgReader; items: ItemStore; mailer: Mailer; appUrl: string };
