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
import {
  DEFAULT_TIMEZONE,
  SEVERITY_LABELS,
  SEVERITIES,
  zoneLabel,
  type Department,
  type Person,
} from '../org/index.ts';
import type { TimelinessStats } from './rules/timeliness.ts';
import { formatLocal } from '../platform/kernel/time.ts';
import type { ErrorDetail } from '../platform/kernel/errors.ts';
import { circularDocument, circularNo, CIRCULAR_STYLE } from './circular-doc.ts';
import { html, multiline, raw, type Raw } from '../platform/pages/html.ts';
import { choiceField, errorSummary, field, type Choice } from '../platform/pages/form.ts';

const none = raw('');
/** Instants as people read them, in the organisation's zone (the pages are given it; the default zone otherwise). */
const inZone = (timeZone: string) => (iso: string | undefined) => (iso ? formatLocal(iso, timeZone) : '—');
const sel = (on: boolean) => (on ? raw(' selected') : none);
const who = (f: Pick<Finding, 'responsibleOrgName' | 'responsibleDepartmentName' | 'responsiblePersonName'>) =>
  [f.responsibleOrgName, f.responsibleDepartmentName, f.responsiblePersonName].filter(Boolean).join(' ');

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

/** A report the office may name in a finding, picked by its title (never its id). */
export type ReportChoice = {
  reportId: string;
  title: string;
  submittedAt: string;
  departmentName?: string;
  /** A copy received from a lower organisation: named (and grouped) by that organisation. */
  fromOrgName?: string;
};

/** The labels of the finding form's fields, as the error summary names them. */
export const FINDING_FIELD_LABELS: Record<string, string> = {
  kind: '类型',
  responsibleOrgId: '责任单位',
  responsibleDepartmentId: '责任部门',
  responsiblePersonId: '责任人',
  reportMonth: '报告所在月份',
  reportId: '所涉报告',
  occurredAt: '事件发生时间',
  learnedAt: '获知时间',
  learnedHow: '获知渠道',
  learnedFrom: '信息来源',
  note: '事实与证据',
  correction: '更正内容',
  text: '说明',
  reason: '认定理由',
  outcome: '结论',
  title: '标题',
  from: '起始日期',
  to: '截止日期',
  findingId: '要点名的记录',
};

/** Every error of the round at the top, each a link to its field; a refusal without field errors as its message. */
function errorsTop(message: string | undefined, errors: readonly ErrorDetail[]): Raw {
  if (errors.length) return errorSummary(errors, FINDING_FIELD_LABELS);
  return message ? html`<div class="errors" role="alert"><p>${message}</p></div>` : none;
}

const reportChoices = (reports: readonly ReportChoice[], t: (iso: string) => string): Choice[] =>
  reports.map((r) => ({
    value: r.reportId,
    label: `${r.fromOrgName ? `【${r.fromOrgName}报来】` : ''}${r.title}（${t(r.submittedAt)}）`,
    group: reports.length > 12 ? (r.fromOrgName ? `${r.fromOrgName}报来` : (r.departmentName ?? '其他')) : undefined,
  }));

/** The people as choices, grouped by department when the list is long. */
export function peopleChoices(people: readonly Person[], departments: readonly Department[]): Choice[] {
  const dept = new Map(departments.map((d) => [d.departmentId, d.name]));
  const long = people.length > 12;
  const choices = people
    .filter((p) => !p.disabled)
    .map((p) => ({
      value: p.personId,
      label: p.name,
      group: long ? (dept.get(p.departmentId ?? '') ?? '未分部门') : undefined,
    }));
  return long ? choices.sort((a, b) => (a.group ?? '').localeCompare(b.group ?? '', 'zh')) : choices;
}

