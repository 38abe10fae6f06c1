import type { ErrorDetail } from '../platform/kernel/errors.ts';
import { SEVERITIES, SEVERITY_LABELS, type Category, type Department, type Person } from '../org/index.ts';
import type { Report } from './rules/model.ts';
import { formatLocal } from '../platform/kernel/time.ts';
import { html, raw, type Raw } from '../platform/pages/html.ts';
import { choiceField, errorSummary, field, type Choice } from '../platform/pages/form.ts';
import { PENDING_WRITTEN } from './submit-report.ts';
import { REPORT_FIELD_LABELS, REPORT_FIELD_LIMITS } from './report-pages.ts';

/**
 * The pages of phoned-in reports (电话报告, issue 14): the duty officer's phone-first form (the 值班电话记录簿 and what
 * the caller said), and the form that completes the written version. Both work without JavaScript.
 */
export type FormValues = Record<string, string>;

/** Chinese labels of the fields, for the error summary (never the field's code name). */
export const PHONE_LABELS: Record<string, string> = {
  'intake.callerPersonId': '来电人（本单位人员）',
  'intake.callerName': '来电人姓名',
  'intake.callerUnit': '来电人单位',
  'intake.callerPost': '来电人职务',
  'intake.callerPhone': '来电号码',
  'intake.calledAt': '来电时间',
  'intake.alreadyTold': '来电人已报告何人',
  'intake.takenAt': '记录时间',
  departmentId: '涉及部门',
  category: '类别',
  severity: '等级',
  title: '标题',
  occurredAt: '发生时间',
  learnedAt: '获知时间',
  place: '地点',
  summary: '来电所述情况',
  measuresTaken: '已采取的措施',
};

/** The written version's fields are the report form's, named as there; its casualties stand alone, so they say 人数. */
const WRITTEN_FIELDS = [
  'title',
  'occurredAt',
  'place',
  'summary',
  'losses',
  'impact',
  'leadersOnSite',
  'measuresTaken',
  'requests',
  'contact.name',
  'contact.post',
  'contact.phone',
];
export const WRITTEN_LABELS: Record<string, string> = {
  ...Object.fromEntries(WRITTEN_FIELDS.map((name) => [name, REPORT_FIELD_LABELS[name]!])),
  'casualties.dead': '死亡人数',
  'casualties.injured': '受伤人数',
  'casualties.missing': '失踪人数',
};

/** A text field's limit in characters, as the body schema has it (none for numbers, times and phones). */
const charLimit = (name: string) => REPORT_FIELD_LIMITS[name]?.[1];

/** The phone-first form of the duty officer: the call first, then what was said; most of it optional. */
export function phoneForm(opts: {
  departments: Department[];
  categories: Category[];
  people: Person[];
  values: FormValues;
  errors: ErrorDetail[];
  idempotencyKey: string;
  recorderName: string;
  timezone: string;
}): Raw {
  const { values: v, errors } = opts;
  const f = (name: string, extra: Partial<Parameters<typeof field>[0]> = {}) =>
    field({ name, label: PHONE_LABELS[name] ?? name, value: v[name], maxChars: charLimit(name), errors, ...extra });
  const select = (name: string, choices: Choice[], extra: { required?: boolean; empty?: string; hint?: string }) =>
    choiceField({
      name,
      label: PHONE_LABELS[name] ?? name,
      choices,
      value: v[name],
      errors,
      empty: '请选择',
      ...extra,
    });
  return html`<h1>记录电话报告</h1>
<p class="hint">来电即记：记下谁、何时、说了什么，提交后立即按报送链通知。书面报告须在书面时限内补报。时间按本单位时区（${opts.timezone}）。</p>
${errorSummary(errors, PHONE_LABELS)}
<form method="post" action="/reports/phoned" novalidate>
<input type="hidden" name="idempotencyKey" value="${opts.idempotencyKey}">
<fieldset><legend>来电</legend>
${f('intake.calledAt', { type: 'datetime-local', required: true, hint: '电话打进来的时间，迟报以此判断' })}
${select(
  'intake.callerPersonId',
  opts.people.map((p) => ({ value: p.personId, label: p.name })),
  { empty: '不是本单位人员（在下面填写姓名）', hint: '本单位人员来电时选择，其本人可补报书面报告' },
)}
${f('intake.callerName', { maxChars: 40, hint: '不是本单位人员时必填' })}
${f('intake.callerUnit', { maxChars: 100 })}
${f('intake.callerPost', { maxChars: 40 })}
${f('intake.callerPhone', { type: 'tel' })}
${f('intake.alreadyTold', { maxChars: 500, hint: '例如：已报告部门负责人' })}
</fieldset>
<fieldset><legend>来电所述</legend>
${f('title', { required: true, hint: '一句话说明核心事实' })}
${f('summary', { type: 'textarea', required: true, hint: '照记来电所说' })}
${select(
  'departmentId',
  opts.departments.map((d) => ({ value: d.departmentId, label: d.name })),
  { required: true },
)}
${select(
  'category',
  opts.categories.map((c) => ({ value: c.code, label: c.label })),
  { required: true },
)}
${select(
  'severity',
  SEVERITIES.map((s) => ({ value: s, label: SEVERITY_LABELS[s] })),
  { required: true },
)}
${f('occurredAt', { type: 'datetime-local', required: true })}
${f('learnedAt', { type: 'datetime-local', hint: '默认同发生时间' })}
${f('place')}
${f('measuresTaken', { type: 'textarea' })}
</fieldset>
<p class="hint">记录人：${opts.recorderName}（记录时间为提交时）</p>
<button type="submit">记录并报送</button>
</form>`;
}

