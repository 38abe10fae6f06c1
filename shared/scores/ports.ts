import * as z from 'zod';
import type { Runtime } from '../platform/kernel/runtime.ts';
import type { Mailer } from '../platform/mail/mailer.ts';
import type { MailSlot } from '../platform/mail/ledger.ts';
import type { OrgReader } from '../org/index.ts';
import type { ItemReader } from '../work-info/index.ts';
import type { FindingReader, ReportingSources } from '../accountability/index.ts';
import type { MonthFigures } from './rules/dashboard.ts';
import type { LowerOrgScore } from './rules/lower-orgs.ts';
import type { QuarterFigures } from './rules/quarter.ts';
import type { DepartmentScore, MonthScores, PersonScore, ScoredFinding, ScoringConfig } from './rules/scoring.ts';

/** The stored head of a month's scores: what the rows below share, and when it was first computed. */
export type ScoreHeader = {
  orgId: string;
  month: string;
  weeks: number;
  rules: ScoringConfig;
  unassignedFindings: ScoredFinding[];
  computedAt: string;
  lastComputedAt?: string;
  itemsRead: number;
  departments: number;
  people: number;
  mailedAt?: string;
};
/** A quarter's adoption statistics as published to the leaders (issue 7). */
export type PublishedQuarter = QuarterFigures & { computedAt: string; mailedAt?: string };
export type OrgSummary = { orgId: string; timezone: string; name: string; createdAt?: string };
export type StoredMonth = { header: ScoreHeader; departments: DepartmentScore[]; people: PersonScore[] };
/** A period an organisation is looked at for: its month, and the quarter when the month is a quarter's last. */
export type PeriodWanted = { orgId: string; month: string; quarter?: string };

/** Monthly scores and quarterly statistics as stored, with the send-once records of their mails. */
export interface ScoreStore {
  /** Every organisation (id and zone). */
  listOrgs(): Promise<OrgSummary[]>;
  getHeader(orgId: string, month: string): Promise<ScoreHeader | undefined>;
  readMonth(orgId: string, month: string): Promise<StoredMonth | undefined>;
  getOfficerScore(orgId: string, month: string, personId: string): Promise<PersonScore | undefined>;
  /** Writes a month's result whole (recomputing writes the same rows). */
  saveMonth(orgId: string, s: MonthScores, at: string, itemsRead: number): Promise<ScoreHeader>;
  markMailed(orgId: string, month: string, at: string): Promise<void>;
  mailSlot(orgId: string, period: string, personId: string): MailSlot;
  undeliveredMails(orgId: string, period: string): Promise<{ to: string; reason: string; rejectedAt: string }[]>;
  getQuarter(orgId: string, quarter: string): Promise<PublishedQuarter | undefined>;
  saveQuarter(q: QuarterFigures, at: string): Promise<PublishedQuarter>;
  markQuarterMailed(orgId: string, quarter: string, at: string): Promise<void>;
  /** Organisations whose period is stored and mailed. */
  completed(wanted: PeriodWanted[]): Promise<Set<string>>;
  /** Which are complete, and when the others were last queued. */
  progress(wanted: PeriodWanted[]): Promise<{ complete: Set<string>; queuedAt: Map<string, string> }>;
  markQueued(entries: { orgId: string; month: string }[], at: string): Promise<void>;
  /** The stored figures of the months in [fromMonth, toMonth] (one Query), and how many items that read. */
  readFigures(orgId: string, fromMonth: string, toMonth: string): Promise<MonthFigures[]>;
  /** Writes a month's figures whole (recomputing writes the same item). */
  saveFigures(f: MonthFigures): Promise<void>;
  /** Replaces the lower organisations' reporting scores of a parent's month (rows of organisations gone are deleted). */
  saveLowerScores(parentOrgId: string, month: string, scores: LowerOrgScore[], at: string): Promise<void>;
  /** The lower organisations' stored reporting scores of the months in [fromMonth, toMonth] (one Query). */
  readLowerScores(parentOrgId: string, fromMonth: string, toMonth: string): Promise<LowerOrgScore[]>;
}

/**
 * The message that asks for one organisation's month to be scored, stored and mailed (and, after a quarter's last
 * month, the quarter's statistics published). The table says what is already done; the message is a nudge.
 */
export const scoringMessageSchema = z.object({
  orgId: z.string().min(1),
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/),
  /** The dispatcher's instant: the worker runs as of the later of this and its clock. */
  at: z.iso.datetime(),
  /** true: an operator asked for the month again; recompute and store it even if it is complete (mails stay send-once). */
  recompute: z.boolean().optional(),
});
export type ScoringMessage = z.infer<typeof scoringMessageSchema>;

export interface ScoringQueue {
  enqueue(messages: ScoringMessage[]): Promise<void>;
}

/** What the scoring use cases need; `scores` and `scoring` are absent only from hand-built test dependencies. */
export type ScoresDeps = Runtime & {
  orgs: OrgReader;
  items: ItemReader;
  findings?: FindingReader & ReportingSources['findings'];
  /** The organisation's reports, for the month's reporting figures (the dashboard); absent in hand-built test deps. */
  reports?: ReportingSources['reports'];
  scores?: ScoreStore;
  scoring?: ScoringQueue;
  mailer: Mailer;
  appUrl: string;
};
