import * as z from 'zod';
import { getItem, ITEM_LIST_VIEWS, listItems } from '#shared/work-info/item-flow.ts';
import { parseOrThrow } from '#shared/platform/kernel/validation.ts';
import { apiHandler } from '#shared/platform/http/api-handler.ts';
import { decodeCursor, encodeCursor } from '#shared/platform/http/cursor.ts';

const listQuery = z.object({
  view: z.enum(ITEM_LIST_VIEWS, { error: 'view 必须是 mine、review、office 或 adopted' }).default('mine'),
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: 'month 必须是 YYYY-MM' }).optional(),
  limit: z.coerce.number({ error: 'limit 必须是数字' }).int().min(1).max(100).default(50),
  cursor: z.string().max(2000).optional(),
});

/** GET /api/items?view=mine|review|office|adopted&month=YYYY-MM&limit=&cursor= and GET /api/items/{itemId} (with revisions and history). */
export const handler = apiHandler({}, async ({ event, caller, deps, params, query }) => {
  if (event.routeKey === 'GET /api/items/{itemId}') return { body: await getItem(deps, caller, params.itemId ?? '') };
  const q = parseOrThrow(listQuery, query);
  const page = await listItems(deps, caller, q.view, { month: q.month, limit: q.limit, cursor: decodeCursor(q.cursor) });
  return { body: { items: page.items, nextCursor: encodeCursor(page.next) } };
});
