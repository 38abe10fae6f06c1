import * as z from 'zod';
import type { Deps } from '#shared/app/ports.ts';
import type { REPORT_ROUTES } from '#shared/app/routes.ts';
import { acknowledgeReport, canSeeReport } from '#shared/reports/acknowledge-report.ts';
import { visibleBundle, visibleReport } from './visible.ts';
import { recordViewIfOutsider } from '#shared/reports/record-view.ts';
import { toReportView } from '#shared/reports/report-view.ts';
import { signOffReport } from '#shared/reports/sign-off-report.ts';
import { submitReport } from '#shared/reports/submit-report.ts';
import { parseOrThrow } from '#shared/platform/kernel/validation.ts';
import { decodeCursor, encodeCursor } from '#shared/platform/http/cursor.ts';
import { createdResult, idempotencyKeyOf } from '#shared/platform/http/idempotency-key.ts';
import { api, type Handlers } from '#shared/platform/http/router.ts';

type Routes = Handlers<(typeof REPORT_ROUTES)[number], Deps>;

const listQuery = z.object({
  status: z.enum(['escalating', 'acknowledged']).optional(),
  departmentId: z.string().min(1).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().optional(),
});

/** Emergency reports (POLICY §3.1–3.4): submission, the list, one report, acknowledgement, sign-off. */
export const reportApi = {
  /** Submits an emergency report (API.md); `Idempotency-Key` makes a retry safe. */
  'POST /api/reports': api(async ({ body, caller, deps, header }) =>
    createdResult(await submitReport(deps, caller, body, { idempotencyKey: idempotencyKeyOf(header) })),
  ),
  /** The caller's organisation's reports that the caller may see, newest first. */
  'GET /api/reports': api(async ({ caller, deps, query }) => {
    const q = parseOrThrow(listQuery, query);
    const org = await deps.orgs.getOrg(caller.orgId);
    const page = await deps.reports.listByOrg(caller.orgId, q.limit, decodeCursor(q.cursor));
    const items = page.items.filter(
      (r) =>
        canSeeReport(r, caller, org?.officeDepartmentId) &&
        (!q.status || r.status === q.status) &&
        (!q.departmentId || r.departmentId === q.departmentId) &&
        (!q.from || r.submittedAt >= new Date(q.from).toISOString()) &&
        (!q.to || r.submittedAt < new Date(q.to).toISOString()),
    );
    const rows = items.map(({ reportId, title, severity, category, departmentId, status, submittedAt, late }) => {
      return { reportId, title, severity, category, departmentId, status, submittedAt, late };
    });
    return { body: { items: rows, nextCursor: encodeCursor(page.next) } };
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
  /** The principal leader forwards the report upward or keeps it. */
  'POST /api/reports/{reportId}/sign-off': api(async ({ body, caller, deps, params }) => ({
    body: await signOffReport(deps, caller, params.reportId ?? '', body),
  })),
} satisfies Partial<Routes>;
