import type { Deps } from '#shared/app/ports.ts';
import type { Caller } from '#shared/platform/auth/caller.ts';
import { inboxOf, sortInbox, type InboxEntry } from '#shared/followups/inbox.ts';

/** How many items of one queue 待办 lists (a queue longer than this says so on the item pages). */
const ITEM_QUEUE_LIMIT = 50;

/**
 * The important items waiting for the caller's 签发 (`itemSignOff`), from the organisation's sign-off index alone: as
 * its principal leader those he signs himself, and those he was named to sign as a stand-in (代理, fixed on each item
 * when it was adopted: while the principal leader is away his stand-in signs, and the leader's own list leaves it out).
 */
async function itemsToSignOff(deps: Deps, caller: Caller): Promise<InboxEntry[]> {
  const org = await deps.orgs.getOrg(caller.orgId);
  const principal = !!org && org.principalLeaderId === caller.personId;
  const [own, standingIn] = await Promise.all([
    principal ? deps.items.pageToSignOff(caller.orgId, 'principal', { limit: ITEM_QUEUE_LIMIT }) : undefined,
    deps.items.pageToSignOff(caller.orgId, { standInId: caller.personId }, { limit: ITEM_QUEUE_LIMIT }),
  ]);
  return [...(own?.items ?? []), ...standingIn.items].map(
    (i): InboxEntry => ({
      kind: 'itemSignOff',
      itemId: i.itemId,
      title: i.title,
      detail: i.signOffStandIn
        ? `重要信息待签发（代 ${i.signOffStandIn.standInFor.name}）：${i.departmentName} ${i.authorName}`
        : `重要信息待签发：${i.departmentName} ${i.authorName}`,
      link: `/items/${i.itemId}`,
    }),
  );
}

/**
 * The caller's whole 待办 (API.md "Inbox entry kinds"): what reports and instructions wait for (`inboxOf`), and the
 * work-information items waiting for them: those they review (their own review queue), for the review group the
 * items approved and waiting to be adopted, and the important items waiting for their 签发. Composed here because the follow-ups context does not know work
 * information (the context DAG); each list is read from its own index, nothing is filtered out after reading.
 */
export async function fullInbox(deps: Deps, caller: Caller): Promise<InboxEntry[]> {
  const reviewGroup = caller.roles.includes('reviewer');
  const [reports, toReview, toAdopt, toSignOff] = await Promise.all([
    inboxOf(deps, caller),
    deps.items.pageIndex('toReview', caller.personId, { limit: ITEM_QUEUE_LIMIT }),
    reviewGroup ? deps.items.pageIndex('withOffice', caller.orgId, { limit: ITEM_QUEUE_LIMIT }) : undefined,
    itemsToSignOff(deps, caller),
  ]);
  const items: InboxEntry[] = [
    ...toReview.items.map(
      (i): InboxEntry => ({
        kind: 'itemReview',
        itemId: i.itemId,
        title: i.title,
        detail: `待审核：${i.authorName} 报送的工作信息`,
        link: `/items/${i.itemId}`,
      }),
    ),
    ...(toAdopt?.items ?? []).map(
      (i): InboxEntry => ({
        kind: 'itemAdopt',
        itemId: i.itemId,
        title: i.title,
        detail: '已审核通过，待评审组决定是否采用',
        link: `/items/${i.itemId}`,
      }),
    ),
    ...toSignOff,
  ];
  return sortInbox([...reports, ...items]);
}
