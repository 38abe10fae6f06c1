import { createItemSchema } from '#shared/work-info/rules/item.ts';
import { createItem } from '#shared/work-info/item-flow.ts';
import { apiHandler } from '#shared/platform/http/api-handler.ts';
import { idempotencyKeyOf } from '#shared/platform/http/idempotency-key.ts';

/** POST /api/items — an information officer writes a draft (API.md "Work information"); `Idempotency-Key` makes a retry safe. */
export const handler = apiHandler({ body: createItemSchema }, async ({ body, caller, deps, header }) => {
  const r = await createItem(deps, caller, body, { idempotencyKey: idempotencyKeyOf(header) });
  return { status: r.status, body: r.body, headers: r.replayed ? { 'idempotent-replayed': 'true' } : undefined };
});
