import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../shared/accountability/rules/finding.ts';
import type { ChainLevel, Report } from '../../../shared/reports/rules/model.ts';
import {
  bestReporters,
  median,
  percentile,
  timelinessCsv,
  timelinessOf,
} from '../../../shared/accountability/rules/timeliness.ts';

const T0 = Date.parse('2026-11-02T00:00:00Z');
const at = (min: number) => new Date(T0 + min * 60_000).toISOString();

/** A report learned of at minute `learned`, submitted `after` minutes later, with chain levels acknowledged after the given minutes. */
function report(
  id: string,
  departmentId: string,
  after: number,
  opts: {
    late?: boolean;
    severity?: Report['severity'];
    category?: string;
    acks?: (number | null)[];
    missed?: number;
  } = {},
): Report {
  const learned = Number(id.replace(/\D/g, '')) * 1000;
  const submitted = learned + after;
  const chain: ChainLevel[] = (opts.acks ?? []).map((ack, i) => ({
    level: i + 1,
    role: 'departmentHead',
    personId: `p${i}`,
    name: `p${i}`,
    state: ack === null ? 'timedOut' : 'acknowledged',
    notifiedAt: at(submitted),
    ...(ack === null ? { timedOutAt: at(submitted + 30) } : { acknowledgedAt: at(submitted + ack) }),
  }));
  return {
    reportId: id,
    departmentId,
    severity: opts.severity ?? 'III',
    category: opts.category ?? 'safety',
    categoryLabel: opts.category === 'service' ? '播出或服务事故' : '安全事故',
    learnedAt: at(learned),
    submittedAt: at(submitted),
    late: opts.late ?? false,
    chain,
    ...(opts.missed ? { missedFollowups: Array.from({ length: opts.missed }, (_, i) => at(i)) } : {}),
  } as unknown as Report;
}

describe('median and percentile (nearest rank)', () => {
  it.each([
    [[30, 10, 100, 20, 40], 30, 100],
    [[5, 35, 15, 25], 20, 35],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 5.5, 9],
    [[7], 7, 7],
    [[2, 2, 2, 50], 2, 50],
  ])('%j → median %d, p90 %d', (xs, med, p90) => {
    expect(median(xs)).toBe(med);
    expect(percentile(xs, 90)).toBe(p90);
  });
  it('is undefined for no values and leaves its input unsorted', () => {
    const xs = [3, 1, 2];
    expect(median([])).toBeUndefined();
    expect(percentile([], 90)).toBeUndefined();
    median(xs);
    percentile(xs, 50);
    expect(xs).toEqual([3, 1, 2]);
  });
  it('p50 by nearest rank is the lower middle, p100 the maximum', () => {
    expect(percentile([10, 20, 30, 40], 50)).toBe(20);
    expect(percentile([10, 20, 30, 40], 100)).toBe(40);
  });
});

describe('timeliness of a period', () => {
  // 新闻部: 10, 20, 30, 40, 100 minutes (the last late); 技术部: 5 and 15 minutes; 办公室: no reports.
  const reports = [
    report('r1', 'news', 10, { acks: [2, 10] }),
    report('r2', 'news', 20, { acks: [4, null], severity: 'II' }),
    report('r3', 'news', 30, { acks: [6], category: 'service' }),
    report('r4', 'news', 40, { acks: [8], missed: 2 }),
    report('r5', 'news', 100, { late: true, acks: [null] }),
    report('r6', 'tech', 5, { acks: [1] }),
    report('r7', 'tech', 15, { severity: 'I' }),
  ];
  const findings = [
    { kind: 'late', state: 'confirmed', responsibleDepartmentId: 'news' },
    { kind: 'missed', state: 'proposed', responsibleDepartmentId: 'news' },
    { kind: 'missed', state: 'dismissed', responsibleDepartmentId: 'tech' },
    { kind: 'concealed', state: 'explained', responsibleDepartmentId: undefined },
  ] as Finding[];
  const departments = [
    { departmentId: 'news', name: '新闻部' },
    { departmentId: 'tech', name: '技术部' },
    { departmentId: 'office', name: '办公室' },
  ];
  const s = timelinessOf({ from: at(0), to: at(100_000), reports, findings, departments });

  it('for the organisation: counts, median and p90 from learnedAt to submission, share late', () => {
    // Sorted: 5 10 15 20 30 40 100 → median 20; p90 rank ceil(6.3) = 7 → 100.
    expect(s).toMatchObject({ reports: 7, late: 1, lateShare: 0.143, medianMinutes: 20, p90Minutes: 100 });
    expect(s.bySeverity).toEqual({ I: 1, II: 1, III: 5, IV: 0 });
    expect(s.byCategory).toEqual([
      { code: 'safety', label: '安全事故', count: 6 },
      { code: 'service', label: '播出或服务事故', count: 1 },
    ]);
    expect(s.followupsMissed).toBe(2);
  });

  it('per department, including one without reports', () => {
    const by = Object.fromEntries(s.departments.map((d) => [d.departmentId, d]));
    expect(by.news).toMatchObject({
      reports: 5,
      late: 1,
      lateShare: 0.2,
      medianMinutes: 30,
      p90Minutes: 100,
      findings: 2,
    });
    expect(by.tech).toMatchObject({
      reports: 2,
      late: 0,
      lateShare: 0,
      medianMinutes: 10,
      p90Minutes: 15,
      findings: 0,
    });
    expect(by.office).toMatchObject({ reports: 0, late: 0, lateShare: 0, findings: 0 });
    expect(by.office!.medianMinutes).toBeUndefined();
  });

  it('time to acknowledge per chain level (MTTA)', () => {
    // Level 1 acknowledgements: 2, 4, 6, 8, 1 (one timed out) → median 4, p90 rank ceil(4.5) = 5 → 8.
    expect(s.levels[0]).toEqual({
      level: 1,
      notified: 6,
      acknowledged: 5,
      timedOut: 1,
      medianAckMinutes: 4,
      p90AckMinutes: 8,
    });
    expect(s.levels[1]).toEqual({
      level: 2,
      notified: 2,
      acknowledged: 1,
      timedOut: 1,
      medianAckMinutes: 10,
      p90AckMinutes: 10,
    });
  });

  it('counts findings by kind, leaving out dismissed ones', () => {
    expect(s.findingsByKind).toEqual({ late: 1, missed: 1, false: 0, concealed: 1 });
  });

  it('praises the departments with reports and nothing late, fastest first', () => {
    expect(bestReporters(s).map((d) => d.name)).toEqual(['技术部']);
  });

  it('writes a CSV with a BOM, one line per department and the total', () => {
    const lines = timelinessCsv(s).split('\r\n');
    expect(lines[0]).toBe(
      '\uFEFF部门,报告数,迟报数,迟报率,获知至报送用时中位数（分钟）,获知至报送用时第90百分位（分钟）,问责记录数',
    );
    expect(lines).toContain('新闻部,5,1,0.2,30,100,2');
    expect(lines).toContain('办公室,0,0,0,,,0');
    expect(lines).toContain('合计,7,1,0.143,20,100,3');
  });
});
