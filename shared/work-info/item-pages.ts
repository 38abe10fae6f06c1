import type { ItemSummary } from './ports.ts';
import {
  EXTERNAL_LEVEL_LABELS,
  EXTERNAL_LEVELS,
  ITEM_KIND_LABELS,
  ITEM_KINDS,
  ITEM_STATE_LABELS,
  type Item,
} from './rules/item.ts';
import type { ItemView } from './item-flow.ts';
import type { Periodical } from './rules/periodical.ts';
import { DEFAULT_TIMEZONE } from '../org/index.ts';
import { formatLocal } from '../platform/kernel/time.ts';
import type { ErrorDetail } from '../platform/kernel/errors.ts';
import { html, raw, type Raw } from '../platform/pages/html.ts';
import { renderBody } from './item-body.ts';
import { periodicalDocument, PERIODICAL_STYLE } from './periodical-doc.ts';
import { choiceField, errorSummary, field, type FieldError } from '../platform/pages/form.ts';
import type { OutsideRecipient, TargetProgress } from './rules/weekly-quota.ts';

const none = raw('');

export function itemsNav(can: { review: boolean; office: boolean; periodicals: boolean; targets?: boolean }): Raw {
  return html`<p class="no-print"><a href="/items">我的信息</a> · <a href="/items/new">撰写信息</a>${can.review ? html` · <a href="/items/review">待我审核</a>` : none}${
    can.office ? html` · <a href="/items/office">待采用</a>` : none
  } · <a href="/commissions">约稿</a>${can.periodicals ? html` · <a href="/periodicals">交流刊物</a>` : none}${
    can.targets ? html` · <a href="/items/targets">下级报送任务</a>` : none
  }</p>`;
}

/** The organisation's month against its target (报送任务), as a short box with a bar. */
export function targetBox(t: TargetProgress, heading = '本月报送任务'): Raw {
  const [y, m] = t.month.split('-');
  const when = `${y}年${Number(m)}月`;
  if (!t.target)
    return html`<section class="target" id="item-target"><h2>${heading}</h2><p>${when}：上级尚未下达报送任务。本月已报送办公室 ${t.sent} 条，采用 ${t.adopted} 条。</p></section>`;
  const pct = t.target.items ? Math.min(100, Math.round((t.sent / t.target.items) * 100)) : 100;
  return html`<section class="target" id="item-target"><h2>${heading}</h2>
<p><strong id="target-count">${when}：任务 ${t.target.items} 条，已报送 ${t.sent} 条</strong>${
    t.met ? '，已完成。' : `，还差 ${t.remaining} 条。`
  }采用 ${t.adopted} 条，推荐报送上级 ${t.recommended} 条。</p>
<div role="img" aria-label="完成 ${pct}%" style="background:#eee;border-radius:4px;height:12px;max-width:100%"><div style="background:${
    t.met ? '#2e7d32' : '#b71c1c'
  };width:${pct}%;height:12px;border-radius:4px"></div></div>
<p class="hint">任务由上级单位办公室下达（${t.target.setByName}，自 ${t.target.fromMonth} 起）${t.target.note ? `：${t.target.note}` : ''}。报送数按部门领导审核通过、报送办公室计。</p></section>`;
}

/** The parent office's page: each lower organisation's target and this month's count, with a form to set it. */
export function targetsPage(
  lower: { orgId: string; name: string; progress: TargetProgress; canSet: boolean }[],
  month: string,
  errors: { field: string; message: string }[] = [],
  values: { orgId?: string; items?: string; note?: string } = {},
): Raw {
  return html`<h1>下级单位报送任务</h1>${errorSummary(errors, { items: '报送任务（条/月）', note: '说明', month: '起始月份' })}${
    lower.length
      ? lower.map(
          (o) =>
            html`<section class="card" data-org-id="${o.orgId}">${targetBox(o.progress, o.name)}${
              o.canSet
                ? html`<form method="post" action="/items/targets" class="target-form"><input type="hidden" name="orgId" value="${o.orgId}">
<div class="row">${field({ name: 'items', label: '报送任务（条/月）', type: 'number', required: true, value: values.orgId === o.orgId ? values.items : o.progress.target ? String(o.progress.target.items) : '', id: `items-${o.orgId}`, errors: values.orgId === o.orgId ? errors : [] })}${field({ name: 'month', label: '起始月份', value: month, hint: 'YYYY-MM', id: `month-${o.orgId}`, errors: values.orgId === o.orgId ? errors : [] })}</div>
${field({ name: 'note', label: '说明', maxChars: 200, value: values.orgId === o.orgId ? values.note : '', id: `note-${o.orgId}`, errors: values.orgId === o.orgId ? errors : [] })}
<button type="submit">下达</button></form>`
                : none
            }</section>`,
        )
      : html`<p>本单位暂无下级单位。</p>`
  }`;
}

