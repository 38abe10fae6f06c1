import { localParts } from '../../shared/platform/kernel/time.ts';
import { monthRange } from '../../shared/platform/kernel/time.ts';
import type { ScoreHeader } from '../../shared/scores/ports.ts';
import type { GivenOrg } from './given.ts';
import { api, invokeFunction, scoreRepo, untilIdle, waitFor } from './stack.ts';
import type { SesEventRequest } from '../../infra/local/ses-events.ts';

/** When… steps: what happens to the data, through the stack's HTTP API, its schedules or its queues. */

/** Runs the every-minute overdue check as of `time` (the scheduled event's `time`), as the schedule would. */
export const checkAt = (time: string) =>
  invokeFunction('CheckOverdue', { 'detail-type': 'Scheduled Event', source: 'aws.events', time });

/**
 * SES reports a bounce or complaint for `to` (the local runtime's `POST /__local/ses-events`: the event EventBridge
 * would put on the mail-events queue). Returns the event; the same `feedbackId` twice plays a duplicate.
 */
export async function sesReports(input: SesEventRequest): Promise<{ id: string }> {
  const r = await api<{ id: string }>('POST', '/__local/ses-events', { body: input });
  if (r.status !== 202) throw new Error(`POST /__local/ses-events: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

/** The instant `n` minutes from now, or from `from`, as an ISO string. */
export const minutesFrom = (n: number, from: string | number = Date.now()) =>
  new Date((typeof from === 'string' ? Date.parse(from) : from) + n * 60_000).toISOString();

/** The organisation's local date (YYYY-MM-DD) and month (YYYY-MM) at `at`: what the API stamps on what it records. */
export const localDate = (g: GivenOrg, at = new Date()) => localParts(at, g.tz).date;
export const localMonth = (g: GivenOrg, at = new Date()) => localDate(g, at).slice(0, 7);

/** `minutes` past midnight on the 1st after `month`, in the organisation's zone (60: the scoring job's 01:00). */
export const afterMonth = (g: GivenOrg, month: string, minutes = 60) =>
  new Date(Date.parse(monthRange(month, g.tz).to) + 1 + minutes * 60_000).toISOString();

/**
 * Runs the monthly scores dispatcher through the local scheduler path as of `event.time`, waits for the scoring
 * worker to finish the organisation's month (stored and mailed, and for a recompute computed again), then for the
 * stack to be idle: after a quarter's last month the same message also publishes the quarter, so "done" is idle.
 */
export async function runMonthlyScores(
  orgId: string,
  month: string,
  event: { time: string; recompute?: boolean },
): Promise<{ run: any; header: ScoreHeader }> {
  const before = (await scoreRepo().getHeader(orgId, month))?.lastComputedAt;
  const detail = { orgIds: [orgId], ...(event.recompute ? { month } : {}) };
  const run = await invokeFunction('MonthlyScores', { 'detail-type': 'Scheduled Event', time: event.time, detail });
  const header = await waitFor(`the scores of ${orgId} ${month}`, async () => {
    const h = await scoreRepo().getHeader(orgId, month);
    return h?.mailedAt && (!event.recompute || h.lastComputedAt !== before) ? h : undefined;
  });
  await untilIdle();
  return { run, header };
}
