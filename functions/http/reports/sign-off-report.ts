import { apiHandler } from '#shared/platform/http/api-handler.ts';
import { signOffReport } from '#shared/reports/sign-off-report.ts';
import { signOffSchema } from '#shared/reports/rules/input.ts';

/** POST /api/reports/{reportId}/sign-off — the principal leader forwards the report upward or keeps it. */
export const handler = apiHandler({ body: signOffSchema }, async ({ body, caller, deps, params }) => ({
  body: await signOffReport(deps, caller, params.reportId ?? '', body),
}));