export function myItemsPage(items: ItemSummary[], timezone = DEFAULT_TIMEZONE): Raw {
  return html`<h1>我的工作信息</h1><p><a class="button" href="/items/new" id="new-item">撰写信息</a></p>${
    items.length
      ? html`<table id="my-items"><tr><th>标题</th><th>类别</th><th>状态</th><th>更新</th></tr>${items.map(
          (i) =>
            html`<tr data-item-id="${i.itemId}"><td><a href="/items/${i.itemId}">${i.title}</a></td><td>${ITEM_KIND_LABELS[i.kind]}</td><td class="state">${ITEM_STATE_LABELS[i.state]}${
              i.issueNo ? `（${i.issueYear}年第${i.issueNo}期）` : ''
            }</td><td>${formatLocal(i.updatedAt, timezone)}</td></tr>`,
        )}</table>`
      : html`<p>暂无。</p>`
  }`;
}

export function itemQueuePage(
  title: string,
  id: string,
  items: (Item & { recommendedBy?: { orgName: string } })[],
  timezone = DEFAULT_TIMEZONE,
): Raw {
  return html`<h1>${title}</h1>${
    items.length
      ? html`<table id="${id}"><tr><th>标题</th><th>部门</th><th>撰稿</th><th>类别</th><th>时间</th></tr>${items.map(
          (i) =>
            html`<tr data-item-id="${i.itemId}"><td data-label="标题"><a href="/items/${i.itemId}">${i.title}</a>${
              i.recommendedBy ? html` <span class="badge">下级推荐</span>` : none
            }</td><td data-label="部门">${i.recommendedBy ? `${i.recommendedBy.orgName} ` : ''}${i.departmentName}</td><td data-label="撰稿">${i.authorName}</td><td data-label="类别">${ITEM_KIND_LABELS[i.kind]}</td><td data-label="时间">${formatLocal(
              i.approvedAt ?? i.submittedAt ?? i.updatedAt,
              timezone,
            )}</td></tr>`,
        )}</table>`
      : html`<p>暂无待处理的信息。</p>`
  }`;
}

export function itemEditor(opts: {
  action: string;
  values: { kind?: string; title?: string; body?: string; idempotencyKey?: string; commissionId?: string };
  errors: ErrorDetail[];
  departmentName: string;
  heading: string;
  commissionTopic?: string;
}): Raw {
  const errors = opts.errors;
  return html`<h1>${opts.heading}</h1>
${errorSummary(errors, ITEM_FIELD_LABELS)}
<form method="post" action="${opts.action}" id="item-form" novalidate>${opts.values.idempotencyKey ? html`<input type="hidden" name="idempotencyKey" value="${opts.values.idempotencyKey}">` : none}
<p>部门：${opts.departmentName}</p>${
    opts.values.commissionId
      ? html`<input type="hidden" name="commissionId" value="${opts.values.commissionId}"><p id="for-commission">约稿：${opts.commissionTopic ?? ''}</p>`
      : none
  }
${choiceField({ name: 'kind', label: '类别', choices: ITEM_KINDS.map((k) => ({ value: k, label: ITEM_KIND_LABELS[k] })), value: opts.values.kind, required: true, errors })}
${field({ name: 'title', label: '标题', hint: '标题即核心内容', value: opts.values.title, required: true, maxChars: 100, errors })}
${field({ name: 'body', label: '正文', type: 'textarea', hint: '空行分段；以“- ”或“1. ”开头的行成为列表', value: opts.values.body, required: true, maxChars: 20000, errors })}
<button type="submit" id="save">保存</button></form>`;
}

/** The labels of the work-information forms' fields, as the error summary names them. */
export const ITEM_FIELD_LABELS: Record<string, string> = {
  kind: '类别',
  title: '标题',
  body: '正文',
  comment: '意见',
  decision: '决定',
  outlet: '单位或媒体',
  publishedOn: '发表日期',
  adoptedOn: '采用日期',
  level: '级别',
  url: '链接',
  note: '推荐理由',
  itemIds: '选用的信息',
};

