import { getCalendar, getOnDuty, getOrgView, getRoster } from '#shared/org/org-admin.ts';
import { NotFoundError } from '#shared/platform/kernel/errors.ts';
import { apiHandler } from '#shared/platform/http/api-handler.ts';

/**
 * The organisation's read endpoints: GET /api/orgs/{orgId}, …/duty-roster (`from`, `to`), …/on-duty (`at`),
 * …/calendar/{year}.
 */
export const handler = apiHandler({}, async ({ event, caller, deps, params, query }) => {
  const orgId = params.orgId ?? '';
  switch (event.routeKey) {
    case 'GET /api/orgs/{orgId}':
      return { body: await getOrgView(deps, caller, orgId) };
    case 'GET /api/orgs/{orgId}/duty-roster':
      return { body: await getRoster(deps, caller, orgId, { from: query.from, to: query.to }) };
    case 'GET /api/orgs/{orgId}/on-duty':
      return { body: await getOnDuty(deps, caller, orgId, query.at) };
    case 'GET /api/orgs/{orgId}/calendar/{year}':
      return { body: await getCalendar(deps, caller, orgId, params.year ?? '') };
    default:
      throw new NotFoundError('接口');
  }
});
