import type { Circular } from './rules/circular.ts';
import {
  FINDING_KIND_LABELS,
  FINDING_KINDS,
  FINDING_STATE_LABELS,
  FINDING_STATES,
  LEARNED_HOW,
  LEARNED_HOW_LABELS,
  type Finding,
} from './rules/finding.ts';
import type { FindingView } from './findings.ts';
import { DEFAULT_TIMEZONE, SEVERITY_LABELS, SEVERITIES, type Department, type Person } from '../org/index.ts';
import type { TimelinessStats } from './rules/timeliness.ts';
import { formatLocal } from '../platform/kernel/time.ts';
import type { ErrorDetail } from '../platform/kernel/errors.ts';
import { circularDocument, circularNo, CIRCULAR_STYLE } from './circular-doc.ts';
import { html, multiline, raw, type Raw } from '../platform/pages/html.ts';

const none = raw('');
/** Instants as people read them, in the organisation's zone (the pages are given it; the default zone otherwise). */
const inZone = (timeZone: string) => (iso: string | undefined) => (iso ? formatLocal(iso, timeZone) : '—');
const sel = (on: boolean) => (on ? raw(' selected') : none);
const who = (f: Pick<Finding, 'responsibleOrgName' | 'responsibleDepartmentName' | 'responsiblePersonName'>) =>
  [f.responsibleOrgName, f.responsibleDepartmentName, f.responsiblePersonName].filter(Boolean).join(' ');

function errorsBox(message: string | undefined, errors: ErrorDetail[]): Raw {
  if (!message && !errors.length) return none;
  return html`<div class="errors" role="alert">${message ? html`<p>${message}</p>` : none}${errors.length ? html`<ul>${errors.map((e) => html`<li>${e.field}：${e.message}</li>`)}</ul>` : none}</div>`;
}

export function accountabilityNav(): Raw {
  return html`<p class="no-print"><a href="/findings">问责登记</a> · <a href="/findings/new">登记问题</a> · <a href="/circulars">通报</a> · <a href="/timeliness">报送时效</a></p>`;
}

/** The findings register with its filters. */
export function findingsRegister(items: Finding[], q: Record<string, string>, timeZone = DEFAULT_TIMEZONE): Raw {
  const t = inZone(timeZone);
  return html`<h1>问责登记簿</h1>
<form method="get" action="/findings" class="row no-print" id="filters">
<div><label for="kind">类型</label><select id="kind" name="kind"><option value="">全部</option>${FINDING_KINDS.map((k) => html`<option value="${k}"${sel(q.kind === k)}>${FINDING_KIND_LABELS[k]}</option>`)}</select></div>
<div><label for="state">状态</label><select id="state" name="state"><option value="">全部</option>${FINDING_STATES.map((s) => html`<option value="${s}"${sel(q.state === s)}>${FINDING_STATE_LABELS[s]}</option>`)}</select></div>
<div><label for="from">自</label><input type="date" id="from" name="from" value="${q.from ?? ''}"></div>
<div><label for="to">至</label><input type="date" id="to" name="to" value="${q.to ?? ''}"></div>
<div><button type="submit" class="secondary">筛选</button></div></form>
${
  items.length
    ? html`<table id="findings"><tr><th>发生时间</th><th>类型</th><th>责任单位/人</th><th>事由</th><th>状态</th><th>说明期限</th></tr>${items.map(
        (f) =>
          html`<tr data-finding-id="${f.findingId}"><td>${t(f.occurredAt)}</td><td>${f.linkedReport ? '漏报（后迟报）' : FINDING_KIND_LABELS[f.kind]}${f.auto ? html` <span class="hint">系统提议</span>` : none}</td><td>${who(f)}</td><td><a href="/findings/${f.findingId}">${f.reportTitle ?? f.note.slice(0, 30)}</a></td><td class="state">${FINDING_STATE_LABELS[f.state]}${
            f.circular ? html` <span class="hint">（通报${circularNo(f.circular)}）</span>` : none
          }</td><td>${t(f.explanationDueAt)}</td></tr>`,
      )}</table>`
    : html`<p id="no-findings">这段时间没有记录。</p>`
}`;
}

