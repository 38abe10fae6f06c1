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
  html`<div class="table-scroll"><table id="${id}" tabindex="0" aria-label="数据表：${head.join('、')}"><thead><tr>${head.map((h) => html`<th scope="col">${h}</th>`)}</tr></thead><tbody>${rows.map((r) => html`<tr>${r.map((c, i) => (i === 0 ? html`<th scope="row">${c}</th>` : html`<td>${c}</td>`))}</tr>`)}</tbody></table></div>`;
const section = (id: string, title: string, chart: Raw, numbers: Raw) =>
  html`<section class="figure" id="${id}"><h2>${title}</h2>${chart}<details open><summary>数据表</summary>${numbers}</details></section>`;

/**
 * The dashboard page (统计分析): the period form, downloads, then each figure as an SVG chart with its numbers in a
 * table below. `q` keeps the period as asked.
 */
export function dashboardPage(d: Dashboard, orgName: string, lower?: { orgId: string; parentName: string }): Raw {
  const period = `${lower ? `org=${encodeURIComponent(lower.orgId)}&` : ''}from=${d.from}&to=${d.to}`;
  const speedRows = [
    { label: '获知至报送', ...d.minutesToReport },
    ...d.minutesToAcknowledge.map((l) => ({ label: `第${l.level}级 通知至确认`, ...l })),
  ];
  const depts = d.itemsByDepartment.slice(0, 15);
  return html`<h1>统计分析</h1>
<p>${orgName} · ${monthLabel(d.from)} 至 ${monthLabel(d.to)}（共 ${d.months.length} 个月）</p>
${lower ? html`<p class="notice" id="lower-notice">这是${lower.parentName ? `${lower.parentName}的` : ''}下级单位「${orgName}」的统计。<a href="/dashboard?from=${d.from}&to=${d.to}#lower-orgs">返回下级单位对比</a></p>` : raw('')}
<form method="get" action="/dashboard" class="row no-print period">${lower ? html`<input type="hidden" name="org" value="${lower.orgId}">` : raw('')}<div><label for="from">自</label><input type="month" id="from" name="from" value="${d.from}"></div><div><label for="to">至</label><input type="month" id="to" name="to" value="${d.to}"></div><div><button type="submit" class="secondary">统计</button></div></form>
<p class="no-print"><a href="/dashboard/xlsx?${period}" id="dashboard-xlsx">下载 Excel</a> · <a href="/dashboard/csv?${period}" id="dashboard-csv">下载 CSV（按月）</a> · <a href="/timeliness">报送时效明细</a> · <a href="/scores">月度得分</a></p>
${d.source.seededMonths ? html`<p class="notice" id="seeded">其中 ${d.source.seededMonths} 个月为演示数据（本地启动时生成，未发送任何邮件）。</p>` : raw('')}
<table id="totals"><tr><th>报告</th><th>迟报</th><th>迟报率</th><th>获知至报送用时中位数</th><th>第90百分位</th></tr>
<tr><td data-label="报告">${d.reports}</td><td data-label="迟报">${d.late}</td><td data-label="迟报率">${pct(d.reports ? d.late / d.reports : 0)}</td><td data-label="获知至报送用时中位数">${dash(d.minutesToReport.median)} 分钟</td><td data-label="第90百分位">${dash(d.minutesToReport.p90)} 分钟</td></tr></table>
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
${d.lowerOrgs.length ? lowerOrgsSection(d) : raw('')}
<style>.period{flex-wrap:wrap;align-items:flex-end}.period>div{flex:1 1 9em;min-width:0}.period>div:last-child{flex:0 0 auto}.figure{margin:1.5em 0}.figure svg{margin:.5em 0}.table-scroll{overflow-x:auto}.figure table{min-width:16em}</style>`;
}

/**
 * The upper office's view (issue 16): each lower organisation's figures of the period side by side. A table at
 * desktop width; on a phone every row is a card (`data-label` cells), so nothing scrolls sideways. Each name opens
 * that organisation's own dashboard for the same period.
 */
function lowerOrgsSection(d: Dashboard): Raw {
  const period = `from=${d.from}&to=${d.to}`;
  const scored = d.lowerOrgs.filter((o) => o.score !== null);
  const min = (v: number | null) => (v === null ? '—' : `${v} 分钟`);
  return html`<section class="figure" id="lower-orgs"><h2>下级单位</h2>
<p class="hint">各下级单位本期间的报送情况；报送评分为本期间各月评分（按时、要素、续报、问责，满分 100）的平均。</p>
<p class="no-print"><a href="/dashboard/lower-orgs/xlsx?${period}" id="lower-orgs-xlsx">下载 Excel</a> · <a href="/dashboard/lower-orgs/csv?${period}" id="lower-orgs-csv">下载 CSV</a></p>
${
  scored.length
    ? barChart(
        'chart-lower-orgs',
        '下级单位报送评分（月均，满分 100）',
        scored.map((o) => ({ label: o.name, values: [o.score ?? 0] })),
        [{ name: '报送评分', color: BLUE }],
      )
    : raw('')
}
<table id="table-lower-orgs" class="lower-orgs"><thead><tr><th scope="col">单位</th><th scope="col">报告</th><th scope="col">迟报</th><th scope="col">迟报率</th><th scope="col">获知至报送中位数</th><th scope="col">第90百分位</th><th scope="col">第1级确认中位数</th><th scope="col">逾期未续报</th><th scope="col">问责记录</th><th scope="col">工作信息报送/采用</th><th scope="col">报送评分</th></tr></thead>
<tbody>${d.lowerOrgs.map(
    (o) =>
      html`<tr><td data-label="单位" class="org-name"><a href="/dashboard?org=${encodeURIComponent(o.orgId)}&${period}">${o.name}</a></td><td data-label="报告">${o.reports}</td><td data-label="迟报">${o.late}</td><td data-label="迟报率">${pct(o.lateShare)}</td><td data-label="获知至报送中位数">${min(o.minutesToReport.median)}</td><td data-label="第90百分位">${min(o.minutesToReport.p90)}</td><td data-label="第1级确认中位数">${min(o.minutesToAcknowledge.median)}</td><td data-label="逾期未续报">${o.followupsMissed}</td><td data-label="问责记录">${o.findings}</td><td data-label="工作信息报送/采用">${o.itemsSent} / ${o.itemsAdopted}</td><td data-label="报送评分">${o.score === null ? '尚未评分' : `${o.score} 分`}</td></tr>`,
  )}</tbody></table></section>`;
}
