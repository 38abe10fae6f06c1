import * as z from 'zod';
import { scoresAccess } from './rules/access.ts';
import type { Caller } from '../platform/auth/caller.ts';
import type { ScoresDeps } from './ports.ts';
import { requireOrg, type Org } from '../org/index.ts';
import { monthBefore } from '../platform/kernel/time.ts';
import { computeOrgMonth, computeQuarterStats } from './monthly-scores.ts';
import type { QuarterStats } from './rules/quarter.ts';
import { yuan, type DepartmentScore, type PersonScore, type ScoredFinding } from './rules/scoring.ts';
import { parseOrThrow } from '../platform/kernel/validation.ts';

const { authorize, can } = scoresAccess;

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
export const scoresQuerySchema = z.object({
  month: z.string({ error: '请指定月份（month=YYYY-MM）' }).regex(MONTH, { error: 'month 应为 YYYY-MM' }),
  /** json, csv or xlsx: the handler checks it (406 for another) before anything is read. */
  format: z.string().optional(),
});
export const statsQuerySchema = z.object({
  quarter: z
    .string({ error: '请指定季度（quarter=YYYY-Qn）' })
    .regex(/^\d{4}-Q[1-4]$/, { error: 'quarter 应为 YYYY-Qn，如 2026-Q4' }),
  format: z.string().optional(),
});

export type ScoresView = {
  orgId: string;
  month: string;
  weeks: number;
  /** true: the month is not stored yet (the current month, say): computed from the records as they stand. */
  provisional: boolean;
  computedAt?: string;
  departments: DepartmentScore[];
  people: (PersonScore & { reward: string })[];
  unassignedFindings: ScoredFinding[];
  /** The month's score mails SES refused for good (empty while none): whose address to correct. */
  undeliveredMails: { to: string; reason: string; rejectedAt: string }[];
};

async function orgFor(deps: ScoresDeps, caller: Caller, orgId: string) {
  const org = await requireOrg(deps.orgs, orgId);
  authorize(caller, 'scores.read', { kind: 'scores', orgId, officeDepartmentId: org.officeDepartmentId });
  return org;
}

/** What of a month's people rows the caller sees: all for the office and leaders; else his department's and his own. */
function visibleTo(caller: Caller, org: Org, view: ScoresView): ScoresView {
  if (can(caller, 'scores.readAll', { kind: 'scores', orgId: org.orgId, officeDepartmentId: org.officeDepartmentId }))
    return view;
  const people = view.people.filter(
    (p) =>
      p.personId === caller.personId ||
      (p.role === 'officer' && !!caller.departmentId && p.departmentIds.includes(caller.departmentId)),
  );
  return { ...view, people, undeliveredMails: [] };
}

/**
 * A month's scores (GET /api/orgs/{orgId}/scores?month=YYYY-MM).
 * 1. The office, leaders and department heads of the organisation may read them (others 403, other organisations 404).
 * 2. The stored result when the monthly job has run; otherwise computed from the records as they stand (`provisional`).
 */
export async function readScores(deps: ScoresDeps, caller: Caller, orgId: string, query: unknown): Promise<ScoresView> {
  const q = parseOrThrow(scoresQuerySchema, query);
  const org = await orgFor(deps, caller, orgId);
  const stored = await deps.scores!.readMonth(orgId, q.month);
  const withYuan = (people: PersonScore[]) => people.map((p) => ({ ...p, reward: yuan(p.rewardFen) }));
  if (stored) {
    const undeliveredMails = await deps.scores!.undeliveredMails(orgId, q.month);
    return visibleTo(caller, org, {
      orgId,
      month: q.month,
      weeks: stored.header.weeks,
      provisional: false,
      computedAt: stored.header.computedAt,
      departments: stored.departments,
      people: withYuan(stored.people),
      unassignedFindings: stored.header.unassignedFindings,
      undeliveredMails,
    });
  }
  const { result } = await computeOrgMonth(deps, orgId, q.month);
  return visibleTo(caller, org, {
    orgId,
    month: q.month,
    weeks: result.weeks,
    provisional: true,
    departments: result.departments,
    people: withYuan(result.people),
    unassignedFindings: result.unassignedFindings,
    undeliveredMails: [],
  });
}

/** Each department's stored score over the 12 months ending with `month` (months not stored are absent): the chart's data. */
export async function scoreHistory(
  deps: ScoresDeps,
  orgId: string,
  month: string,
): Promise<{ months: string[]; departments: { departmentId: string; name: string; scores: (number | null)[] }[] }> {
  const months: string[] = [];
  for (let m = month, i = 0; i < 12; i++, m = monthBefore(m)) months.unshift(m);
  const stored = await Promise.all(months.map((mm) => deps.scores!.readMonth(orgId, mm)));
  const byDept = new Map<string, { departmentId: string; name: string; scores: (number | null)[] }>();
  stored.forEach((s, i) => {
    for (const d of s?.departments ?? []) {
      const row = byDept.get(d.departmentId) ?? {
        departmentId: d.departmentId,
        name: d.name,
        scores: months.map(() => null),
      };
      row.scores[i] = d.score;
      byDept.set(d.departmentId, row);
    }
  });
  return { months, departments: [...byDept.values()] };
}

/**
 * Adoption statistics of a quarter per department (GET /api/orgs/{orgId}/stats?quarter=YYYY-Qn), from the quarter's
 * ledger: items sent to the office (`submitted`: approved by their reviewing leader), adopted, the adoption rate
 * (adopted ÷ submitted, in per cent with one decimal; items sent in an earlier quarter may make it exceed 100),
 * external adoptions recorded by level; ranked by adopted, then rate (equal ones share a rank).
 */
export async function quarterStats(
  deps: ScoresDeps,
  caller: Caller,
  orgId: string,
  query: unknown,
): Promise<QuarterStats> {
  const q = parseOrThrow(statsQuerySchema, query);
  const org = await orgFor(deps, caller, orgId);
  const [stats, published] = await Promise.all([
    computeQuarterStats(deps, org, q.quarter),
    deps.scores!.getQuarter(orgId, q.quarter),
  ]);
  return published?.mailedAt ? { ...stats, publishedAt: published.mailedAt } : stats;
}
