import { linkFindingSchema } from '#shared/domain/finding.ts';
import { linkFinding } from '#shared/domain/findings.ts';
import { apiHandler } from '#shared/http/api-handler.ts';

/** POST /api/findings/{findingId}/link `{reportId}` — a missed event later covered by a report (stays missed-then-late). */
export const handler = apiHandler({ body: linkFindingSchema }, async ({ body, caller, deps, params }) => ({ body: await linkFinding(deps, caller, params.findingId ?? '', body) }));
