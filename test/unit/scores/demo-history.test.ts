import { describe, expect, it } from 'vitest';
import { DEMO, demoHistory } from '../../../infra/local/seed-demo.ts';

describe('the demo history npm start seeds (issue 16)', () => {
  const now = new Date('2026-12-02T03:00:00Z'); // 11:00 on 2 Dec in Beijing

  it('covers the 11 months ending two months back, leaving last month to the real monthly job', () => {
    const { figures, scores } = demoHistory(now);
    expect(figures.map((f) => f.month)).toEqual([
      '2025-12',
      '2026-01',
      '2026-02',
      '2026-03',
      '2026-04',
      '2026-05',
      '2026-06',
      '2026-07',
      '2026-08',
      '2026-09',
      '2026-10',
    ]);
    expect(scores.map((s) => s.month)).toEqual(figures.map((f) => f.month));
    expect(figures.every((f) => f.seeded && f.orgId === DEMO.county)).toBe(true);
  });

  it('is plausible and consistent: the dashboard’s items are the scores’ counts, minutes per report, the same every time', () => {
    const { figures, scores } = demoHistory(now);
    for (const [i, f] of figures.entries()) {
      const r = f.reporting;
      expect(r.minutesToReport).toHaveLength(r.reports);
      expect(r.late).toBe(r.minutesToReport.filter((m) => m > 60).length);
      expect(Object.values(r.bySeverity).reduce((a, b) => a + b, 0)).toBe(r.reports);
      expect(r.byCategory.reduce((a, c) => a + c.count, 0)).toBe(r.reports);
      expect(f.items.map((d) => [d.departmentId, d.sent, d.adopted])).toEqual(
        scores[i]!.departments.map((d) => [d.departmentId, d.sent, d.adopted]).sort(
          (a, b) =>
            f.items.findIndex((x) => x.departmentId === a[0]) - f.items.findIndex((x) => x.departmentId === b[0]),
        ),
      );
      expect(f.items.every((d) => d.adopted <= d.sent)).toBe(true);
    }
    expect(demoHistory(now)).toEqual({ figures, scores });
  });
});
