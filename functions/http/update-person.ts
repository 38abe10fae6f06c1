import { updatePerson } from '#shared/domain/org-admin.ts';
import { patchPersonSchema } from '#shared/domain/org-input.ts';
import { apiHandler } from '#shared/http/api-handler.ts';

/** PATCH /api/people/{personId} — including `available: false` with an optional `until` for leave. */
export const handler = apiHandler({ body: patchPersonSchema }, async ({ body, caller, deps, params }) => ({ body: await updatePerson(deps, caller, params.personId ?? '', body) }));
