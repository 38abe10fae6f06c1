import { putOrgConfig } from '#shared/org/org-admin.ts';
import { putConfigSchema } from '#shared/org/rules/input.ts';
import { apiHandler } from '#shared/platform/http/api-handler.ts';

/** PUT /api/orgs/{orgId}/config — a configuration version taking effect in `effectiveMonth` (this month by default). */
export const handler = apiHandler({ body: putConfigSchema }, async ({ body, caller, deps, params }) => ({ body: await putOrgConfig(deps, caller, params.orgId ?? '', body) }));
