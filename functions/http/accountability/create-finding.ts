import { createFindingSchema } from '#shared/accountability/rules/finding.ts';
import { createFinding } from '#shared/accountability/findings.ts';
import { apiHandler } from '#shared/platform/http/api-handler.ts';
import { idempotencyKeyOf } from '#shared/platform/http/idempotency-key.ts';

/** POST /api/orgs/{orgId}/findings — the office records a late, missed, false or concealed report (proposed); the responsible unit is mailed; `Idempotency-Key` supported. */
export const handler = apiHandler({ body: createFindingSchema }, async ({ body, caller, deps, params, header }) => {
  const r = await createFinding(deps, caller, params.orgId ?? '', body, { idempotencyKey: idempotencyKeyOf(header) });
  return { status: r.status, body: r.body, headers: r.replayed ? { 'idempotent-replayed': 'true' } : undefined };
});