export type ItemPageCan = {
  edit: boolean;
  submit: boolean;
  review: boolean;
  adopt: boolean;
  signOff: boolean;
  recordExternal: boolean;
  selfPublish?: boolean;
  recommend?: boolean;
  /** The parent's review group, on an item recommended to it. */
  adoptRecommended?: boolean;
};

export function itemPage(
  v: ItemView,
  can: ItemPageCan,
  flash?: string,
  timezone = DEFAULT_TIMEZONE,
  /** A refused action: its form (`action`), what was typed and every error, shown next to the fields. */
  refused?: { action: string; values: Record<string, string>; errors: FieldError[]; message: string },
): Raw {
  const mine = (action: string) => (refused?.action === action ? refused : undefined);
  const val = (action: string, name: string) => mine(action)?.values[name] ?? '';
  const errs = (action: string) => mine(action)?.errors ?? [];
  const state = html`<span id="item-state">${ITEM_STATE_LABELS[v.state]}</span>`;
  const form = (action: string, inner: Raw) =>
    html`<form method="post" action="/items/${v.itemId}/${action}" class="item-action" novalidate>${inner}</form>`;
  return html`<h1 id="item-title">${v.title}</h1>
${flash ? html`<div class="ok" role="status">${flash}</div>` : none}${
  refused
    ? refused.errors.length
      ? errorSummary(refused.errors, ITEM_FIELD_LABELS)
      : html`<div class="errors" role="alert"><p>${refused.message}</p></div>`
    : none
}
<p>${v.kindLabel} · ${v.departmentName} · 撰稿 ${v.authorName} · 状态：${state}${v.important ? ' · 重要信息' : ''}${v.issueNo ? ` · 已编入${v.issueYear}年第${v.issueNo}期` : ''}</p>
${v.state === 'returned' && v.returnComment ? html`<div class="errors">退回意见：${v.returnComment}</div>` : none}
<div id="item-body">${renderBody(v.body)}</div>
<p><a href="/items/${v.itemId}/draft" id="download-draft">下载底稿（含全部稿次）</a>${can.edit ? html` · <a href="/items/${v.itemId}/edit" id="edit-item">修改</a>` : none}</p>
${can.submit ? form('submit', html`<button type="submit" id="submit-item">报送审核</button>`) : none}
${
  can.review
    ? form(
        'review',
        html`${field({ name: 'comment', label: '审核意见', type: 'textarea', hint: '退回时必填', maxChars: 2000, value: val('review', 'comment'), errors: errs('review') })}
<button type="submit" name="decision" value="approve" id="approve-item">审核通过，报送办公室</button> <button type="submit" name="decision" value="return" class="secondary" id="return-item">退回修改</button>`,
      )
    : none
}
${
  can.adopt
    ? form(
        'adopt',
        html`${field({ name: 'comment', label: '意见', type: 'textarea', maxChars: 2000, value: val('adopt', 'comment'), errors: errs('adopt') })}
<label for="important"><input type="checkbox" name="important" value="true" id="important"${val('adopt', 'important') === 'true' ? raw(' checked') : none}> 重要信息，须报领导签发</label>
<button type="submit" name="decision" value="adopt" id="adopt-item">采用</button> <button type="submit" name="decision" value="reject" class="secondary" id="reject-item">不予采用</button>`,
      )
    : none
}
${
  can.adoptRecommended
    ? form(
        'adopt',
        html`<fieldset><legend>下级单位推荐报送（${v.recommendation?.byOrgName ?? ''}，${v.recommendation?.byName ?? ''}）</legend>${
          v.recommendation?.note ? html`<p>推荐理由：${v.recommendation.note}</p>` : none
        }${field({ name: 'comment', label: '意见', type: 'textarea', maxChars: 2000, value: val('adopt', 'comment'), errors: errs('adopt') })}
<button type="submit" name="decision" value="adopt" id="adopt-item">采用</button> <button type="submit" name="decision" value="reject" class="secondary" id="reject-item">不予采用</button></fieldset>`,
      )
    : none
}
${
  can.selfPublish
    ? form(
        'self-published',
        html`<fieldset><legend>自行发表</legend><p class="hint">经部门领导审核后，可自行发表，也可交由办公室统一采用；自行发表后不再进入办公室的待采用。</p>${field({ name: 'outlet', label: '发表媒体或平台', required: true, maxChars: 200, value: val('self-published', 'outlet'), errors: errs('self-published') })}${field({ name: 'publishedOn', label: '发表日期', type: 'date', required: true, value: val('self-published', 'publishedOn'), errors: errs('self-published') })}${field({ name: 'url', label: '链接', hint: '可不填', value: val('self-published', 'url'), errors: errs('self-published') })}<button type="submit" id="self-publish">登记自行发表</button></fieldset>`,
      )
    : none
}
${
  can.recommend
    ? form(
        'recommend',
        html`<fieldset><legend>推荐报送上级</legend>${field({ name: 'comment', label: '推荐理由', type: 'textarea', maxChars: 2000, id: 'recommend-note', hint: '可不填', value: val('recommend', 'comment'), errors: errs('recommend').map((e) => ({ ...e, field: e.field === 'note' ? 'comment' : e.field })) })}<button type="submit" id="recommend-item">推荐报送</button></fieldset>`,
      )
    : none
}
${
  v.selfPublication
    ? html`<p id="self-publication">自行发表：${v.selfPublication.outlet}（${v.selfPublication.publishedOn}）${
        v.selfPublication.url ? html` <a href="${v.selfPublication.url}" rel="noopener noreferrer">原文</a>` : none
      }</p>`
    : none
}
${
  v.recommendation
    ? html`<p id="recommendation">推荐报送：${v.recommendation.toOrgName} · ${
        v.recommendation.state === 'pending'
          ? '待上级采用'
          : v.recommendation.state === 'adopted'
            ? '上级已采用'
            : '上级未采用'
      }${v.recommendation.comment ? `（意见：${v.recommendation.comment}）` : ''}</p>`
    : none
}
${can.signOff ? form('sign-off', html`${field({ name: 'comment', label: '签发意见', type: 'textarea', maxChars: 2000, value: val('sign-off', 'comment'), errors: errs('sign-off') })}<button type="submit" id="sign-off-item">签发</button>`) : none}
${
  can.recordExternal
    ? form(
        'external-adoptions',
        html`<fieldset><legend>登记上级采用</legend><div class="row"><div>${choiceField({ name: 'level', label: '级别', choices: EXTERNAL_LEVELS.map((l) => ({ value: l, label: EXTERNAL_LEVEL_LABELS[l] })), value: val('external-adoptions', 'level'), required: true, errors: errs('external-adoptions') })}</div><div>${field({ name: 'outlet', id: 'f-ext-outlet', label: '采用单位或媒体', required: true, maxChars: 200, value: val('external-adoptions', 'outlet'), errors: errs('external-adoptions') })}</div><div>${field({ name: 'adoptedOn', label: '采用日期', type: 'date', required: true, value: val('external-adoptions', 'adoptedOn'), errors: errs('external-adoptions') })}</div></div><button type="submit" id="record-external">登记</button></fieldset>`,
      )
    : none
}
${
  v.externalAdoptions?.length
    ? html`<h2>上级采用</h2><ul id="external-adoptions">${v.externalAdoptions.map((e) => html`<li>${EXTERNAL_LEVEL_LABELS[e.level]}：${e.outlet}（${e.adoptedOn}）</li>`)}</ul>`
    : none
}
<h2>办理记录</h2><table id="history"><tr><th>时间</th><th>经办</th><th>事项</th></tr>${v.history.map(
    (e) =>
      html`<tr data-type="${e.type}"><td>${formatLocal(e.at, timezone)}</td><td>${e.actorName ?? ''}</td><td>${e.detail}</td></tr>`,
  )}</table>
<h2>稿次</h2><ol id="revisions">${v.revisions.map((r) => html`<li>第 ${r.revision} 稿 · ${formatLocal(r.savedAt, timezone)} · ${r.savedBy}：${r.title}</li>`)}</ol>`;
}

