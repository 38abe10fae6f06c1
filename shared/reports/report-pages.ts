import type { ErrorDetail } from '../platform/kernel/errors.ts';
import { ROLE_LABELS, SEVERITIES, SEVERITY_LABELS, zoneLabel, type Category, type Department } from '../org/index.ts';
import type { Report } from './rules/model.ts';
import { eventLabel } from './rules/event-labels.ts';
import { formatLocal } from '../platform/kernel/time.ts';
import { html, multiline, raw, type Raw } from '../platform/pages/html.ts';
import {
  charLimitErrors,
  choiceField,
  errorSummary,
  field,
  type Choice,
  type FieldError,
  type FieldOptions,
} from '../platform/pages/form.ts';

const STATE: Record<string, string> = {
  pending: '待通知',
  notified: '已通知，待确认',
  acknowledged: '已确认',
  skipped: '已跳过',
  timedOut: '超时未确认',
};

export type FormValues = Record<string, string>;

/** The report form's pickers are required and open on an empty 请选择 unless said otherwise. */
const REQUIRED_CHOICE = { required: true, empty: '请选择' };

/** The report form's fields in Chinese: the error summary's links and the labels of `field`. */
export const REPORT_FIELD_LABELS: Record<string, string> = {
  title: '标题',
  departmentId: '部门',
  category: '类别',
  severity: '等级',
  occurredAt: '发生时间',
  learnedAt: '获知时间',
  place: '地点',
  source: '信息来源',
  summary: '基本情况',
  'casualties.dead': '死亡',
  'casualties.injured': '受伤',
  'casualties.missing': '失踪',
  losses: '损失情况',
  impact: '影响范围及发展趋势',
  leadersOnSite: '领导到位情况及态度',
  measuresTaken: '已采取的措施',
  requests: '请求事项和建议',
  'contact.name': '现场联系人姓名',
  'contact.post': '现场联系人职务',
  'contact.phone': '现场联系人电话',
  confidentiality: '密级',
};

/** Each text field's limit in characters (a Chinese character is one), as the body schema has them. */
export const REPORT_FIELD_LIMITS: Record<string, readonly [string, number]> = {
  title: ['标题', 100],
  place: ['地点', 200],
  source: ['信息来源', 200],
  summary: ['基本情况', 5000],
  losses: ['损失情况', 2000],
  impact: ['影响范围及发展趋势', 2000],
  leadersOnSite: ['领导到位情况', 1000],
  measuresTaken: ['已采取的措施', 3000],
  requests: ['请求事项和建议', 2000],
  'contact.name': ['现场联系人姓名', 40],
  'contact.post': ['现场联系人职务', 40],
};

/**
 * Every error of a posted form at once: the character limits first (counted per field, as a person counts), then
 * whatever the body schema says of the fields within their limits. Nothing is read or written before it passes.
 */
export function reportFormErrors(values: FormValues, schemaErrors: readonly FieldError[]): FieldError[] {
  const limits = charLimitErrors(values, REPORT_FIELD_LIMITS);
  return [...limits, ...schemaErrors.filter((e) => !limits.some((l) => l.field === e.field))];
}

/**
 * The Chinese emergency-report form; works without JavaScript. Local times are entered in the organisation's zone.
 * Built with the form helpers (shared/platform/pages/form.ts): every error of the round at the top and next to its
 * field, required fields marked, limits in characters, everything typed kept.
 */
