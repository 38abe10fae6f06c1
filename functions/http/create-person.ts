import { createPerson } from '#shared/domain/org-admin.ts';
import { createPersonSchema } from '#shared/domain/org-input.ts';
import { apiHandler } from '#shared/http/api-handler.ts';
import { idempotencyKeyOf } from '#shared/http/idempotency-key.ts';

/** POST /api/orgs/{orgId}/people — the e-mail address must be free (409 EMAIL_TAKEN). */
export const handler = apiHandler({ body: createPersonSchema }, async ({ body, caller, deps, params, header }) => {
  const r = await createPerson(deps, caller, params.orgId ?? '', body, { idempotencyKey: idempotencyKeyOf(header) });
  return { status: r.status, body: r.body, headers: r.replayed ? { 'idempotent-replayed': 'true' } : undefined };
});
