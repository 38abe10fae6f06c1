import { createFindingSchema } from '#shared/domain/finding.ts';
import { createFinding } from '#shared/domain/findings.ts';
import { apiHandler } from '#shared/http/api-handler.ts';
import { idempotencyKeyOf } from '#shared/http/idempotency-key.ts';

/** POST /api/orgs/{orgId}/findings — the office records a late, missed, false or concealed report (proposed); the responsible unit is mailed; `Idempotency-Key` supported. */
export const handler = apiHandler({ body: createFindingSchema }, async ({ body, caller, deps, params, header }) => {
  const r = await createFinding(deps, caller, params.orgId ?? '', body, { idempotencyKey: idempotencyKeyOf(header) });
  return { status: r.status, body: r.body, headers: r.replayed ? { 'idempotent-replayed': 'true' } : undefined };
});
