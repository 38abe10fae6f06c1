import type { ScheduledEvent } from 'aws-lambda';
import { logger, productionDeps, scoreRepo, scoringQueue } from '#shared/app/production.ts';
import { dispatchMonthlyScores } from '#shared/scores/monthly-scores.ts';

/** Its repositories and clients (test/unit/app/wiring.test.ts checks them against its code and FUNCTIONS). */
export const production = productionDeps({ scores: scoreRepo, scoring: scoringQueue });

/**
 * Every hour: puts one message on the scoring queue for each organisation whose last month (and quarter, after a
 * quarter's last month) is due and not yet stored and mailed; the ScoreOrg worker does the work. Runs as of the later
 * of the clock and the event's `time`. An operator (or a test) may pass `detail: {month, orgIds}` to recompute on
 * purpose; mails stay send-once either way.
 */
export const handler = async (
  event: Partial<ScheduledEvent> & { detail?: { month?: string; orgIds?: string[] } } = {},
) => {
  const deps = production();
  const scheduled = event.time ? Date.parse(event.time) : NaN;
  const now = new Date(Math.max(deps.clock().getTime(), Number.isNaN(scheduled) ? 0 : scheduled));
  const month =
    typeof event.detail?.month === 'string' && /^\d{4}-(0[1-9]|1[0-2])$/.test(event.detail.month)
      ? event.detail.month
      : undefined;
  const orgIds = Array.isArray(event.detail?.orgIds)
    ? (event.detail.orgIds as unknown[]).filter((x): x is string => typeof x === 'string')
    : undefined;
  const run = await dispatchMonthlyScores(deps, now, { month, orgIds });
  logger.info('monthly scores dispatched', run);
  return run;
};
