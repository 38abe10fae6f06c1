import { publishPeriodicalSchema } from '#shared/domain/item.ts';
import { publishPeriodical } from '#shared/domain/periodical.ts';
import { apiHandler } from '#shared/http/api-handler.ts';
import { idempotencyKeyOf } from '#shared/http/idempotency-key.ts';

/** POST /api/orgs/{orgId}/periodicals — the office publishes the next issue (第N期), mailed to the distribution list; `Idempotency-Key` supported. */
export const handler = apiHandler({ body: publishPeriodicalSchema }, async ({ body, caller, deps, params, header }) => {
  const r = await publishPeriodical(deps, caller, params.orgId ?? '', body, { idempotencyKey: idempotencyKeyOf(header) });
  return { status: r.status, body: r.body, headers: r.replayed ? { 'idempotent-replayed': 'true' } : undefined };
});
