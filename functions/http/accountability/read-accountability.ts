import { getCircular, listCirculars } from '#shared/accountability/circular.ts';
import { getFinding, listFindings } from '#shared/accountability/findings.ts';
import { timeliness } from '#shared/accountability/timeliness.ts';
import { timelinessCsv } from '#shared/accountability/rules/timeliness.ts';
import { NotFoundError } from '#shared/platform/kernel/errors.ts';
import { apiHandler } from '#shared/platform/http/api-handler.ts';

import { CSV_TYPE } from '#shared/platform/http/download.ts';

/**
 * The accountability reads, one function: GET /api/orgs/{orgId}/findings (the register), GET /api/findings/{findingId},
 * GET /api/orgs/{orgId}/circulars (archive), GET …/circulars/{circularId}, GET /api/orgs/{orgId}/timeliness
 * (`format=csv` for a spreadsheet).
 */
export const handler = apiHandler({}, async ({ event, caller, deps, params, query }) => {
  const orgId = params.orgId ?? '';
  switch (event.routeKey) {
    case 'GET /api/orgs/{orgId}/findings':
      return { body: { items: await listFindings(deps, caller, orgId, query), nextCursor: null } };
    case 'GET /api/findings/{findingId}':
      return { body: await getFinding(deps, caller, params.findingId ?? '') };
    case 'GET /api/orgs/{orgId}/circulars':
      return { body: { items: await listCirculars(deps, caller, orgId), nextCursor: null } };
    case 'GET /api/orgs/{orgId}/circulars/{circularId}':
      return { body: await getCircular(deps, caller, orgId, params.circularId ?? '') };
    case 'GET /api/orgs/{orgId}/timeliness': {
      const stats = await timeliness(deps, caller, orgId, query);
      if (query.format !== 'csv') return { body: stats };
      return { download: { filename: `timeliness-${stats.from.slice(0, 10)}-${stats.to.slice(0, 10)}.csv`, contentType: CSV_TYPE, content: timelinessCsv(stats) } };
    }
    default:
      throw new NotFoundError('接口');
  }
});
