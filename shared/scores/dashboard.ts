import { requireOrg } from '../org/index.ts';
import type { Caller } from '../platform/auth/caller.ts';
import { ForbiddenError } from '../platform/kernel/errors.ts';
import { monthOf } from '../platform/kernel/time.ts';
import { parseOrThrow } from '../platform/kernel/validation.ts';
import { computeMonthFigures, scoresOf } from './monthly-scores.ts';
import type { ScoresDeps } from './ports.ts';
import { scoresAccess } from './rules/access.ts';
import { dashboardOf, dashboardPeriod, dashboardQuerySchema, type Dashboard } from './rules/dashboard.ts';

const { authorize, can } = scoresAccess;

/**
 * The dashboard of an organisation over a period (GET /api/orgs/{orgId}/dashboard?from=YYYY-MM&to=YYYY-MM).
 * 1. Its office and leaders (other members 403; other organisations 404). 2. The period: the 12 months to this one by
 * default, at most 24 (400). 3. One Query reads the period's stored month figures; a finished month without them
 * (before the monthly job ran, or older than the feature) is computed from its records and stored, the month in
 * progress is computed and not stored. 4. Merges the months.
 */
export async function readDashboard(
  deps: ScoresDeps,
  caller: Caller,
  orgId: string,
  query: unknown,
): Promise<Dashboard> {
  const q = parseOrThrow(dashboardQuerySchema, query);
  const org = await requireOrg(deps.orgs, orgId);
  const resource = { kind: 'scores' as const, orgId, officeDepartmentId: org.officeDepartmentId };
  authorize(caller, 'scores.read', resource);
  if (!can(caller, 'scores.readAll', resource)) throw new ForbiddenError('统计分析仅供办公室和领导查看。');
  const now = deps.clock();
  const current = monthOf(now, org.timezone);
  const { from, to, months } = dashboardPeriod(q, current);
  const repo = scoresOf(deps);
  const stored = await repo.readFigures(orgId, from, to);
  const figures = new Map(stored.map((f) => [f.month, f]));
  let itemsRead = stored.length;
  let computed = 0;
  for (const month of months) {
    if (figures.has(month) && month !== current) continue;
    const c = await computeMonthFigures(deps, org, month, now.toISOString());
    itemsRead += c.itemsRead;
    computed++;
    figures.set(month, c.figures);
    if (month < current) await repo.saveFigures(c.figures);
  }
  return dashboardOf(orgId, months, figures, {
    storedMonths: months.length - computed,
    computedMonths: computed,
    itemsRead,
  });
}
