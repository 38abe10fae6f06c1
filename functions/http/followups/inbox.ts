import type { Deps } from '#shared/app/ports.ts';
import type { Caller } from '#shared/platform/auth/caller.ts';
import { inboxOf, sortInbox, type InboxEntry } from '#shared/followups/inbox.ts';

/** How many items of one queue 待办 lists (a queue longer than this says so on the item pages). */
const ITEM_QUEUE_LIMIT = 50;

/**
 * The caller's whole 待办 (API.md "Inbox entry kinds"): what reports and instructions wait for (`inboxOf`), and the
 * work-information items waiting for them: those they review (their own review queue), and for the review group the
 * items approved and waiting to be adopted. Composed here because the follow-ups context does not know work
 * information (the context DAG); each list is read from its own index, nothing is filtered out after reading.
 */
export async function fullInbox(deps: Deps, caller: Caller): Promise<InboxEntry[]> {
  const reviewGroup = caller.roles.includes('reviewer');
  const [reports, toReview, toAdopt] = await Promise.all([
    inboxOf(deps, caller),
    deps.items.pageIndex('toReview', caller.personId, { limit: ITEM_QUEUE_LIMIT }),
    reviewGroup ? deps.items.pageIndex('withOffice', caller.orgId, { limit: ITEM_QUEUE_LIMIT }) : undefined,
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
  ];
  return sortInbox([...reports, ...items]);
}
