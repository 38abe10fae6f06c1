import { monotonicFactory } from 'ulid';
import { Logger } from '@aws-lambda-powertools/logger';
import { env } from '../platform/kernel/env.ts';
import { documentClient } from '../platform/dynamo/client.ts';
import { FindingRepo } from '../accountability/finding-repo.ts';
import { ItemRepo } from '../work-info/item-repo.ts';
import { OrgRepo } from '../org/org-repo.ts';
import { ReportRepo } from '../reports/report-repo.ts';
import { ScoreRepo } from '../scores/score-repo.ts';
import type { Deps } from './ports.ts';
import { SesMailer } from '../platform/mail/ses-mailer.ts';
import { SqsEscalationQueue } from '../reports/sqs-escalation-queue.ts';
import { SqsScoringQueue } from '../scores/sqs-scoring-queue.ts';

export const logger = new Logger({ serviceName: 'baosong' });

let deps: Deps | undefined;

/**
 * The production wiring of the use cases' dependencies, built once per container from the environment.
 * Only what a function touches is read, so a function lacking, say, the queue URL fails when it first needs it, by name.
 */
export function productionDeps(): Deps {
  if (deps) return deps;
  let queue: SqsEscalationQueue | undefined;
  let scoring: SqsScoringQueue | undefined;
  let mailer: SesMailer | undefined;
  let orgs: OrgRepo | undefined;
  let reports: ReportRepo | undefined;
  let items: ItemRepo | undefined;
  let findings: FindingRepo | undefined;
  let scores: ScoreRepo | undefined;
  deps = {
    get orgs() {
      return (orgs ??= new OrgRepo(documentClient(), env('TABLE_NAME')));
    },
    get reports() {
      return (reports ??= new ReportRepo(documentClient(), env('TABLE_NAME')));
    },
    get items() {
      return (items ??= new ItemRepo(documentClient(), env('TABLE_NAME')));
    },
    get findings() {
      return (findings ??= new FindingRepo(documentClient(), env('TABLE_NAME')));
    },
    get scores() {
      return (scores ??= new ScoreRepo(documentClient(), env('TABLE_NAME')));
    },
    queue: { nudge: (m, d) => (queue ??= new SqsEscalationQueue(env('ESCALATION_QUEUE_URL'))).nudge(m, d) },
    scoring: { enqueue: (m) => (scoring ??= new SqsScoringQueue(env('SCORING_QUEUE_URL'))).enqueue(m) },
    mailer: { send: (m) => (mailer ??= new SesMailer(env('MAIL_FROM'))).send(m) },
    clock: () => new Date(),
    ids: monotonicFactory(),
    get appUrl() {
      return env('APP_URL');
    },
    log: {
      info: (msg, extra) => logger.info(msg, { ...extra }),
      warn: (msg, extra) => logger.warn(msg, { ...extra }),
      error: (msg, extra) => logger.error(msg, { ...extra }),
    },
  };
  return deps!;
}
