import { apiHandler } from '#shared/platform/http/api-handler.ts';
import { inboxOf } from '#shared/followups/inbox.ts';

/** GET /api/me/inbox — what waits for the caller, soonest deadline first. */
export const handler = apiHandler({}, async ({ caller, deps }) => ({ body: { items: await inboxOf(deps, caller) } }));
