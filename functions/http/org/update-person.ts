import { updatePerson } from '#shared/org/org-admin.ts';
import { patchPersonSchema } from '#shared/org/rules/input.ts';
import { apiHandler } from '#shared/platform/http/api-handler.ts';

/** PATCH /api/people/{personId} — including `available: false` with an optional `until` for leave. */
export const handler = apiHandler({ body: patchPersonSchema }, async ({ body, caller, deps, params }) => ({ body: await updatePerson(deps, caller, params.personId ?? '', body) }));
