import * as z from 'zod';
import { getPeriodical, listPeriodicals } from '#shared/work-info/periodical.ts';
import { parseOrThrow } from '#shared/platform/kernel/validation.ts';
import { apiHandler } from '#shared/platform/http/api-handler.ts';
import { decodeCursor, encodeCursor } from '#shared/platform/http/cursor.ts';

const listQuery = z.object({ limit: z.coerce.number({ error: 'limit 必须是数字' }).int().min(1).max(100).default(50), cursor: z.string().max(2000).optional() });

/** GET /api/orgs/{orgId}/periodicals?limit=&cursor= (the archive, newest first) and GET /api/orgs/{orgId}/periodicals/{periodicalId}. */
export const handler = apiHandler({}, async ({ event, caller, deps, params, query }) => {
  if (event.routeKey === 'GET /api/orgs/{orgId}/periodicals/{periodicalId}') return { body: await getPeriodical(deps, caller, params.orgId ?? '', params.periodicalId ?? '') };
  const q = parseOrThrow(listQuery, query);
  const page = await listPeriodicals(deps, caller, params.orgId ?? '', { limit: q.limit, cursor: decodeCursor(q.cursor) });
  return { body: { items: page.items, nextCursor: encodeCursor(page.next) } };
});
