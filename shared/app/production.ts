import { monotonicFactory } from 'ulid';
import { Logger } from '@aws-lambda-powertools/logger';
import { env } from '../platform/kernel/env.ts';
import { documentClient } from '../platform/dynamo/client.ts';
import type { ErrorLog } from '../platform/http/error-mapper.ts';
import { FindingRepo } from '../accountability/finding-repo.ts';
import { ItemRepo } from '../work-info/item-repo.ts';
import { OrgRepo } from '../org/org-repo.ts';
import { ReportRepo } from '../reports/report-repo.ts';
import { ZeroReportRepo } from '../reports/zero-repo.ts';
import { ScoreRepo } from '../scores/score-repo.ts';
import { VerificationRepo } from '../followups/verification-repo.ts';
import type { Deps } from './ports.ts';
import type { Mailer } from '../platform/mail/mailer.ts';
import type { Texter } from '../platform/sms/texter.ts';
import { SesMailer } from '../platform/mail/ses-mailer.ts';
import { SmsTexter } from '../platform/sms/sms-texter.ts';
import type { EscalationQueue } from '../reports/ports.ts';
import { SqsEscalationQueue } from '../reports/sqs-escalation-queue.ts';
import type { ScoringQueue } from '../scores/ports.ts';
import type { SignInAccounts } from '../org/ports.ts';
import { CognitoSignInAccounts, TableSignInAccounts } from '../org/sign-in-account-repo.ts';
import { SqsScoringQueue } from '../scores/sqs-scoring-queue.ts';
import { AttachmentRepo } from '../attachments/attachment-repo.ts';
import { S3Files } from '../platform/files/s3.ts';
import { OutboxRepo } from '../platform/outbox/outbox-repo.ts';
import { SqsOutboxQueue } from '../platform/outbox/sqs-outbox-queue.ts';
import { OutboxMailer, OutboxTexter } from '../platform/outbox/outbox-mailer.ts';
import type { Outbox } from '../platform/outbox/redrive.ts';

export const logger = new Logger({ serviceName: 'baosong' });
/** What the HTTP router writes an unexpected error with. */
export const logError: ErrorLog = (message, extra) => logger.error(message, extra);

const table = () => env('TABLE_NAME');

/** The repositories on the table (every function reads the organisation: `orgs` is always there). */
export const reportRepo = () => new ReportRepo(documentClient(), table());
export const itemRepo = () => new ItemRepo(documentClient(), table());
export const findingRepo = () => new FindingRepo(documentClient(), table());
export const scoreRepo = () => new ScoreRepo(documentClient(), table());
/** Special periods and zero reports (issue 14). */
export const zeroReportRepo = () => new ZeroReportRepo(documentClient(), table());
export const verificationRepo = () => new VerificationRepo(documentClient(), table());
/** Attachments' records on the table (issue 14): any function with table access may list them. */
export const attachmentRepo = () => new AttachmentRepo(documentClient(), table());
/**
 * The attachments bucket (our own S3 adapter): for functions with `files` access. Locally the S3 emulator, path
 * style at `AWS_ENDPOINT_URL_S3`, which the browser reaches too.
 */
export const fileStore = () =>
  new S3Files({
    bucket: env('FILES_BUCKET'),
    region: process.env.AWS_REGION ?? 'us-east-1',
    ...(process.env.AWS_ENDPOINT_URL_S3 ? { endpoint: process.env.AWS_ENDPOINT_URL_S3 } : {}),
  });
/** SQS, the escalation nudges: for functions with `queue` access. */
export const escalationQueue = () => new SqsEscalationQueue(env('ESCALATION_QUEUE_URL'));
/** SQS, the monthly scoring fan-out: for functions with `scoring` access. */
export const scoringQueue = () => new SqsScoringQueue(env('SCORING_QUEUE_URL'));
/** SES: for the outbox's consumer only (`deliver`, the one function with `mail` access); every mail under the configuration set whose bounces come back. */
export const sesMailer = () => new SesMailer(env('MAIL_FROM'), env('MAIL_CONFIGURATION_SET'));
/** AWS End User Messaging SMS: for functions with `sms` access (the stage's origination identity and configuration set). */
export const smsTexter = () =>
  new SmsTexter({
    originationIdentity: env('SMS_ORIGINATION_IDENTITY'),
    configurationSet: env('SMS_CONFIGURATION_SET'),
  });
