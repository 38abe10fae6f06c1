import type { Runtime } from '../platform/kernel/runtime.ts';
import type { Mailer } from '../platform/mail/mailer.ts';
import type { OrgReader } from '../org/index.ts';
import type { EscalationQueue, ReportStore } from '../reports/index.ts';
import type { MailSlot } from '../platform/mail/ledger.ts';
import type { VerificationRequest } from './rules/verification.ts';

/**
 * What the follow-up use cases need: follow-ups and instructions are stored with their report (in its partition,
 * under its lock), so they work on the reports' store; the queue nudges the report's worker, which mails notices.
 */
export type FollowupsDeps = Runtime & {
  orgs: OrgReader;
  reports: ReportStore;
  queue: EscalationQueue;
  mailer: Mailer;
  appUrl: string;
};

/**
 * 核报 (issue 17): verification requests with their open rows in both organisations' partitions, the due index and
 * their mail log. Each change is one transaction inside it.
 */
export interface VerificationStore {
  create(r: VerificationRequest): Promise<void>;
  get(requestId: string): Promise<VerificationRequest | undefined>;
  /** Saves a changed request under its lock, with its open rows and due entry; false when it lost the race. */
  save(r: VerificationRequest, expectedVersion: number): Promise<boolean>;
  /** Open requests asked of an organisation (its 待办 and 督办). */
  openFor(targetOrgId: string): Promise<VerificationRequest[]>;
  /** Open requests an organisation asked (its 督办). */
  openSentBy(orgId: string): Promise<VerificationRequest[]>;
  /** Ids of the requests with something due at or before `now` (sparse index). */
  dueBy(now: Date, limit?: number): Promise<{ ids: string[]; itemsRead: number }>;
  /** The organisations directly below `orgId` (the form's choice). */
  lowerOrgsOf(orgId: string): Promise<{ orgId: string; name: string }[]>;
  mailSlot(requestId: string, mailKey: string): MailSlot;
}

/** What an unanswered request asks of accountability at its deadline: a proposed missed-report finding (once). */
export interface MissedVerificationFindings {
  /** Proposes the finding (the same id on a retry); returns its id. */
  proposeMissed(r: VerificationRequest, now: Date): Promise<string>;
}

/** What the 核报 use cases need besides the follow-ups' dependencies. */
export type VerificationDeps = FollowupsDeps & {
  verifications?: VerificationStore;
  missedFindings?: MissedVerificationFindings;
};
