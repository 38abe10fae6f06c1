import { updateDepartment } from '#shared/org/org-admin.ts';
import { patchDepartmentSchema } from '#shared/org/rules/input.ts';
import { apiHandler } from '#shared/platform/http/api-handler.ts';

/** PATCH /api/orgs/{orgId}/departments/{departmentId} */
export const handler = apiHandler({ body: patchDepartmentSchema }, async ({ body, caller, deps, params }) => ({
  body: await updateDepartment(deps, caller, params.orgId ?? '', params.departmentId ?? '', body),
}));
