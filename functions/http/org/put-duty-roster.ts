import { putRoster } from '#shared/org/org-admin.ts';
import { putRosterSchema } from '#shared/org/rules/input.ts';
import { apiHandler } from '#shared/platform/http/api-handler.ts';

/** PUT /api/orgs/{orgId}/duty-roster — replaces a period's shifts; answers with its gaps and overlaps. */
export const handler = apiHandler({ body: putRosterSchema }, async ({ body, caller, deps, params }) => ({ body: await putRoster(deps, caller, params.orgId ?? '', body) }));
