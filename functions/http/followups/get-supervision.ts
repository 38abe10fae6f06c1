import { authorizeOnOrg } from '#shared/org/index.ts';
import { apiHandler } from '#shared/platform/http/api-handler.ts';
import { supervisionOf } from '#shared/followups/inbox.ts';

/** GET /api/orgs/{orgId}/supervision — the office's overview (督办): open events, missed follow-ups, overdue instructions. */
export const handler = apiHandler({}, async ({ caller, deps, params }) => {
  const { org } = await authorizeOnOrg(deps.orgs, caller, 'org.supervise', params.orgId ?? '');
  return { body: await supervisionOf(deps, org.orgId) };
});
