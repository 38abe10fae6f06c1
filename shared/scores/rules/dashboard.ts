import * as z from 'zod';
import { SEVERITIES, type Severity } from '../../org/index.ts';
import { FINDING_KINDS, medianAndP90, type FindingKind, type ReportingMonth } from '../../accountability/index.ts';
import { ValidationError } from '../../platform/kernel/errors.ts';
import { monthBefore, nextMonth } from '../../platform/kernel/time.ts';
import type { LowerOrgFigures, ReportQuality } from './lower-orgs.ts';

/**
 * The dashboard (统计分析, issue 16): a period's figures merged from one stored aggregate per month, never from every
 * report of the period. Pure: the use case reads the months (`../dashboard.ts`).
 */

/** One organisation's figures of one local month, as stored (`FIGURES#<month>`): written by the monthly job. */
export type MonthFigures = {
  orgId: string;
  month: string;
  reporting: ReportingMonth;
  /** Work information per department: items sent to the office and adopted that month (the monthly score's counts). */
  items: { departmentId: string; name: string; sent: number; adopted: number }[];
  /** Completeness of the reports' required elements and follow-ups filed (the lower-organisation score); absent before. */
  quality?: ReportQuality;
  computedAt: string;
  /** Demo history written by the local seed (never mailed, shown as such). */
  seeded?: boolean;
};

export const MAX_PERIOD_MONTHS = 24;
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
export const dashboardQuerySchema = z.object({
  from: z.string().regex(MONTH, { error: 'from 应为 YYYY-MM' }).optional(),
  to: z.string().regex(MONTH, { error: 'to 应为 YYYY-MM' }).optional(),
  format: z.string().optional(),
});

/** The months of [from, to], both included. */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let m = from; m <= to && out.length <= MAX_PERIOD_MONTHS + 1; m = nextMonth(m)) out.push(m);
  return out;
}

/**
 * The period asked for: `to` (this month by default) and `from` (the 12 months ending with `to` by default).
 * 400 naming the field: from after to, to after this month, or more than 24 months.
 */
export function dashboardPeriod(
  q: { from?: string; to?: string },
  currentMonth: string,
): { from: string; to: string; months: string[] } {
  const to = q.to ?? currentMonth;
  let from = q.from;
  if (!from) {
    from = to;
    for (let i = 1; i < 12; i++) from = monthBefore(from);
  }
  if (to > currentMonth)
    throw new ValidationError([{ field: 'to', code: 'too_big', message: `to 不能晚于本月（${currentMonth}）` }]);
  if (from > to) throw new ValidationError([{ field: 'from', code: 'too_big', message: 'from 不能晚于 to' }]);
  const months = monthsBetween(from, to);
  if (months.length > MAX_PERIOD_MONTHS)
    throw new ValidationError([
      { field: 'from', code: 'too_big', message: `统计期间最长 ${MAX_PERIOD_MONTHS} 个月（from 至 to）` },
    ]);
  return { from, to, months };
}

export type Dashboard = {
  orgId: string;
  from: string;
  to: string;
  months: string[];
  reports: number;
  late: number;
  reportsByCategory: { code: string; label: string; count: number }[];
  reportsBySeverity: Record<Severity, number>;
  minutesToReport: { median: number | null; p90: number | null; count: number };
  minutesToAcknowledge: {
    level: number;
    notified: number;
    timedOut: number;
    median: number | null;
    p90: number | null;
    count: number;
  }[];
  lateShareByMonth: { month: string; reports: number; late: number; share: number }[];
  followupsMissedByMonth: { month: string; count: number }[];
  findingsByKind: Record<FindingKind, number>;
  itemsByMonth: { month: string; sent: number; adopted: number }[];
  itemsByDepartment: { departmentId: string; name: string; sent: number; adopted: number }[];
  /**
   * The upper office's view (issue 16 item 2): the period's figures of each lower organisation side by side, by name
   * (`readDashboard` fills it; empty for an organisation without lower ones, or when a lower one's own figures are read).
   */
  lowerOrgs: LowerOrgFigures[];
  /** Where the figures came from: months read from their stored aggregate, months computed now, items read. */
  source: { storedMonths: number; computedMonths: number; itemsRead: number; seededMonths: number };
};

