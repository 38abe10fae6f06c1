import { accountabilityAccess } from './rules/access.ts';
import type { Caller } from '../platform/auth/caller.ts';
import { requireOrg } from '../org/index.ts';
import type { AccountabilityDeps } from './ports.ts';
import { timelinessOf, type TimelinessStats } from './rules/timeliness.ts';
import { findingsOf, period } from './findings.ts';

const { authorize } = accountabilityAccess;

/**
 * The timeliness statistics of an organisation over a period (GET /api/orgs/{orgId}/timeliness?from=&to=&departmentId=).
 * 1. Its office and leaders. 2. Reads the reports submitted in the period (the organisation's report index, one
 * range) and the findings judged in it (the register, one range). 3. Computes the statistics.
 */
export async function timeliness(
  deps: AccountabilityDeps,
  caller: Caller,
  orgId: string,
  q: { from?: string; to?: string; departmentId?: string },
): Promise<TimelinessStats> {
  const org = await requireOrg(deps.orgs, orgId);
  authorize(caller, 'timeliness.read', { kind: 'accountability', orgId, officeDepartmentId: org.officeDepartmentId });
  return statsOf(deps, org, q);
}

/** The statistics without authorization (the caller checked it); dates of the period in the organisation's zone. */
export async function statsOf(
  deps: AccountabilityDeps,
  org: { orgId: string; timezone: string },
  q: { from?: string; to?: string; departmentId?: string },
): Promise<TimelinessStats> {
  const { orgId } = org;
  const { from, to } = period(q.from, q.to, deps.clock(), org.timezone);
  const [reports, findings, departments] = await Promise.all([
    deps.reports.submittedBetween(orgId, from, to),
    findingsOf(deps).listByOrg(orgId, from, to),
    deps.orgs.listDepartments(orgId),
  ]);
  const dept = q.departmentId;
  return timelinessOf({
    from,
    to,
    reports: dept ? reports.filter((r) => r.departmentId === dept) : reports,
    findings: dept ? findings.filter((f) => f.responsibleDepartmentId === dept) : findings,
    departments: dept ? departments.filter((d) => d.departmentId === dept) : departments,
  });
}
