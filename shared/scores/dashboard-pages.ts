import { FINDING_KIND_LABELS, FINDING_KINDS } from '../accountability/index.ts';
import { SEVERITIES, SEVERITY_LABELS } from '../org/index.ts';
import { html, raw, type Raw } from '../platform/pages/html.ts';
import { barChart, monthChart } from './charts.ts';
import type { Dashboard } from './rules/dashboard.ts';

const RED = '#b71c1c';
const BLUE = '#1565c0';
const GREEN = '#2e7d32';
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const dash = (v: number | null) => (v === null ? '—' : String(v));
const monthLabel = (m: string) => `${m.slice(0, 4)}年${Number(m.slice(5))}月`;

const table = (id: string, head: string[], rows: (string | number)[][]) =>
  html`<div class="table-scroll"><table id="${id}"><thead><tr>${head.map((h) => html`<th scope="col">${h}</th>`)}</tr></thead><tbody>${rows.map((r) => html`<tr>${r.map((c, i) => (i === 0 ? html`<th scope="row">${c}</th>` : html`<td>${c}</td>`))}</tr>`)}</tbody></table></div>`;
const section = (id: string, title: string, chart: Raw, numbers: Raw) =>
  html`<section class="figure" id="${id}"><h2>${title}</h2>${chart}<details open><summary>数据表</summary>${numbers}</details></section>`;

/**
 * The dashboard page (统计分析): the period form, downloads, then each figure as an SVG chart with its numbers in a
 * table below. `q` keeps the period as asked.
 */
