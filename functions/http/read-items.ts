import { z } from 'zod';
import { getItem, ITEM_LIST_VIEWS, listItems } from '#shared/domain/item-flow.ts';
import { parseOrThrow } from '#shared/domain/validation.ts';
import { apiHandler } from '#shared/http/api-handler.ts';

const listQuery = z.object({
  view: z.enum(ITEM_LIST_VIEWS, { error: 'view 必须是 mine、review、office 或 adopted' }).default('mine'),
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: 'month 必须是 YYYY-MM' }).optional(),
});

/** GET /api/items?view=mine|review|office|adopted&month=YYYY-MM and GET /api/items/{itemId} (with revisions and history). */
export const handler = apiHandler({}, async ({ event, caller, deps, params, query }) => {
  if (event.routeKey === 'GET /api/items/{itemId}') return { body: await getItem(deps, caller, params.itemId ?? '') };
  const q = parseOrThrow(listQuery, query);
  return { body: { items: await listItems(deps, caller, q.view, q.month), nextCursor: null } };
});