export function reportForm(opts: {
  departments: Department[];
  categories: Category[];
  values: FormValues;
  errors: ErrorDetail[];
  idempotencyKey: string;
  timezone: string;
}): Raw {
  const { values: v, errors } = opts;
  const f = (
    name: string,
    o: { required?: boolean; type?: FieldOptions['type']; hint?: string; label?: string } = {},
  ): Raw =>
    field({
      name,
      label: o.label ?? REPORT_FIELD_LABELS[name] ?? name,
      value: v[name] ?? '',
      required: o.required,
      type: o.type,
      hint: o.hint,
      maxChars: REPORT_FIELD_LIMITS[name]?.[1],
      errors,
    });
  const sel = (name: string, choices: Choice[], o: { required?: boolean; empty?: string } = REQUIRED_CHOICE) =>
    choiceField({ name, label: REPORT_FIELD_LABELS[name]!, choices, value: v[name], errors, ...o });
  return html`<h1>报送紧急信息</h1>
<p class="hint">先报基本情况，后报详情：不清楚的内容可以暂不填写，稍后续报。带 * 的必须填写。时间按本单位时区（${zoneLabel(opts.timezone)}）填写。</p>
${errorSummary(errors, REPORT_FIELD_LABELS)}
<form method="post" action="/reports/new" novalidate data-draft="report-new">
<input type="hidden" name="idempotencyKey" value="${opts.idempotencyKey}">
${f('title', { required: true, hint: '一句话说明核心事实' })}
<div class="row"><div>${sel(
    'departmentId',
    opts.departments.map((d) => ({ value: d.departmentId, label: d.name })),
  )}</div>
<div>${sel(
    'category',
    opts.categories.map((c) => ({ value: c.code, label: c.label })),
  )}</div>
<div>${sel(
    'severity',
    SEVERITIES.map((s) => ({ value: s, label: SEVERITY_LABELS[s] })),
  )}</div></div>
<div class="row"><div>${f('occurredAt', { required: true, type: 'datetime-local' })}</div>
<div>${f('learnedAt', { type: 'datetime-local', hint: '默认同发生时间' })}</div></div>
${f('place', { required: true })}
${f('source', { hint: '谁向本单位报告的，如群众来电、值班巡查、上级通报' })}
${f('summary', { required: true, type: 'textarea', hint: '发生了什么、原因（已知的部分）' })}
<fieldset><legend>伤亡情况</legend><div class="row">
<div>${f('casualties.dead', { type: 'number' })}</div>
<div>${f('casualties.injured', { type: 'number' })}</div>
<div>${f('casualties.missing', { type: 'number' })}</div></div></fieldset>
${f('losses', { type: 'textarea' })}
${f('impact', { type: 'textarea' })}
${f('leadersOnSite', { type: 'textarea' })}
${f('measuresTaken', { required: true, type: 'textarea' })}
${f('requests', { type: 'textarea' })}
<fieldset><legend>现场联系人</legend><div class="row">
<div>${f('contact.name', { required: true, label: '姓名' })}</div>
<div>${f('contact.post', { label: '职务' })}</div>
<div>${f('contact.phone', { required: true, type: 'tel', label: '电话' })}</div></div></fieldset>
${sel(
  'confidentiality',
  [
    { value: 'internal', label: '内部' },
    { value: 'restricted', label: '限定范围' },
  ],
  {},
)}
<button type="submit">提交报送</button>
</form>`;
}

type TimelineRow = { at: string; type: string; actorName?: string; detail: string };

