import { publishPeriodicalSchema } from '#shared/work-info/rules/item.ts';
import { publishPeriodical } from '#shared/work-info/periodical.ts';
import { apiHandler } from '#shared/platform/http/api-handler.ts';
import { idempotencyKeyOf } from '#shared/platform/http/idempotency-key.ts';

/** POST /api/orgs/{orgId}/periodicals — the office publishes the next issue (第N期), mailed to the distribution list; `Idempotency-Key` supported. */
export const handler = apiHandler({ body: publishPeriodicalSchema }, async ({ body, caller, deps, params, header }) => {
  const r = await publishPeriodical(deps, caller, params.orgId ?? '', body, { idempotencyKey: idempotencyKeyOf(header) });
  return { status: r.status, body: r.body, headers: r.replayed ? { 'idempotent-replayed': 'true' } : undefined };
});
