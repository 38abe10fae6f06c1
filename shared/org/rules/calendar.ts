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

export type DayKind = { workday: boolean; reason: 'override-holiday' | 'override-workday' | 'holiday' | 'make-up-workday' | 'weekday' | 'weekend' };

/** Whether a local date is a working day, and why. */
export function classifyDay(date: string, weekday: number, calendar: WorkCalendar): DayKind {
  if (calendar.overrides?.holidays.includes(date)) return { workday: false, reason: 'override-holiday' };
  if (calendar.overrides?.workdays.includes(date)) return { workday: true, reason: 'override-workday' };
  if (official.holidays[date]) return { workday: false, reason: 'holiday' };
  if (official.workdays[date]) return { workday: true, reason: 'make-up-workday' };
  return calendar.workingHours.days.includes(weekday) ? { workday: true, reason: 'weekday' } : { workday: false, reason: 'weekend' };
}

/** True when `instant` falls inside the organisation's working hours on one of its working days. */
export function isWorkingTime(calendar: WorkCalendar, instant: Date): boolean {
  const p = localParts(instant, calendar.timezone);
  if (!classifyDay(p.date, p.weekday, calendar).workday) return false;
  return calendar.workingHours.periods.some((r) => p.minutes >= toMinutes(r.start) && p.minutes < toMinutes(r.end));
}

/** The working calendar of an organisation: its zone, its working hours and its date overrides. */
export function workCalendarOf(org: { timezone: string; config: { workingHours: WorkingHours }; calendarOverrides?: CalendarOverrides }): WorkCalendar {
  return { timezone: org.timezone, workingHours: org.config.workingHours, overrides: org.calendarOverrides };
}
