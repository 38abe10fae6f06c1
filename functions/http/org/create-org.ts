import { createOrg } from '#shared/org/org-admin.ts';
import { createOrgSchema } from '#shared/org/rules/input.ts';
import { apiHandler } from '#shared/platform/http/api-handler.ts';
import { idempotencyKeyOf } from '#shared/platform/http/idempotency-key.ts';

/** POST /api/orgs — a new organisation, top-level (administrators) or under a parent (the parent's office). */
export const handler = apiHandler({ body: createOrgSchema }, async ({ body, caller, deps, header }) => {
  const r = await createOrg(deps, caller, body, { idempotencyKey: idempotencyKeyOf(header) });
  return { status: r.status, body: r.body, headers: r.replayed ? { 'idempotent-replayed': 'true' } : undefined };
});
