import { describe, expect, it } from 'vitest';
import {
  earliest,
  formatLocal,
  isoToLocalInput,
  localDayBound,
  localInputToIso,
  localParts,
  monthBefore,
  monthOf,
  monthRange,
  nextMonth,
  previousMonth,
  weekStart,
  zoneOffsetMinutes,
} from '../../../shared/platform/kernel/time.ts';

describe('zoneOffsetMinutes', () => {
  it.each([
    ['Asia/Shanghai', '2026-11-27T12:00:00Z', 480],
    ['UTC', '2026-11-27T12:00:00Z', 0],
    ['Asia/Kolkata', '2026-11-27T12:00:00Z', 330],
    ['America/New_York, the day before DST starts', '2026-03-07T12:00:00Z', -300],
    ['America/New_York, one minute before the change (06:59 UTC)', '2026-03-08T06:59:00Z', -300],
    ['America/New_York, at the change (07:00 UTC)', '2026-03-08T07:00:00Z', -240],
    ['America/New_York, in summer', '2026-07-01T12:00:00Z', -240],
    ['America/New_York, after DST ends (06:00 UTC on 2026-11-01)', '2026-11-01T06:00:00Z', -300],
    ['Europe/London, summer time', '2026-07-01T12:00:00Z', 60],
  ])('%s at %s → %i', (zone, instant, expected) => {
    const timeZone = zone.split(',')[0]!;
    expect(zoneOffsetMinutes(new Date(instant), timeZone)).toBe(expected);
  });

  it('ignores seconds and milliseconds of the instant', () => {
    expect(zoneOffsetMinutes(new Date('2026-11-27T12:00:59.999Z'), 'Asia/Shanghai')).toBe(480);
  });
});

describe('localInputToIso', () => {
  it.each([
    ['Shanghai', '2026-11-28T20:30', 'Asia/Shanghai', '2026-11-28T20:30:00+08:00'],
    ['Shanghai, just after midnight', '2026-11-28T00:05', 'Asia/Shanghai', '2026-11-28T00:05:00+08:00'],
    ['a half-hour zone', '2026-11-28T20:30', 'Asia/Kolkata', '2026-11-28T20:30:00+05:30'],
    ['New York winter (EST)', '2026-03-07T12:00', 'America/New_York', '2026-03-07T12:00:00-05:00'],
    ['New York on the DST day, before the change', '2026-03-08T01:30', 'America/New_York', '2026-03-08T01:30:00-05:00'],
    ['New York on the DST day, after the change', '2026-03-08T03:30', 'America/New_York', '2026-03-08T03:30:00-04:00'],
    ['New York on the DST day, midday', '2026-03-08T12:00', 'America/New_York', '2026-03-08T12:00:00-04:00'],
    [
      'New York the day DST ends, after the change',
      '2026-11-01T03:00',
      'America/New_York',
      '2026-11-01T03:00:00-05:00',
    ],
    ['London summer (BST)', '2026-07-01T09:00', 'Europe/London', '2026-07-01T09:00:00+01:00'],
    [
      'London on the day summer time ends, before the change',
      '2026-10-25T00:30',
      'Europe/London',
      '2026-10-25T00:30:00+01:00',
    ],
  ])('%s: %s in %s → %s', (_name, local, zone, expected) => {
    expect(localInputToIso(local, zone)).toBe(expected);
  });

  it('gives an instant that reads back as the same wall-clock time', () => {
    const iso = localInputToIso('2026-03-08T03:30', 'America/New_York');
    expect(new Date(iso).toISOString()).toBe('2026-03-08T07:30:00.000Z');
    expect(isoToLocalInput(iso, 'America/New_York')).toBe('2026-03-08T03:30');
  });

  it.each([
    '',
    'yesterday',
    '2026-11-28 20:30',
    '2026-11-28T20:30:00',
    '2026-11-28T20:30:00+08:00',
    '2026-11-28T2:30',
    '28/11/2026 20:30',
  ])('returns malformed input %j unchanged', (input) => {
    expect(localInputToIso(input, 'Asia/Shanghai')).toBe(input);
  });
});

