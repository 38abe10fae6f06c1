import type { REPORT_ROUTES } from '#shared/app/routes.ts';
import type { RouteHandlers } from '../handlers.ts';
import { acknowledgeReport } from '#shared/reports/acknowledge-report.ts';
import { visibleBundle, visibleReport } from './visible.ts';
import { recordViewIfOutsider } from '#shared/reports/record-view.ts';
import { toReportView } from '#shared/reports/report-view.ts';
import { signOffReport } from '#shared/reports/sign-off-report.ts';
import { submitReport } from '#shared/reports/submit-report.ts';
import { formatOf } from '#shared/platform/http/download.ts';
import { listReports } from '#shared/reports/report-list.ts';
import { numberOnSignOff } from '#shared/reports/report-doc.ts';
import { REPORT_LIST_FORMATS, reportListDownload } from '#shared/reports/report-list-export.ts';
import { createdResult, idempotencyKeyOf } from '#shared/platform/http/idempotency-key.ts';
import { api } from '#shared/platform/http/router.ts';

type Routes = RouteHandlers<typeof REPORT_ROUTES>;

/** Emergency reports (POLICY §3.1–3.4): submission, the list, one report, acknowledgement, sign-off. */
export const reportApi = {
  /** Submits an emergency report (API.md); `Idempotency-Key` makes a retry safe. */
  'POST /api/reports': api(async ({ body, caller, deps, header }) =>
    createdResult(await submitReport(deps, caller, body, { idempotencyKey: idempotencyKeyOf(header) })),
  ),
  /** Finding past events: the caller's visible reports in a range with filters, a page at a time; CSV or Excel. */
  'GET /api/reports': api(async ({ caller, deps, query }) => {
    const format = formatOf(query.format, REPORT_LIST_FORMATS);
    if (format !== 'json') return { download: await reportListDownload(deps, caller, query, format) };
    const { items, nextCursor, range, itemsRead } = await listReports(deps, caller, query);
    return { body: { items, nextCursor, range: { from: range.from, to: range.to }, itemsRead } };
  }),
  /** The report with `chain` and `timeline`; invisible reports are 404, not 403. */
  'GET /api/reports/{reportId}': api(async ({ caller, deps, params }) => {
    const { bundle } = await visibleBundle(deps, caller, params.reportId ?? '');
    await recordViewIfOutsider(deps, bundle.report, caller);
    const { report, events, mails, followups, instructions } = bundle;
    return { body: toReportView(report, events, mails, followups, instructions) };
  }),
  /** The signed-in recipient acknowledges; a second time is 409. */
  'POST /api/reports/{reportId}/ack': api(async ({ caller, deps, params }) => {
    const { report } = await visibleReport(deps, caller, params.reportId ?? '');
    const { personId, name: actorName, sourceIp } = caller;
    const result = await acknowledgeReport(deps, { reportId: report.reportId, personId, actorName, sourceIp });
    const chain = result.chain.map(({ email: _e, ...l }) => l);
    return { body: { reportId: report.reportId, status: result.report.status, chain } };
  }),
  /** The principal leader forwards the report upward or keeps it; the report takes its 信息专报 number then. */
  'POST /api/reports/{reportId}/sign-off': api(async ({ body, caller, deps, params }) => {
    const result = await signOffReport(deps, caller, params.reportId ?? '', body);
    await numberOnSignOff(deps, params.reportId ?? '');
    return { body: result };
  }),
} satisfies Partial<Routes>;
