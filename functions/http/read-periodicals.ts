import { getPeriodical, listPeriodicals } from '#shared/domain/periodical.ts';
import { apiHandler } from '#shared/http/api-handler.ts';

/** GET /api/orgs/{orgId}/periodicals (the archive, newest first) and GET /api/orgs/{orgId}/periodicals/{periodicalId}. */
export const handler = apiHandler({}, async ({ event, caller, deps, params }) => {
  if (event.routeKey === 'GET /api/orgs/{orgId}/periodicals/{periodicalId}') return { body: await getPeriodical(deps, caller, params.orgId ?? '', params.periodicalId ?? '') };
  return { body: { items: await listPeriodicals(deps, caller, params.orgId ?? ''), nextCursor: null } };
});
