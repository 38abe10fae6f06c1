import { ITEM_KIND_LABELS, ITEM_STATE_LABELS, type Item } from './rules/item.ts';
import type { Periodical } from './rules/periodical.ts';
import { html, multiline, raw } from '../platform/pages/html.ts';
import { renderBody } from './item-body.ts';
import { periodicalDocument, PERIODICAL_STYLE } from './periodical-doc.ts';
import { headerSafe, type Mail } from '../platform/mail/mailer.ts';

export type ItemMailKind =
  | 'toReview'
  | 'returned'
  | 'toAdopt'
  | 'adopted'
  | 'rejected'
  | 'toSignOff'
  | 'toPublish'
  | 'recommended';

const WHAT: Record<ItemMailKind, { prefix: string; opening: (actor: string) => string; button: string }> = {
  toReview: {
    prefix: '【待审核·工作信息】',
    opening: (a) => `${a} 报送了一条工作信息，请审核把关（通过后报送办公室，或退回修改）。`,
    button: '审核',
  },
  returned: {
    prefix: '【退回修改·工作信息】',
    opening: (a) => `${a} 退回了您的信息，请按意见修改后重新报送。`,
    button: '修改',
  },
  toAdopt: {
    prefix: '【待采用·工作信息】',
    opening: (a) => `${a} 已审核通过一条工作信息，报送办公室，请审核小组决定是否采用。`,
    button: '处理',
  },
  adopted: { prefix: '【已采用·工作信息】', opening: (a) => `您的信息已被 ${a} 采用。`, button: '查看' },
  rejected: { prefix: '【未采用·工作信息】', opening: (a) => `您的信息经 ${a} 审定，未予采用。`, button: '查看' },
  toSignOff: { prefix: '【待签发·工作信息】', opening: (a) => `${a} 采用了一条重要信息，请审阅签发。`, button: '签发' },
  recommended: {
    prefix: '【推荐报送·工作信息】',
    opening: (a) => `${a} 推荐报送一条工作信息，请审核小组决定是否采用。`,
    button: '处理',
  },
  toPublish: {
    prefix: '【可编刊·工作信息】',
    opening: (a) => `一条信息已可编入交流刊物（经办：${a}）。`,
    button: '查看',
  },
};

/** The mail of one step of an item's flow, to the next person; title, body and comment escaped. */
export function renderItemMail(
  kind: ItemMailKind,
  item: Item,
  recipient: { name: string; email: string; standInFor?: { name: string } },
  link: string,
  extra: { actorName: string; comment?: string },
): Mail {
  const w = WHAT[kind];
  const subject = headerSafe(`${w.prefix}${item.title}`);
  // 代理: a stand-in is addressed as acting for the absent person (王五（代 张三）) and told so.
  const standIn = recipient.standInFor ? `（代 ${recipient.standInFor.name}）` : '';
  const opening = `${w.opening(extra.actorName)}${standIn ? `${recipient.standInFor!.name} 请假期间由您代为处理。` : ''}`;
  const addressee = `${recipient.name}${standIn}`;
  const facts: [string, string][] = [
    ['类别', ITEM_KIND_LABELS[item.kind]],
    ['部门', item.departmentName],
    ['撰稿', item.authorName],
    ['状态', ITEM_STATE_LABELS[item.state]],
  ];
  const body = html`<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${subject}</title></head>
<body style="font-family:'PingFang SC','Microsoft YaHei',sans-serif;line-height:1.6;color:#1a1a1a">
<p>${addressee}：</p><p><strong>${opening}</strong></p>
${extra.comment ? html`<p>意见：${multiline(extra.comment)}</p>` : raw('')}
<h2 style="font-size:18px">${item.title}</h2>
<table>${facts.map(([k, v]) => html`<tr><th style="text-align:left;padding-right:12px">${k}</th><td>${v}</td></tr>`)}</table>
${renderBody(item.body)}
<p><a href="${link}" style="display:inline-block;background:#b71c1c;color:#fff;padding:10px 20px;text-decoration:none;border-radius:4px">${w.button}</a></p>
</body></html>`;
  const text = [
    `${addressee}：`,
    '',
    opening,
    ...(extra.comment ? [`意见：${extra.comment}`] : []),
    '',
    `标题：${item.title}`,
    ...facts.map(([k, v]) => `${k}：${v}`),
    '',
    item.body,
    '',
    `${w.button}：${link}`,
  ].join('\n');
  return { to: recipient.email, subject, html: body.value, text };
}