const share = (late: number, n: number) => (n ? Math.round((late / n) * 1000) / 1000 : 0);

/** The dashboard of a period from its months' figures (a month without figures counts as empty). */
export function dashboardOf(
  orgId: string,
  months: string[],
  figures: ReadonlyMap<string, MonthFigures>,
  source: Omit<Dashboard['source'], 'seededMonths'>,
): Dashboard {
  const all = months.map((m) => figures.get(m)).filter((f): f is MonthFigures => !!f);
  const cats = new Map<string, { code: string; label: string; count: number }>();
  const levels = new Map<number, { level: number; notified: number; timedOut: number; minutes: number[] }>();
  const depts = new Map<string, { departmentId: string; name: string; sent: number; adopted: number }>();
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  const findingsByKind = Object.fromEntries(FINDING_KINDS.map((k) => [k, 0])) as Record<FindingKind, number>;
  const toReport: number[] = [];
  for (const f of all) {
    const r = f.reporting;
    for (const c of r.byCategory) {
      const row = cats.get(c.code) ?? { code: c.code, label: c.label, count: 0 };
      row.count += c.count;
      cats.set(c.code, row);
    }
    for (const s of SEVERITIES) bySeverity[s] += r.bySeverity[s] ?? 0;
    for (const k of FINDING_KINDS) findingsByKind[k] += r.findingsByKind[k] ?? 0;
    toReport.push(...r.minutesToReport);
    for (const l of r.levels) {
      const row = levels.get(l.level) ?? { level: l.level, notified: 0, timedOut: 0, minutes: [] };
      row.notified += l.notified;
      row.timedOut += l.timedOut;
      row.minutes.push(...l.minutes);
      levels.set(l.level, row);
    }
    for (const d of f.items) {
      const row = depts.get(d.departmentId) ?? { departmentId: d.departmentId, name: d.name, sent: 0, adopted: 0 };
      row.sent += d.sent;
      row.adopted += d.adopted;
      row.name = d.name;
      depts.set(d.departmentId, row);
    }
  }
  const monthly = months.map((m) => figures.get(m));
  const reports = all.reduce((n, f) => n + f.reporting.reports, 0);
  const late = all.reduce((n, f) => n + f.reporting.late, 0);
  return {
    orgId,
    from: months[0]!,
    to: months[months.length - 1]!,
    months,
    reports,
    late,
    reportsByCategory: [...cats.values()].sort((a, b) => b.count - a.count || a.code.localeCompare(b.code)),
    reportsBySeverity: bySeverity,
    minutesToReport: medianAndP90(toReport),
    minutesToAcknowledge: [...levels.values()]
      .sort((a, b) => a.level - b.level)
      .map(({ minutes, ...l }) => ({ ...l, ...medianAndP90(minutes) })),
    lateShareByMonth: monthly.map((f, i) => ({
      month: months[i]!,
      reports: f?.reporting.reports ?? 0,
      late: f?.reporting.late ?? 0,
      share: share(f?.reporting.late ?? 0, f?.reporting.reports ?? 0),
    })),
    followupsMissedByMonth: monthly.map((f, i) => ({ month: months[i]!, count: f?.reporting.followupsMissed ?? 0 })),
    findingsByKind,
    itemsByMonth: monthly.map((f, i) => ({
      month: months[i]!,
      sent: f?.items.reduce((n, d) => n + d.sent, 0) ?? 0,
      adopted: f?.items.reduce((n, d) => n + d.adopted, 0) ?? 0,
    })),
    itemsByDepartment: [...depts.values()].sort(
      (a, b) => b.sent - a.sent || b.adopted - a.adopted || a.name.localeCompare(b.name, 'zh'),
    ),
    lowerOrgs: [],
    source: { ...source, seededMonths: all.filter((f) => f.seeded).length },
  };
}
