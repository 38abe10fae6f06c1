import type { ScheduledEvent } from 'aws-lambda';
import {
  escalationQueue,
  findingRepo,
  itemRepo,
  logger,
  productionDeps,
  reportRepo,
  outbox,
  outboxMailer,
  outboxTexter,
  verificationRepo,
  zeroReportRepo,
} from '#shared/app/production.ts';
import { checkOverdue } from '#shared/app/every-minute.ts';

/** Its repositories and clients (test/unit/app/wiring.test.ts checks them against its code and FUNCTIONS). */
export const production = productionDeps({
  reports: reportRepo,
  findings: findingRepo,
  items: itemRepo,
  queue: escalationQueue,
  mailer: outboxMailer,
  texter: outboxTexter,
  zeroReports: zeroReportRepo,
  verifications: verificationRepo,
  outbox,
});

/**
 * Every minute: advances every report with a step due (a notification whose queue message was lost, an
 * acknowledgement deadline passed, a reminder due). This, not the queue, is what guarantees the escalation.
 * It runs as of the later of the clock and the event's scheduled `time`, so a delayed or retried invocation
 * never works on an older moment, and a test can run it at a moment of its choosing.
 */
export const handler = async (event: Partial<ScheduledEvent> = {}) => {
  const deps = production();
  const scheduled = event.time ? Date.parse(event.time) : NaN;
  const now = new Date(Math.max(deps.clock().getTime(), Number.isNaN(scheduled) ? 0 : scheduled));
  const result = await checkOverdue(deps, now);
  logger.info('overdue check', { ...result, now: now.toISOString() });
  return result;
};