/** The form of a new finding (the office): everything is picked by name, errors next to their fields. */
export function findingForm(opts: {
  orgId: string;
  orgName: string;
  childOrgs: { orgId: string; name: string }[];
  departments: Department[];
  people: Person[];
  reports: ReportChoice[];
  month: string;
  values: Record<string, string>;
  errors: ErrorDetail[];
  message?: string;
  timeZone?: string;
}): Raw {
  const v = opts.values;
  const errors = opts.errors;
  const t = inZone(opts.timeZone ?? DEFAULT_TIMEZONE);
  const zone = zoneLabel(opts.timeZone ?? DEFAULT_TIMEZONE);
  const orgs: Choice[] = [
    { value: opts.orgId, label: `${opts.orgName}（本单位）` },
    ...opts.childOrgs.map((o) => ({ value: o.orgId, label: o.name })),
  ];
  return html`<h1>登记迟报、漏报、误报、瞒报</h1>${errorsTop(opts.message, errors)}
<form method="post" action="/findings/new" id="finding-form" novalidate><input type="hidden" name="idempotencyKey" value="${v.idempotencyKey ?? ''}">
${choiceField({ name: 'kind', label: '类型', choices: FINDING_KINDS.map((k) => ({ value: k, label: FINDING_KIND_LABELS[k] })), value: v.kind, required: true, errors })}
${choiceField({ name: 'responsibleOrgId', label: '责任单位', choices: orgs, value: v.responsibleOrgId ?? opts.orgId, required: true, hint: '本单位或下级单位', errors })}
<div class="row"><div>${choiceField({ name: 'responsibleDepartmentId', label: '责任部门（本单位）', choices: opts.departments.map((d) => ({ value: d.departmentId, label: d.name })), value: v.responsibleDepartmentId, empty: '（不指定）', errors })}</div>
<div>${choiceField({ name: 'responsiblePersonId', label: '责任人（本单位）', choices: peopleChoices(opts.people, opts.departments), value: v.responsiblePersonId, empty: '（不指定）', hint: '瞒报必填', errors })}</div></div>
<fieldset><legend>所涉报告（迟报、误报必填）</legend><div class="row"><div>${field({ name: 'reportMonth', label: '报告所在月份', value: opts.month, hint: '如 2026-11；改了月份请点“列出该月报告”', errors })}
<button type="submit" name="refresh" value="month" class="secondary" id="list-reports" formnovalidate>列出该月报告</button></div>
<div>${choiceField({ name: 'reportId', label: `所涉报告（${opts.month} 报送的 ${opts.reports.length} 份）`, choices: reportChoices(opts.reports, t), value: v.reportId, empty: '（不涉及报告）', errors })}</div></div></fieldset>
<div class="row"><div>${field({ name: 'occurredAt', label: `事件发生时间（${zone}）`, type: 'datetime-local', value: v.occurredAt, required: true, errors })}</div>
<div>${field({ name: 'learnedAt', label: `获知时间（${zone}）`, type: 'datetime-local', value: v.learnedAt, hint: '漏报必填', errors })}</div></div>
<div class="row"><div>${choiceField({ name: 'learnedHow', label: '获知渠道', choices: LEARNED_HOW.map((h) => ({ value: h, label: LEARNED_HOW_LABELS[h] })), value: v.learnedHow, empty: '（不指定）', hint: '漏报必填', errors })}</div>
<div>${field({ name: 'learnedFrom', label: '信息来源', value: v.learnedFrom, maxChars: 500, errors })}</div></div>
${field({ name: 'note', label: '事实与证据', type: 'textarea', value: v.note, required: true, maxChars: 4000, errors })}
${field({ name: 'correction', label: '更正内容', type: 'textarea', value: v.correction, maxChars: 4000, hint: '误报必填', errors })}
<button type="submit" id="save-finding">登记并通知责任单位</button></form>`;
}

