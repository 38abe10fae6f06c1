import { canSeeReport } from '#shared/reports/acknowledge-report.ts';
import { toReportView } from '#shared/reports/report-view.ts';
import { recordViewIfOutsider } from '#shared/reports/record-view.ts';
import { NotFoundError } from '#shared/platform/kernel/errors.ts';
import { apiHandler } from '#shared/platform/http/api-handler.ts';

/** GET /api/reports/{reportId} — the report with `chain` and `timeline`; invisible reports are 404, not 403. */
export const handler = apiHandler({}, async ({ caller, deps, params }) => {
  const bundle = await deps.reports.getBundle(params.reportId ?? '');
  const org = bundle && (await deps.orgs.getOrg(bundle.report.orgId));
  if (!bundle || !org || !canSeeReport(bundle.report, caller, org.officeDepartmentId)) throw new NotFoundError('报告', 'REPORT_NOT_FOUND');
  await recordViewIfOutsider(deps, bundle.report, caller);
  return { body: toReportView(bundle.report, bundle.events, bundle.mails, bundle.followups, bundle.instructions) };
});
