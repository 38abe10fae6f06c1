import { externalAdoptionSchema } from '#shared/work-info/rules/item.ts';
import { recordExternalAdoption } from '#shared/work-info/item-flow.ts';
import { apiHandler } from '#shared/platform/http/api-handler.ts';

/** POST /api/items/{itemId}/external-adoptions — the office records an adoption by an upper-level body or outlet. */
export const handler = apiHandler({ body: externalAdoptionSchema }, async ({ body, caller, deps, params }) => ({ status: 201, body: await recordExternalAdoption(deps, caller, params.itemId ?? '', body) }));
