import { describe, expect, it } from 'vitest';
import {
  DEFAULT_WORKING_HOURS,
  classifyDay,
  isOfficialScheduleKnown,
  isWorkingTime,
  type WorkCalendar,
} from '../../../shared/org/rules/calendar.ts';

const SHANGHAI: WorkCalendar = { timezone: 'Asia/Shanghai', workingHours: DEFAULT_WORKING_HOURS };
const LONDON: WorkCalendar = { timezone: 'Europe/London', workingHours: DEFAULT_WORKING_HOURS };

describe('isWorkingTime (default hours Mon–Fri 08:30–12:00, 14:00–17:30)', () => {
  it.each([
    ['an ordinary Friday morning', SHANGHAI, '2026-11-27T10:00:00+08:00', true],
    ['a Saturday', SHANGHAI, '2026-11-28T10:00:00+08:00', false],
    ['a Sunday', SHANGHAI, '2026-11-29T10:00:00+08:00', false],
    ['National Day holiday, a Thursday (2026-10-01)', SHANGHAI, '2026-10-01T10:00:00+08:00', false],
    ['a holiday on a Monday (2026-10-05)', SHANGHAI, '2026-10-05T10:00:00+08:00', false],
    ['make-up working Saturday (调休, 2026-10-10)', SHANGHAI, '2026-10-10T10:00:00+08:00', true],
    ['lunch break 12:30', SHANGHAI, '2026-11-27T12:30:00+08:00', false],
    ['12:00 exactly ends the morning', SHANGHAI, '2026-11-27T12:00:00+08:00', false],
    ['11:59 is still the morning', SHANGHAI, '2026-11-27T11:59:00+08:00', true],
    ['14:00 exactly starts the afternoon', SHANGHAI, '2026-11-27T14:00:00+08:00', true],
    ['08:29 is before the start', SHANGHAI, '2026-11-27T08:29:00+08:00', false],
    ['08:29:59 is still before the start', SHANGHAI, '2026-11-27T08:29:59+08:00', false],
    ['08:30 exactly is the start', SHANGHAI, '2026-11-27T08:30:00+08:00', true],
    ['17:29 is still working', SHANGHAI, '2026-11-27T17:29:00+08:00', true],
    ['17:30 exactly is off', SHANGHAI, '2026-11-27T17:30:00+08:00', false],
    ['midnight on a weekday', SHANGHAI, '2026-11-27T00:00:00+08:00', false],
    // Time zones: the organisation's wall clock decides, not UTC.
    ['Friday 17:00 in Shanghai (09:00 UTC)', SHANGHAI, '2026-11-27T09:00:00Z', true],
    ['the same instant is Friday 09:00 in London', LONDON, '2026-11-27T09:00:00Z', true],
    ['Friday 16:00 UTC is Saturday 00:00 in Shanghai', SHANGHAI, '2026-11-27T16:00:00Z', false],
    ['the same instant is Friday 16:00 in London', LONDON, '2026-11-27T16:00:00Z', true],
    ['Sunday 23:00 UTC is Monday 07:00 in Shanghai, before the start', SHANGHAI, '2026-11-29T23:00:00Z', false],
    ['Monday 00:30 UTC is Monday 08:30 in Shanghai', SHANGHAI, '2026-11-30T00:30:00Z', true],
    ['Monday 00:30 UTC in London', LONDON, '2026-11-30T00:30:00Z', false],
    ['London in summer time: 08:00 UTC is 09:00 BST', LONDON, '2026-07-01T08:00:00Z', true],
    ['London in summer time: 16:45 UTC is 17:45 BST', LONDON, '2026-07-01T16:45:00Z', false],
  ])('%s → %s', (_name, calendar, instant, expected) => {
    expect(isWorkingTime(calendar, new Date(instant))).toBe(expected);
  });
});

describe('organisation overrides', () => {
  const withOverrides: WorkCalendar = {
    ...SHANGHAI,
    overrides: { holidays: ['2026-11-27'], workdays: ['2026-11-29', '2026-10-02'] },
  };

  it.each([
    ['a holiday override on a weekday (Friday 2026-11-27)', '2026-11-27T10:00:00+08:00', false],
    ['a workday override on a Sunday (2026-11-29)', '2026-11-29T10:00:00+08:00', true],
    ['a workday override on an official holiday wins (2026-10-02)', '2026-10-02T10:00:00+08:00', true],
    ['the workday override still keeps the lunch break', '2026-11-29T13:00:00+08:00', false],
    ['days without an override are unaffected (Thursday 2026-11-26)', '2026-11-26T10:00:00+08:00', true],
  ])('%s → %s', (_name, instant, expected) => {
    expect(isWorkingTime(withOverrides, new Date(instant))).toBe(expected);
  });

  it('classifyDay names the reason', () => {
    expect(classifyDay('2026-11-27', 5, withOverrides)).toEqual({ workday: false, reason: 'override-holiday' });
    expect(classifyDay('2026-11-29', 7, withOverrides)).toEqual({ workday: true, reason: 'override-workday' });
    expect(classifyDay('2026-10-01', 4, SHANGHAI)).toEqual({ workday: false, reason: 'holiday' });
    expect(classifyDay('2026-10-10', 6, SHANGHAI)).toEqual({ workday: true, reason: 'make-up-workday' });
    expect(classifyDay('2026-11-26', 4, SHANGHAI)).toEqual({ workday: true, reason: 'weekday' });
    expect(classifyDay('2026-11-28', 6, SHANGHAI)).toEqual({ workday: false, reason: 'weekend' });
  });
});

describe('years without an official schedule', () => {
  it('the 2026 schedule is known, 2027 is not', () => {
    expect(isOfficialScheduleKnown(2026)).toBe(true);
    expect(isOfficialScheduleKnown(2027)).toBe(false);
  });

  it('in 2027 weekdays still count: Monday 2027-01-04 10:00 is working time, Saturday 2027-01-09 is not', () => {
    expect(isWorkingTime(SHANGHAI, new Date('2027-01-04T10:00:00+08:00'))).toBe(true);
    expect(isWorkingTime(SHANGHAI, new Date('2027-01-09T10:00:00+08:00'))).toBe(false);
  });
});
