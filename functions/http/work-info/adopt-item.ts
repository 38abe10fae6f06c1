import { adoptItemSchema } from '#shared/work-info/rules/item.ts';
import { adoptItem } from '#shared/work-info/item-flow.ts';
import { apiHandler } from '#shared/platform/http/api-handler.ts';

/** POST /api/items/{itemId}/adopt — the review group adopts (optionally as important, for sign-off) or rejects. */
export const handler = apiHandler({ body: adoptItemSchema }, async ({ body, caller, deps, params }) => ({ body: await adoptItem(deps, caller, params.itemId ?? '', body) }));
