import { signOffItemSchema } from '#shared/work-info/rules/item.ts';
import { signOffItem } from '#shared/work-info/item-flow.ts';
import { apiHandler } from '#shared/platform/http/api-handler.ts';

/** POST /api/items/{itemId}/sign-off — a bureau leader signs off an important adopted item (签发). */
export const handler = apiHandler({ body: signOffItemSchema }, async ({ body, caller, deps, params }) => ({ body: await signOffItem(deps, caller, params.itemId ?? '', body) }));
