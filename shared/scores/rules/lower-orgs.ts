import { DEFAULT_LOWER_SCORING, lowerScoringRulesSchema, type LowerScoringRules } from '../../org/index.ts';
import { medianAndP90, type ReportingMonth } from '../../accountability/index.ts';

/**
 * The upper office's view of its lower organisations (issue 16 item 2, POLICY.md §3.6): their figures side by side
 * and the monthly reporting score (量化考核). Pure: the use cases read the figures and findings.
 */

/**
 * The required elements of a report (POLICY.md §3.3) that a first report may still lack (先报基本情况, 后报详情):
 * what completeness counts. Title, times, category and severity are always there (the form requires them).
 */
export const REQUIRED_ELEMENTS = [
  ['place', '地点'],
  ['summary', '事件经过及原因'],
  ['casualties', '伤亡情况'],
  ['losses', '损失'],
  ['impact', '影响范围及趋势'],
  ['leadersOnSite', '领导到位情况'],
  ['measuresTaken', '已采取的措施'],
  ['contact', '现场联系人及电话'],
] as const;

/** The report's fields that carry the elements (a report of the reports context has them all). */
type ReportElements = Record<(typeof REQUIRED_ELEMENTS)[number][0], unknown>;

const filled = (v: unknown): boolean => {
  if (v === undefined || v === null) return false;
  if (typeof v === 'string') return v.trim().length > 0;
  if (typeof v === 'object' && 'phone' in v) return !!(v as { phone?: string }).phone?.trim();
  return true;
};

/** The share (0–1) of the required elements a report carries. */
export function elementsShare(r: Partial<ReportElements>): number {
  const n = REQUIRED_ELEMENTS.filter(([k]) => filled(r[k])).length;
  return n / REQUIRED_ELEMENTS.length;
}

/**
 * What the score needs of a month's reports beyond the reporting figures: the sum of their element shares (so a
 * period adds up) and the follow-ups filed on them.
 */
export type ReportQuality = { elementsShareSum: number; followupsFiled: number };

export function reportQualityOf(
  reports: readonly (Partial<ReportElements> & { followupCount?: number })[],
): ReportQuality {
  let elementsShareSum = 0;
  let followupsFiled = 0;
  for (const r of reports) {
    elementsShareSum += elementsShare(r);
    followupsFiled += r.followupCount ?? 0;
  }
  return { elementsShareSum: Math.round(elementsShareSum * 1000) / 1000, followupsFiled };
}

/** The lower-organisation scoring rules inside a stored configuration (the defaults for what a version lacks). */
export function lowerScoringOf(config: unknown): LowerScoringRules {
  const c = (config ?? {}) as { lowerScoring?: unknown };
  const parsed = lowerScoringRulesSchema.safeParse(c.lowerScoring);
  return parsed.success ? parsed.data : DEFAULT_LOWER_SCORING;
}

export type LowerScorePart = {
  rule: 'timeliness' | 'completeness' | 'followups' | 'findings';
  /** What a reader sees: the rule, the counts and the points. */
  label: string;
  points: number;
  max: number;
};

/** One lower organisation's reporting score of a month: the four parts and their sum (out of 100). */
export type LowerOrgScore = {
  orgId: string;
  name: string;
  month: string;
  reports: number;
  late: number;
  followupsFiled: number;
  followupsMissed: number;
  /** Average share of the required elements, 0–1; null without reports. */
  completeness: number | null;
  findings: { findingId: string; label: string }[];
  parts: LowerScorePart[];
  score: number;
  rules: LowerScoringRules;
  rank?: number;
};

export type LowerScoreInput = {
  orgId: string;
  name: string;
  month: string;
  reports: number;
  late: number;
  /** Absent for figures stored before completeness was kept: that part then gets its full points, said so. */
  quality?: ReportQuality;
  followupsMissed: number;
  /** Confirmed findings against the lower organisation counted in the month (by whichever level recorded them). */
  findings: { findingId: string; label: string }[];
};

const r1 = (x: number) => Math.round(x * 10) / 10;
const pct = (x: number) => `${r1(x * 100)}%`;

/**
 * The monthly reporting score of a lower organisation (POLICY.md §3.6; weights from the parent's configuration):
 * - timeliness: weight × the share of the month's reports not late (no reports: full points);
 * - completeness: weight × the average share of the required elements (`REQUIRED_ELEMENTS`) of those reports;
 * - follow-ups on time: weight × filed ÷ (filed + missed) (none owed: full points);
 * - findings: weight − `perFinding` per confirmed finding against it counted in the month, at least 0.
 * Each part is rounded to 0.1, the score is their sum.
 */
