import { putRoster } from '#shared/domain/org-admin.ts';
import { putRosterSchema } from '#shared/domain/org-input.ts';
import { apiHandler } from '#shared/http/api-handler.ts';

/** PUT /api/orgs/{orgId}/duty-roster — replaces a period's shifts; answers with its gaps and overlaps. */
export const handler = apiHandler({ body: putRosterSchema }, async ({ body, caller, deps, params }) => ({ body: await putRoster(deps, caller, params.orgId ?? '', body) }));
