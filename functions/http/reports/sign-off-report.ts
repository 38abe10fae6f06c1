import { apiHandler } from '#shared/platform/http/api-handler.ts';
import { signOffReport, signOffSchema } from '#shared/reports/sign-off-report.ts';

/** POST /api/reports/{reportId}/sign-off — the principal leader forwards the report upward or keeps it. */
export const handler = apiHandler({ body: signOffSchema }, async ({ body, caller, deps, params }) => ({
  body: await signOffReport(deps, caller, params.reportId ?? '', body),
}));
