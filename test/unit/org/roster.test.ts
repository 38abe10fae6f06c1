import { describe, expect, it } from 'vitest';
import { coverage } from '../../../shared/org/rules/roster.ts';

const s = (shiftId: string, start: string, end: string) => ({
  shiftId,
  start: `2026-12-01T${start}:00Z`,
  end: `2026-12-01T${end}:00Z`,
});
const from = new Date('2026-12-01T00:00:00Z');
const to = new Date('2026-12-01T12:00:00Z');

describe('duty roster coverage', () => {
  it('an empty roster is one gap over the whole period', () => {
    expect(coverage([], from, to)).toEqual({
      gaps: [{ start: from.toISOString(), end: to.toISOString() }],
      overlaps: [],
    });
  });
  it('back-to-back shifts cover without gap or overlap', () => {
    expect(coverage([s('a', '00:00', '06:00'), s('b', '06:00', '12:00')], from, to)).toEqual({
      gaps: [],
      overlaps: [],
    });
  });
  it('finds a gap between shifts and an overlap, each once', () => {
    const r = coverage([s('a', '00:00', '05:00'), s('b', '04:00', '08:00'), s('c', '09:00', '12:00')], from, to);
    expect(r.gaps).toEqual([{ start: '2026-12-01T08:00:00.000Z', end: '2026-12-01T09:00:00.000Z' }]);
    expect(r.overlaps).toEqual([
      { start: '2026-12-01T04:00:00.000Z', end: '2026-12-01T05:00:00.000Z', shiftIds: ['a', 'b'] },
    ]);
  });
  it('shifts reaching outside the period count only inside it', () => {
    expect(
      coverage([{ shiftId: 'x', start: '2026-11-30T20:00:00Z', end: '2026-12-01T03:00:00Z' }], from, to).gaps,
    ).toEqual([{ start: '2026-12-01T03:00:00.000Z', end: to.toISOString() }]);
  });
});
