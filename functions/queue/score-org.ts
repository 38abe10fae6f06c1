import type { SQSRecord } from 'aws-lambda';
import {
  findingRepo,
  itemRepo,
  logger,
  productionDeps,
  reportRepo,
  scoreRepo,
  outboxMailer,
} from '#shared/app/production.ts';
import { sqsConsumer } from './sqs-consumer.ts';
import { scoreOrgPeriod } from '#shared/scores/monthly-scores.ts';
import { scoringMessageSchema } from '#shared/scores/ports.ts';

/** Its repositories and clients (test/unit/app/wiring.test.ts checks them against its code and FUNCTIONS). */
export const production = productionDeps({
  reports: reportRepo,
  items: itemRepo,
  findings: findingRepo,
  scores: scoreRepo,
  mailer: outboxMailer,
});

/**
 * Consumes scoring messages, one organisation's month each: scores, stores and mails it (and the quarter's statistics
 * after a quarter's last month). A failure — a mail SES refused, a throttled table — is reported back and retried after
 * the visibility timeout, then lands in the dead-letter queue; the hourly dispatcher also enqueues it again while the
 * period is incomplete. A malformed message fails likewise, never silently.
 */
async function recordHandler(record: SQSRecord): Promise<void> {
  const message = scoringMessageSchema.parse(JSON.parse(record.body));
  const deps = production();
  const now = new Date(Math.max(deps.clock().getTime(), Date.parse(message.at)));
  const r = await scoreOrgPeriod(deps, message, now);
  logger.info('organisation scored', { ...r, receiveCount: record.attributes.ApproximateReceiveCount });
}

export const handler = sqsConsumer(recordHandler);
