import { SEVERITIES, type Severity } from '../../org/index.ts';
import type { Report } from '../../reports/index.ts';
import { FINDING_KINDS, type Finding, type FindingKind } from './finding.ts';
import { median, percentile } from './timeliness.ts';

/**
 * The reporting half of a month's figures (the dashboard, issue 16): what a month's reports and findings come to,
 * kept small enough to store once per organisation and month. The minutes are kept as values (rounded to 0.1), not
 * as a median, because the median of a year is not the median of twelve medians: merging months concatenates them.
 */
export type ReportingMonth = {
  reports: number;
  late: number;
  byCategory: { code: string; label: string; count: number }[];
  bySeverity: Record<Severity, number>;
  /** Minutes from learning of the event to the submission, one value per report. */
  minutesToReport: number[];
  /** Per chain level: notified, acknowledged, timed out, and the minutes from notice to acknowledgement. */
  levels: { level: number; notified: number; timedOut: number; minutes: number[] }[];
  followupsMissed: number;
  findingsByKind: Record<FindingKind, number>;
  departments: { departmentId: string; reports: number; late: number }[];
};

const minutes = (from: string, to: string) =>
  Math.round((new Date(to).getTime() - new Date(from).getTime()) / 6_000) / 10;

/** A month's reporting figures from the month's submitted reports and the findings that happened in it (dismissed ones left out). */
export function reportingMonthOf(reports: readonly Report[], findings: readonly Finding[]): ReportingMonth {
  const cats = new Map<string, { code: string; label: string; count: number }>();
  const levels = new Map<number, ReportingMonth['levels'][number]>();
  const depts = new Map<string, { departmentId: string; reports: number; late: number }>();
  let followupsMissed = 0;
  for (const r of reports) {
    const c = cats.get(r.category) ?? { code: r.category, label: r.categoryLabel, count: 0 };
    c.count++;
    cats.set(r.category, c);
    const d = depts.get(r.departmentId) ?? { departmentId: r.departmentId, reports: 0, late: 0 };
    d.reports++;
    if (r.late) d.late++;
    depts.set(r.departmentId, d);
    for (const l of r.chain) {
      const row = levels.get(l.level) ?? { level: l.level, notified: 0, timedOut: 0, minutes: [] };
      if (l.notifiedAt) row.notified++;
      if (l.state === 'timedOut' || l.timedOutAt) row.timedOut++;
      if (l.notifiedAt && l.acknowledgedAt) row.minutes.push(minutes(l.notifiedAt, l.acknowledgedAt));
      levels.set(l.level, row);
    }
    followupsMissed += (r as { missedFollowups?: unknown[] }).missedFollowups?.length ?? 0;
  }
  const live = findings.filter((f) => f.state !== 'dismissed');
  return {
    reports: reports.length,
    late: reports.filter((r) => r.late).length,
    byCategory: [...cats.values()],
    bySeverity: Object.fromEntries(
      SEVERITIES.map((s) => [s, reports.filter((r) => r.severity === s).length]),
    ) as Record<Severity, number>,
    minutesToReport: reports.map((r) => minutes(r.learnedAt, r.submittedAt)),
    levels: [...levels.values()].sort((a, b) => a.level - b.level),
    followupsMissed,
    findingsByKind: Object.fromEntries(
      FINDING_KINDS.map((k) => [k, live.filter((f) => f.kind === k).length]),
    ) as Record<FindingKind, number>,
    departments: [...depts.values()],
  };
}

const round1 = (x: number | undefined) => (x === undefined ? null : Math.round(x * 10) / 10);

/** The median and 90th percentile (nearest rank) of values, rounded to 0.1; null when there are none. */
export function medianAndP90(xs: readonly number[]): { median: number | null; p90: number | null; count: number } {
  return { median: round1(median(xs)), p90: round1(percentile(xs, 90)), count: xs.length };
}
