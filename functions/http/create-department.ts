import { createDepartment } from '#shared/domain/org-admin.ts';
import { createDepartmentSchema } from '#shared/domain/org-input.ts';
import { apiHandler } from '#shared/http/api-handler.ts';

/** POST /api/orgs/{orgId}/departments */
export const handler = apiHandler({ body: createDepartmentSchema }, async ({ body, caller, deps, params }) => ({ status: 201, body: await createDepartment(deps, caller, params.orgId ?? '', body) }));
