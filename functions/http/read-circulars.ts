import { getCircular, listCirculars } from '#shared/domain/circular.ts';
import { apiHandler } from '#shared/http/api-handler.ts';

/** GET /api/orgs/{orgId}/circulars (the archive, newest first) and GET /api/orgs/{orgId}/circulars/{circularId} (`<year>-<number>`). */
export const handler = apiHandler({}, async ({ event, caller, deps, params }) => {
  if (event.routeKey === 'GET /api/orgs/{orgId}/circulars/{circularId}') return { body: await getCircular(deps, caller, params.orgId ?? '', params.circularId ?? '') };
  return { body: { items: await listCirculars(deps, caller, params.orgId ?? ''), nextCursor: null } };
});