/** The form of a new finding (the office). */
export function findingForm(opts: {
  orgId: string;
  departments: Department[];
  people: Person[];
  values: Record<string, string>;
  errors: ErrorDetail[];
  message?: string;
}): Raw {
  const v = opts.values;
  const err = (f: string) =>
    opts.errors.filter((e) => e.field === f).map((e) => html`<div class="field-error">${e.message}</div>`);
  return html`<h1>登记迟报、漏报、误报、瞒报</h1>${errorsBox(opts.message, opts.errors)}
<form method="post" action="/findings/new" id="finding-form"><input type="hidden" name="idempotencyKey" value="${v.idempotencyKey ?? ''}">
<label for="kind">类型</label><select id="kind" name="kind">${FINDING_KINDS.map((k) => html`<option value="${k}"${sel(v.kind === k)}>${FINDING_KIND_LABELS[k]}</option>`)}</select>${err('kind')}
<label for="responsibleOrgId">责任单位 <span class="hint">（本单位，或填写下级单位的编号）</span></label><input id="responsibleOrgId" name="responsibleOrgId" value="${v.responsibleOrgId ?? opts.orgId}">${err('responsibleOrgId')}
<div class="row"><div><label for="responsibleDepartmentId">责任部门（本单位）</label><select id="responsibleDepartmentId" name="responsibleDepartmentId"><option value="">—</option>${opts.departments.map(
    (d) =>
      html`<option value="${d.departmentId}"${sel(v.responsibleDepartmentId === d.departmentId)}>${d.name}</option>`,
  )}</select>${err('responsibleDepartmentId')}</div>
<div><label for="responsiblePersonId">责任人（本单位）</label><select id="responsiblePersonId" name="responsiblePersonId"><option value="">—</option>${opts.people.map(
    (p) => html`<option value="${p.personId}"${sel(v.responsiblePersonId === p.personId)}>${p.name}</option>`,
  )}</select>${err('responsiblePersonId')}</div></div>
<label for="reportId">所涉报告编号 <span class="hint">（迟报、误报必填）</span></label><input id="reportId" name="reportId" value="${v.reportId ?? ''}">${err('reportId')}
<div class="row"><div><label for="occurredAt">事件发生时间</label><input type="datetime-local" id="occurredAt" name="occurredAt" value="${v.occurredAt ?? ''}">${err('occurredAt')}</div>
<div><label for="learnedAt">获知时间 <span class="hint">（漏报必填）</span></label><input type="datetime-local" id="learnedAt" name="learnedAt" value="${v.learnedAt ?? ''}">${err('learnedAt')}</div></div>
<div class="row"><div><label for="learnedHow">获知渠道</label><select id="learnedHow" name="learnedHow"><option value="">—</option>${LEARNED_HOW.map((h) => html`<option value="${h}"${sel(v.learnedHow === h)}>${LEARNED_HOW_LABELS[h]}</option>`)}</select>${err('learnedHow')}</div>
<div><label for="learnedFrom">信息来源</label><input id="learnedFrom" name="learnedFrom" value="${v.learnedFrom ?? ''}">${err('learnedFrom')}</div></div>
<label for="note">事实与证据</label><textarea id="note" name="note">${v.note ?? ''}</textarea>${err('note')}
<label for="correction">更正内容 <span class="hint">（误报必填）</span></label><textarea id="correction" name="correction">${v.correction ?? ''}</textarea>${err('correction')}
<button type="submit" id="save-finding">登记并通知责任单位</button></form>`;
}

