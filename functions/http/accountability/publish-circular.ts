import { publishCircular } from '#shared/accountability/circular.ts';
import { publishCircularSchema } from '#shared/accountability/rules/circular.ts';
import { apiHandler } from '#shared/platform/http/api-handler.ts';
import { idempotencyKeyOf } from '#shared/platform/http/idempotency-key.ts';

/** POST /api/orgs/{orgId}/circulars `{from, to, kind}` — the office publishes the next circular (通报第N号), mailed to the distribution list; `Idempotency-Key` supported. */
export const handler = apiHandler({ body: publishCircularSchema }, async ({ body, caller, deps, params, header }) => {
  const r = await publishCircular(deps, caller, params.orgId ?? '', body, { idempotencyKey: idempotencyKeyOf(header) });
  return { status: r.status, body: r.body, headers: r.replayed ? { 'idempotent-replayed': 'true' } : undefined };
});
