import { createOrg } from '#shared/domain/org-admin.ts';
import { createOrgSchema } from '#shared/domain/org-input.ts';
import { apiHandler } from '#shared/http/api-handler.ts';

/** POST /api/orgs — a new organisation, top-level (administrators) or under a parent (the parent's office). */
export const handler = apiHandler({ body: createOrgSchema }, async ({ body, caller, deps }) => ({ status: 201, body: await createOrg(deps, caller, body) }));
