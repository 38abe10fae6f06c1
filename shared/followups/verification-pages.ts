import { formatLocal, isoToLocalInput } from '../platform/kernel/time.ts';
import { pickerAttr } from '../platform/pages/picker-script.ts';
import { errorSummary, field, type FieldError } from '../platform/pages/form.ts';
import { html, multiline, raw, type Raw } from '../platform/pages/html.ts';
import type { VerificationView } from './verification.ts';

/** The Chinese labels of the 核报 fields, for the error summary. */
export const VERIFICATION_LABELS: Record<string, string> = {
  targetOrgId: '核报单位',
  subject: '事由',
  details: '详细情况',
  heardFrom: '信息来源',
  dueAt: '核报时限',
  reportId: '答复的报告',
  explanation: '核实情况说明',
};

/** The upper office's form: which lower organisation, what it heard, from where, by when. */
export function verificationFormPage(opts: {
  lowerOrgs: { orgId: string; name: string }[];
  values?: Record<string, string>;
  errors?: FieldError[];
  tz: string;
  now: Date;
}): Raw {
  const v = opts.values ?? {};
  const errors = opts.errors ?? [];
  const due = v.dueAt ?? isoToLocalInput(new Date(opts.now.getTime() + 2 * 3600_000).toISOString(), opts.tz);
  const targetErrors = errors.filter((e) => e.field === 'targetOrgId');
  if (!opts.lowerOrgs.length)
    return html`<h1>发起核报</h1><p>本单位没有下级单位，无法发起核报。</p><p><a href="/supervision">返回督办</a></p>`;
  return html`<h1>发起核报</h1>
<p class="hint">获悉下级单位发生、但尚未报送的情况时，请其核实并在时限内报送报告或答复“经核实无此事”。逾期未答复的，按漏报处理。</p>
${errorSummary(errors, VERIFICATION_LABELS)}
<form method="post" action="/verification-requests" id="verification-form" novalidate>
<div class="field"><label for="f-targetOrgId" class="required">核报单位</label>
<select id="f-targetOrgId" name="targetOrgId"${raw(pickerAttr(opts.lowerOrgs.length, '核报单位'))} required aria-required="true"${raw(targetErrors.length ? ' aria-invalid="true" aria-describedby="f-targetOrgId-error"' : '')}>
<option value="">请选择</option>${opts.lowerOrgs.map((o) => html`<option value="${o.orgId}"${raw(v.targetOrgId === o.orgId ? ' selected' : '')}>${o.name}</option>`)}</select>
${targetErrors.length ? html`<span class="field-error" id="f-targetOrgId-error">${targetErrors.map((e) => e.message).join('；')}</span>` : raw('')}</div>
${field({ name: 'subject', label: '事由', required: true, maxChars: 200, value: v.subject, errors, hint: '一句话说明获悉的情况' })}
${field({ name: 'details', label: '详细情况', type: 'textarea', required: true, maxChars: 4000, value: v.details, errors })}
${field({ name: 'heardFrom', label: '信息来源', maxChars: 500, value: v.heardFrom, errors, hint: '例如：媒体报道、群众反映' })}
${field({ name: 'dueAt', label: '核报时限', type: 'datetime-local', required: true, value: due, errors })}
<button type="submit">发送核报</button></form>`;
}

/** One request: what was asked, its state and deadline, and the answer form for the lower office or principal leader. */
export function verificationPage(
  v: VerificationView,
  opts: {
    tz: string;
    reports: { reportId: string; title: string; submittedAt: string; fromOrgName?: string }[];
    values?: Record<string, string>;
    errors?: FieldError[];
    /** The viewer's organisation: the asking one opens the copy sent up, the answering one its own report. */
    viewerOrgId?: string;
  },
): Raw {
  const errors = opts.errors ?? [];
  const values = opts.values ?? {};
  const tz = opts.tz;
  const a = v.answer;
  const stateClass = v.overdue ? 'state-overdue' : v.state === 'answered' ? 'state-acknowledged' : 'state-pending';
  return html`<h1>核报：${v.subject}</h1>
<p><span class="badge ${stateClass}" id="verification-state">${v.stateLabel}</span></p>
<div class="facts" id="verification-facts">
<p><strong>提出单位：</strong>${v.orgName}（${v.createdByName}，${formatLocal(v.createdAt, tz)}）</p>
<p><strong>核报单位：</strong>${v.targetOrgName}</p>
<p${raw(v.overdue ? ' class="late"' : '')}><strong>核报时限：</strong>${formatLocal(v.dueAt, tz)}${v.overdue ? '（已逾期，按漏报处理）' : ''}</p>
<p><strong>详细情况：</strong>${multiline(v.details)}</p>
${v.heardFrom ? html`<p><strong>信息来源：</strong>${v.heardFrom}</p>` : raw('')}
</div>
${v.findingId && !a ? html`<p class="late">已逾期未答复，系统已提议漏报记录。</p>` : raw('')}
${
  a
    ? html`<h2>答复</h2><div id="verification-answer"><p>${a.byName}，${formatLocal(a.at, tz)}${a.late ? html` <span class="late">（逾期答复）</span>` : raw('')}</p>
${a.noSuchEvent ? html`<p><strong>经核实无此事。</strong></p><p>${multiline(a.explanation)}</p>` : html`<p>以报告答复：<strong>${a.reportTitle ?? ''}</strong></p>${upwardLine(v, opts.viewerOrgId)}`}</div>`
    : raw('')
}
${v.can.answer ? answerForm(v, opts.reports, values, errors, tz) : raw('')}`;
}