describe('isoToLocalInput and formatLocal', () => {
  it.each([
    ['2026-11-28T12:30:00Z', 'Asia/Shanghai', '2026-11-28 20:30'],
    ['2026-11-28T16:00:00Z', 'Asia/Shanghai', '2026-11-29 00:00'],
    ['2026-11-28T16:00:00.000+00:00', 'Asia/Shanghai', '2026-11-29 00:00'],
    ['2026-11-28T20:30:00+08:00', 'Asia/Shanghai', '2026-11-28 20:30'],
    ['2026-03-08T06:59:00Z', 'America/New_York', '2026-03-08 01:59'],
    ['2026-03-08T07:00:00Z', 'America/New_York', '2026-03-08 03:00'],
    ['2026-11-01T05:30:00Z', 'America/New_York', '2026-11-01 01:30'],
    ['2026-11-01T06:30:00Z', 'America/New_York', '2026-11-01 01:30'],
  ])('%s in %s → %s', (iso, zone, expected) => {
    expect(formatLocal(iso, zone)).toBe(expected);
    expect(isoToLocalInput(iso, zone)).toBe(expected.replace(' ', 'T'));
  });

  it('midnight is hour 00, not 24', () => {
    expect(localParts(new Date('2026-11-28T16:00:00Z'), 'Asia/Shanghai')).toMatchObject({
      date: '2026-11-29',
      minutes: 0,
      weekday: 7,
    });
  });

  it('round-trips a typed wall-clock time in Shanghai', () => {
    expect(isoToLocalInput(localInputToIso('2026-11-28T20:30', 'Asia/Shanghai'), 'Asia/Shanghai')).toBe(
      '2026-11-28T20:30',
    );
  });
});

describe('months, days and weeks in a zone (the one home of month ranges)', () => {
  it('names the month an instant falls in, in the zone, and its neighbours', () => {
    expect(monthOf(new Date('2026-11-30T16:30:00Z'), 'Asia/Shanghai')).toBe('2026-12');
    expect(monthOf(new Date('2026-11-30T16:30:00Z'), 'Europe/London')).toBe('2026-11');
    expect([nextMonth('2026-12'), nextMonth('2026-01'), monthBefore('2027-01'), monthBefore('2026-10')]).toEqual([
      '2027-01',
      '2026-02',
      '2026-12',
      '2026-09',
    ]);
    expect(previousMonth(new Date('2027-01-01T01:00:00+08:00'), 'Asia/Shanghai')).toBe('2026-12');
  });

  it('gives a month’s first and last millisecond, across a change of summer time', () => {
    expect(monthRange('2026-11', 'Asia/Shanghai')).toEqual({
      from: '2026-10-31T16:00:00.000Z',
      to: '2026-11-30T15:59:59.999Z',
    });
    // London leaves summer time on 25 October: October starts at +01:00 and November at +00:00.
    expect(monthRange('2026-10', 'Europe/London')).toEqual({
      from: '2026-09-30T23:00:00.000Z',
      to: '2026-10-31T23:59:59.999Z',
    });
  });

  it('reads a typed date as the whole local day, and an impossible month as invalid', () => {
    expect(localDayBound('2026-12-01', 'Asia/Shanghai', false).toISOString()).toBe('2026-11-30T16:00:00.000Z');
    expect(localDayBound('2026-12-01', 'Asia/Shanghai', true).toISOString()).toBe('2026-12-01T15:59:59.999Z');
    expect(localDayBound('2026-12-01', 'America/New_York', false).toISOString()).toBe('2026-12-01T05:00:00.000Z');
    expect(Number.isNaN(localDayBound('2026-13-01', 'Asia/Shanghai', true).getTime())).toBe(true);
  });

  it('finds the local Monday 00:00 of a week, and the earliest of some instants', () => {
    // Sunday 17:00 in UTC is already Monday 01:00 in Shanghai: two different weeks.
    expect(weekStart(new Date('2026-12-06T17:00:00Z'), 'Asia/Shanghai').toISOString()).toBe('2026-12-06T16:00:00.000Z');
    expect(weekStart(new Date('2026-12-06T17:00:00Z'), 'UTC').toISOString()).toBe('2026-11-30T00:00:00.000Z');
    expect(earliest(undefined, '2026-12-02T00:00:00.000Z', '2026-12-01T00:00:00.000Z')).toBe(
      '2026-12-01T00:00:00.000Z',
    );
    expect(earliest(undefined, undefined)).toBeUndefined();
  });
});
