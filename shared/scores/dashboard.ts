import { requireOrg, zoneOf, type Org } from '../org/index.ts';
import type { Caller } from '../platform/auth/caller.ts';
import { ForbiddenError } from '../platform/kernel/errors.ts';
import { monthOf } from '../platform/kernel/time.ts';
import { parseOrThrow } from '../platform/kernel/validation.ts';
import { computeMonthFigures, scoresOf } from './monthly-scores.ts';
import type { ScoresDeps } from './ports.ts';
import { scoresAccess } from './rules/access.ts';
import {
  dashboardOf,
  dashboardPeriod,
  dashboardQuerySchema,
  type Dashboard,
  type MonthFigures,
} from './rules/dashboard.ts';
import { lowerOrgFigures } from './rules/lower-orgs.ts';

const { authorize, can } = scoresAccess;

/**
 * The dashboard of an organisation over a period (GET /api/orgs/{orgId}/dashboard?from=YYYY-MM&to=YYYY-MM).
 * 1. Its office and leaders (other members 403); a lower organisation's also its parent's office and leaders;
 *    anyone else 404. 2. The period: the 12 months to this one by default, at most 24 (400). 3. One Query reads the
 *    period's stored month figures; a finished month without them (before the monthly job ran, or older than the
 *    feature) is computed from its records and stored, the month in progress is computed and not stored.
 *    4. Merges the months. 5. For its own office and leaders, the same figures of each lower organisation side by
 *    side (`lowerOrgs`: one Query of its figures each, and one Query of their stored monthly scores).
 */
export async function readDashboard(
  deps: ScoresDeps,
  caller: Caller,
  orgId: string,
  query: unknown,
): Promise<Dashboard> {
  const q = parseOrThrow(dashboardQuerySchema, query);
  const org = await requireOrg(deps.orgs, orgId);
  const own = caller.orgId === orgId;
  if (own) {
    const resource = { kind: 'scores' as const, orgId, officeDepartmentId: org.officeDepartmentId };
    authorize(caller, 'scores.read', resource);
    if (!can(caller, 'scores.readAll', resource)) throw new ForbiddenError('统计分析仅供办公室和领导查看。');
  } else {
    const parent = org.parentOrgId === caller.orgId ? await deps.orgs.getOrg(caller.orgId) : undefined;
    authorize(caller, 'scores.readLower', {
      kind: 'scores',
      orgId,
      parent: parent && { orgId: parent.orgId, officeDepartmentId: parent.officeDepartmentId },
    });
  }
  const now = deps.clock();
  const current = monthOf(now, org.timezone);
  const { from, to, months } = dashboardPeriod(q, current);
  const mine = await periodFigures(deps, org, from, to, months, now);
  const d = dashboardOf(orgId, months, mine.figures, {
    storedMonths: months.length - mine.computed,
    computedMonths: mine.computed,
    itemsRead: mine.itemsRead,
  });
  if (!own) return d;
  const lower = await lowerOrgsOf(deps, org, from, to, months, now);
  d.lowerOrgs = lower.rows;
  d.source.itemsRead += lower.itemsRead;
  return d;
}

/**
 * An organisation's figures of the months of a period: the stored ones (one Query), and the others computed — a
 * finished month is stored once computed, the month in progress (in the organisation's zone) never.
 */
async function periodFigures(
  deps: ScoresDeps,
  org: Pick<Org, 'orgId' | 'timezone'>,
  from: string,
  to: string,
  months: string[],
  now: Date,
): Promise<{ figures: Map<string, MonthFigures>; computed: number; itemsRead: number }> {
  const repo = scoresOf(deps);
  const current = monthOf(now, zoneOf(org));
  const stored = await repo.readFigures(org.orgId, from, to);
  const figures = new Map(stored.map((f) => [f.month, f]));
  let itemsRead = stored.length;
  let computed = 0;
  for (const month of months) {
    if (month > current) continue;
    if (figures.has(month) && month !== current) continue;
    const c = await computeMonthFigures(deps, org, month, now.toISOString());
    itemsRead += c.itemsRead;
    computed++;
    figures.set(month, c.figures);
    if (month < current) await repo.saveFigures(c.figures);
  }
  return { figures, computed, itemsRead };
}

/**
 * The upper office's view: each lower organisation's figures of the period (its months, computed as for its own
 * dashboard) and the average of the monthly reporting scores the parent's worker stored for it, by name.
 */
async function lowerOrgsOf(
  deps: ScoresDeps,
  org: Org,
  from: string,
  to: string,
  months: string[],
  now: Date,
): Promise<{ rows: Dashboard['lowerOrgs']; itemsRead: number }> {
  const children = await deps.orgs.listChildOrgs(org.orgId);
  if (!children.length) return { rows: [], itemsRead: 0 };
  const scores = await scoresOf(deps).readLowerScores(org.orgId, from, to);
  let itemsRead = children.length + scores.length;
  const rows: Dashboard['lowerOrgs'] = [];
  for (const child of children) {
    const f = await periodFigures(deps, { orgId: child.orgId, timezone: zoneOf(child) }, from, to, months, now);
    itemsRead += f.itemsRead;
    const inPeriod = months.map((m) => f.figures.get(m)).filter((x): x is MonthFigures => !!x);
    rows.push(
      lowerOrgFigures(
        child,
        inPeriod,
        scores.filter((s) => s.orgId === child.orgId),
      ),
    );
  }
  return { rows, itemsRead };
}

export type LowerOrgsView = Pick<Dashboard, 'orgId' | 'from' | 'to' | 'months' | 'lowerOrgs'> & { itemsRead: number };

/**
 * The lower organisations' figures of a period side by side (GET /api/orgs/{orgId}/lower-orgs): the dashboard's
 * `lowerOrgs` without the organisation's own figures, for its office and leaders (other members 403, others 404).
 */
export async function readLowerOrgs(
  deps: ScoresDeps,
  caller: Caller,
  orgId: string,
  query: unknown,
): Promise<LowerOrgsView> {
  const q = parseOrThrow(dashboardQuerySchema, query);
  const org = await requireOrg(deps.orgs, orgId);
  const resource = { kind: 'scores' as const, orgId, officeDepartmentId: org.officeDepartmentId };
  authorize(caller, 'scores.read', resource);
  if (!can(caller, 'scores.readAll', resource)) throw new ForbiddenError('下级单位统计仅供办公室和领导查看。');
  const now = deps.clock();
  const { from, to, months } = dashboardPeriod(q, monthOf(now, org.timezone));
  const lower = await lowerOrgsOf(deps, org, from, to, months, now);
  return { orgId, from, to, months, lowerOrgs: lower.rows, itemsRead: lower.itemsRead };
}
