import * as z from 'zod';
import { scoresAccess } from './rules/access.ts';
import { NotFoundError } from '../platform/kernel/errors.ts';
import type { Caller } from '../platform/auth/caller.ts';
import type { Deps } from '../app/ports.ts';
import type { Org } from '../org/rules/model.ts';
import { EXTERNAL_LEVELS, type ExternalLevel } from '../work-info/rules/item.ts';
import { computeOrgMonth, monthRange } from './monthly-scores.ts';
import { yuan, type DepartmentScore, type PersonScore, type ScoredFinding } from './rules/scoring.ts';
import { parseOrThrow } from '../platform/kernel/validation.ts';

const { authorize, can } = scoresAccess;

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
export const scoresQuerySchema = z.object({
  month: z.string({ error: '请指定月份（month=YYYY-MM）' }).regex(MONTH, { error: 'month 应为 YYYY-MM' }),
  format: z.enum(['json', 'csv'], { error: 'format 只能是 json 或 csv' }).optional(),
});
export const statsQuerySchema = z.object({
  quarter: z.string({ error: '请指定季度（quarter=YYYY-Qn）' }).regex(/^\d{4}-Q[1-4]$/, { error: 'quarter 应为 YYYY-Qn，如 2026-Q4' }),
  format: z.enum(['json', 'csv'], { error: 'format 只能是 json 或 csv' }).optional(),
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

async function orgFor(deps: Deps, caller: Caller, orgId: string) {
  const org = await deps.orgs.getOrg(orgId);
  if (!org) throw new NotFoundError('单位', 'ORG_NOT_FOUND');
  authorize(caller, 'scores.read', { kind: 'scores', orgId, officeDepartmentId: org.officeDepartmentId });
  return org;
}

/** What of a month's people rows the caller sees: all for the office and leaders; else his department's and his own. */
function visibleTo(caller: Caller, org: Org, view: ScoresView): ScoresView {
  if (can(caller, 'scores.readAll', { kind: 'scores', orgId: org.orgId, officeDepartmentId: org.officeDepartmentId })) return view;
  const people = view.people.filter((p) => p.personId === caller.personId || (p.role === 'officer' && !!caller.departmentId && p.departmentIds.includes(caller.departmentId)));
  return { ...view, people, undeliveredMails: [] };
}

/**
 * A month's scores (GET /api/orgs/{orgId}/scores?month=YYYY-MM).
 * 1. The office, leaders and department heads of the organisation may read them (others 403, other organisations 404).
 * 2. The stored result when the monthly job has run; otherwise computed from the records as they stand (`provisional`).
 */
export async function readScores(deps: Deps, caller: Caller, orgId: string, query: unknown): Promise<ScoresView> {
  const q = parseOrThrow(scoresQuerySchema, query);
  const org = await orgFor(deps, caller, orgId);
  const stored = await deps.scores!.readMonth(orgId, q.month);
  const withYuan = (people: PersonScore[]) => people.map((p) => ({ ...p, reward: yuan(p.rewardFen) }));
  if (stored) {
    const undeliveredMails = await deps.scores!.undeliveredMails(orgId, q.month);
    return visibleTo(caller, org, { orgId, month: q.month, weeks: stored.header.weeks, provisional: false, computedAt: stored.header.computedAt, departments: stored.departments, people: withYuan(stored.people), unassignedFindings: stored.header.unassignedFindings, undeliveredMails });
  }
  const { result } = await computeOrgMonth(deps, orgId, q.month);
  return visibleTo(caller, org, { orgId, month: q.month, weeks: result.weeks, provisional: true, departments: result.departments, people: withYuan(result.people), unassignedFindings: result.unassignedFindings, undeliveredMails: [] });
}

/** Each department's stored score over the 12 months ending with `month` (months not stored are absent): the chart's data. */
export async function scoreHistory(deps: Deps, orgId: string, month: string): Promise<{ months: string[]; departments: { departmentId: string; name: string; scores: (number | null)[] }[] }> {
  const months: string[] = [];
  let [y, m] = month.split('-').map(Number) as [number, number];
  for (let i = 0; i < 12; i++) {
    months.unshift(`${y}-${String(m).padStart(2, '0')}`);
    if (--m === 0) [y, m] = [y - 1, 12];
  }
  const stored = await Promise.all(months.map((mm) => deps.scores!.readMonth(orgId, mm)));
  const byDept = new Map<string, { departmentId: string; name: string; scores: (number | null)[] }>();
  stored.forEach((s, i) => {
    for (const d of s?.departments ?? []) {
      const row = byDept.get(d.departmentId) ?? { departmentId: d.departmentId, name: d.name, scores: months.map(() => null) };
      row.scores[i] = d.score;
      byDept.set(d.departmentId, row);
    }
  });
  return { months, departments: [...byDept.values()] };
}

export type DepartmentStats = { departmentId: string; name: string; submitted: number; adopted: number; adoptionRate: number; external: Record<ExternalLevel, number>; rank: number };
/** `publishedAt`: when the quarter's statistics were mailed to the leaders (absent until the quarter's job has run). */
export type QuarterStats = { orgId: string; quarter: string; from: string; to: string; departments: DepartmentStats[]; itemsRead: number; publishedAt?: string };

/**
 * Adoption statistics of a quarter per department (GET /api/orgs/{orgId}/stats?quarter=YYYY-Qn), from the quarter's
 * ledger: items sent to the office (`submitted`: approved by their reviewing leader), adopted, the adoption rate
 * (adopted ÷ submitted, in per cent with one decimal; items sent in an earlier quarter may make it exceed 100),
 * external adoptions recorded by level; ranked by adopted, then rate (equal ones share a rank).
 */
export async function quarterStats(deps: Deps, caller: Caller, orgId: string, query: unknown): Promise<QuarterStats> {
  const q = parseOrThrow(statsQuerySchema, query);
  const org = await orgFor(deps, caller, orgId);
  const [stats, published] = await Promise.all([computeQuarterStats(deps, org, q.quarter), deps.scores!.getQuarter(orgId, q.quarter)]);
  return published?.mailedAt ? { ...stats, publishedAt: published.mailedAt } : stats;
}

/** The quarter (`YYYY-Qn`) a local month (`YYYY-MM`) falls in, and whether the month is the quarter's last. */
export function quarterOf(month: string): { quarter: string; last: boolean } {
  const m = Number(month.slice(5));
  return { quarter: `${month.slice(0, 4)}-Q${Math.ceil(m / 3)}`, last: m % 3 === 0 };
}

/** `quarterStats` without the caller: what the quarter's statistics are from the ledger as it stands. */
export async function computeQuarterStats(deps: Deps, org: Org, quarter: string): Promise<QuarterStats> {
  const orgId = org.orgId;
  const year = quarter.slice(0, 4);
  const first = (Number(quarter.slice(6)) - 1) * 3 + 1;
  const from = monthRange(`${year}-${String(first).padStart(2, '0')}`, org.timezone).from;
  const to = monthRange(`${year}-${String(first + 2).padStart(2, '0')}`, org.timezone).to;
  const [departments, lines] = await Promise.all([deps.orgs.listDepartments(orgId), deps.items.ledger(orgId, from, to)]);
  const rows = new Map<string, { submitted: Set<string>; adopted: Set<string>; external: Record<ExternalLevel, number> }>();
  const row = (id: string) => rows.get(id) ?? rows.set(id, { submitted: new Set(), adopted: new Set(), external: { municipal: 0, provincial: 0, central: 0 } }).get(id)!;
  for (const l of lines) {
    if (l.at < from || l.at > to) continue;
    if (l.type === 'approved') row(l.departmentId).submitted.add(l.itemId);
    if (l.type === 'adopted') row(l.departmentId).adopted.add(l.itemId);
    if (l.type === 'externalAdoption' && (EXTERNAL_LEVELS as readonly string[]).includes(l.externalLevel ?? '')) row(l.departmentId).external[l.externalLevel as ExternalLevel]++;
  }
  const stats: DepartmentStats[] = departments
    .filter((d) => !(d.isOffice || d.departmentId === org.officeDepartmentId) || rows.has(d.departmentId))
    .map((d) => {
      const r = row(d.departmentId);
      const submitted = r.submitted.size;
      const adopted = r.adopted.size;
      return { departmentId: d.departmentId, name: d.name, submitted, adopted, adoptionRate: submitted ? Math.round((adopted * 1000) / submitted) / 10 : 0, external: r.external, rank: 0 };
    })
    .sort((a, b) => b.adopted - a.adopted || b.adoptionRate - a.adoptionRate || a.name.localeCompare(b.name, 'zh'));
  stats.forEach((d, i) => {
    const prev = stats[i - 1];
    d.rank = prev && prev.adopted === d.adopted && prev.adoptionRate === d.adoptionRate ? prev.rank : i + 1;
  });
  return { orgId, quarter, from, to, departments: stats, itemsRead: lines.length };
}
