import { apiHandler } from '#shared/platform/http/api-handler.ts';
import { fileFollowup } from '#shared/followups/file-followup.ts';
import { followupSchema } from '#shared/followups/rules/input.ts';

/** POST /api/reports/{reportId}/followups — 续报 or 终报; 422 after the final report. */
export const handler = apiHandler({ body: followupSchema }, async ({ body, caller, deps, params }) => {
  const r = await fileFollowup(deps, caller, params.reportId ?? '', body);
  return { status: 201, body: { sequence: r.sequence, label: r.label } };
});
