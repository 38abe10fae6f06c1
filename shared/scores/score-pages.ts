import { EXTERNAL_LEVEL_LABELS } from '../work-info/index.ts';
import type { QuarterStats } from './rules/quarter.ts';
import type { ScoresView } from './score-views.ts';
import { formatLocal } from '../platform/kernel/time.ts';
import { html, raw, type Raw } from '../platform/pages/html.ts';

const ROLE: Record<string, string> = { officer: '信息员', reviewingLeader: '审核领导', principalLeader: '主要领导' };
const monthLabel = (m: string) => `${m.slice(0, 4)}年${Number(m.slice(5))}月`;
const COLORS = [
  '#b71c1c',
  '#1565c0',
  '#2e7d32',
  '#ef6c00',
  '#6a1b9a',
  '#00838f',
  '#4e342e',
  '#ad1457',
  '#37474f',
  '#827717',
];

/** Each department's score over 12 months as an inline SVG line chart (no script; months without a stored score are gaps). */
export function scoreChart(h: { months: string[]; departments: { name: string; scores: (number | null)[] }[] }): Raw {
  const all = h.departments.flatMap((d) => d.scores.filter((s): s is number => s !== null));
  if (!all.length) return html`<p>近 12 个月尚无已生成的月度得分。</p>`;
  const [W, H, L, T, B] = [720, 260, 40, 10, 30];
  const max = Math.max(...all, 0);
  const min = Math.min(...all, 0);
  const span = max - min || 1;
  const x = (i: number) => L + (i * (W - L - 10)) / (h.months.length - 1);
  const y = (v: number) => T + ((max - v) * (H - T - B)) / span;
  const lines = h.departments.map((d, k) => {
    const segs: string[] = [];
    d.scores.forEach((s, i) => {
      if (s === null) return;
      segs.push(
        `${segs.length && d.scores[i - 1] !== null && d.scores[i - 1] !== undefined ? 'L' : 'M'}${x(i).toFixed(1)},${y(s).toFixed(1)}`,
      );
    });
    return html`<path d="${segs.join(' ')}" fill="none" stroke="${COLORS[k % COLORS.length]}" stroke-width="2"><title>${d.name}</title></path>`;
  });
  return html`<svg role="img" aria-label="各部门近12个月得分" width="${W}" height="${H + 20 * Math.ceil(h.departments.length / 5)}" viewBox="0 0 ${W} ${H + 20 * Math.ceil(h.departments.length / 5)}" xmlns="http://www.w3.org/2000/svg" font-size="11">
<line x1="${L}" y1="${y(0)}" x2="${W - 10}" y2="${y(0)}" stroke="#999"/>
<text x="2" y="${y(max) + 4}">${max}</text><text x="2" y="${y(min) + 4}">${min}</text>
${h.months.map((m, i) => html`<text x="${x(i) - 14}" y="${H - 8}">${m.slice(2)}</text>`)}
${lines}
${h.departments.map((d, k) => html`<g><rect x="${L + (k % 5) * 135}" y="${H + 4 + 20 * Math.floor(k / 5)}" width="10" height="10" fill="${COLORS[k % COLORS.length]}"/><text x="${L + (k % 5) * 135 + 14}" y="${H + 13 + 20 * Math.floor(k / 5)}">${d.name}</text></g>`)}
</svg>`;
}

/** The month's scores: ranking, each score's explanation, the people's rewards, and the 12-month chart. */
export function scoresPage(v: ScoresView, chart: Raw, timeZone: string): Raw {
  return html`<h1>${monthLabel(v.month)}信息工作得分</h1>
<form method="get" action="/scores"><label>月份 <input type="month" name="month" value="${v.month}"></label> <button>查看</button></form>
<p>${v.provisional ? '本月得分尚未生成，以下按目前记录计算，仅供参考。' : `已于 ${v.computedAt ? formatLocal(v.computedAt, timeZone) : ''} 生成。`} 本月 ${v.weeks} 周。 <a href="/scores/xlsx?month=${v.month}" id="scores-xlsx">下载 Excel</a> · <a href="/scores/csv?month=${v.month}" id="scores-csv">下载 CSV</a></p>
<table class="scores"><thead><tr><th>排名</th><th>部门</th><th>定额</th><th>报送</th><th>采用</th><th>得分</th><th>说明</th></tr></thead><tbody>
${v.departments.map((d) => html`<tr data-department="${d.departmentId}"><td data-label="排名">${d.rank}</td><td data-label="部门">${d.name}</td><td data-label="定额">${d.quota}</td><td data-label="报送">${d.sent}</td><td data-label="采用">${d.adopted}</td><td data-label="得分"><strong>${d.score}</strong></td><td data-label="说明"><ul>${d.parts.map((p) => html`<li>${p.label}</li>`)}</ul></td></tr>`)}
</tbody></table>
${v.undeliveredMails.length ? html`<p class="notice" role="alert">以下得分邮件被退回，未能送达，请核对邮箱地址：${v.undeliveredMails.map((m) => `${m.to}（${m.reason}）`).join('；')}</p>` : raw('')}
${v.unassignedFindings.length ? html`<p>未指明部门的问责认定（不扣部门分）：${v.unassignedFindings.map((f) => `${f.label} ${f.deduction}`).join('；')}</p>` : raw('')}
<h2>个人奖励</h2>
<table><thead><tr><th>姓名</th><th>身份</th><th>采用</th><th>奖励（元）</th><th>说明</th></tr></thead><tbody>
${v.people.map((p) => html`<tr><td data-label="姓名">${p.name}</td><td data-label="身份">${ROLE[p.role] ?? p.role}</td><td data-label="采用">${p.adopted}</td><td data-label="奖励（元）">${p.reward}</td><td data-label="说明"><ul>${p.parts.map((x) => html`<li>${x.label}</li>`)}</ul></td></tr>`)}
</tbody></table>
<h2>近 12 个月各部门得分</h2>
${chart}
<p><a href="/stats">季度采用统计</a> · <a href="/dashboard">统计分析</a></p>`;
}

/** The quarter's adoption statistics, with the Excel and CSV downloads. */
export function statsPage(s: QuarterStats, timeZone: string): Raw {
  return html`<h1>${s.quarter.replace('-Q', '年第')}季度信息采用统计</h1>
<p>${s.publishedAt ? `本季度统计已于 ${formatLocal(s.publishedAt, timeZone)} 发送给领导和办公室。` : '本季度统计在季度结束后的第一天 01:00 起发送给领导和办公室；以下按目前记录计算。'}</p>
<form method="get" action="/stats"><label>季度 <input name="quarter" value="${s.quarter}" pattern="\\d{4}-Q[1-4]"></label> <button>查看</button></form>
<table><thead><tr><th>排名</th><th>部门</th><th>报送</th><th>采用</th><th>采用率</th><th>${EXTERNAL_LEVEL_LABELS.municipal}采用</th><th>${EXTERNAL_LEVEL_LABELS.provincial}采用</th><th>${EXTERNAL_LEVEL_LABELS.central}采用</th></tr></thead><tbody>
${s.departments.map((d) => html`<tr><td>${d.rank}</td><td>${d.name}</td><td>${d.submitted}</td><td>${d.adopted}</td><td>${d.adoptionRate}%</td><td>${d.external.municipal}</td><td>${d.external.provincial}</td><td>${d.external.central}</td></tr>`)}
</tbody></table>
<p><a href="/stats/xlsx?quarter=${s.quarter}" id="stats-xlsx">下载 Excel</a> · <a href="/stats/csv?quarter=${s.quarter}">下载 CSV</a> · <a href="/scores">月度得分</a></p>`;
}