/** The report page: the facts, the chain as it unfolds, and the timeline. */
export function reportPage(opts: {
  report: Report;
  timeline: TimelineRow[];
  canAck: boolean;
  canSignOff: boolean;
  justSubmitted: boolean;
  /** The viewer owes the written version of this phoned-in report (`mayCompleteWritten`): the 补报 link shows. */
  canWrite?: boolean;
  /** The viewer may write a 批示: the action block links to the form further down. */
  canInstruct?: boolean;
  /** Now by the runtime's clock (`deps.clock`): whether the written version or the sign-off is overdue (已超时). */
  now: string;
  extra?: Raw;
}): Raw {
  const { report: r } = opts;
  const tz = r.timezone;
  const c = r.casualties;
  return html`${opts.justSubmitted ? html`<div class="ok" role="status" data-draft-clear="report-new">报送成功。系统已开始逐级通知，确认情况见下方报送链。</div>` : raw('')}
<h1>${r.title}</h1>
<p class="no-print" id="report-doc-links"><a href="/reports/${r.reportId}/print">信息专报（打印）</a>　<a href="/reports/${r.reportId}/document.docx">下载 Word 文档</a>${r.docNumber ? html` · 〔${r.docNumber.year}〕第${r.docNumber.number}期` : html` <span class="hint">首次打印或下载时编号</span>`}</p>
<p>${SEVERITY_LABELS[r.severity]} · ${r.categoryLabel} · 状态：<strong id="report-status">${r.status === 'acknowledged' ? '已全部确认' : '逐级报送中'}</strong>${r.late ? html` · <span class="late">迟报 ${r.lateByMinutes} 分钟</span>` : raw('')}</p>
${actionBlock(opts)}
${phonedCall(r, !!opts.canWrite, opts.now)}
<table>
<tr><th>发生时间</th><td>${formatLocal(r.occurredAt, tz)}</td><th>获知时间</th><td>${formatLocal(r.learnedAt, tz)}</td></tr>
<tr><th>报送时间</th><td>${formatLocal(r.submittedAt, tz)}</td><th>报送时限</th><td>${formatLocal(r.deadline, tz)}</td></tr>
<tr><th>地点</th><td>${r.place}</td><th>报告人</th><td>${r.reporterName}</td></tr>
${r.source ? html`<tr><th>信息来源</th><td colspan="3" id="report-source">${r.source}</td></tr>` : raw('')}
${c ? html`<tr><th>伤亡</th><td colspan="3">死亡 ${c.dead} 人，受伤 ${c.injured} 人，失踪 ${c.missing} 人</td></tr>` : raw('')}
<tr><th>现场联系人</th><td colspan="3">${r.contact.name} ${r.contact.post ?? ''} ${r.contact.phone}</td></tr>
</table>
<h2>基本情况</h2><p>${multiline(r.summary)}</p>
${r.losses ? html`<h2>损失情况</h2><p>${multiline(r.losses)}</p>` : raw('')}
${r.impact ? html`<h2>影响范围及发展趋势</h2><p>${multiline(r.impact)}</p>` : raw('')}
${r.leadersOnSite ? html`<h2>领导到位情况</h2><p>${multiline(r.leadersOnSite)}</p>` : raw('')}
<h2>已采取的措施</h2><p>${multiline(r.measuresTaken)}</p>
${r.requests ? html`<h2>请求事项和建议</h2><p>${multiline(r.requests)}</p>` : raw('')}
<h2>报送链</h2>
<table id="chain"><tr><th>层级</th><th>角色</th><th>姓名</th><th>状态</th><th>通知时间</th><th>确认时间</th></tr>
${r.chain.map(
  (
    l,
  ) => html`<tr data-level="${l.level}"><td>${l.level}${l.parallel ? '（同时报送）' : ''}</td><td>${ROLE_LABELS[l.role] ?? l.role}</td><td>${l.name || '（空缺）'}</td>
<td class="state-${l.state}">${STATE[l.state]}${l.skipReason ? `（${l.skipReason}）` : ''}</td><td>${l.notifiedAt ? formatLocal(l.notifiedAt, tz) : ''}</td><td>${l.acknowledgedAt ? formatLocal(l.acknowledgedAt, tz) : ''}</td></tr>`,
)}</table>
${r.forwardedFrom ? html`<p>本报告由下级单位 ${r.forwardedFrom.orgName} 报送，${r.signOff?.byName ?? ''} 签发。</p>` : raw('')}
${!r.signOff && !r.forwardedFrom && r.signOffDueAt ? html`<p id="sign-off-due" class="${Date.parse(r.signOffDueAt) < Date.parse(opts.now) ? 'overdue' : ''}">待签发：请于 ${formatLocal(r.signOffDueAt, tz)} 前签发${Date.parse(r.signOffDueAt) < Date.parse(opts.now) ? '（已超时）' : ''}</p>` : raw('')}
${r.signOff && !r.forwardedFrom ? html`<p id="sign-off">签发：${r.signOff.byName}，${formatLocal(r.signOff.at, tz)}，${r.signOff.decision === 'forward' ? '已上报上级单位' : '不上报'}${r.signOff.note ? `。意见：${r.signOff.note}` : ''}</p>` : raw('')}
${opts.extra ?? raw('')}
<h2>处理记录</h2>
<table id="timeline">${opts.timeline.map((e) => html`<tr><td style="white-space:nowrap">${formatLocal(e.at, tz)}</td><td class="event-type">${eventLabel(e.type)}</td><td>${e.detail}</td></tr>`)}</table>`;
}