/** The draft as a downloadable document (留存底稿): every revision, newest first, escaped. */
export function draftDocument(v: ItemView, timezone = DEFAULT_TIMEZONE): string {
  return html`<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>底稿 ${v.title}</title></head><body style="font-family:serif">
<h1>${v.title}</h1><p>${v.kindLabel} · ${v.departmentName} · 撰稿 ${v.authorName} · 状态：${ITEM_STATE_LABELS[v.state]}</p>
${[...v.revisions].reverse().map((r) => html`<section><h2>第 ${r.revision} 稿（${formatLocal(r.savedAt, timezone)}，${r.savedBy}）：${r.title}</h2>${renderBody(r.body)}</section>`)}
<h2>办理记录</h2><ul>${v.history.map((e) => html`<li>${formatLocal(e.at, timezone)} ${e.detail}</li>`)}</ul></body></html>`
    .value;
}

/** The office's form for the periodical's outside recipients: one "单位名称 <邮箱>" a line. */
export function distributionForm(
  outside: OutsideRecipient[],
  errors: { field: string; message: string }[] = [],
  text?: string,
): Raw {
  const value = text ?? outside.map((o) => `${o.name} <${o.email}>`).join('\n');
  return html`<h2>发送范围（本单位以外）</h2>${errorSummary(errors, { outside: '本单位以外的收件单位' })}
<form method="post" action="/periodicals/distribution" id="distribution-form">${field({
    name: 'outside',
    label: '本单位以外的收件单位',
    type: 'textarea',
    value,
    hint: '每行一个：单位名称 <邮箱>，如“市发展改革委 <fgw@example.gov.cn>”；最多 50 个。每期刊物连同全文发给他们（无登录链接）。',
    errors,
  })}<button type="submit" id="save-distribution">保存发送范围</button></form>`;
}

