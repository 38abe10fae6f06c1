import { SEVERITIES, SEVERITY_LABELS, type Category, type Department } from '../org/index.ts';
import { pickerAttr } from '../platform/pages/picker-script.ts';
import { formatLocal } from '../platform/kernel/time.ts';
import { errorSummary, type FieldError } from '../platform/pages/form.ts';
import { html, raw, type Raw } from '../platform/pages/html.ts';
import type { ReportList } from './report-list.ts';

/** The filters a list page keeps in its links (next page, exports): the query as the person set it. */
const FILTERS = ['from', 'to', 'departmentId', 'category', 'severity', 'status', 'late', 'channel', 'q'] as const;

const queryString = (q: Record<string, string | undefined>, extra: Record<string, string> = {}) => {
  const p = new URLSearchParams();
  for (const k of FILTERS) if (q[k]) p.set(k, q[k]!);
  for (const [k, v] of Object.entries(extra)) p.set(k, v);
  const s = p.toString();
  return s ? `?${s}` : '';
};

/**
 * 查找报告 (`/reports`): the filters as one GET form (works without JavaScript), the reports found as a table that
 * becomes a list of cards on a phone (every cell labelled), the next page by cursor, and the CSV and Excel exports of
 * everything the filters find.
 */
export function reportListPage(opts: {
  list: ReportList;
  query: Record<string, string | undefined>;
  departments: Department[];
  categories: Category[];
  /** A query the list refused (a range over a year, a bad month): shown at the top and beside its field. */
  errors?: readonly FieldError[];
}): Raw {
  const { list, query: q } = opts;
  const errors = opts.errors ?? [];
  const fieldError = (name: string) => {
    const mine = errors.filter((e) => e.field === name);
    return mine.length
      ? html`<span class="field-error" id="f-${name}-error">${mine.map((e) => e.message).join('；')}</span>`
      : raw('');
  };
  const invalid = (name: string) =>
    raw(errors.some((e) => e.field === name) ? ` aria-invalid="true" aria-describedby="f-${name}-error"` : '');
  const tz = list.timezone;
  const select = (name: string, label: string, options: [string, string][]) =>
    html`<div class="field"><label for="f-${name}">${label}</label><select id="f-${name}" name="${name}"${raw(pickerAttr(options.length, label))}><option value="">全部</option>${options.map(
      ([v, l]) =>
        q[name] === v ? html`<option value="${v}" selected>${l}</option>` : html`<option value="${v}">${l}</option>`,
    )}</select></div>`;
  const month = (name: 'from' | 'to', label: string, value: string) =>
    html`<div class="field"><label for="f-${name}">${label}</label><input id="f-${name}" name="${name}" type="month" value="${value}" pattern="\\d{4}-\\d{2}" placeholder="YYYY-MM"${invalid(name)}>${fieldError(name)}</div>`;
  const rows = list.items.map(
    (r) => html`<tr>
<td data-label="报送时间">${formatLocal(r.submittedAt, tz)}</td>
<td data-label="标题"><a href="/reports/${r.reportId}">${r.title}</a>${r.phonedIn ? html` <span class="badge">电话报告</span>` : raw('')}</td>
<td data-label="部门">${r.departmentName || '—'}</td>
<td data-label="类别">${r.categoryLabel}</td>
<td data-label="等级">${SEVERITY_LABELS[r.severity]}</td>
<td data-label="状态"><span class="badge state-${r.closed ? 'skipped' : r.status === 'acknowledged' ? 'acknowledged' : 'notified'}">${r.statusLabel}</span>${r.late ? html` <span class="late">迟报 ${r.lateByMinutes} 分钟</span>` : raw('')}</td>
</tr>`,
  );
  const next = list.nextCursor ? queryString(q, { cursor: list.nextCursor }) : '';
  return html`<h1>查找报告</h1>
<p class="hint">按月份范围（最多一年）、部门、类别、等级、状态查找本单位的紧急信息报告；标题关键词在所选范围内查找。</p>
${errorSummary(errors, { from: '起始月份', to: '截止月份', cursor: '下一页' })}
<form method="get" action="/reports" id="report-filters" class="filters">
<div class="row">${month('from', '起始月份', list.range.fromMonth)}${month('to', '截止月份', list.range.toMonth)}</div>
<div class="row">${select(
    'departmentId',
    '部门',
    opts.departments.map((d) => [d.departmentId, d.name]),
  )}${select(
    'category',
    '类别',
    opts.categories.map((c) => [c.code, c.label]),
  )}${select(
    'severity',
    '等级',
    SEVERITIES.map((s) => [s, SEVERITY_LABELS[s]]),
  )}</div>
<div class="row">${select('status', '状态', [
    ['escalating', '逐级报送中'],
    ['acknowledged', '已全部确认'],
    ['closed', '已终报'],
  ])}${select('late', '迟报', [
    ['true', '迟报'],
    ['false', '未迟报'],
  ])}${select('channel', '报告方式', [
    ['phone', '电话报告'],
    ['written', '书面报告'],
  ])}</div>
<div class="field"><label for="f-q">标题关键词</label><input id="f-q" name="q" type="search" maxlength="100" value="${q.q ?? ''}"></div>
<button type="submit">查找</button>
</form>
${errors.length ? raw('') : html`<p id="report-count">${list.items.length ? `本页 ${list.items.length} 条` : '没有符合条件的报告。'}${list.nextCursor ? '，还有更多' : ''}</p>`}
${list.items.length ? html`<table id="report-list"><thead><tr><th>报送时间</th><th>标题</th><th>部门</th><th>类别</th><th>等级</th><th>状态</th></tr></thead><tbody>${rows}</tbody></table>` : raw('')}
<p class="no-print">${next ? html`<a class="button secondary" id="next-page" href="/reports${next}">下一页</a> ` : raw('')}<a class="button secondary" id="export-csv" href="/reports${queryString(q, { format: 'csv' })}">导出 CSV</a> <a class="button secondary" id="export-xlsx" href="/reports${queryString(q, { format: 'xlsx' })}">导出 Excel</a></p>`;
}
