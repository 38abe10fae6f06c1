import type { ErrorDetail } from '../platform/kernel/errors.ts';
import type { Department } from '../org/index.ts';
import { CSV_TYPE, XLSX_TYPE, type Download } from '../platform/http/download.ts';
import { formatLocal } from '../platform/kernel/time.ts';
import { html, raw, type Raw } from '../platform/pages/html.ts';
import { errorSummary, field } from '../platform/pages/form.ts';
import { xlsxOf, type Sheet } from '../platform/xlsx/workbook.ts';
import { UNIT_STATE_LABELS, type ZeroPeriod } from './rules/zero.ts';
import type { ZeroDaySummary, ZeroUnitRow } from './zero-reports.ts';

/** The pages of special periods and zero reports (零报告, issue 14): the list with the form, a day's summary. */

const LABELS: Record<string, string> = {
  title: '特殊时期名称',
  from: '开始日期',
  to: '结束日期',
  cutoff: '每日截止时间',
  departmentIds: '须报送的部门',
};

const BADGE: Record<ZeroUnitRow['state'], string> = {
  reported: 'acknowledged',
  zero: 'acknowledged',
  missing: 'overdue',
};

/** The office's list of periods and the form that declares one; others see the list only. */
export function zeroListPage(opts: {
  periods: ZeroPeriod[];
  departments: Department[];
  canDeclare: boolean;
  values: Record<string, string | string[]>;
  errors: ErrorDetail[];
}): Raw {
  const v = opts.values;
  const one = (k: string) => (typeof v[k] === 'string' ? (v[k] as string) : undefined);
  const chosen = new Set(Array.isArray(v.departmentIds) ? v.departmentIds : v.departmentIds ? [v.departmentIds] : []);
  const list = opts.periods.length
    ? html`<ul class="plain">${opts.periods.map((p) => html`<li><a href="/zero-reports/${p.periodId}">${p.title}</a>（${p.from} 至 ${p.to}，每日 ${p.cutoff} 截止）</li>`)}</ul>`
    : html`<p>还没有特殊时期。</p>`;
  const deptErrors = opts.errors.filter((e) => e.field === 'departmentIds');
  const form = opts.canDeclare
    ? html`<h2>设立特殊时期</h2>
<p class="hint">节假日和重大活动期间，所选部门每天须在截止时间前报送紧急信息，没有的报送零报告（无重大紧急情况）。截止时未报的将被催报，一小时后告知办公室。</p>
${errorSummary(opts.errors, LABELS)}
<form method="post" action="/zero-reports" novalidate>
${field({ name: 'title', label: LABELS.title!, value: one('title'), required: true, maxChars: 100, errors: opts.errors, hint: '例如：2027 年春节' })}
${field({ name: 'from', label: LABELS.from!, value: one('from'), required: true, type: 'date', errors: opts.errors })}
${field({ name: 'to', label: LABELS.to!, value: one('to'), required: true, type: 'date', errors: opts.errors })}
${field({ name: 'cutoff', label: LABELS.cutoff!, value: one('cutoff') ?? '16:00', required: true, errors: opts.errors, hint: 'HH:MM，本单位时间' })}
<fieldset id="f-departmentIds"${raw(deptErrors.length ? ' aria-invalid="true"' : '')}><legend class="required">${LABELS.departmentIds}</legend>
${opts.departments.map((d) => html`<label class="check"><input type="checkbox" name="departmentIds" value="${d.departmentId}"${raw(chosen.has(d.departmentId) ? ' checked' : '')}> ${d.name}</label>`)}
${deptErrors.map((e) => html`<span class="field-error">${e.message}</span>`)}
</fieldset>
<button type="submit">设立</button>
</form>`
    : raw('');
  return html`<h1>零报告</h1>${list}${form}`;
}