export function periodicalsPage(opts: {
  publishable: Item[];
  issues: Periodical[];
  canPublish: boolean;
  errors: ErrorDetail[];
  errorMessage?: string;
  timezone?: string;
  idempotencyKey?: string;
  distribution?: Raw;
  /** What was typed in a refused builder form: the title, the chosen items (`itemId`, comma-separated), the order. */
  values?: Record<string, string>;
}): Raw {
  const tz = opts.timezone ?? DEFAULT_TIMEZONE;
  const v = opts.values ?? {};
  const picked = (v.itemId ?? '').split(',').filter(Boolean);
  return html`<h1>交流刊物</h1>
${
  opts.errors.length
    ? errorSummary(opts.errors, ITEM_FIELD_LABELS)
    : opts.errorMessage
      ? html`<div class="errors" role="alert"><p>${opts.errorMessage}</p></div>`
      : none
}
${
  opts.canPublish
    ? html`<h2>编辑新一期</h2>${
        opts.publishable.length
          ? html`<form method="post" action="/periodicals" id="periodical-form" novalidate><input type="hidden" name="idempotencyKey" value="${opts.idempotencyKey ?? ''}">${field({ name: 'title', label: '刊物标题', hint: '不填则用“单位名称工作信息”', maxChars: 100, value: v.title, errors: opts.errors })}
<fieldset id="f-itemIds"${opts.errors.some((e) => e.field === 'itemIds') ? raw(' aria-describedby="f-itemIds-error"') : none}><legend class="required">选用的信息及顺序</legend><table id="publishable"><tr><th>选用</th><th>顺序</th><th>标题</th><th>部门</th><th>采用时间</th></tr>${opts.publishable.map(
              (i, n) =>
                html`<tr data-item-id="${i.itemId}"><td data-label="选用"><label class="check"><input type="checkbox" name="itemId" value="${i.itemId}"${picked.includes(i.itemId) ? raw(' checked') : none}> 选用</label></td><td data-label="顺序"><label>顺序 <input name="order_${i.itemId}" value="${v[`order_${i.itemId}`] ?? String(n + 1)}" size="3" style="width:4em" inputmode="numeric"></label></td><td data-label="标题"><a href="/items/${i.itemId}">${i.title}</a></td><td data-label="部门">${i.departmentName}</td><td data-label="采用时间">${i.adoptedAt ? formatLocal(i.adoptedAt, tz) : ''}</td></tr>`,
            )}</table>${
              opts.errors.some((e) => e.field === 'itemIds')
                ? html`<span class="field-error" id="f-itemIds-error">${opts.errors
                    .filter((e) => e.field === 'itemIds')
                    .map((e) => e.message)
                    .join('；')}</span>`
                : none
            }</fieldset><button type="submit" id="publish">印发</button></form>`
          : html`<p>暂无可编入的信息（已采用、重要信息已签发、尚未刊发）。</p>`
      }`
    : none
}
${opts.distribution ?? none}
<h2>往期</h2>${
    opts.issues.length
      ? html`<ul id="issues">${opts.issues.map((p) => html`<li><a href="/periodicals/${p.periodicalId}">${p.title} ${p.year}年第${p.issueNo}期</a>（${formatLocal(p.publishedAt, tz)}，${p.items.length} 条）</li>`)}</ul>`
      : html`<p>暂无。</p>`
  }`;
}