/** A finding: evidence, explanation, decision, history, and the forms the caller may use. */
export function findingPage(
  f: FindingView,
  flash?: string,
  errors: ErrorDetail[] = [],
  message?: string,
  timeZone = DEFAULT_TIMEZONE,
  /** What was typed in the refused form, and the reports the office may link (picked by title). */
  more: { values?: Record<string, string>; linkable?: ReportChoice[] } = {},
): Raw {
  const t = inZone(timeZone);
  const v = more.values ?? {};
  return html`<p class="no-print"><a href="/findings">← 问责登记簿</a></p>
<h1>${f.kindLabel}：${f.reportTitle ?? who(f)}</h1>
${flash ? html`<div class="ok" role="status">${flash}</div>` : none}${errorsTop(message, errors)}
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
${f.can.explain ? html`<form method="post" action="/findings/${f.findingId}/explain" id="explain-form" novalidate>${field({ name: 'text', label: '说明（情况、原因和整改措施）', type: 'textarea', value: v.text, required: true, maxChars: 4000, errors })}<button type="submit" id="explain">提交说明</button></form>` : none}
${
  f.can.decide
    ? html`<form method="post" action="/findings/${f.findingId}/decide" id="decide-form" novalidate>${field({ name: 'reason', label: '认定理由', type: 'textarea', value: v.reason, required: true, maxChars: 2000, errors })}
<button type="submit" name="outcome" value="confirmed" id="confirm">认定</button> <button type="submit" name="outcome" value="dismissed" class="secondary" id="dismiss">不予认定</button></form>`
    : none
}
${f.can.link ? html`<form method="post" action="/findings/${f.findingId}/link" id="link-form" novalidate>${choiceField({ name: 'reportId', label: '关联后来报送的报告', choices: reportChoices(more.linkable ?? [], t), value: v.reportId, empty: (more.linkable ?? []).length ? '（请选择）' : '（获知以来没有报送的报告）', required: true, errors })}<button type="submit" class="secondary" id="link">关联</button></form>` : none}
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
  const errors = opts.errors;
  const picked = (v.findingIds ?? '').split(',').filter(Boolean);
  return html`<h1>通报</h1>${errorsTop(opts.message, errors)}
${
  opts.canPublish
    ? html`<h2>编发通报</h2><form method="post" action="/circulars" id="circular-form" novalidate><input type="hidden" name="idempotencyKey" value="${v.idempotencyKey ?? ''}">
${choiceField({
  name: 'kind',
  label: '类型',
  choices: [
    { value: 'criticism', label: '通报批评（已认定的问题）' },
    { value: 'praise', label: '通报表扬（报送及时完整的部门）' },
  ],
  value: v.kind === 'praise' ? 'praise' : 'criticism',
  required: true,
  errors,
})}
<div class="row"><div>${field({ name: 'from', label: '起始日期', type: 'date', value: v.from, required: true, errors })}</div><div>${field({ name: 'to', label: '截止日期', type: 'date', value: v.to, required: true, errors })}</div></div>
${field({ name: 'title', label: '标题', value: v.title, maxChars: 100, hint: '可不填', errors })}
<p class="hint">通报批评：勾选要点名的已认定记录（不勾选则编入这段时间全部未通报的已认定记录）。</p>
${
  opts.candidates.length
    ? html`<table id="candidates"><tr><th>选用</th><th>类型</th><th>责任单位/人</th><th>事由</th><th>发生时间</th></tr>${opts.candidates.map(
        (f) =>
          html`<tr data-finding-id="${f.findingId}"><td data-label="选用"><input type="checkbox" name="findingId" value="${f.findingId}" aria-label="选用：${f.reportTitle ?? f.note.slice(0, 30)}"${raw(picked.includes(f.findingId) ? ' checked' : '')}></td><td data-label="类型">${FINDING_KIND_LABELS[f.kind]}</td><td data-label="责任单位/人">${who(f)}</td><td data-label="事由"><a href="/findings/${f.findingId}">${f.reportTitle ?? f.note.slice(0, 30)}</a></td><td data-label="发生时间">${t(f.occurredAt)}</td></tr>`,
      )}</table>${
        errors.some((e) => e.field === 'findingIds' || e.field.startsWith('findingIds'))
          ? html`<span class="field-error">${errors
              .filter((e) => e.field.startsWith('findingIds'))
              .map((e) => e.message)
              .join('；')}</span>`
          : none
      }`
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
<form method="get" action="/timeliness" class="row no-print"><div><label for="from">起始日期</label><input type="date" id="from" name="from" value="${q.from ?? ''}"></div><div><label for="to">截止日期</label><input type="date" id="to" name="to" value="${q.to ?? ''}"></div><div><button type="submit" class="secondary">统计</button></div></form>
<p>${t(s.from)} 至 ${t(s.to)} · <a href="/timeliness/xlsx?${period}" id="xlsx">下载 Excel</a> · <a href="/timeliness/csv?${period}" id="csv">下载 CSV</a> · <a href="/dashboard">统计分析（图表）</a></p>
<table id="totals"><tr><th>报告</th><th>迟报</th><th>迟报率</th><th>获知至报送用时中位数</th><th>第90百分位</th><th>漏报续报</th><th>催办次数</th></tr>
<tr><td id="total-reports" data-label="报告">${s.reports}</td><td data-label="迟报">${s.late}</td><td data-label="迟报率">${(s.lateShare * 100).toFixed(1)}%</td><td data-label="获知至报送用时中位数">${s.medianMinutes ?? '—'} 分钟</td><td data-label="第90百分位">${s.p90Minutes ?? '—'} 分钟</td><td data-label="漏报续报">${s.followupsMissed}</td><td data-label="催办次数" id="total-chases">${s.chases}</td></tr></table>
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
