import { acknowledgeReport, canSeeReport } from '#shared/reports/acknowledge-report.ts';
import { NotFoundError } from '#shared/platform/kernel/errors.ts';
import { apiHandler } from '#shared/platform/http/api-handler.ts';

/** POST /api/reports/{reportId}/ack — the signed-in recipient acknowledges; a second time is 409. */
export const handler = apiHandler({}, async ({ caller, deps, params }) => {
  const report = await deps.reports.get(params.reportId ?? '');
  const org = report && (await deps.orgs.getOrg(report.orgId));
  if (!report || !org || !canSeeReport(report, caller, org.officeDepartmentId)) throw new NotFoundError('报告', 'REPORT_NOT_FOUND');
  const result = await acknowledgeReport(deps, { reportId: report.reportId, personId: caller.personId, actorName: caller.name, sourceIp: caller.sourceIp });
  return { body: { reportId: report.reportId, status: result.report.status, chain: result.chain.map(({ email: _e, ...l }) => l) } };
});
