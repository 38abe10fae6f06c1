import { updateOrg } from '#shared/org/org-admin.ts';
import { updateOrgSchema } from '#shared/org/rules/input.ts';
import { apiHandler } from '#shared/platform/http/api-handler.ts';

/** PATCH /api/orgs/{orgId} — name, time zone, principal leader, office department. */
export const handler = apiHandler({ body: updateOrgSchema }, async ({ body, caller, deps, params }) => ({ body: await updateOrg(deps, caller, params.orgId ?? '', body) }));
