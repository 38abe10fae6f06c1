import { publishPeriodicalSchema } from '#shared/domain/item.ts';
import { publishPeriodical } from '#shared/domain/periodical.ts';
import { apiHandler } from '#shared/http/api-handler.ts';

/** POST /api/orgs/{orgId}/periodicals — the office publishes the next issue (第N期) and it is mailed to the distribution list. */
export const handler = apiHandler({ body: publishPeriodicalSchema }, async ({ body, caller, deps, params }) => ({ status: 201, body: await publishPeriodical(deps, caller, params.orgId ?? '', body) }));
