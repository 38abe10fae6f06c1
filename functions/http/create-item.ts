import { createItemSchema } from '#shared/domain/item.ts';
import { createItem } from '#shared/domain/item-flow.ts';
import { apiHandler } from '#shared/http/api-handler.ts';

/** POST /api/items — an information officer writes a draft (API.md "Work information"). */
export const handler = apiHandler({ body: createItemSchema }, async ({ body, caller, deps }) => ({ status: 201, body: await createItem(deps, caller, body) }));
