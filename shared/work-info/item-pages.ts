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

const none = raw('');

export function itemsNav(can: { review: boolean; office: boolean; periodicals: boolean }): Raw {
  return html`<p class="no-print"><a href="/items">我的信息</a> · <a href="/items/new">撰写信息</a>${can.review ? html` · <a href="/items/review">待我审核</a>` : none}${
    can.office ? html` · <a href="/items/office">待采用</a>` : none
  }${can.periodicals ? html` · <a href="/periodicals">交流刊物</a>` : none}</p>`;
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

export function itemQueuePage(title: string, id: string, items: Item[], timezone = DEFAULT_TIMEZONE): Raw {
  return html`<h1>${title}</h1>${
    items.length
      ? html`<table id="${id}"><tr><th>标题</th><th>部门</th><th>撰稿</th><th>类别</th><th>时间</th></tr>${items.map(
          (i) =>
            html`<tr data-item-id="${i.itemId}"><td><a href="/items/${i.itemId}">${i.title}</a></td><td>${i.departmentName}</td><td>${i.authorName}</td><td>${ITEM_KIND_LABELS[i.kind]}</td><td>${formatLocal(
              i.approvedAt ?? i.submittedAt ?? i.updatedAt,
              timezone,
            )}</td></tr>`,
        )}</table>`
      : html`<p>暂无待处理的信息。</p>`
  }`;
}

export function itemEditor(opts: {
  action: string;
  values: { kind?: string; title?: string; body?: string; idempotencyKey?: string };
  errors: ErrorDetail[];
  departmentName: string;
  heading: string;
}): Raw {
  const err = (f: string) =>
    opts.errors.filter((e) => e.field === f).map((e) => html`<div class="field-error">${e.message}</div>`);
  return html`<h1>${opts.heading}</h1>
${opts.errors.length ? html`<div class="errors" role="alert"><ul>${opts.errors.map((e) => html`<li>${e.message}</li>`)}</ul></div>` : none}
<form method="post" action="${opts.action}" id="item-form">${opts.values.idempotencyKey ? html`<input type="hidden" name="idempotencyKey" value="${opts.values.idempotencyKey}">` : none}
<p>部门：${opts.departmentName}</p>
<label for="kind">类别</label><select id="kind" name="kind">${ITEM_KINDS.map((k) => html`<option value="${k}"${opts.values.kind === k ? raw(' selected') : none}>${ITEM_KIND_LABELS[k]}</option>`)}</select>${err('kind')}
<label for="title">标题 <span class="hint">（标题即核心内容）</span></label><input id="title" name="title" maxlength="100" value="${opts.values.title ?? ''}">${err('title')}
<label for="body">正文 <span class="hint">空行分段；以“- ”或“1. ”开头的行成为列表</span></label><textarea id="body" name="body" rows="14">${opts.values.body ?? ''}</textarea>${err('body')}
<button type="submit" id="save">保存</button></form>`;
}

export type ItemPageCan = {
  edit: boolean;
  submit: boolean;
  review: boolean;
  adopt: boolean;
  signOff: boolean;
  recordExternal: boolean;
};

export function itemPage(v: ItemView, can: ItemPageCan, flash?: string, timezone = DEFAULT_TIMEZONE): Raw {
  const state = html`<span id="item-state">${ITEM_STATE_LABELS[v.state]}</span>`;
  const form = (action: string, inner: Raw) =>
    html`<form method="post" action="/items/${v.itemId}/${action}" class="item-action">${inner}</form>`;
  return html`<h1 id="item-title">${v.title}</h1>
${flash ? html`<div class="ok" role="status">${flash}</div>` : none}
<p>${v.kindLabel} · ${v.departmentName} · 撰稿 ${v.authorName} · 状态：${state}${v.important ? ' · 重要信息' : ''}${v.issueNo ? ` · 已编入${v.issueYear}年第${v.issueNo}期` : ''}</p>
${v.state === 'returned' && v.returnComment ? html`<div class="errors">退回意见：${v.returnComment}</div>` : none}
<div id="item-body">${renderBody(v.body)}</div>
<p><a href="/items/${v.itemId}/draft" id="download-draft">下载底稿（含全部稿次）</a>${can.edit ? html` · <a href="/items/${v.itemId}/edit" id="edit-item">修改</a>` : none}</p>
${can.submit ? form('submit', html`<button type="submit" id="submit-item">报送审核</button>`) : none}
${
  can.review
    ? form(
        'review',
        html`<label for="comment">审核意见 <span class="hint">（退回时必填）</span></label><textarea id="comment" name="comment"></textarea>
<button type="submit" name="decision" value="approve" id="approve-item">审核通过，报送办公室</button> <button type="submit" name="decision" value="return" class="secondary" id="return-item">退回修改</button>`,
      )
    : none
}
${
  can.adopt
    ? form(
        'adopt',
        html`<label for="comment">意见</label><textarea id="comment" name="comment"></textarea>
<label><input type="checkbox" name="important" value="true" id="important" style="width:auto"> 重要信息，须报领导签发</label>
<button type="submit" name="decision" value="adopt" id="adopt-item">采用</button> <button type="submit" name="decision" value="reject" class="secondary" id="reject-item">不予采用</button>`,
      )
    : none
}
${can.signOff ? form('sign-off', html`<label for="comment">签发意见</label><textarea id="comment" name="comment"></textarea><button type="submit" id="sign-off-item">签发</button>`) : none}
${
  can.recordExternal
    ? form(
        'external-adoptions',
        html`<fieldset><legend>登记上级采用</legend><div class="row"><div><label for="level">级别</label><select id="level" name="level">${EXTERNAL_LEVELS.map(
          (l) => html`<option value="${l}">${EXTERNAL_LEVEL_LABELS[l]}</option>`,
        )}</select></div><div><label for="outlet">采用单位或媒体</label><input id="outlet" name="outlet"></div><div><label for="adoptedOn">采用日期</label><input id="adoptedOn" name="adoptedOn" type="date"></div></div><button type="submit" id="record-external">登记</button></fieldset>`,
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

export function periodicalsPage(opts: {
  publishable: Item[];
  issues: Periodical[];
  canPublish: boolean;
  errors: ErrorDetail[];
  errorMessage?: string;
  timezone?: string;
  idempotencyKey?: string;
}): Raw {
  const tz = opts.timezone ?? DEFAULT_TIMEZONE;
  return html`<h1>交流刊物</h1>
${opts.errorMessage ? html`<div class="errors" role="alert"><p>${opts.errorMessage}</p><ul>${opts.errors.map((e) => html`<li>${e.message}</li>`)}</ul></div>` : none}
${
  opts.canPublish
    ? html`<h2>编辑新一期</h2>${
        opts.publishable.length
          ? html`<form method="post" action="/periodicals" id="periodical-form"><input type="hidden" name="idempotencyKey" value="${opts.idempotencyKey ?? ''}"><label for="title">刊物标题 <span class="hint">（不填则用“单位名称工作信息”）</span></label><input id="title" name="title" maxlength="100">
<table id="publishable"><tr><th>选用</th><th>顺序</th><th>标题</th><th>部门</th><th>采用时间</th></tr>${opts.publishable.map(
              (i, n) =>
                html`<tr data-item-id="${i.itemId}"><td><input type="checkbox" name="itemId" value="${i.itemId}" style="width:auto"></td><td><input name="order_${i.itemId}" value="${n + 1}" size="3" style="width:4em"></td><td><a href="/items/${i.itemId}">${i.title}</a></td><td>${i.departmentName}</td><td>${i.adoptedAt ? formatLocal(i.adoptedAt, tz) : ''}</td></tr>`,
            )}</table><button type="submit" id="publish">印发</button></form>`
          : html`<p>暂无可编入的信息（已采用、重要信息已签发、尚未刊发）。</p>`
      }`
    : none
}
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
