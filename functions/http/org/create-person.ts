import { createPerson } from '#shared/org/org-admin.ts';
import { createPersonSchema } from '#shared/org/rules/input.ts';
import { apiHandler } from '#shared/platform/http/api-handler.ts';
import { idempotencyKeyOf } from '#shared/platform/http/idempotency-key.ts';

/** POST /api/orgs/{orgId}/people — the e-mail address must be free (409 EMAIL_TAKEN). */
export const handler = apiHandler({ body: createPersonSchema }, async ({ body, caller, deps, params, header }) => {
  const r = await createPerson(deps, caller, params.orgId ?? '', body, { idempotencyKey: idempotencyKeyOf(header) });
  return { status: r.status, body: r.body, headers: r.replayed ? { 'idempotent-replayed': 'true' } : undefined };
});