/** A finding: evidence, explanation, decision, history, and the forms the caller may use. */
export function findingPage(
  f: FindingView,
  flash?: string,
  errors: ErrorDetail[] = [],
  message?: string,
  timeZone = DEFAULT_TIMEZONE,
): Raw {
  const t = inZone(timeZone);
  return html`<p class="no-print"><a href="/findings">← 问责登记簿</a></p>
<h1>${f.kindLabel}：${f.reportTitle ?? who(f)}</h1>
${flash ? html`<div class="ok" role="status">${flash}</div>` : none}${errorsBox(message, errors)}
<table id="finding">
<tr><th>状态</th><td id="finding-state">${f.stateLabel}</td></tr>
<tr><th>责任单位</th><td>${f.responsibleOrgName}${f.responsibleDepartmentName ? ` ${f.responsibleDepartmentName}` : ''}</td></tr>
<tr><th>责任人</th><td>${f.responsiblePersonName ?? '—'}</td></tr>
<tr><th>发生时间</th><td>${t(f.occurredAt)}</td></tr>
${f.reportId ? html`<tr><th>所涉报告</th><td><a href="/reports/${f.reportId}">${f.reportTitle ?? f.reportId}</a>${f.lateByMinutes ? `（超时 ${f.lateByMinutes} 分钟）` : ''}</td></tr>` : none}
${f.learnedAt ? html`<tr><th>上级获知</th><td>${t(f.learnedAt)}${f.learnedHowLabel ? `，${f.learnedHowLabel}` : ''}${f.learnedFrom ? `（${f.learnedFrom}）` : ''}</td></tr>` : none}
<tr><th>事实与证据</th><td id="finding-note">${multiline(f.note)}</td></tr>
${f.correction ? html`<tr><th>更正</th><td>${multiline(f.correction)}</td></tr>` : none}
${f.linkedReport ? html`<tr><th>后续报告</th><td id="linked-report"><a href="/reports/${f.linkedReport.reportId}">${f.linkedReport.title}</a>，${t(f.linkedReport.submittedAt)} 报送${f.linkedReport.late ? `，迟报 ${f.linkedReport.lateByMinutes} 分钟` : ''}</td></tr>` : none}
<tr><th>登记</th><td>${f.proposedByName}，${t(f.proposedAt)}</td></tr>
<tr><th>说明期限</th><td>${f.auto && !f.requestedAt ? '（尚未请责任单位说明）' : t(f.explanationDueAt)}</td></tr>
<tr><th>说明</th><td id="finding-explanation">${f.explanation ? html`${multiline(f.explanation.text)}<div class="hint">${f.explanation.byName}，${t(f.explanation.at)}</div>` : '（尚无）'}</td></tr>
<tr><th>结论</th><td id="finding-decision">${f.decision ? html`${FINDING_STATE_LABELS[f.state]}：${multiline(f.decision.reason)}<div class="hint">${f.decision.byName}，${t(f.decision.at)}${f.deduction !== undefined ? `；${f.scoreMonth} 考核扣 ${-f.deduction} 分` : ''}</div>` : '（尚未认定）'}</td></tr>
${f.circular ? html`<tr><th>通报</th><td><a href="/circulars/${f.circular.circularId}">通报${circularNo(f.circular)}</a></td></tr>` : none}
</table>
${f.can.request ? html`<form method="post" action="/findings/${f.findingId}/request" id="request-form"><p class="hint">这是系统根据迟报自动提议的记录，尚未通知责任单位。</p><button type="submit" id="request">请责任单位说明</button></form>` : none}
${f.can.explain ? html`<form method="post" action="/findings/${f.findingId}/explain" id="explain-form"><label for="text">说明（情况、原因和整改措施）</label><textarea id="text" name="text"></textarea><button type="submit" id="explain">提交说明</button></form>` : none}
${
  f.can.decide
    ? html`<form method="post" action="/findings/${f.findingId}/decide" id="decide-form"><label for="reason">认定理由</label><textarea id="reason" name="reason"></textarea>
<button type="submit" name="outcome" value="confirmed" id="confirm">认定</button> <button type="submit" name="outcome" value="dismissed" class="secondary" id="dismiss">不予认定</button></form>`
    : none
}
${f.can.link ? html`<form method="post" action="/findings/${f.findingId}/link" id="link-form"><label for="link-report">关联后来报送的报告（编号）</label><input id="link-report" name="reportId"><button type="submit" class="secondary" id="link">关联</button></form>` : none}
<h2>经过</h2><ol id="finding-history">${f.history.map((h) => html`<li>${t(h.at)} ${h.detail}</li>`)}</ol>`;
}