/** The issue itself as the mail to the distribution list; `link` (sign-in needed) only for the organisation's people. */
export function renderPeriodicalMail(
  p: Periodical,
  recipient: { name: string; email: string },
  link: string | undefined,
): Mail {
  const subject = headerSafe(`【交流刊物】${p.title} ${p.year}年第${p.issueNo}期`);
  const print = link ? html`打印版：<a href="${link}">${link}</a>` : raw('');
  const body = html`<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${subject}</title><style>${raw(PERIODICAL_STYLE)}</style></head>
<body><p>${recipient.name}：</p><p>${p.orgName}《${p.title}》${p.year}年第${p.issueNo}期已印发，全文如下。${print}</p>
${periodicalDocument(p, p.timezone)}</body></html>`;
  const text = [
    `${recipient.name}：`,
    '',
    `${p.orgName}《${p.title}》${p.year}年第${p.issueNo}期已印发。${link ? `打印版：${link}` : ''}`,
    '',
    ...p.items.flatMap((it, i) => [`${i + 1}. ${it.title}（${it.departmentName} ${it.authorName}）`, it.body, '']),
    `报：${p.distribution.leaders.join('、')}`,
    `送：${p.distribution.departments.join('、')}`,
    ...(p.distribution.outside?.length ? [`抄送：${p.distribution.outside.join('、')}`] : []),
  ].join('\n');
  return { to: recipient.email, subject, html: body.value, text };
}

/** The weekly reminder to a department still short of its quota (POLICY.md §5). */
export function renderQuotaReminder(
  recipient: { name: string; email: string },
  d: { name: string; sent: number; quota: number; short: number },
  week: { monday: string; sunday: string },
  link: string,
): Mail {
  const subject = headerSafe(`【信息报送提醒】${d.name}本周还差 ${d.short} 条工作信息`);
  const line = `本周（${week.monday} 至 ${week.sunday}）${d.name}经部门审核报送办公室的工作信息 ${d.sent} 条，每周定额 ${d.quota} 条，还差 ${d.short} 条。`;
  const body = html`<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${subject}</title></head>
<body style="font-family:'PingFang SC','Microsoft YaHei',sans-serif;line-height:1.6;color:#1a1a1a">
<p>${recipient.name}：</p><p><strong>${line}</strong></p><p>请在本周内撰写并报送部门领导审核；审核通过后计入本周定额。</p>
<p><a href="${link}" style="display:inline-block;background:#b71c1c;color:#fff;padding:10px 20px;text-decoration:none;border-radius:4px">撰写信息</a></p>
</body></html>`;
  const text = [
    `${recipient.name}：`,
    '',
    line,
    '请在本周内撰写并报送部门领导审核；审核通过后计入本周定额。',
    '',
    `撰写信息：${link}`,
  ].join('\n');
  return { to: recipient.email, subject, html: body.value, text };
}

/** A commission (约稿) to an asked department: when asked, and (once) when its deadline passed with no answer. */
export function renderCommissionMail(
  kind: 'asked' | 'overdue',
  c: { topic: string; details?: string },
  recipient: { name: string; email: string },
  link: string,
  dueLocal: string,
): Mail {
  const subject = headerSafe(`${kind === 'asked' ? '【约稿】' : '【约稿逾期】'}${c.topic}`);
  const line =
    kind === 'asked'
      ? `办公室就“${c.topic}”向本部门约稿，请于 ${dueLocal} 前报送（撰写时选择此约稿，经部门领导审核后报送）。`
      : `“${c.topic}”的约稿已于 ${dueLocal} 截止，本部门尚未报送，请尽快撰写报送。`;
  const body = html`<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${subject}</title></head>
<body style="font-family:'PingFang SC','Microsoft YaHei',sans-serif;line-height:1.6;color:#1a1a1a">
<p>${recipient.name}：</p><p><strong>${line}</strong></p>${c.details ? html`<p>${multiline(c.details)}</p>` : raw('')}
<p><a href="${link}" style="display:inline-block;background:#b71c1c;color:#fff;padding:10px 20px;text-decoration:none;border-radius:4px">查看约稿</a></p>
</body></html>`;
  const text = [`${recipient.name}：`, '', line, ...(c.details ? ['', c.details] : []), '', `查看约稿：${link}`].join(
    '\n',
  );
  return { to: recipient.email, subject, html: body.value, text };
}
