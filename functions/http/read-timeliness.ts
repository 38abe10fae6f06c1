import { timeliness, timelinessCsv } from '#shared/domain/timeliness.ts';
import { apiHandler } from '#shared/http/api-handler.ts';

const CSV = 'text/csv; charset=utf-8';

/** GET /api/orgs/{orgId}/timeliness?from=&to=&departmentId=&format=csv — timeliness statistics (JSON, or CSV for a spreadsheet). */
export const handler = apiHandler({}, async ({ caller, deps, params, query }) => {
  const stats = await timeliness(deps, caller, params.orgId ?? '', query);
  if (query.format !== 'csv') return { body: stats };
  return { body: timelinessCsv(stats), headers: { 'content-type': CSV, 'content-disposition': `attachment; filename="timeliness-${stats.from.slice(0, 10)}-${stats.to.slice(0, 10)}.csv"` } };
}).use({
  // The chain writes JSON; a CSV answer is sent as the text itself.
  after: async (request) => {
    const r = request.response;
    if (r && typeof r === 'object' && r.headers?.['content-type'] === CSV && typeof r.body === 'string') r.body = JSON.parse(r.body) as string;
  },
});
