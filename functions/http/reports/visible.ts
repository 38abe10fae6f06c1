import type { Deps } from '#shared/app/ports.ts';
import type { Caller } from '#shared/platform/auth/caller.ts';
import { NotFoundError } from '#shared/platform/kernel/errors.ts';
import { canSeeReport } from '#shared/reports/acknowledge-report.ts';

const notFound = () => new NotFoundError('报告', 'REPORT_NOT_FOUND');

/** A report the caller may see, with its organisation; a report they may not see is 404, not 403 (POLICY §6). */
export async function visibleReport(deps: Deps, caller: Caller, reportId: string) {
  const report = await deps.reports.get(reportId);
  const org = report && (await deps.orgs.getOrg(report.orgId));
  if (!report || !org || !canSeeReport(report, caller, org.officeDepartmentId)) throw notFound();
  return { report, org };
}

/** The same, with everything stored under the report: timeline, mails, follow-ups, instructions. */
export async function visibleBundle(deps: Deps, caller: Caller, reportId: string) {
  const bundle = await deps.reports.getBundle(reportId);
  const org = bundle && (await deps.orgs.getOrg(bundle.report.orgId));
  if (!bundle || !org || !canSeeReport(bundle.report, caller, org.officeDepartmentId)) throw notFound();
  return { bundle, org };
}
