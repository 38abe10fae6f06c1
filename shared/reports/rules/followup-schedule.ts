import type { FollowupRules, Severity } from '../../org/index.ts';
import { localInputToIso, localParts } from '../../platform/kernel/time.ts';

/**
 * The follow-ups a report owes (POLICY.md §3.3, §3.5): numbered per event (续报一, 续报二 …, 终报) and due on the
 * organisation's schedule until the final report. The schedule lives with the report because the report carries it:
 * its snapshot of the rules, the next due instant and the misses are report state, set at submission and chased by
 * the report's own worker (`rules/plan.ts`). The followups context files follow-ups against it.
 */

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 99 → 九十九 (follow-ups beyond 99 keep Arabic numerals). */
export function chineseNumber(n: number): string {
  if (n < 10) return DIGITS[n]!;
  if (n < 100) {
    const tens = Math.floor(n / 10);
    const ones = n % 10;
    return `${tens === 1 ? '' : DIGITS[tens]}十${ones ? DIGITS[ones] : ''}`;
  }
  return String(n);
}

/** "续报一", "续报二", … for follow-ups; "终报" for the final report. */
export function followupLabel(kind: 'followup' | 'final', sequence: number): string {
  return kind === 'final' ? '终报' : `续报${chineseNumber(sequence)}`;
}

const HOUR = 3600_000;

/** The scheduled local times (e.g. 08:00, 17:00) as instants, at or after `t` ("after" when `strict`). */
function slotFrom(t: Date, times: string[], timeZone: string, strict: boolean): Date {
  const sorted = [...times].sort();
  for (let day = 0; day < 3; day++) {
    const date = localParts(new Date(t.getTime() + day * 24 * HOUR), timeZone).date;
    for (const time of sorted) {
      const slot = new Date(localInputToIso(`${date}T${time}`, timeZone));
      if (strict ? slot > t : slot >= t) return slot;
    }
  }
  throw new Error('no follow-up slot within three days');
}

export type FollowupSchedule = { rules: FollowupRules; severity: Severity; timeZone: string };

/** Whether this report owes follow-ups on a schedule (I–III by default) or only a final report (IV). */
export function owesScheduledFollowups(s: FollowupSchedule): boolean {
  return s.rules.severities.includes(s.severity);
}

/**
 * When the first follow-up (or, for severities without a schedule, the final report) is due:
 * the first scheduled time at least `minGapMinutes` after submission (a report at 16:59 is not chased at 17:00).
 */
export function firstFollowupDue(submittedAt: Date, s: FollowupSchedule): Date {
  if (!owesScheduledFollowups(s)) return new Date(submittedAt.getTime() + s.rules.finalReportDays * 24 * HOUR);
  const earliest = new Date(submittedAt.getTime() + s.rules.minGapMinutes * 60_000);
  return s.rules.schedule.kind === 'times'
    ? slotFrom(earliest, s.rules.schedule.times, s.timeZone, false)
    : new Date(submittedAt.getTime() + s.rules.schedule.hours * HOUR);
}

/**
 * When the next follow-up is due once one was filed at `filedAt`: it answers the first scheduled time at or after
 * it, so the next one is due at the scheduled time after that. Without a schedule, the final-report deadline stands.
 */
export function dueAfterFollowup(filedAt: Date, currentDue: Date, s: FollowupSchedule): Date {
  if (!owesScheduledFollowups(s)) return currentDue;
  if (s.rules.schedule.kind === 'everyHours') return new Date(filedAt.getTime() + s.rules.schedule.hours * HOUR);
  const answered = slotFrom(filedAt, s.rules.schedule.times, s.timeZone, false);
  return slotFrom(answered, s.rules.schedule.times, s.timeZone, true);
}

/** When the next follow-up is due after the one due at `missedDue` was missed (a day later for a missed final report). */
export function dueAfterMiss(missedDue: Date, s: FollowupSchedule): Date {
  if (!owesScheduledFollowups(s)) return new Date(missedDue.getTime() + 24 * HOUR);
  if (s.rules.schedule.kind === 'everyHours') return new Date(missedDue.getTime() + s.rules.schedule.hours * HOUR);
  return slotFrom(missedDue, s.rules.schedule.times, s.timeZone, true);
}