/** Where the answering report stands upward, with the link the viewer can open. */
function upwardLine(v: VerificationView, viewerOrgId: string | undefined): Raw {
  const a = v.answer;
  if (!a?.reportId) return raw('');
  const up = a.upward;
  const own = viewerOrgId === v.targetOrgId;
  const ownLink = own ? html` <a href="/reports/${a.reportId}">打开本单位报告</a>` : raw('');
  if (up?.state === 'forwarded' && up.reportId)
    return html`<p id="verification-upward">已签发上报${ownLink}；<a href="/reports/${up.reportId}">${own ? '上报的报告（上级单位）' : '打开上报的报告'}</a></p>`;
  if (up?.state === 'kept') return html`<p id="verification-upward">主要领导签发时决定不上报。${ownLink}</p>`;
  return html`<p id="verification-upward" class="late">答复的报告尚未签发上报；签发后此处链接上报的报告。${ownLink}</p>`;
}

function answerForm(
  v: VerificationView,
  reports: { reportId: string; title: string; submittedAt: string; fromOrgName?: string }[],
  values: Record<string, string>,
  errors: FieldError[],
  tz: string,
): Raw {
  const how = values.how ?? (reports.length ? 'report' : 'none');
  const reportErrors = errors.filter((e) => e.field === 'reportId');
  return html`<h2>答复核报</h2>
${errorSummary(errors, VERIFICATION_LABELS)}
<form method="post" action="/verification-requests/${v.requestId}/answer" id="answer-form" novalidate>
<fieldset><legend>核实结果</legend>
<label><input type="radio" name="how" value="report" style="width:auto"${raw(how === 'report' ? ' checked' : '')}> 确有此事，以报告答复</label>
<div class="field"><label for="f-reportId">答复的报告</label>
<span class="hint" id="f-reportId-hint">尚未报送的，请先<a href="/reports/new">报送紧急信息</a>，再回到这里选择。</span>
<select id="f-reportId" name="reportId"${raw(pickerAttr(reports.length, '报告'))} aria-describedby="f-reportId-hint${reportErrors.length ? ' f-reportId-error' : ''}"${raw(reportErrors.length ? ' aria-invalid="true"' : '')}>
<option value="">请选择</option>${reports.map((r) => html`<option value="${r.reportId}"${raw(values.reportId === r.reportId ? ' selected' : '')}>${formatLocal(r.submittedAt, tz)} ${r.fromOrgName ? `【${r.fromOrgName}报来】` : ''}${r.title}</option>`)}</select>
${reportErrors.length ? html`<span class="field-error" id="f-reportId-error">${reportErrors.map((e) => e.message).join('；')}</span>` : raw('')}</div>
<label><input type="radio" name="how" value="none" style="width:auto"${raw(how === 'none' ? ' checked' : '')}> 经核实无此事</label>
${field({ name: 'explanation', label: '核实情况说明', type: 'textarea', maxChars: 4000, value: values.explanation, errors, hint: '选择“经核实无此事”时必填：如何核实、结论' })}
</fieldset>
<button type="submit">提交答复</button></form>`;
}

type SupervisedVerification = {
  requestId: string;
  subject: string;
  orgName: string;
  targetOrgName: string;
  dueAt: string;
  overdue: boolean;
};

/** 督办's 核报 part: open requests the organisation asked, and those asked of it, each with its deadline. */
export function verificationSupervisionSection(
  s: { verificationsAsked: SupervisedVerification[]; verificationsToAnswer: SupervisedVerification[] },
  tz: string,
  opts: { canAsk: boolean },
): Raw {
  const list = (id: string, rows: SupervisedVerification[], who: (r: SupervisedVerification) => string) =>
    rows.length
      ? html`<table id="${id}"><tr><th>事由</th><th>单位</th><th>时限</th></tr>${rows.map(
          (r) =>
            html`<tr><td data-label="事由"><a href="/verification-requests/${r.requestId}">${r.subject}</a></td><td data-label="单位">${who(r)}</td><td data-label="时限"${raw(r.overdue ? ' class="late"' : '')}>${formatLocal(r.dueAt, tz)}${r.overdue ? '（已逾期）' : ''}</td></tr>`,
        )}</table>`
      : html`<p>无。</p>`;
  return html`<h2>核报待答复（${s.verificationsAsked.length}）</h2>
${opts.canAsk ? html`<p><a class="button" href="/verification-requests/new">发起核报</a></p>` : raw('')}
${list('verifications-asked', s.verificationsAsked, (r) => r.targetOrgName)}
<h2>上级核报（${s.verificationsToAnswer.length}）</h2>
${list('verifications-to-answer', s.verificationsToAnswer, (r) => r.orgName)}`;
}
