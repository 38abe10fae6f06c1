import { readFileSync } from 'node:fs';
import path from 'node:path';
import chineseDays from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import { describe, expect, it } from 'vitest';
import { calendarDatesFile } from '../../../infra/constructs/calendar-dates.ts';

type Days = Record<string, string>;

describe('the calendar the bundles carry (calendar-dates.ts)', () => {
  const file = calendarDatesFile(path.resolve(import.meta.dirname, '..', '..', '..'));
  const dates = JSON.parse(readFileSync(file, 'utf8')) as { holidays: Days; workdays: Days };

  it('answers every date as the package does: its holidays and make-up working days, each truthy', () => {
    for (const kind of ['holidays', 'workdays'] as const) {
      expect(Object.keys(dates[kind]).sort()).toEqual(Object.keys(chineseDays[kind]).sort());
      expect(Object.values(dates[kind]).every(Boolean)).toBe(true);
    }
  });

  it('is smaller than the package table by more than half, and the same file on a second synth', () => {
    expect(readFileSync(file).length).toBeLessThan(JSON.stringify(chineseDays).length / 2);
    expect(calendarDatesFile(path.resolve(import.meta.dirname, '..', '..', '..'))).toBe(file);
  });
});
