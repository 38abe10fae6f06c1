import type { AccountabilityDeps, FindingStore } from '../accountability/ports.ts';
import type { FollowupsDeps, VerificationStore } from '../followups/ports.ts';
import type { OrgDeps, OrgStore, SignInAccounts } from '../org/ports.ts';
import type { LateReportFindings, ReportsDeps, EscalationQueue, ReportStore } from '../reports/ports.ts';
import type { ZeroReportStore } from '../reports/zero-ports.ts';
import type { ScoresDeps, ScoreStore, ScoringQueue } from '../scores/ports.ts';
import type { ItemStore, WorkInfoDeps } from '../work-info/ports.ts';
import type { Log } from '../platform/kernel/runtime.ts';
import type { Mailer } from '../platform/mail/mailer.ts';
import type { Texter } from '../platform/sms/texter.ts';
import type { AttachmentStore, FileStore } from '../attachments/index.ts';
import type { Outbox } from '../platform/outbox/redrive.ts';

/**
 * What use cases need from the outside world, passed in as one plain object (tests pass their own): the ports of
 * every context, each filled once. Each context's use cases ask only for their own `<Context>Deps` (its ports.ts);
 * this is the one object the production wiring (`production.ts`) builds and that satisfies all of them.
 */
export type Deps = {
  orgs: OrgStore;
  /** Reports with everything in their partition: follow-ups and instructions too. */
  reports: ReportStore;
  /** Work information items and periodical issues. */
  items: ItemStore;
  /**
   * Accountability: findings and circulars, and what a late report asks of it. Optional only so that hand-built test
   * dependencies need not name it (`findingsOf` fails loudly; a late report then gets no finding).
   */
  findings?: FindingStore & LateReportFindings;
  /** 核报 requests (issue 17). Optional for the same reason as `findings`. */
  verifications?: VerificationStore;
  /** Monthly scores (issue 7). Optional for the same reason as `findings`. */
  scores?: ScoreStore;
  /** Special periods and zero reports (零报告, issue 14). Optional like `scores`. */
  zeroReports?: ZeroReportStore;
  /** Attachments' records (issue 14). Optional like `scores`. */
  attachments?: AttachmentStore;
  /** The attachments bucket: for functions with `files` access only. */
  files?: FileStore;
  queue: EscalationQueue;
  /** The monthly scoring fan-out (one message per organisation and month). Optional like `scores`. */
  scoring?: ScoringQueue;
  mailer: Mailer;
  /** Text messages (短信, issue 15): optional like `findings`; a use case without it sends mail only. */
  texter?: Texter;
  /** The outbox's records and queue, for the every-minute re-drive and the office's undelivered list (issue 15). */
  outbox?: Outbox;
  /** The identity provider's sign-in accounts (Cognito on AWS): the org function's only. */
  accounts: SignInAccounts;
  clock: () => Date;
  ids: () => string;
  appUrl: string;
  log: Log;
};

/** `Deps` is every context's dependencies at once: this fails to compile the day a context asks for something it lacks. */
export type AllContextDeps = OrgDeps & ReportsDeps & FollowupsDeps & WorkInfoDeps & AccountabilityDeps & ScoresDeps;
const _satisfiesEveryContext = (deps: Deps): AllContextDeps => deps;
void _satisfiesEveryContext;
