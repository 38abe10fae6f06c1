/** Helpers for instants (UTC ISO strings) and local wall-clock time in an organisation's zone. */

export type LocalParts = { date: string; year: number; month: number; day: number; weekday: number; minutes: number };

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      weekday: 'short',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

/** The wall-clock date (YYYY-MM-DD), ISO weekday (1 = Monday) and minute of the day at `instant` in `timeZone`. */
export function localParts(instant: Date, timeZone: string): LocalParts {
  const parts = Object.fromEntries(
    formatter(timeZone)
      .formatToParts(instant)
      .map((p) => [p.type, p.value]),
  );
  const year = Number(parts.year);
  const month = Number(parts.month);
  const day = Number(parts.day);
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    year,
    month,
    day,
    weekday: WEEKDAYS[parts.weekday as string] ?? 0,
    minutes: Number(parts.hour) * 60 + Number(parts.minute),
  };
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return true;
  } catch {
    return false;
  }
}

export function addMinutes(instant: Date, minutes: number): Date {
  return new Date(instant.getTime() + minutes * 60_000);
}

/** "2026-11-28 20:30" in the given zone, for people. */
export function formatLocal(iso: string, timeZone: string): string {
  const p = localParts(new Date(iso), timeZone);
  const hh = String(Math.floor(p.minutes / 60)).padStart(2, '0');
  const mm = String(p.minutes % 60).padStart(2, '0');
  return `${p.date} ${hh}:${mm}`;
}

export function minutesBetween(from: Date, to: Date): number {
  return Math.round((to.getTime() - from.getTime()) / 60_000);
}

/** The offset of `timeZone` from UTC at `instant`, in minutes (+480 for a zone eight hours ahead of UTC). */
export function zoneOffsetMinutes(instant: Date, timeZone: string): number {
  const p = localParts(instant, timeZone);
  const [y, m, d] = p.date.split('-').map(Number) as [number, number, number];
  const asUtc = Date.UTC(y, m - 1, d, Math.floor(p.minutes / 60), p.minutes % 60);
  return Math.round((asUtc - Math.floor(instant.getTime() / 60_000) * 60_000) / 60_000);
}

/**
 * A wall-clock time typed into a form ("2026-11-28T20:30") read in `timeZone`, as an ISO instant with that zone's
 * offset ("2026-11-28T20:30:00+05:30" in Kolkata). Returns the input unchanged when it is not of that form, so validation names it.
 */
export function localInputToIso(local: string, timeZone: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local);
  if (!m) return local;
  const guess = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!);
  let offset = zoneOffsetMinutes(new Date(guess), timeZone);
  offset = zoneOffsetMinutes(new Date(guess - offset * 60_000), timeZone);
  const sign = offset >= 0 ? '+' : '-';
  const abs = Math.abs(offset);
  return `${local}:00${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** The instant as "YYYY-MM-DDTHH:mm" in `timeZone`, the value of a datetime-local input. */
export function isoToLocalInput(iso: string, timeZone: string): string {
  return formatLocal(iso, timeZone).replace(' ', 'T');
}

/** The month (YYYY-MM) `instant` falls in, in `timeZone`. */
export function monthOf(instant: Date, timeZone: string): string {
  return localParts(instant, timeZone).date.slice(0, 7);
}

/** The month after `month` (YYYY-MM). */
export function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

/** The month before `month` (YYYY-MM). */
export function monthBefore(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

/** The local month before the one `now` falls in, in `timeZone` (YYYY-MM). */
export function previousMonth(now: Date, timeZone: string): string {
  return monthBefore(monthOf(now, timeZone));
}

/** The instants [from, to] (ISO, UTC, both inclusive) of a local month: its first millisecond and its last. */
export function monthRange(month: string, timeZone: string): { from: string; to: string } {
  const from = new Date(localInputToIso(`${month}-01T00:00`, timeZone)).toISOString();
  const to = new Date(new Date(localInputToIso(`${nextMonth(month)}-01T00:00`, timeZone)).getTime() - 1).toISOString();
  return { from, to };
}

/**
 * The first millisecond of a local date (YYYY-MM-DD) in `timeZone`, or (`end`) its last. An impossible date gives an
 * invalid Date (as `new Date` does), which the caller reports.
 */
export function localDayBound(date: string, timeZone: string, end: boolean): Date {
  const start = new Date(localInputToIso(`${date}T${end ? '23:59' : '00:00'}`, timeZone));
  return end ? new Date(start.getTime() + 59_999) : start;
}

/** The earliest of the instants that are set (ISO strings compare as instants when all are UTC). */
export function earliest(...instants: (string | undefined)[]): string | undefined {
  return instants.filter((x): x is string => !!x).sort()[0];
}

/** The Monday 00:00 (local, in `timeZone`) of the week containing `at`, as an instant. */
export function weekStart(at: Date, timeZone: string): Date {
  const p = localParts(at, timeZone);
  const monday = new Date(Date.UTC(p.year, p.month - 1, p.day - (p.weekday - 1)));
  return new Date(localInputToIso(`${monday.toISOString().slice(0, 10)}T00:00`, timeZone));
}
