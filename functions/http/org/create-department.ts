import { createDepartment } from '#shared/org/org-admin.ts';
import { createDepartmentSchema } from '#shared/org/rules/input.ts';
import { apiHandler } from '#shared/platform/http/api-handler.ts';
import { idempotencyKeyOf } from '#shared/platform/http/idempotency-key.ts';

/** POST /api/orgs/{orgId}/departments */
export const handler = apiHandler({ body: createDepartmentSchema }, async ({ body, caller, deps, params, header }) => {
  const r = await createDepartment(deps, caller, params.orgId ?? '', body, { idempotencyKey: idempotencyKeyOf(header) });
  return { status: r.status, body: r.body, headers: r.replayed ? { 'idempotent-replayed': 'true' } : undefined };
});
