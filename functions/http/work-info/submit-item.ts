import { submitItem } from '#shared/work-info/item-flow.ts';
import { apiHandler } from '#shared/platform/http/api-handler.ts';

/** POST /api/items/{itemId}/submit — to the department's reviewing leader, who is mailed. */
export const handler = apiHandler({}, async ({ caller, deps, params }) => ({ body: await submitItem(deps, caller, params.itemId ?? '') }));
