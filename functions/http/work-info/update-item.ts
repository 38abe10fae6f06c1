import { updateItemSchema } from '#shared/work-info/rules/item.ts';
import { updateItem } from '#shared/work-info/item-flow.ts';
import { apiHandler } from '#shared/platform/http/api-handler.ts';

/** PATCH /api/items/{itemId} — edits a draft or a returned item; every edit is kept as a revision. */
export const handler = apiHandler({ body: updateItemSchema }, async ({ body, caller, deps, params }) => ({ body: await updateItem(deps, caller, params.itemId ?? '', body) }));