/**
 * What the viewer is asked to do, at the top of the page so that a phone opened from a mail shows it first: 确认接报,
 * 签发 (the form itself: two choices and a note) and a link to the 批示 form. Nothing when there is nothing to do.
 */
function actionBlock(opts: {
  report: Report;
  canAck: boolean;
  canSignOff: boolean;
  canInstruct?: boolean;
  now: string;
}): Raw {
  const r = opts.report;
  if (!opts.canAck && !opts.canSignOff && !opts.canInstruct) return raw('');
  const overdue = !!r.signOffDueAt && Date.parse(r.signOffDueAt) < Date.parse(opts.now);
  return html`<section class="notice actions no-print" id="actions" aria-labelledby="actions-title">
<h2 id="actions-title">请您办理</h2>
${opts.canAck ? html`<form method="post" action="/reports/${r.reportId}/ack"><p>请阅知本报告后确认接报。</p><button type="submit" id="ack-button">确认接报</button></form>` : raw('')}
${
  opts.canSignOff
    ? html`<form method="post" action="/reports/${r.reportId}/sign-off" id="sign-off-form"><fieldset><legend class="required">签发${r.signOffDueAt ? html`（请于 ${formatLocal(r.signOffDueAt, r.timezone)} 前${overdue ? html`，<span class="late">已超时</span>` : raw('')}）` : raw('')}</legend>
<label><input type="radio" name="decision" value="forward" required> 上报上级单位</label>
<label><input type="radio" name="decision" value="keep"> 不上报</label></fieldset>
<label for="note">签发意见 <span class="hint">可不填</span></label><textarea id="note" name="note" maxlength="1000"></textarea>
<button type="submit">签发</button></form>`
    : raw('')
}
${opts.canInstruct ? html`<p><a class="button secondary" href="#instruction-form" id="instruct-link">写批示</a></p>` : raw('')}
</section>`;
}

/**
 * A phoned-in report's call (the 值班电话记录簿 line): who called, from where, when, who took it down and when, whom the
 * caller had already told; the written version's due time or when it came; and, for whoever owes it, the 补报 link.
 */
function phonedCall(r: Report, canWrite: boolean, now: string): Raw {
  const i = r.intake;
  if (!r.phonedIn || !i) return raw('');
  const tz = r.timezone;
  const row = (label: string, value: Raw | string) => html`<tr><th>${label}</th><td>${value}</td></tr>`;
  const caller = [i.callerName, i.callerUnit, i.callerPost].filter(Boolean).join('，');
  const overdue = !r.written && !!r.writtenDueAt && r.writtenDueAt < now;
  const due = r.writtenDueAt ? formatLocal(r.writtenDueAt, tz) : '';
  const written = r.written
    ? html`已于 ${r.writtenAt ? formatLocal(r.writtenAt, tz) : ''} 报送${r.writtenLateByMinutes ? html`（<span class="late">逾时 ${r.writtenLateByMinutes} 分钟</span>）` : '（按时）'}；时限 ${due}`
    : html`<strong class="${overdue ? 'late' : ''}">应于 ${due} 前报送${overdue ? '（已超时）' : ''}</strong>`;
  return html`<section class="notice" id="phoned-call" aria-labelledby="phoned-call-title" style="margin-bottom:16px">
<h2 id="phoned-call-title">电话报告</h2>
<table>
${row('来电人', caller)}
${i.callerPhone ? row('来电号码', html`<a href="tel:${i.callerPhone}">${i.callerPhone}</a>`) : raw('')}
${row('来电时间', html`${formatLocal(i.calledAt, tz)}${r.callLateByMinutes ? html`（<span class="late">来电迟报 ${r.callLateByMinutes} 分钟</span>）` : raw('')}`)}
${row('记录', `${i.recordedByName}，${formatLocal(i.takenAt, tz)}`)}
${i.alreadyTold ? row('来电人已报告', i.alreadyTold) : raw('')}
${row('书面报告', written)}
</table>
${canWrite && !r.written ? html`<p><a class="button" id="written-link" href="/reports/${r.reportId}/written">补报书面报告</a></p>` : raw('')}
</section>`;
}

