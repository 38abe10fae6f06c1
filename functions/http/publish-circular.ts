import { publishCircular, publishCircularSchema } from '#shared/domain/circular.ts';
import { apiHandler } from '#shared/http/api-handler.ts';

/** POST /api/orgs/{orgId}/circulars `{from, to, kind}` — the office publishes the next circular (通报第N号), mailed to the distribution list. */
export const handler = apiHandler({ body: publishCircularSchema }, async ({ body, caller, deps, params }) => ({ status: 201, body: await publishCircular(deps, caller, params.orgId ?? '', body) }));
