import { authorizeOnOrg } from '#shared/org/index.ts';
import { inboxOf, supervisionOf } from '#shared/followups/inbox.ts';
import { NotFoundError } from '#shared/platform/kernel/errors.ts';
import { pageHandler } from '#shared/platform/http/page-handler.ts';
import { inboxPage, supervisionPage } from '#shared/followups/followup-pages.ts';
import { layout } from '#shared/platform/pages/layout.ts';

/** GET /inbox (待办) and GET /supervision (the office's 督办 overview). */
export const handler = pageHandler({ auth: true }, async ({ event, caller, deps }) => {
  const me = caller!;
  const org = await deps.orgs.getOrg(me.orgId);
  const tz = org?.timezone ?? 'Asia/Shanghai';
  if (event.routeKey === 'GET /inbox') return { html: layout('待办', inboxPage(await inboxOf(deps, me), tz), me) };
  if (event.routeKey === 'GET /supervision') {
    await authorizeOnOrg(deps.orgs, me, 'org.supervise', me.orgId);
    return { html: layout('督办', supervisionPage(await supervisionOf(deps, me.orgId), tz), me) };
  }
  throw new NotFoundError('页面');
});
