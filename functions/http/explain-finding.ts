import { explainFindingSchema } from '#shared/domain/finding.ts';
import { explainFinding } from '#shared/domain/findings.ts';
import { apiHandler } from '#shared/http/api-handler.ts';

/** POST /api/findings/{findingId}/explanation `{text}` — the responsible unit's explanation (说明), within the deadline. */
export const handler = apiHandler({ body: explainFindingSchema }, async ({ body, caller, deps, params }) => ({ body: await explainFinding(deps, caller, params.findingId ?? '', body) }));
