import type { FindingRepo } from '../data/finding-repo.ts';
import type { ItemRepo } from '../data/item-repo.ts';
import type { OrgRepo } from '../data/org-repo.ts';
import type { ReportRepo } from '../data/report-repo.ts';
import type { ScoreRepo } from '../data/score-repo.ts';
import type { Mailer } from '../mail/mailer.ts';
import type { EscalationQueue } from '../messaging/escalation-queue.ts';
import type { ScoringQueue } from '../messaging/scores-queue.ts';

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

export type Caller = { personId: string; orgId: string; name: string; roles: string[]; departmentId?: string; sourceIp?: string };
