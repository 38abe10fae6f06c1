import * as z from 'zod';
import { canSeeReport } from '#shared/reports/acknowledge-report.ts';
import { parseOrThrow } from '#shared/platform/kernel/validation.ts';
import { ValidationError } from '#shared/platform/kernel/errors.ts';
import { apiHandler } from '#shared/platform/http/api-handler.ts';

const querySchema = z.object({
  status: z.enum(['escalating', 'acknowledged']).optional(),
  departmentId: z.string().min(1).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().optional(),
});

/** GET /api/reports — the caller's organisation's reports that the caller may see, newest first. */
export const handler = apiHandler({}, async ({ caller, deps, query }) => {
  const q = parseOrThrow(querySchema, query);
  let cursor: Record<string, unknown> | undefined;
  if (q.cursor) {
    try {
      cursor = JSON.parse(Buffer.from(q.cursor, 'base64url').toString('utf8'));
    } catch {
      throw new ValidationError([{ field: 'cursor', message: 'cursor 无效' }]);
    }
  }
  const org = await deps.orgs.getOrg(caller.orgId);
  const page = await deps.reports.listByOrg(caller.orgId, q.limit, cursor);
  const items = page.items.filter(
    (r) =>
      canSeeReport(r, caller, org?.officeDepartmentId) &&
      (!q.status || r.status === q.status) &&
      (!q.departmentId || r.departmentId === q.departmentId) &&
      (!q.from || r.submittedAt >= new Date(q.from).toISOString()) &&
      (!q.to || r.submittedAt < new Date(q.to).toISOString()),
  );
  return {
    body: {
      items: items.map((r) => ({ reportId: r.reportId, title: r.title, severity: r.severity, category: r.category, departmentId: r.departmentId, status: r.status, submittedAt: r.submittedAt, late: r.late })),
      nextCursor: page.next ? Buffer.from(JSON.stringify(page.next)).toString('base64url') : null,
    },
  };
});