export function lowerOrgScore(input: LowerScoreInput, rules: LowerScoringRules): LowerOrgScore {
  const w = rules.weights;
  const onTime = input.reports ? (input.reports - input.late) / input.reports : 1;
  const completeness = input.reports && input.quality ? input.quality.elementsShareSum / input.reports : null;
  const filed = input.quality?.followupsFiled ?? 0;
  const owed = filed + input.followupsMissed;
  const followupShare = owed ? filed / owed : 1;
  const findingPoints = Math.max(0, w.findings - rules.perFinding * input.findings.length);
  const parts: LowerScorePart[] = [
    {
      rule: 'timeliness',
      points: r1(w.timeliness * onTime),
      max: w.timeliness,
      label: input.reports
        ? `报送及时：${input.reports} 份报告，迟报 ${input.late} 份，按时 ${pct(onTime)}`
        : '报送及时：本月无报告，按满分计',
    },
    {
      rule: 'completeness',
      points: r1(w.completeness * (completeness ?? 1)),
      max: w.completeness,
      label:
        completeness === null
          ? input.reports
            ? '要素完整：本月数据未记录要素情况，按满分计'
            : '要素完整：本月无报告，按满分计'
          : `要素完整：必备要素平均齐全 ${pct(completeness)}`,
    },
    {
      rule: 'followups',
      points: r1(w.followups * followupShare),
      max: w.followups,
      label: owed
        ? `按时续报：已续报 ${filed} 次，逾期未续报 ${input.followupsMissed} 次`
        : '按时续报：本月无应续报，按满分计',
    },
    {
      rule: 'findings',
      points: r1(findingPoints),
      max: w.findings,
      label: input.findings.length
        ? `问责记录：${input.findings.length} 条（每条扣 ${rules.perFinding} 分）：${input.findings.map((f) => f.label).join('；')}`
        : '问责记录：无',
    },
  ];
  return {
    orgId: input.orgId,
    name: input.name,
    month: input.month,
    reports: input.reports,
    late: input.late,
    followupsFiled: filed,
    followupsMissed: input.followupsMissed,
    completeness: completeness === null ? null : Math.round(completeness * 1000) / 1000,
    findings: input.findings,
    parts,
    score: r1(parts.reduce((s, p) => s + p.points, 0)),
    rules,
  };
}

/** Ranks lower organisations by score, highest first; equal scores share a rank (1, 2, 2, 4). */
export function rankLowerScores(scores: readonly LowerOrgScore[]): LowerOrgScore[] {
  const sorted = [...scores].sort((a, b) => b.score - a.score || a.name.localeCompare(b.name, 'zh'));
  let rank = 0;
  return sorted.map((s, i) => {
    if (i === 0 || s.score !== sorted[i - 1]!.score) rank = i + 1;
    return { ...s, rank };
  });
}

/** One lower organisation's figures over a period, side by side with the others (the dashboard's `lowerOrgs`). */
export type LowerOrgFigures = {
  orgId: string;
  name: string;
  reports: number;
  late: number;
  lateShare: number;
  minutesToReport: { median: number | null; p90: number | null };
  /** First chain level: notice to acknowledgement. */
  minutesToAcknowledge: { median: number | null; p90: number | null };
  followupsMissed: number;
  findings: number;
  itemsSent: number;
  itemsAdopted: number;
  /** The average of its stored monthly reporting scores in the period (null when none was computed yet). */
  score: number | null;
  scoredMonths: number;
};

/** A lower organisation's period figures from its months' figures and its stored monthly scores. */
export function lowerOrgFigures(
  org: { orgId: string; name: string },
  figures: readonly { reporting: ReportingMonth; items: { sent: number; adopted: number }[] }[],
  scores: readonly { score: number }[],
): LowerOrgFigures {
  const toReport: number[] = [];
  const toAck: number[] = [];
  let reports = 0;
  let late = 0;
  let followupsMissed = 0;
  let findings = 0;
  let itemsSent = 0;
  let itemsAdopted = 0;
  for (const f of figures) {
    const r = f.reporting;
    reports += r.reports;
    late += r.late;
    followupsMissed += r.followupsMissed;
    findings += Object.values(r.findingsByKind).reduce((n, x) => n + (x ?? 0), 0);
    toReport.push(...r.minutesToReport);
    toAck.push(...(r.levels.find((l) => l.level === 1)?.minutes ?? []));
    for (const d of f.items) {
      itemsSent += d.sent;
      itemsAdopted += d.adopted;
    }
  }
  const report = medianAndP90(toReport);
  const ack = medianAndP90(toAck);
  return {
    orgId: org.orgId,
    name: org.name,
    reports,
    late,
    lateShare: reports ? Math.round((late / reports) * 1000) / 1000 : 0,
    minutesToReport: { median: report.median, p90: report.p90 },
    minutesToAcknowledge: { median: ack.median, p90: ack.p90 },
    followupsMissed,
    findings,
    itemsSent,
    itemsAdopted,
    score: scores.length ? r1(scores.reduce((s, x) => s + x.score, 0) / scores.length) : null,
    scoredMonths: scores.length,
  };
}