/** The circular builder (office) and the archive. */
export function circularsPage(opts: {
  circulars: Circular[];
  candidates: Finding[];
  canPublish: boolean;
  values: Record<string, string>;
  errors: ErrorDetail[];
  message?: string;
  timeZone?: string;
}): Raw {
  const t = inZone(opts.timeZone ?? DEFAULT_TIMEZONE);
  const v = opts.values;
  return html`<h1>通报</h1>${errorsBox(opts.message, opts.errors)}
${
  opts.canPublish
    ? html`<h2>编发通报</h2><form method="post" action="/circulars" id="circular-form"><input type="hidden" name="idempotencyKey" value="${v.idempotencyKey ?? ''}">
<div class="row"><div><label for="ckind">类型</label><select id="ckind" name="kind"><option value="criticism"${sel(v.kind !== 'praise')}>通报批评（已认定的问题）</option><option value="praise"${sel(v.kind === 'praise')}>通报表扬（报送及时完整的部门）</option></select></div>
<div><label for="cfrom">自</label><input type="date" id="cfrom" name="from" value="${v.from ?? ''}"></div><div><label for="cto">至</label><input type="date" id="cto" name="to" value="${v.to ?? ''}"></div></div>
<label for="ctitle">标题 <span class="hint">（可不填）</span></label><input id="ctitle" name="title" maxlength="100" value="${v.title ?? ''}">
<p class="hint">通报批评：勾选要点名的已认定记录（不勾选则编入这段时间全部未通报的已认定记录）。</p>
${
  opts.candidates.length
    ? html`<table id="candidates"><tr><th>选用</th><th>类型</th><th>责任单位/人</th><th>事由</th><th>发生时间</th></tr>${opts.candidates.map(
        (f) =>
          html`<tr data-finding-id="${f.findingId}"><td><input type="checkbox" name="findingId" value="${f.findingId}" style="width:auto"></td><td>${FINDING_KIND_LABELS[f.kind]}</td><td>${who(f)}</td><td><a href="/findings/${f.findingId}">${f.reportTitle ?? f.note.slice(0, 30)}</a></td><td>${t(f.occurredAt)}</td></tr>`,
      )}</table>`
    : html`<p>近一年没有已认定且未通报的记录。</p>`
}
<button type="submit" id="publish-circular">印发通报</button></form>`
    : none
}
<h2>已印发</h2>${
    opts.circulars.length
      ? html`<ul id="circulars">${opts.circulars.map((c) => html`<li><a href="/circulars/${c.circularId}">通报${circularNo(c)} ${c.title}</a>（${t(c.publishedAt)}${c.mailedTo ? `，已发送 ${c.mailedTo.length} 人` : ''}）</li>`)}</ul>`
      : html`<p>暂无。</p>`
  }`;
}

export function circularPage(c: Circular): Raw {
  return html`<style>${raw(CIRCULAR_STYLE)}</style><p class="no-print"><a href="/circulars">← 通报</a> · 用浏览器“打印”（Ctrl+P）即得 A4 版式。${c.mailedTo?.length ? ` 已发送 ${c.mailedTo.length} 人。` : ''}</p>${circularDocument(c)}`;
}

const bar = (value: number | undefined, max: number) =>
  html`<div style="background:#b71c1c;height:12px;width:${String(max && value ? Math.max(2, Math.round((value / max) * 100)) : 0)}%"></div>`;

