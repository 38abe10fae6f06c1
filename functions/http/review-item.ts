import { reviewItemSchema } from '#shared/domain/item.ts';
import { reviewItem } from '#shared/domain/item-flow.ts';
import { apiHandler } from '#shared/http/api-handler.ts';

/** POST /api/items/{itemId}/review — the reviewing leader approves (to the office) or returns with a comment. */
export const handler = apiHandler({ body: reviewItemSchema }, async ({ body, caller, deps, params }) => ({ body: await reviewItem(deps, caller, params.itemId ?? '', body) }));