export function dashboardPage(d: Dashboard, orgName: string): Raw {
  const period = `from=${d.from}&to=${d.to}`;
  const speedRows = [
    { label: '获知至报送', ...d.minutesToReport },
    ...d.minutesToAcknowledge.map((l) => ({ label: `第${l.level}级 通知至确认`, ...l })),
  ];
  const depts = d.itemsByDepartment.slice(0, 15);
  return html`<h1>统计分析</h1>
<p>${orgName} · ${monthLabel(d.from)} 至 ${monthLabel(d.to)}（共 ${d.months.length} 个月）</p>
<form method="get" action="/dashboard" class="row no-print period"><div><label for="from">自</label><input type="month" id="from" name="from" value="${d.from}"></div><div><label for="to">至</label><input type="month" id="to" name="to" value="${d.to}"></div><div><button type="submit" class="secondary">统计</button></div></form>
<p class="no-print"><a href="/dashboard/xlsx?${period}" id="dashboard-xlsx">下载 Excel</a> · <a href="/dashboard/csv?${period}" id="dashboard-csv">下载 CSV（按月）</a> · <a href="/timeliness">报送时效明细</a> · <a href="/scores">月度得分</a></p>
${d.source.seededMonths ? html`<p class="notice" id="seeded">其中 ${d.source.seededMonths} 个月为演示数据（本地启动时生成，未发送任何邮件）。</p>` : raw('')}
<table id="totals"><tr><th>报告</th><th>迟报</th><th>迟报率</th><th>获知至报送用时中位数</th><th>第90百分位</th></tr>
<tr><td>${d.reports}</td><td>${d.late}</td><td>${pct(d.reports ? d.late / d.reports : 0)}</td><td>${dash(d.minutesToReport.median)} 分钟</td><td>${dash(d.minutesToReport.p90)} 分钟</td></tr></table>
${section(
  'by-category',
  '紧急信息按类别',
  barChart(
    'chart-category',
    '紧急信息按类别（件）',
    d.reportsByCategory.map((c) => ({ label: c.label, values: [c.count] })),
    [{ name: '件数', color: RED }],
  ),
  table(
    'table-category',
    ['类别', '件数'],
    d.reportsByCategory.map((c) => [c.label, c.count]),
  ),
)}
${section(
  'by-severity',
  '紧急信息按级别',
  barChart(
    'chart-severity',
    '紧急信息按级别（件）',
    SEVERITIES.map((s) => ({ label: SEVERITY_LABELS[s], values: [d.reportsBySeverity[s]] })),
    [{ name: '件数', color: RED }],
  ),
  table(
    'table-severity',
    ['级别', '件数'],
    SEVERITIES.map((s) => [SEVERITY_LABELS[s], d.reportsBySeverity[s]]),
  ),
)}
${section(
  'speed',
  '报送与确认用时（分钟）',
  barChart(
    'chart-speed',
    '获知至报送、各级通知至确认用时：中位数与第90百分位（分钟）',
    speedRows.map((r) => ({ label: r.label, values: [r.median ?? 0, r.p90 ?? 0] })),
    [
      { name: '中位数', color: BLUE },
      { name: '第90百分位', color: RED },
    ],
  ),
  table(
    'table-speed',
    ['环节', '件数', '用时中位数（分钟）', '第90百分位（分钟）'],
    speedRows.map((r) => [r.label, r.count, dash(r.median), dash(r.p90)]),
  ),
)}
${section(
  'late-by-month',
  '迟报率（按月）',
  monthChart(
    'chart-late',
    '各月迟报率',
    d.months,
    [{ name: '迟报率', color: RED, values: d.lateShareByMonth.map((m) => m.share) }],
    '%',
  ),
  table(
    'table-late',
    ['月份', '报告数', '迟报数', '迟报率'],
    d.lateShareByMonth.map((m) => [monthLabel(m.month), m.reports, m.late, pct(m.share)]),
  ),
)}
${section(
  'followups-by-month',
  '续报逾期（按月）',
  monthChart('chart-followups', '各月逾期未续报次数', d.months, [
    { name: '逾期未续报', color: '#ef6c00', values: d.followupsMissedByMonth.map((m) => m.count) },
  ]),
  table(
    'table-followups',
    ['月份', '逾期未续报（次）'],
    d.followupsMissedByMonth.map((m) => [monthLabel(m.month), m.count]),
  ),
)}
${section(
  'findings',
  '问责记录（按类别）',
  barChart(
    'chart-findings',
    '问责记录按类别（件）',
    FINDING_KINDS.map((k) => ({ label: FINDING_KIND_LABELS[k], values: [d.findingsByKind[k]] })),
    [{ name: '件数', color: '#6a1b9a' }],
  ),
  table(
    'table-findings',
    ['类别', '件数'],
    FINDING_KINDS.map((k) => [FINDING_KIND_LABELS[k], d.findingsByKind[k]]),
  ),
)}
${section(
  'items-by-month',
  '工作信息报送与采用（按月）',
  monthChart('chart-items', '各月工作信息报送与采用（条）', d.months, [
    { name: '报送', color: BLUE, values: d.itemsByMonth.map((m) => m.sent) },
    { name: '采用', color: GREEN, values: d.itemsByMonth.map((m) => m.adopted) },
  ]),
  table(
    'table-items',
    ['月份', '报送（条）', '采用（条）'],
    d.itemsByMonth.map((m) => [monthLabel(m.month), m.sent, m.adopted]),
  ),
)}
${section(
  'items-by-department',
  '各部门工作信息报送与采用',
  barChart(
    'chart-departments',
    `各部门工作信息报送与采用（条）${d.itemsByDepartment.length > depts.length ? `，报送最多的 ${depts.length} 个部门` : ''}`,
    depts.map((x) => ({ label: x.name, values: [x.sent, x.adopted] })),
    [
      { name: '报送', color: BLUE },
      { name: '采用', color: GREEN },
    ],
  ),
  table(
    'table-departments',
    ['部门', '报送（条）', '采用（条）', '采用率'],
    d.itemsByDepartment.map((x) => [x.name, x.sent, x.adopted, x.sent ? pct(x.adopted / x.sent) : '—']),
  ),
)}
<style>.period{flex-wrap:wrap;align-items:flex-end}.period>div{flex:1 1 9em;min-width:0}.period>div:last-child{flex:0 0 auto}.figure{margin:1.5em 0}.figure svg{margin:.5em 0}.table-scroll{overflow-x:auto}.figure table{min-width:16em}</style>`;
}
