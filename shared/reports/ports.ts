import * as z from 'zod';
import type { StoredEvent } from '../platform/kernel/audit.ts';
import type { IdempotencyRecord } from '../platform/kernel/once.ts';
import type { Runtime } from '../platform/kernel/runtime.ts';
import type { Writes } from '../platform/kernel/writes.ts';
import type { Mailer } from '../platform/mail/mailer.ts';
import type { Texter } from '../platform/sms/texter.ts';
import type { MailRecord, MailSlot } from '../platform/mail/ledger.ts';
import type { Org, OrgReader } from '../org/index.ts';
import type { DocNumber, FollowupRecord, Instruction, Notice, Report, ReportChange, SignOff } from './rules/model.ts';
import type { ReportTodo } from './rules/todo.ts';

/** A stored acknowledgement token: only its hash, with the level it answers and when it was spent. */
export type AckTokenRecord = {
  tokenHash: string;
  reportId: string;
  level: number;
  personId: string;
  expiresAt: string;
  usedAt?: string;
};

/** A report with everything in its partition: timeline, mail log, follow-ups and instructions. */
export type ReportBundle = {
  report: Report;
  events: StoredEvent[];
  mails: MailRecord[];
  followups: FollowupRecord[];
  instructions: Instruction[];
};

/** An instruction as it stands in an assignee's own list. */
export type Assignment = Pick<Instruction, 'instructionId' | 'reportId' | 'reportTitle' | 'text' | 'dueAt' | 'status'>;

/** What is due at an instant: reports (escalation steps, follow-ups owed, notices to send), instruction reminders. */
export type DueWork = { ids: string[]; instructions: { reportId: string; instructionId: string }[]; itemsRead: number };

/** A follow-up mirrored on the parent organisation's copy of a forwarded report, in the same transaction. */
export type ParentCopy = {
  parent: Report;
  record: FollowupRecord;
  event: StoredEvent;
  notice: Notice;
  closedAt?: string;
  now: Date;
};

/**
 * What a change of an instruction from the parent writes with it: its copy's timeline events, the progress reported
 * back up as a follow-up (反馈) on the copy, and the people it was passed on to (转办), who may then open the report.
 */
export type InstructionAlso = { copyEvents?: StoredEvent[]; feedback?: ParentCopy; newAssigneeIds?: string[] };

/** The idempotency record of a creation under the caller's key. */
/** One page of the report list (issue 14 item 6): the range (ISO instants) and the filters, all read in one index range. */
export type ReportListFilter = {
  orgId: string;
  from: string;
  to: string;
  departmentId?: string;
  category?: string;
  severity?: string;
  status?: 'escalating' | 'acknowledged' | 'closed';
  late?: boolean;
  channel?: 'phone' | 'written';
  q?: string;
  limit: number;
  /** The most index rows one page may read (a page cut short by it still has `next`). */
  budget: number;
  cursor?: Record<string, unknown>;
};
export type ReportListPage = { items: Report[]; next?: Record<string, unknown>; itemsRead: number };

export type CreationRecord = { callerId: string; key: string; record: IdempotencyRecord };

/**
 * The reports' store: a report and everything in its partition (timeline, mail log, follow-ups, instructions), its
 * acknowledgement tokens and the due index. Every multi-record change is one transaction inside it.
 */
