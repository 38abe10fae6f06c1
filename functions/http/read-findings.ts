import { getFinding, listFindings } from '#shared/domain/findings.ts';
import { apiHandler } from '#shared/http/api-handler.ts';

/** GET /api/orgs/{orgId}/findings?from=&to=&kind=&state=&responsibleOrgId=&departmentId= (the register) and GET /api/findings/{findingId}. */
export const handler = apiHandler({}, async ({ event, caller, deps, params, query }) => {
  if (event.routeKey === 'GET /api/findings/{findingId}') return { body: await getFinding(deps, caller, params.findingId ?? '') };
  return { body: { items: await listFindings(deps, caller, params.orgId ?? '', query), nextCursor: null } };
});
