import { authorizeOnOrg, zoneOf } from '../org/index.ts';
import type { Caller } from '../platform/auth/caller.ts';
import { formatLocal } from '../platform/kernel/time.ts';
import { html, type Raw } from '../platform/pages/html.ts';
import { isUndelivered, type OutboxRecord } from '../platform/outbox/record.ts';
import type { Deps } from './ports.ts';

/** One message the office is shown as not delivered (API.md "Delivery"). */
export type UndeliveredItem = {
  channel: 'mail' | 'sms';
  to: string;
  personId?: string;
  subject: string;
  reason: string;
  at: string;
  /** rejected (refused for good), failed (given up after the last try), retrying (failed, tried again later). */
  status: 'rejected' | 'failed' | 'retrying';
  attempts: number;
};

const STATUS_LABEL: Record<UndeliveredItem['status'], string> = {
  rejected: '被拒收',
  failed: '未能送出，不再重试',
  retrying: '发送失败，重试中',
};

function view(r: OutboxRecord): UndeliveredItem {
  return {
    channel: r.channel,
    to: r.to,
    ...(r.personId ? { personId: r.personId } : {}),
    subject: r.subject,
    reason: r.reason ?? '',
    at: r.at,
    status: r.status === 'rejected' ? 'rejected' : r.status === 'failed' ? 'failed' : 'retrying',
    attempts: r.attempts,
  };
}

/**
 * GET /api/orgs/{orgId}/undelivered: the organisation's messages that did not reach their person (refused, given up,
 * retrying after a failure), newest first. The organisation's own office only (as 督办): members 403, others 404.
 */
export async function undeliveredOf(
  deps: Deps,
  caller: Caller,
  orgId: string,
): Promise<{ items: UndeliveredItem[]; tz: string }> {
  const { org } = await authorizeOnOrg(deps.orgs, caller, 'org.supervise', orgId);
  if (!deps.outbox) throw new Error('the outbox is not wired into this function');
  const records = await deps.outbox.records.undelivered(orgId);
  // A record settled since the index row was read is not shown (the index is eventually consistent).
  return { items: records.filter(isUndelivered).map(view), tz: zoneOf(org) };
}

/** The page /undelivered: who, what, why, when. */
export async function undeliveredPage(deps: Deps, caller: Caller): Promise<Raw> {
  const { items, tz } = await undeliveredOf(deps, caller, caller.orgId);
  const people = new Map(
    (
      await Promise.all(
        [...new Set(items.flatMap((i) => (i.personId ? [i.personId] : [])))].map((id) => deps.orgs.getPerson(id)),
      )
    ).flatMap((p) => (p ? [[p.personId, p.name] as const] : [])),
  );
  return html`<h1>未送达的消息</h1>
<p>邮件和短信由发送队列送出；这里列出被拒收、多次失败后放弃、或失败后正在重试的消息。请核对地址或电话，必要时电话联系本人。</p>
${
  items.length
    ? html`<table id="undelivered"><tr><th>收件人</th><th>内容</th><th>原因</th><th>时间</th></tr>${items.map(
        (i) =>
          html`<tr><td data-label="收件人">${i.personId && people.get(i.personId) ? html`${people.get(i.personId)}<br>` : ''}<span class="hint">${i.channel === 'sms' ? '短信' : '邮件'}：${i.to}</span></td><td data-label="内容">${i.subject}</td><td data-label="原因"><strong>${STATUS_LABEL[i.status]}</strong><br><span class="hint">${i.reason}</span></td><td data-label="时间">${formatLocal(i.at, tz)}</td></tr>`,
      )}</table>`
    : html`<p id="none-undelivered">没有未送达的消息。</p>`
}`;
}
