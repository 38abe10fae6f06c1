import { expect } from 'vitest';
import { localParts } from '../../shared/platform/kernel/time.ts';
import { monthBefore, monthRange } from '../../shared/platform/kernel/time.ts';
import type { ScoreHeader } from '../../shared/scores/ports.ts';
import type { GivenOrg, RoleKey } from './given.ts';
import { api, type ApiResponse, invokeFunction, scoreRepo, signIn, untilIdle, waitFor } from './stack.ts';
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

/** The organisation's principal leader signs a report off: `forward` sends it up to the parent, `keep` does not. */
export const signOff = async (g: GivenOrg, reportId: string, decision: 'forward' | 'keep') =>
  api('POST', `/api/reports/${reportId}/sign-off`, { token: await signIn(g.email('chief')), body: { decision } });

/** The instant `n` minutes from now, or from `from`, as an ISO string. */
export const minutesFrom = (n: number, from: string | number = Date.now()) =>
  new Date((typeof from === 'string' ? Date.parse(from) : from) + n * 60_000).toISOString();

/** The office puts `who` on leave for three days from now, naming `deputy` (or nobody) as the stand-in (代理). */
export async function goesOnLeave(g: GivenOrg, who: RoleKey, deputy?: RoleKey): Promise<ApiResponse> {
  const deputyId = deputy && g.people[deputy].personId;
  const leave = await api('PATCH', `/api/people/${g.people[who].personId}`, {
    token: await signIn(g.email('office')),
    body: { available: false, until: minutesFrom(3 * 24 * 60), ...(deputyId ? { deputyId } : {}) },
  });
  expect(leave.status, JSON.stringify(leave.body)).toBe(200);
  return leave;
}

/** The organisation's local date (YYYY-MM-DD) and month (YYYY-MM) at `at`: what the API stamps on what it records. */
export const localDate = (g: GivenOrg, at = new Date()) => localParts(at, g.tz).date;
export const localMonth = (g: GivenOrg, at = new Date()) => localDate(g, at).slice(0, 7);

/** `minutes` past midnight on the 1st after `month`, in the organisation's zone (60: the scoring job's 01:00). */
export const afterMonth = (g: GivenOrg, month: string, minutes = 60) =>
  new Date(Date.parse(monthRange(month, g.tz).to) + 1 + minutes * 60_000).toISOString();

/**
 * A test's fixed clock: noon on the 15th of last month, in the organisation's zone, so the clock's month is a whole
 * month away from either end whatever the hour the suite runs (and wholly in the past: nothing is stamped in the future).
 */
export function midLastMonth(g: GivenOrg): Date {
  const month = monthBefore(localMonth(g));
  return new Date(Date.parse(monthRange(month, g.tz).from) + (14 * 24 + 12) * 3_600_000);
}

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