/** The outbox's records and its queue (functions with `outbox` access). */
export const outboxRepo = () => new OutboxRepo(documentClient(), table());
export const outboxQueue = () => new SqsOutboxQueue(env('OUTBOX_QUEUE_URL'));
/** The outbox as one adapter: its records and queue. */
export const outbox = (): Outbox => {
  // The queue is built on first nudge: the org function reads the records only and is given no queue URL.
  let queue: SqsOutboxQueue | undefined;
  const nudge = (id: string, delay?: number) => {
    queue ??= outboxQueue();
    return queue.nudge(id, delay);
  };
  return { records: outboxRepo(), queue: { nudge } };
};
const outboxDeps = () => ({
  outbox: outboxRepo(),
  queue: outboxQueue(),
  clock: () => new Date(),
  ids: monotonicFactory(),
  log: {
    info: (msg: string, extra?: object) => logger.info(msg, { ...extra }),
    warn: (msg: string, extra?: object) => logger.warn(msg, { ...extra }),
    error: (msg: string, extra?: object) => logger.error(msg, { ...extra }),
  },
});
/** Mail for every function but the outbox's consumer: an outbox record and a nudge (ARCHITECTURE decision 9). */
export const outboxMailer = () => new OutboxMailer(outboxDeps());
/** Texts likewise: an outbox record; the consumer sends it through the SMS adapter when one is wired there. */
export const outboxTexter = () => new OutboxTexter(outboxDeps());

/**
 * The sign-in accounts (for the org function, which adds and disables people): the Cognito user pool on AWS, the
 * table's record of what was asked locally, where the local OIDC provider needs no account (org/ports.ts).
 */
export const signInAccounts = (): SignInAccounts =>
  env('AUTH_MODE') === 'cognito'
    ? new CognitoSignInAccounts(env('USER_POOL_ID'))
    : new TableSignInAccounts(documentClient(), table());

/** What a function is given besides the organisation's repository, each built on first use. */
export type Adapters = {
  reports?: () => ReportRepo;
  items?: () => ItemRepo;
  findings?: () => FindingRepo;
  scores?: () => ScoreRepo;
  zeroReports?: () => ZeroReportRepo;
  verifications?: () => VerificationRepo;
  queue?: () => EscalationQueue;
  scoring?: () => ScoringQueue;
  mailer?: () => Mailer;
  texter?: () => Texter;
  /** The outbox's records and queue (the every-minute re-drive, the office's undelivered list). */
  outbox?: () => Outbox;
  accounts?: () => SignInAccounts;
  attachments?: () => AttachmentRepo;
  files?: () => S3Files;
};
/** A function's wiring: the dependencies, built once per container, and the names of what it was given. */
export type Production = (() => Deps) & { wired: readonly string[] };

/** Reaching for what a function was not given is a mistake of its wiring, named as such. */
function unwired(name: string): never {
  throw new Error(`${name} is not wired into this function: pass it to its productionDeps (and grant it in FUNCTIONS)`);
}

/**
 * The production wiring of the use cases' dependencies, built once per container from the environment, with only
 * what `adapters` names: a function's entry passes the repositories its code uses and the clients its FUNCTIONS
 * access grants, so its bundle carries no others (a function without mail has no SES client in it). Only what a
 * function touches is read, so a function lacking, say, the queue URL fails when it first needs it, by name.
 * `findings` and `scores` stay absent when not given, as `Deps` lets them be.
 */
export function productionDeps(adapters: Adapters = {}): Production {
  let deps: Deps | undefined;
  const production = () => (deps ??= wire(adapters));
  return Object.assign(production, { wired: ['orgs', ...Object.keys(adapters)] });
}

function wire(a: Adapters): Deps {
  const once = <T>(make: () => T) => {
    let value: T | undefined;
    return () => (value ??= make());
  };
  const orgs = once(() => new OrgRepo(documentClient(), table()));
  const reports = once(() => a.reports?.() ?? unwired('the report repository'));
  const items = once(() => a.items?.() ?? unwired('the item repository'));
  const queue = once(() => a.queue?.() ?? unwired('the escalation queue'));
  const scoring = once(() => a.scoring?.() ?? unwired('the scoring queue'));
  const mailer = once(() => a.mailer?.() ?? unwired('the mailer'));
  const accounts = once(() => a.accounts?.() ?? unwired('the sign-in accounts'));
  return {
    get orgs() {
      return orgs();
    },
    get reports() {
      return reports();
    },
    get items() {
      return items();
    },
    ...(a.findings ? { findings: a.findings() } : {}),
    ...(a.scores ? { scores: a.scores() } : {}),
    ...(a.zeroReports ? { zeroReports: a.zeroReports() } : {}),
    ...(a.verifications ? { verifications: a.verifications() } : {}),
    queue: { nudge: (m, d) => queue().nudge(m, d) },
    scoring: { enqueue: (m) => scoring().enqueue(m) },
    mailer: { send: (m, o) => mailer().send(m, o), stage: (m, k) => mailer().stage?.(m, k) },
    ...(a.texter ? { texter: a.texter() } : {}),
    ...(a.attachments ? { attachments: a.attachments() } : {}),
    ...(a.files ? { files: a.files() } : {}),
    ...(a.outbox ? { outbox: a.outbox() } : {}),
    accounts: {
      invite: (p) => accounts().invite(p),
      disable: (e) => accounts().disable(e),
      enable: (p) => accounts().enable(p),
    },
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
}