export interface ReportStore {
  /**
   * Writes a new report, its first timeline events, the idempotency record (with a key) and `also` (writes of
   * another context: the proposed finding of a late report) in one transaction.
   * @throws IdempotencyReplay when the caller already used the key.
   */
  create(report: Report, events: StoredEvent[], idempotency?: CreationRecord, also?: Writes): Promise<void>;
  getIdempotency(callerId: string, key: string): Promise<IdempotencyRecord | undefined>;
  get(reportId: string): Promise<Report | undefined>;
  getBundle(reportId: string): Promise<ReportBundle | undefined>;
  /**
   * Records the sign-off, with the forwarded report (its `also` writes and the follow-ups filed before, carried up)
   * when it goes up; false if the report changed (signed off, a follow-up filed) since `report.version` was read.
   */
  signOff(
    report: Report,
    signOff: SignOff,
    events: StoredEvent[],
    forwarded?: { report: Report; events: StoredEvent[]; also?: Writes; followups?: FollowupRecord[] },
  ): Promise<boolean>;
  /** Newest reports of an organisation first, a page at a time. */
  listByOrg(
    orgId: string,
    limit: number,
    cursor?: Record<string, unknown>,
  ): Promise<{ items: Report[]; next?: Record<string, unknown> }>;
  /** A filtered page of the reports submitted in a range, newest first, kept to those `visible` says (report list). */
  listInRange(filter: ReportListFilter, visible: (r: Report) => boolean): Promise<ReportListPage>;
  /** The last 信息专报 number an organisation gave out in a year (0 before the first). */
  lastDocNumber(orgId: string, year: number): Promise<number>;
  /** Gives the report `n` with the counter's step in one transaction; false if either changed meanwhile. */
  takeDocNumber(report: Report, n: DocNumber): Promise<boolean>;
  /** Reports of an organisation submitted in [from, to] (ISO instants), oldest first. */
  submittedBetween(orgId: string, from: string, to: string, limit?: number): Promise<Report[]>;
  /**
   * Saves a change of the report under its optimistic lock (`expectedVersion`), with `also` (the proposed finding of
   * a report that has just become late: a phoned-in report's overdue written version) in the same transaction; false
   * when it lost the race.
   */
  saveEscalation(
    report: Report,
    version: number,
    change: ReportChange,
    events: StoredEvent[],
    also?: Writes,
  ): Promise<boolean>;
  /**
   * Saves an acknowledgement under the lock, spending the link's token (`tokenHash`) in the same transaction:
   * 'stale' when the report changed meanwhile, 'tokenSpent' when the link was used meanwhile.
   */
  saveAcknowledgement(
    report: Report,
    expectedVersion: number,
    change: ReportChange,
    events: StoredEvent[],
    spend?: { tokenHash: string; at: Date },
  ): Promise<'saved' | 'stale' | 'tokenSpent'>;
  /**
   * Files a follow-up: the record, the report's change under its lock and the timeline event, and on a forwarded
   * report the parent's copy (record, event, notice under the parent's lock), in one transaction; false when either
   * report changed meanwhile.
   */
  fileFollowup(
    report: Report,
    change: ReportChange,
    events: StoredEvent[],
    record: FollowupRecord,
    parent?: ParentCopy,
  ): Promise<boolean>;
  /** With `copyEvent`, an instruction from the parent (`fromReportId`): its copy is mirrored there, with the event. */
  createInstruction(ins: Instruction, event: StoredEvent, copyEvent?: StoredEvent): Promise<void>;
  /** What reports wait for from a person (their 待办 rows), whatever the reports' age. */
  todosOf(personId: string): Promise<ReportTodo[]>;
  getInstruction(instructionId: string): Promise<Instruction | undefined>;
  /** Saves a changed instruction under its lock, with the assignees' entries and its events; false on a lost race. */
  saveInstruction(
    ins: Instruction,
    expectedVersion: number,
    events: StoredEvent[],
    also?: InstructionAlso,
  ): Promise<boolean>;
  assignedTo(personId: string): Promise<Assignment[]>;
  /** An organisation's open instructions due by `before`. */
  openInstructionsDueBy(orgId: string, before: Date, limit?: number): Promise<Instruction[]>;
  /** Appends one event to a report's timeline on its own (an audit record such as a view). */
  appendEvent(reportId: string, e: StoredEvent): Promise<void>;
  /** What is due at or before `now`, from the sparse due index only. */
  dueReportIds(now: Date, limitPerShard?: number): Promise<DueWork>;
  /** The send-once record of one of the report's mails. */
  mailSlot(reportId: string, mailKey: string): MailSlot;
  putAckToken(t: AckTokenRecord): Promise<void>;
  getAckToken(tokenHash: string): Promise<AckTokenRecord | undefined>;
  /**
   * Writes the 待办 and supervision rows (`todosOf`) of the reports stored before those rows existed, once (issue 17):
   * each report's rows under a check of its version (a report changed meanwhile is read again), a bounded number of
   * reports a call, resuming where the last call stopped (kept in a marker item); once `done`, a call reads that one
   * item. Idempotent: the rows follow the report's state.
   */
  backfillTodos(budget?: number): Promise<{ ran: boolean; reports: number; done: boolean }>;
}

/** The message that nudges the escalation of one report; the report's state in the table says what to do. */
export const escalationMessageSchema = z.object({
  reportId: z.string().min(1),
  instructionId: z.string().min(1).optional(),
});
export type EscalationMessage = z.infer<typeof escalationMessageSchema>;

export interface EscalationQueue {
  /** Asks for a look at the report now, or after `delaySeconds` (at most 900, SQS's limit). */
  nudge(message: EscalationMessage, delaySeconds?: number): Promise<void>;
}

/** A late report's proposed finding (accountability, issue 8), as the report's creation needs it. */
export type LateReport = { org: Org; report: Report; departmentName?: string; now: Date; ids: () => string };

/**
 * What a new report needs of accountability: the writes of the finding proposed for it when it is late, to go into
 * the report's own transaction (none when it is on time). Accountability's store provides it; hand-built test
 * dependencies without one write no finding.
 */
export interface LateReportFindings {
  lateReportWrites(late: LateReport): Writes;
}

/** What the reports' use cases need. */
export type ReportsDeps = Runtime & {
  orgs: OrgReader;
  reports: ReportStore;
  queue: EscalationQueue;
  mailer: Mailer;
  /** Texts (短信, issue 15) for the severities the organisation chose; without it the chain mails only. */
  texter?: Texter;
  appUrl: string;
  findings?: LateReportFindings;
};