/** The timeliness dashboard: totals, a bar per department, time to acknowledge per level, findings by kind; CSV and Excel downloads. */
export function timelinessPage(s: TimelinessStats, q: Record<string, string>, timeZone = DEFAULT_TIMEZONE): Raw {
  const t = inZone(timeZone);
  const maxMedian = Math.max(0, ...s.departments.map((d) => d.medianMinutes ?? 0));
  const period = `from=${encodeURIComponent(q.from ?? '')}&to=${encodeURIComponent(q.to ?? '')}`;
  return html`<h1>报送时效</h1>
<form method="get" action="/timeliness" class="row no-print"><div><label for="from">自</label><input type="date" id="from" name="from" value="${q.from ?? ''}"></div><div><label for="to">至</label><input type="date" id="to" name="to" value="${q.to ?? ''}"></div><div><button type="submit" class="secondary">统计</button></div></form>
<p>${t(s.from)} 至 ${t(s.to)} · <a href="/timeliness/xlsx?${period}" id="xlsx">下载 Excel</a> · <a href="/timeliness/csv?${period}" id="csv">下载 CSV</a> · <a href="/dashboard">统计分析（图表）</a></p>
<table id="totals"><tr><th>报告</th><th>迟报</th><th>迟报率</th><th>获知至报送用时中位数</th><th>第90百分位</th><th>漏报续报</th></tr>
<tr><td id="total-reports" data-label="报告">${s.reports}</td><td data-label="迟报">${s.late}</td><td data-label="迟报率">${(s.lateShare * 100).toFixed(1)}%</td><td data-label="获知至报送用时中位数">${s.medianMinutes ?? '—'} 分钟</td><td data-label="第90百分位">${s.p90Minutes ?? '—'} 分钟</td><td data-label="漏报续报">${s.followupsMissed}</td></tr></table>
<h2>按级别</h2><p>${SEVERITIES.map((sv) => html`${SEVERITY_LABELS[sv]} ${s.bySeverity[sv]} 件　`)}</p>
<h2>按类别</h2><p>${s.byCategory.length ? s.byCategory.map((c) => html`${c.label} ${c.count} 件　`) : '—'}</p>
<h2>各部门</h2><table id="departments"><tr><th>部门</th><th>报告</th><th>迟报</th><th>用时中位数（分钟）</th><th style="width:35%"></th><th>第90百分位（分钟）</th><th>问责记录</th></tr>${s.departments.map(
    (d) =>
      html`<tr><td data-label="部门">${d.name}</td><td data-label="报告">${d.reports}</td><td data-label="迟报">${d.late}</td><td data-label="用时中位数（分钟）">${d.medianMinutes ?? '—'}</td><td data-label="对比">${bar(d.medianMinutes, maxMedian)}</td><td data-label="第90百分位（分钟）">${d.p90Minutes ?? '—'}</td><td data-label="问责记录">${d.findings}</td></tr>`,
  )}</table>
<h2>各级通知至确认用时</h2>${
    s.levels.length
      ? html`<table id="levels"><tr><th>报送链级别</th><th>已通知</th><th>已确认</th><th>超时</th><th>用时中位数（分钟）</th><th>第90百分位（分钟）</th></tr>${s.levels.map(
          (l) =>
            html`<tr><td data-label="报送链级别">第 ${l.level} 级</td><td data-label="已通知">${l.notified}</td><td data-label="已确认">${l.acknowledged}</td><td data-label="超时">${l.timedOut}</td><td data-label="用时中位数（分钟）">${l.medianAckMinutes ?? '—'}</td><td data-label="第90百分位（分钟）">${l.p90AckMinutes ?? '—'}</td></tr>`,
        )}</table>`
      : html`<p id="levels-none">本期尚无通知记录。</p>`
  }
<h2>问责记录</h2><p id="findings-by-kind">${FINDING_KINDS.map((k) => html`${FINDING_KIND_LABELS[k]} ${s.findingsByKind[k]}　`)}</p>`;
}
