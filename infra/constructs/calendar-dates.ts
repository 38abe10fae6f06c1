import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** The package's table, imported by `shared/org/rules/calendar.ts`; the bundles take `calendarDatesFile()` instead. */
export const CHINESE_DAYS_JSON = 'chinese-days/dist/chinese-days.json';

type ChineseDays = { holidays: Record<string, string>; workdays: Record<string, string> };

/**
 * The official calendar as working time reads it, for an esbuild alias in `BaosongFunction`: the `chinese-days`
 * table with its dates alone. calendar.ts asks only whether a date is a holiday or a make-up working day, while the
 * package names every day three ways ("New Year's Day,元旦,1") and lists the days in lieu too: 37 KB of every bundle,
 * 13 KB as dates. Made from the installed package at synth, so it never goes stale; written once per content to the
 * temporary directory (by rename, so two synths at once never read half a file). Returns the file's absolute path.
 */
export function calendarDatesFile(root: string): string {
  const source = readFileSync(path.join(root, 'node_modules', CHINESE_DAYS_JSON), 'utf8');
  // The format is part of the name: a change to what is kept never reads an older copy.
  const hash = createHash('sha256').update(`dates-v1\n${source}`).digest('hex').slice(0, 16);
  const file = path.join(tmpdir(), `baosong-calendar-dates-${hash}.json`);
  if (existsSync(file)) return file;
  const { holidays, workdays } = JSON.parse(source) as ChineseDays;
  const datesOf = (days: Record<string, string>) => Object.fromEntries(Object.keys(days).map((d) => [d, '1']));
  const partial = `${file}.${process.pid}`;
  writeFileSync(partial, JSON.stringify({ holidays: datesOf(holidays), workdays: datesOf(workdays) }));
  renameSync(partial, file);
  return file;
}
