import { updateItemSchema } from '#shared/domain/item.ts';
import { updateItem } from '#shared/domain/item-flow.ts';
import { apiHandler } from '#shared/http/api-handler.ts';

/** PATCH /api/items/{itemId} — edits a draft or a returned item; every edit is kept as a revision. */
export const handler = apiHandler({ body: updateItemSchema }, async ({ body, caller, deps, params }) => ({ body: await updateItem(deps, caller, params.itemId ?? '', body) }));
