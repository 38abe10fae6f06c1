import type { Runtime } from '../platform/kernel/runtime.ts';
import type { Mailer } from '../platform/mail/mailer.ts';
import type { OrgReader } from '../org/index.ts';
import type { EscalationQueue, ReportStore } from '../reports/index.ts';

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
