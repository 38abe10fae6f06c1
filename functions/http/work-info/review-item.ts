import { reviewItemSchema } from '#shared/work-info/rules/item.ts';
import { reviewItem } from '#shared/work-info/item-flow.ts';
import { apiHandler } from '#shared/platform/http/api-handler.ts';

/** POST /api/items/{itemId}/review — the reviewing leader approves (to the office) or returns with a comment. */
export const handler = apiHandler({ body: reviewItemSchema }, async ({ body, caller, deps, params }) => ({ body: await reviewItem(deps, caller, params.itemId ?? '', body) }));