export function periodicalPage(p: Periodical): Raw {
  return html`<style>${raw(PERIODICAL_STYLE)}</style><p class="no-print"><a href="/periodicals">← 交流刊物</a> · 用浏览器“打印”（Ctrl+P）即得 A4 版式。${
    p.mailedTo?.length ? ` 已发送 ${p.mailedTo.length} 人。` : ''
  }</p>${periodicalDocument(p, p.timezone)}`;
}

/** The commissions (约稿): the list, and for the office the form to commission items from chosen departments. */
export function commissionsPage(opts: {
  list: { commissionId: string; topic: string; dueAt: string; departments: { name: string }[] }[];
  departments: { departmentId: string; name: string }[] | undefined;
  errors: { field: string; message: string }[];
  values: { topic?: string; details?: string; dueAt?: string; departmentIds?: string[] };
  timezone: string;
}): Raw {
  const labels = { topic: '约稿主题', details: '说明', dueAt: '截止时间', departmentIds: '约稿部门' };
  const errs = opts.errors.map((e) => ({
    ...e,
    field: e.field.startsWith('departmentIds') ? 'departmentIds' : e.field,
  }));
  return html`<h1>约稿</h1>${
    opts.departments
      ? html`<h2>向部门约稿</h2>${errorSummary(errs, labels)}<form method="post" action="/commissions" id="commission-form">
${field({ name: 'topic', label: labels.topic, required: true, maxChars: 100, value: opts.values.topic, errors: errs })}
${field({ name: 'details', label: labels.details, type: 'textarea', maxChars: 2000, value: opts.values.details, errors: errs })}
${field({ name: 'dueAt', label: labels.dueAt, type: 'datetime-local', required: true, value: opts.values.dueAt, errors: errs })}
<fieldset id="f-departmentIds"><legend>${labels.departmentIds}</legend>${opts.departments.map(
          (d) =>
            html`<label><input type="checkbox" name="departmentId" value="${d.departmentId}" style="width:auto"${
              opts.values.departmentIds?.includes(d.departmentId) ? raw(' checked') : none
            }> ${d.name}</label>`,
        )}${errs.filter((e) => e.field === 'departmentIds').map((e) => html`<span class="field-error">${e.message}</span>`)}</fieldset>
<button type="submit" id="commission">发出约稿</button></form>`
      : none
  }<h2>约稿列表</h2>${
    opts.list.length
      ? html`<ul id="commissions">${opts.list.map(
          (c) =>
            html`<li><a href="/commissions/${c.commissionId}">${c.topic}</a>（截止 ${formatLocal(c.dueAt, opts.timezone)}，${c.departments.map((d) => d.name).join('、')}）</li>`,
        )}</ul>`
      : html`<p>暂无。</p>`
  }`;
}

/** One commission: who answered with which items, who is overdue; a department asked may write its answer. */
export function commissionPage(
  c: {
    commissionId: string;
    topic: string;
    details?: string;
    dueAt: string;
    createdByName: string;
    answers: {
      departmentId: string;
      name: string;
      itemIds: string[];
      answered: boolean;
      late: boolean;
      overdue: boolean;
    }[];
  },
  canAnswer: boolean,
  timezone: string,
): Raw {
  return html`<h1>约稿：${c.topic}</h1><p>截止 ${formatLocal(c.dueAt, timezone)} · ${c.createdByName} 发出</p>${
    c.details ? html`<div>${renderBody(c.details)}</div>` : none
  }${canAnswer ? html`<p><a class="button" href="/items/new?commission=${c.commissionId}" id="answer-commission">撰写约稿信息</a></p>` : none}
<h2>报送情况</h2><table id="commission-answers"><tr><th>部门</th><th>情况</th><th>信息</th></tr>${c.answers.map(
    (a) =>
      html`<tr data-department-id="${a.departmentId}"><td data-label="部门">${a.name}</td><td data-label="情况" class="answer-state">${
        a.answered ? (a.late ? '已报送（逾期）' : '已报送') : a.overdue ? '逾期未报' : '未报送'
      }</td><td data-label="信息">${a.itemIds.length ? a.itemIds.map((id, i) => html`${i ? '、' : ''}<a href="/items/${id}">第 ${i + 1} 条</a>`) : '—'}</td></tr>`,
  )}</table>`;
}
