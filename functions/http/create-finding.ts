import { createFindingSchema } from '#shared/domain/finding.ts';
import { createFinding } from '#shared/domain/findings.ts';
import { apiHandler } from '#shared/http/api-handler.ts';

/** POST /api/orgs/{orgId}/findings — the office records a late, missed, false or concealed report (proposed); the responsible unit is mailed. */
export const handler = apiHandler({ body: createFindingSchema }, async ({ body, caller, deps, params }) => ({ status: 201, body: await createFinding(deps, caller, params.orgId ?? '', body) }));