/** The page a mail link opens: the summary and one button. Nothing happens until the button is pressed (mail scanners follow links). */
export function ackPage(opts: { report: Report; personName: string; token: string }): Raw {
  const r = opts.report;
  return html`<h1>确认接报</h1>
<p>${opts.personName}，请阅知以下紧急信息，并点击按钮确认接报。</p>
<table><tr><th>标题</th><td>${r.title}</td></tr><tr><th>等级</th><td>${SEVERITY_LABELS[r.severity]}</td></tr><tr><th>类别</th><td>${r.categoryLabel}</td></tr>
<tr><th>发生时间</th><td>${formatLocal(r.occurredAt, r.timezone)}</td></tr><tr><th>地点</th><td>${r.place}</td></tr><tr><th>报告人</th><td>${r.reporterName}</td></tr></table>
<h2>基本情况</h2><p>${multiline(r.summary)}</p><h2>已采取的措施</h2><p>${multiline(r.measuresTaken)}</p>
<form method="post" action="/ack/${opts.token}"><button type="submit" id="ack-button">确认接报</button></form>`;
}

export function ackDonePage(opts: { report: Report; personName: string; at: string }): Raw {
  return html`<div class="ok" role="status" id="ack-done"><strong>已确认接报。</strong> ${opts.personName}，确认时间 ${formatLocal(opts.at, opts.report.timezone)}。</div>
<h1>${opts.report.title}</h1><p>报告状态：${opts.report.status === 'acknowledged' ? '已全部确认' : '逐级报送中'}。</p>
<p><a class="button" id="open-report" href="/reports/${opts.report.reportId}">打开报告（批示、续报与处理记录）</a></p>`;
}

/** A form post flattened ("contact.phone") into the nested JSON body of POST /api/reports. */
export function formToReportInput(
  form: FormValues,
  timezoneOffset: (local: string) => string,
): Record<string, unknown> {
  const v = (k: string) => (typeof form[k] === 'string' ? form[k].trim() : undefined);
  const opt = (k: string) => v(k) || undefined;
  const casualties = ['dead', 'injured', 'missing'].some((k) => v(`casualties.${k}`))
    ? {
        dead: v('casualties.dead') || '0',
        injured: v('casualties.injured') || '0',
        missing: v('casualties.missing') || '0',
      }
    : undefined;
  return {
    departmentId: v('departmentId') ?? '',
    category: v('category') ?? '',
    severity: v('severity') ?? '',
    title: v('title') ?? '',
    occurredAt: v('occurredAt') ? timezoneOffset(v('occurredAt')!) : '',
    learnedAt: opt('learnedAt') ? timezoneOffset(v('learnedAt')!) : undefined,
    place: v('place') ?? '',
    source: opt('source'),
    summary: v('summary') ?? '',
    casualties,
    losses: opt('losses'),
    impact: opt('impact'),
    leadersOnSite: opt('leadersOnSite'),
    measuresTaken: v('measuresTaken') ?? '',
    requests: opt('requests'),
    contact: { name: v('contact.name') ?? '', post: opt('contact.post'), phone: v('contact.phone') ?? '' },
    confidentiality: v('confidentiality') || 'internal',
  };
}
