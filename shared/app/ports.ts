import type { FindingRepo } from '../accountability/finding-repo.ts';
import type { ItemRepo } from '../work-info/item-repo.ts';
import type { OrgRepo } from '../org/org-repo.ts';
import type { ReportRepo } from '../reports/report-repo.ts';
import type { ScoreRepo } from '../scores/score-repo.ts';
import type { Mailer } from '../platform/mail/mailer.ts';
import type { EscalationQueue } from '../reports/escalation-queue.ts';
import type { ScoringQueue } from '../scores/scoring-queue.ts';

/** What use cases need from the outside world, passed in as one plain object (tests pass their own). */
export type Deps = {
  orgs: OrgRepo;
  reports: ReportRepo;
  /** Work information items and periodical issues. */
  items: ItemRepo;
  /** Accountability: findings and circulars. Optional only so that hand-built test dependencies need not name it (`findingsOf` fails loudly). */
  findings?: FindingRepo;
  /** Monthly scores (issue 7). Optional for the same reason as `findings`. */
  scores?: ScoreRepo;
  queue: EscalationQueue;
  /** The monthly scoring fan-out (one message per organisation and month). Optional like `scores`. */
  scoring?: ScoringQueue;
  mailer: Mailer;
  clock: () => Date;
  ids: () => string;
  appUrl: string;
  log: { info(msg: string, extra?: object): void; warn(msg: string, extra?: object): void; error(msg: string, extra?: object): void };
};
