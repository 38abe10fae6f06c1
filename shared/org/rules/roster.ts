import type { Shift } from './model.ts';

/** A stretch of time in a duty roster: uncovered (gap), or covered by more than one shift (overlap). */
export type Span = { start: string; end: string };
export type Coverage = { gaps: Span[]; overlaps: (Span & { shiftIds: string[] })[] };

/** The longest shift the roster accepts: "who is on duty at T" reads the shifts that started in the 8 days before T. */
export const MAX_SHIFT_HOURS = 7 * 24;

/**
 * Gaps and overlaps of the roster's coverage of [from, to): walks the shifts' boundaries once and reports every stretch
 * covered by no shift (the escalation then falls back to the principal leader) or by more than one.
 */
export function coverage(shifts: readonly Pick<Shift, 'shiftId' | 'start' | 'end'>[], from: Date, to: Date): Coverage {
  const lo = from.getTime();
  const hi = to.getTime();
  const points = new Set<number>([lo, hi]);
  for (const s of shifts) {
    const a = new Date(s.start).getTime();
    const b = new Date(s.end).getTime();
    if (a > lo && a < hi) points.add(a);
    if (b > lo && b < hi) points.add(b);
  }
  const sorted = [...points].sort((a, b) => a - b);
  const gaps: Span[] = [];
  const overlaps: Coverage['overlaps'] = [];
  for (let i = 0; i + 1 < sorted.length; i++) {
    const a = sorted[i]!;
    const b = sorted[i + 1]!;
    const covering = shifts.filter((s) => new Date(s.start).getTime() <= a && new Date(s.end).getTime() >= b);
    if (covering.length === 0) {
      const last = gaps.at(-1);
      if (last && new Date(last.end).getTime() === a) last.end = new Date(b).toISOString();
      else gaps.push({ start: new Date(a).toISOString(), end: new Date(b).toISOString() });
    } else if (covering.length > 1) {
      const ids = covering.map((s) => s.shiftId).sort();
      const last = overlaps.at(-1);
      if (last && new Date(last.end).getTime() === a && last.shiftIds.join() === ids.join())
        last.end = new Date(b).toISOString();
      else overlaps.push({ start: new Date(a).toISOString(), end: new Date(b).toISOString(), shiftIds: ids });
    }
  }
  return { gaps, overlaps };
}
