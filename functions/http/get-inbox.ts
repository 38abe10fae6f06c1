import { apiHandler } from '#shared/http/api-handler.ts';
import { inboxOf } from '#shared/domain/inbox.ts';

/** GET /api/me/inbox — what waits for the caller, soonest deadline first. */
export const handler = apiHandler({}, async ({ caller, deps }) => ({ body: { items: await inboxOf(deps, caller) } }));
