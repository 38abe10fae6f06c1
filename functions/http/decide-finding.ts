import { decideFindingSchema } from '#shared/domain/finding.ts';
import { decideFinding } from '#shared/domain/findings.ts';
import { apiHandler } from '#shared/http/api-handler.ts';

/** POST /api/findings/{findingId}/decision `{outcome ("confirmed"|"dismissed"), reason}` — the judging office decides. */
export const handler = apiHandler({ body: decideFindingSchema }, async ({ body, caller, deps, params }) => ({ body: await decideFinding(deps, caller, params.findingId ?? '', body) }));
