import { putCalendar } from '#shared/org/org-admin.ts';
import { putCalendarSchema } from '#shared/org/rules/input.ts';
import { apiHandler } from '#shared/platform/http/api-handler.ts';

/** PUT /api/orgs/{orgId}/calendar/{year} — the organisation's own holidays and working days of a year. */
export const handler = apiHandler({ body: putCalendarSchema }, async ({ body, caller, deps, params }) => ({ body: await putCalendar(deps, caller, params.orgId ?? '', params.year ?? '', body) }));
