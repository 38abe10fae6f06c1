import { SEVERITIES, type Department, type Severity } from '../../org/index.ts';
import type { Report } from '../../reports/index.ts';
import { FINDING_KINDS, type Finding, type FindingKind } from './finding.ts';

/**
 * Timeliness statistics of reporting (issue 8 item 4): how fast and how completely an organisation and its
 * departments report. Pure functions of the period's reports and findings; `../timeliness.ts` reads them.
 */

/** The median: the middle value, or the mean of the two middle values of an even count. Undefined when empty. */
export function median(xs: readonly number[]): number | undefined {
  if (!xs.length) return undefined;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1]! + s[mid]!) / 2;
}

/** The p-th percentile by the nearest-rank method: the smallest value with at least p % of the values at or below it. */
export function percentile(xs: readonly number[], p: number): number | undefined {
  if (!xs.length) return undefined;
  const s = [...xs].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * s.length));
  return s[rank - 1];
}

const minutes = (from: string, to: string) => (new Date(to).getTime() - new Date(from).getTime()) / 60_000;
const round1 = (x: number | undefined) => (x === undefined ? undefined : Math.round(x * 10) / 10);

export type SpeedStats = {
  reports: number;
  late: number;
  lateShare: number;
  medianMinutes?: number;
  p90Minutes?: number;
};
export type LevelStats = {
  level: number;
  notified: number;
  acknowledged: number;
  timedOut: number;
  medianAckMinutes?: number;
  p90AckMinutes?: number;
};
export type TimelinessStats = SpeedStats & {
  from: string;
  to: string;
  bySeverity: Record<Severity, number>;
  byCategory: { code: string; label: string; count: number }[];
  /** Time to acknowledge per chain level (the MTTA of on-call tools): acknowledgedAt − notifiedAt. */
  levels: LevelStats[];
  followupsMissed: number;
  /** How often the office had to chase (催办) people about the period's reports or their instructions. */
  chases: number;
  findingsByKind: Record<FindingKind, number>;
  departments: (SpeedStats & { departmentId: string; name: string; findings: number })[];
};

function speed(reports: readonly Report[]): SpeedStats {
  const xs = reports.map((r) => minutes(r.learnedAt, r.submittedAt));
  const late = reports.filter((r) => r.late).length;
  return {
    reports: reports.length,
    late,
    lateShare: reports.length ? Math.round((late / reports.length) * 1000) / 1000 : 0,
    medianMinutes: round1(median(xs)),
    p90Minutes: round1(percentile(xs, 90)),
  };
}

/** The statistics of a period's reports and findings, for the organisation and per department (departments without reports included). */
export function timelinessOf(input: {
  from: string;
  to: string;
  reports: readonly Report[];
  findings: readonly Finding[];
  departments: readonly Pick<Department, 'departmentId' | 'name'>[];
}): TimelinessStats {
  const { reports, findings } = input;
  const bySeverity = Object.fromEntries(
    SEVERITIES.map((s) => [s, reports.filter((r) => r.severity === s).length]),
  ) as Record<Severity, number>;
  const cats = new Map<string, { code: string; label: string; count: number }>();
  for (const r of reports) {
    const c = cats.get(r.category) ?? { code: r.category, label: r.categoryLabel, count: 0 };
    c.count++;
    cats.set(r.category, c);
  }
  const levelNos = [...new Set(reports.flatMap((r) => r.chain.map((l) => l.level)))].sort((a, b) => a - b);
  const levels = levelNos.map((level) => {
    const ls = reports.map((r) => r.chain.find((l) => l.level === level)).filter((l) => !!l);
    const acks = ls
      .filter((l) => l.notifiedAt && l.acknowledgedAt)
      .map((l) => minutes(l.notifiedAt!, l.acknowledgedAt!));
    return {
      level,
      notified: ls.filter((l) => l.notifiedAt).length,
      acknowledged: acks.length,
      timedOut: ls.filter((l) => l.state === 'timedOut' || l.timedOutAt).length,
      medianAckMinutes: round1(median(acks)),
      p90AckMinutes: round1(percentile(acks, 90)),
    };
  });
  const findingsByKind = Object.fromEntries(
    FINDING_KINDS.map((k) => [k, findings.filter((f) => f.kind === k && f.state !== 'dismissed').length]),
  ) as Record<FindingKind, number>;
  const known = new Map(input.departments.map((d) => [d.departmentId, d.name]));
  for (const r of reports) if (!known.has(r.departmentId)) known.set(r.departmentId, r.departmentId);
  const departments = [...known.entries()].map(([departmentId, name]) => ({
    departmentId,
    name,
    ...speed(reports.filter((r) => r.departmentId === departmentId)),
    findings: findings.filter((f) => f.responsibleDepartmentId === departmentId && f.state !== 'dismissed').length,
  }));
  return {
    from: input.from,
    to: input.to,
    ...speed(reports),
    bySeverity,
    byCategory: [...cats.values()].sort((a, b) => b.count - a.count),
    levels,
    followupsMissed: reports.reduce(
      (n, r) => n + ((r as { missedFollowups?: unknown[] }).missedFollowups?.length ?? 0),
      0,
    ),
    chases: reports.reduce((n, r) => n + (r.chaseCount ?? 0), 0),
    findingsByKind,
    departments,
  };
}

/** Departments that reported fastest and most completely: at least one report, none late, fastest median first (praise circulars). */
export function bestReporters(stats: TimelinessStats, top = 3): TimelinessStats['departments'] {
  return stats.departments
    .filter((d) => d.reports > 0 && d.late === 0 && d.findings === 0)
    .sort((a, b) => (a.medianMinutes ?? 0) - (b.medianMinutes ?? 0) || b.reports - a.reports)
    .slice(0, top);
}

/** The columns of the timeliness table (CSV and Excel), in plain Chinese. */
export const TIMELINESS_HEADERS = [
  '部门',
  '报告数',
  '迟报数',
  '迟报率',
  '获知至报送用时中位数（分钟）',
  '获知至报送用时第90百分位（分钟）',
  '问责记录数',
] as const;

/** The statistics as CSV (UTF-8 with BOM, so spreadsheet programs read the Chinese): one line per department and the total. */
export function timelinessCsv(s: TimelinessStats): string {
  const head = TIMELINESS_HEADERS;
  const cell = (v: unknown) => {
    const t = v === undefined ? '' : String(v);
    return /[",\n]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
  };
  const line = (name: string, d: SpeedStats, findings: number) =>
    [name, d.reports, d.late, d.lateShare, d.medianMinutes, d.p90Minutes, findings].map(cell).join(',');
  const total = Object.values(s.findingsByKind).reduce((a, b) => a + b, 0);
  return `\uFEFF${[head.join(','), ...s.departments.map((d) => line(d.name, d, d.findings)), line('合计', s, total)].join('\r\n')}\r\n`;
}
