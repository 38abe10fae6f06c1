import chineseDays from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import { localParts } from '../../platform/kernel/time.ts';

/**
 * Working time of an organisation: its weekly hours, China's public holidays and make-up working days
 * (调休) from the `chinese-days` package, and the organisation's own overrides per date.
 */
export type WorkingHours = { days: number[]; periods: { start: string; end: string }[] };
export type CalendarOverrides = { holidays: string[]; workdays: string[] };
export type WorkCalendar = { timezone: string; workingHours: WorkingHours; overrides?: CalendarOverrides };

export const DEFAULT_WORKING_HOURS: WorkingHours = {
  days: [1, 2, 3, 4, 5],
  periods: [
    { start: '08:30', end: '12:00' },
    { start: '14:00', end: '17:30' },
  ],
};

const official = chineseDays as { holidays: Record<string, string>; workdays: Record<string, string> };
const coveredYears = new Set(Object.keys(official.holidays).map((d) => Number(d.slice(0, 4))));

/** Whether the official holiday schedule for `year` is known; for other years only weekends count as off days. */
export function isOfficialScheduleKnown(year: number): boolean {
  return coveredYears.has(year);
}

function toMinutes(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

export type DayKind = {
  workday: boolean;
  reason: 'override-holiday' | 'override-workday' | 'holiday' | 'make-up-workday' | 'weekday' | 'weekend';
};

/** Whether a local date is a working day, and why. */
export function classifyDay(date: string, weekday: number, calendar: WorkCalendar): DayKind {
  if (calendar.overrides?.holidays.includes(date)) return { workday: false, reason: 'override-holiday' };
  if (calendar.overrides?.workdays.includes(date)) return { workday: true, reason: 'override-workday' };
  if (official.holidays[date]) return { workday: false, reason: 'holiday' };
  if (official.workdays[date]) return { workday: true, reason: 'make-up-workday' };
  return calendar.workingHours.days.includes(weekday)
    ? { workday: true, reason: 'weekday' }
    : { workday: false, reason: 'weekend' };
}

/** True when `instant` falls inside the organisation's working hours on one of its working days. */
export function isWorkingTime(calendar: WorkCalendar, instant: Date): boolean {
  const p = localParts(instant, calendar.timezone);
  if (!classifyDay(p.date, p.weekday, calendar).workday) return false;
  return calendar.workingHours.periods.some((r) => p.minutes >= toMinutes(r.start) && p.minutes < toMinutes(r.end));
}

/** The working calendar of an organisation: its zone, its working hours and its date overrides. */
export function workCalendarOf(org: {
  timezone: string;
  config: { workingHours: WorkingHours };
  calendarOverrides?: CalendarOverrides;
}): WorkCalendar {
  return { timezone: org.timezone, workingHours: org.config.workingHours, overrides: org.calendarOverrides };
}

/** What the office must be told about a year's calendar: whether the official schedule is known, and what that means. */
export function calendarNotice(org: { calendarByYear?: Record<string, CalendarOverrides> }, year: number) {
  const known = isOfficialScheduleKnown(year);
  const own = org.calendarByYear?.[String(year)];
  return {
    year,
    officialScheduleKnown: known,
    notice: known
      ? null
      : `系统尚未收录 ${year} 年国务院办公厅公布的节假日安排：目前 ${year} 年只把周末算作休息日，法定节假日和调休上班日都不会自动生效。请按官方通知在“工作日历”中录入 ${year} 年的放假日期和调休上班日期，录入后立即生效。`,
    overrides: own ?? { holidays: [], workdays: [] },
  };
}

/**
 * The plain notice for the office when the official holiday schedule of the current year, or of the next year
 * within the coming month, is not known to the system (then only weekends count as days off until entered).
 */
export function officeCalendarNotice(
  org: { calendarByYear?: Record<string, CalendarOverrides>; timezone: string },
  now: Date,
): string | undefined {
  const years = new Set(
    [now, new Date(now.getTime() + 31 * 24 * 3600_000)].map((d) => localParts(d, org.timezone).year),
  );
  for (const year of years) {
    const { notice } = calendarNotice(org, year);
    if (notice) return notice;
  }
  return undefined;
}