/** The form fields of the phone page as the body of `POST /api/reports` with `intake`; blanks are left out. */
export function formToPhonedInput(form: FormValues, toIso: (local: string) => string): Record<string, unknown> {
  const t = (k: string) => (form[k] ?? '').trim();
  const time = (k: string) => (t(k) ? safeIso(t(k), toIso) : undefined);
  const put = (o: Record<string, unknown>, k: string, v: unknown) => {
    if (v !== undefined && v !== '') o[k] = v;
  };
  const intake: Record<string, unknown> = { channel: 'phone' };
  for (const k of ['callerPersonId', 'callerName', 'callerUnit', 'callerPost', 'callerPhone', 'alreadyTold'])
    put(intake, k, t(`intake.${k}`));
  put(intake, 'calledAt', time('intake.calledAt'));
  const body: Record<string, unknown> = { intake };
  for (const k of ['departmentId', 'category', 'severity', 'title', 'summary', 'place', 'measuresTaken'])
    put(body, k, t(k));
  put(body, 'occurredAt', time('occurredAt') ?? intake.calledAt);
  put(body, 'learnedAt', time('learnedAt'));
  return body;
}

function safeIso(local: string, toIso: (local: string) => string): string {
  try {
    return toIso(local);
  } catch {
    return local;
  }
}

/** The written version of a phoned-in report: prefilled from what the call said, the call shown above it. */
export function writtenForm(opts: { report: Report; values: FormValues; errors: ErrorDetail[]; now: string }): Raw {
  const { report: r, values: v, errors } = opts;
  const tz = r.timezone;
  const i = r.intake;
  const f = (name: string, extra: Partial<Parameters<typeof field>[0]> = {}) =>
    field({ name, label: WRITTEN_LABELS[name] ?? name, value: v[name], maxChars: charLimit(name), errors, ...extra });
  const due = r.writtenDueAt ? formatLocal(r.writtenDueAt, tz) : '';
  const overdue = !!r.writtenDueAt && r.writtenDueAt < opts.now;
  return html`<h1>补报书面报告</h1>
<p class="${overdue ? 'field-error' : 'hint'}">书面报告应于 ${due} 前报送${overdue ? '，已超过时限，请立即报送' : ''}。</p>
${
  i
    ? html`<section class="card"><h2>电话记录</h2><p>${[i.callerName, i.callerUnit, i.callerPost].filter(Boolean).join('，')}${i.callerPhone ? `（${i.callerPhone}）` : ''}</p><p>来电时间：${formatLocal(i.calledAt, tz)}；记录人：${i.recordedByName}</p>${i.alreadyTold ? html`<p>已报告：${i.alreadyTold}</p>` : raw('')}</section>`
    : raw('')
}
${errorSummary(errors, WRITTEN_LABELS)}
<form method="post" action="/reports/${r.reportId}/written" novalidate>
${f('title', { required: true })}
${f('occurredAt', { type: 'datetime-local', required: true })}
${f('place', { required: true })}
${f('summary', { type: 'textarea', required: true, hint: '发生了什么、原因（已知的部分）' })}
<fieldset><legend>伤亡情况</legend>
${f('casualties.dead', { type: 'number' })}${f('casualties.injured', { type: 'number' })}${f('casualties.missing', { type: 'number' })}
</fieldset>
${f('losses', { type: 'textarea' })}
${f('impact', { type: 'textarea' })}
${f('leadersOnSite', { type: 'textarea' })}
${f('measuresTaken', { type: 'textarea', required: true })}
${f('requests', { type: 'textarea' })}
<fieldset><legend>现场联系人</legend>
${f('contact.name', { required: true })}${f('contact.post')}${f('contact.phone', { type: 'tel', required: true })}
</fieldset>
<button type="submit">报送书面报告</button>
</form>`;
}

/** The written form's starting values: what the call said, without the placeholders. */
export function writtenValues(r: Report, toLocal: (iso: string) => string): FormValues {
  const keep = (s: string | undefined) => (s && s !== PENDING_WRITTEN ? s : '');
  return {
    title: r.title,
    occurredAt: toLocal(r.occurredAt),
    place: keep(r.place),
    summary: r.summary,
    measuresTaken: keep(r.measuresTaken),
    losses: r.losses ?? '',
    impact: r.impact ?? '',
    leadersOnSite: r.leadersOnSite ?? '',
    requests: r.requests ?? '',
    'contact.name': r.contact.name,
    'contact.post': r.contact.post ?? '',
    'contact.phone': r.contact.phone,
  };
}

/** The written form's fields as the body of `POST /api/reports/{reportId}/written`; blanks are left out. */
export function formToWrittenInput(form: FormValues, toIso: (local: string) => string): Record<string, unknown> {
  const t = (k: string) => (form[k] ?? '').trim();
  const body: Record<string, unknown> = {};
  for (const k of ['title', 'place', 'summary', 'losses', 'impact', 'leadersOnSite', 'measuresTaken', 'requests'])
    if (t(k)) body[k] = t(k);
  if (t('occurredAt')) body.occurredAt = safeIso(t('occurredAt'), toIso);
  const c = ['dead', 'injured', 'missing'].map((k) => t(`casualties.${k}`));
  if (c.some(Boolean)) body.casualties = { dead: c[0] || '0', injured: c[1] || '0', missing: c[2] || '0' };
  const contact: Record<string, string> = {};
  for (const k of ['name', 'post', 'phone']) if (t(`contact.${k}`)) contact[k] = t(`contact.${k}`);
  if (Object.keys(contact).length) body.contact = contact;
  return body;
}
