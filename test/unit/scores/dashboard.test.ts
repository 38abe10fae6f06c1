import { describe, expect, it } from 'vitest';
import { dashboardOf, dashboardPeriod, type MonthFigures } from '../../../shared/scores/rules/dashboard.ts';
import { reportingMonthOf } from '../../../shared/accountability/index.ts';
import type { Report } from '../../../shared/reports/index.ts';
import type { Finding } from '../../../shared/accountability/index.ts';

const fig = (month: string, minutesToReport: number[], late: number, sent: number, adopted: number): MonthFigures => ({
  orgId: 'o',
  month,
  reporting: {
    reports: minutesToReport.length,
    late,
    byCategory: [{ code: 'safety', label: '安全生产', count: minutesToReport.length }],
    bySeverity: { I: 0, II: 0, III: minutesToReport.length, IV: 0 },
    minutesToReport,
    levels: [{ level: 1, notified: minutesToReport.length, timedOut: 0, minutes: minutesToReport.map((m) => m / 2) }],
    followupsMissed: 1,
    findingsByKind: { late, missed: 0, false: 0, concealed: 0 },
    departments: [],
  },
  items: [{ departmentId: 'd', name: '新闻部', sent, adopted }],
  computedAt: '2026-12-01T00:00:00Z',
});

describe('the dashboard period', () => {
  it.each([
    [{}, '2026-12', ['2026-01', '2026-12', 12]],
    [{ from: '2025-01', to: '2026-12' }, '2026-12', ['2025-01', '2026-12', 24]],
    [{ to: '2026-06' }, '2026-12', ['2025-07', '2026-06', 12]],
  ] as const)('%j in %s → %j', (q, current, [from, to, n]) => {
    const p = dashboardPeriod(q, current);
    expect([p.from, p.to, p.months.length]).toEqual([from, to, n]);
  });

  it.each([
    [{ from: '2024-12', to: '2026-12' }, 'from'],
    [{ from: '2026-11', to: '2026-10' }, 'from'],
    [{ to: '2027-01' }, 'to'],
  ] as const)('%j is 400 naming %s', (q, field) => {
    expect(() => dashboardPeriod(q, '2026-12')).toThrow(expect.objectContaining({ status: 400 }));
    try {
      dashboardPeriod(q, '2026-12');
    } catch (e) {
      expect((e as { details: { field: string }[] }).details[0]!.field).toBe(field);
    }
  });
});

describe('merging months', () => {
  it('takes the median and 90th percentile of all the period’s values, not of the months’ medians', () => {
    const months = ['2026-10', '2026-11', '2026-12'];
    const figures = new Map([
      ['2026-10', fig('2026-10', [1, 2, 3], 0, 4, 1)],
      ['2026-11', fig('2026-11', [100], 1, 2, 2)],
    ]);
    const d = dashboardOf('o', months, figures, { storedMonths: 2, computedMonths: 1, itemsRead: 2 });
    // The months' medians are 2 and 100 (mean 51); the median of the four values is 2.5.
    expect(d.minutesToReport).toEqual({ median: 2.5, p90: 100, count: 4 });
    expect(d.minutesToAcknowledge).toEqual([{ level: 1, notified: 4, timedOut: 0, median: 1.3, p90: 50, count: 4 }]);
    expect(d.lateShareByMonth.map((m) => m.share)).toEqual([0, 1, 0]);
    expect(d.itemsByMonth).toEqual([
      { month: '2026-10', sent: 4, adopted: 1 },
      { month: '2026-11', sent: 2, adopted: 2 },
      { month: '2026-12', sent: 0, adopted: 0 },
    ]);
    expect(d.itemsByDepartment).toEqual([{ departmentId: 'd', name: '新闻部', sent: 6, adopted: 3 }]);
    expect(d.followupsMissedByMonth.map((m) => m.count)).toEqual([1, 1, 0]);
    expect([d.reports, d.late, d.findingsByKind.late]).toEqual([4, 1, 1]);
  });

  it('turns a month’s reports into its figures: minutes per report and per level, late, missed follow-ups, findings', () => {
    const report = (over: Partial<Report>) =>
      ({
        category: 'safety',
        categoryLabel: '安全生产',
        severity: 'III',
        departmentId: 'd',
        learnedAt: '2026-11-02T00:00:00Z',
        submittedAt: '2026-11-02T00:45:00Z',
        late: false,
        chain: [
          {
            level: 1,
            notifiedAt: '2026-11-02T00:45:00Z',
            acknowledgedAt: '2026-11-02T00:51:30Z',
            state: 'acknowledged',
          },
          { level: 2, notifiedAt: '2026-11-02T01:00:00Z', state: 'timedOut' },
        ],
        ...over,
      }) as unknown as Report;
    const m = reportingMonthOf(
      [
        report({}),
        report({ late: true, severity: 'II', submittedAt: '2026-11-02T02:00:00Z', missedFollowups: [{}] } as never),
      ],
      [{ kind: 'late', state: 'confirmed' } as Finding, { kind: 'late', state: 'dismissed' } as Finding],
    );
    expect(m.minutesToReport).toEqual([45, 120]);
    expect(m.levels).toEqual([
      { level: 1, notified: 2, timedOut: 0, minutes: [6.5, 6.5] },
      { level: 2, notified: 2, timedOut: 2, minutes: [] },
    ]);
    expect([m.reports, m.late, m.followupsMissed, m.findingsByKind.late, m.bySeverity.II]).toEqual([2, 1, 1, 1, 1]);
  });
});