/** A day of a period: each unit's state as cards on a phone, the zero-report button, the office's confirmation. */
export function zeroDayPage(s: ZeroDaySummary): Raw {
  const tz = s.timezone;
  const i = s.days.indexOf(s.date);
  const prev = i > 0 ? s.days[i - 1] : undefined;
  const next = i + 1 < s.days.length ? s.days[i + 1] : undefined;
  const nav = html`<p class="day-nav">${prev ? html`<a href="?date=${prev}">前一天</a> ` : raw('')}<strong>${s.date}</strong>${next ? html` <a href="?date=${next}">后一天</a>` : raw('')}</p>`;
  const cutoff = formatLocal(s.cutoffAt, tz);
  const action = (u: ZeroUnitRow) => {
    if (u.state === 'missing' && s.mine.includes(u.unitId) && !s.dayEnded)
      return html`<form method="post" action="/zero-reports/${s.periodId}/returns"><input type="hidden" name="date" value="${s.date}"><input type="hidden" name="${u.kind === 'department' ? 'departmentId' : 'orgId'}" value="${u.unitId}"><button type="submit">报送零报告：无重大紧急情况</button></form>`;
    if (u.missedFindingId) return html`<a href="/findings/${u.missedFindingId}">已记为漏报（待核实）</a>`;
    if (u.state === 'missing' && s.isOffice && s.dayEnded)
      return html`<form method="post" action="/zero-reports/${s.periodId}/missed"><input type="hidden" name="date" value="${s.date}"><input type="hidden" name="unitId" value="${u.unitId}"><button type="submit" class="secondary">确认全天未报，记为漏报</button></form>`;
    return raw('');
  };
  const when = (u: ZeroUnitRow) =>
    u.zeroFiledAt
      ? `${formatLocal(u.zeroFiledAt, tz).slice(11)} ${u.zeroFiledBy ?? ''}${u.afterCutoff ? '（截止后补报）' : ''}`
      : '';
  const missing = s.units.filter((u) => u.state === 'missing').length;
  return html`<h1>${s.title}</h1>
${nav}
<p>每日 ${cutoff.slice(11)} 截止${s.cutoffPassed ? html`（已截止${missing ? `，${missing} 个单位未报` : '，全部已报'}）` : raw('')}。</p>
<table class="cards"><thead><tr><th>单位</th><th>状态</th><th>零报告</th><th>操作</th></tr></thead><tbody>
${s.units.map(
  (u) =>
    html`<tr><td data-label="单位">${u.name}</td><td data-label="状态"><span class="badge state-${BADGE[u.state]}">${UNIT_STATE_LABELS[u.state]}</span></td><td data-label="零报告">${when(u)}${u.note ? html`<br>${u.note}` : raw('')}</td><td data-label="操作">${action(u)}</td></tr>`,
)}
</tbody></table>
${s.isOffice ? html`<p><a href="/zero-reports/${s.periodId}/csv?date=${s.date}">下载 CSV</a> · <a href="/zero-reports/${s.periodId}/xlsx?date=${s.date}">下载 Excel</a></p>` : raw('')}`;
}

const HEADERS = ['单位', '类型', '状态', '零报告时间', '报送人', '截止后补报', '说明'];

function rowsOf(s: ZeroDaySummary): (string | undefined)[][] {
  return s.units.map((u) => [
    u.name,
    u.kind === 'department' ? '部门' : '下级单位',
    UNIT_STATE_LABELS[u.state],
    u.zeroFiledAt ? formatLocal(u.zeroFiledAt, s.timezone) : '',
    u.zeroFiledBy ?? '',
    u.afterCutoff ? '是' : '',
    u.note ?? '',
  ]);
}

const cell = (v: string | undefined) => {
  let t = v ?? '';
  if (/^[=+\-@]/.test(t)) t = `'${t}`;
  return /[",\r\n]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
};

/** A day's summary as CSV (UTF-8 with BOM, for spreadsheet programs) or an Excel workbook. */
export async function zeroDayDownload(s: ZeroDaySummary, format: 'csv' | 'xlsx'): Promise<Download> {
  const name = `zero-${s.date}`;
  if (format === 'csv') {
    const lines = [HEADERS, ...rowsOf(s)].map((r) => r.map(cell).join(','));
    return { filename: `${name}.csv`, contentType: CSV_TYPE, content: `\uFEFF${lines.join('\r\n')}\r\n` };
  }
  const sheet: Sheet = {
    name: s.date,
    title: `${s.title} ${s.date} 零报告情况`,
    columns: HEADERS.map((header) => ({ header })),
    rows: rowsOf(s),
  };
  return { filename: `${name}.xlsx`, contentType: XLSX_TYPE, content: await xlsxOf([sheet]) };
}
