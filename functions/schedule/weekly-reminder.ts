import type { ScheduledEvent } from 'aws-lambda';
import { itemRepo, logger, productionDeps, outboxMailer } from '#shared/app/production.ts';
import { remindWeeklyQuota } from '#shared/work-info/weekly-reminder.ts';
import { chaseCommissions } from '#shared/work-info/commissions.ts';

/** Its repositories and clients (test/unit/app/wiring.test.ts checks them against its code and FUNCTIONS). */
export const production = productionDeps({ items: itemRepo, mailer: outboxMailer });

/**
 * Every hour: reminds once each department that left a commission (约稿) unanswered past its deadline, and mails the
 * departments still short of their weekly quota in each organisation whose reminder is due
 * (Friday from 15:00 in its own zone by default), once per department, week and person. Runs as of the later of the
 * clock and the event's `time`, so a test can run it at a moment of its choosing; `detail.orgIds` limits the round.
 */
export const handler = async (event: Partial<ScheduledEvent> & { detail?: { orgIds?: string[] } } = {}) => {
  const deps = production();
  const scheduled = event.time ? Date.parse(event.time) : NaN;
  const now = new Date(Math.max(deps.clock().getTime(), Number.isNaN(scheduled) ? 0 : scheduled));
  const orgIds = Array.isArray(event.detail?.orgIds)
    ? (event.detail.orgIds as unknown[]).filter((x): x is string => typeof x === 'string')
    : undefined;
  const run = await remindWeeklyQuota(deps, now, { orgIds });
  const commissions = await chaseCommissions(deps, now, { orgIds });
  logger.info('weekly quota reminder', { ...run, commissions, now: now.toISOString() });
  return { ...run, commissions };
};
