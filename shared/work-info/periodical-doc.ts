import type { Periodical } from './rules/periodical.ts';
import { formatLocal } from '../platform/kernel/time.ts';
import { html, raw, type Raw } from '../platform/pages/html.ts';
import { renderBody } from './item-body.ts';

/** Print rules for a Chinese A4 official-style page: red masthead, 仿宋 body, page breaks kept out of headings. */
export const PERIODICAL_STYLE = `
.periodical{font-family:"FangSong","STFangsong","仿宋","Noto Serif CJK SC",serif;color:#000;max-width:170mm;margin:0 auto;font-size:16pt;line-height:1.75}
.periodical .masthead{color:#c00;text-align:center;font-family:"SimSun","Songti SC","Noto Serif CJK SC",serif;font-size:36pt;font-weight:bold;letter-spacing:4px;margin:0}
.periodical .issue{text-align:center;font-size:16pt;margin:6px 0}
.periodical .meta{display:flex;justify-content:space-between;border-bottom:3px solid #c00;padding-bottom:4px;font-size:14pt}
.periodical h2{font-family:"SimHei","Heiti SC","Noto Sans CJK SC",sans-serif;font-size:18pt;text-align:center;margin:24px 0 4px;break-after:avoid}
.periodical .byline{text-align:center;font-size:13pt;color:#333;margin:0 0 8px}
.periodical p{text-indent:2em;margin:0}.periodical li{margin-left:1em}
.periodical .distribution{border-top:1px solid #000;border-bottom:1px solid #000;margin-top:28px;font-size:13pt;padding:4px 0}
@page{size:A4;margin:25mm 20mm}
@media print{header,nav,.no-print{display:none!important}body{background:#fff}main{box-shadow:none;max-width:none;margin:0;padding:0}.periodical article{break-inside:auto}}
`;

/** The issue as a printable document (also the body of its mail). */
export function periodicalDocument(p: Periodical, timezone: string): Raw {
  const date = formatLocal(p.publishedAt, timezone).slice(0, 10);
  const [y, m, d] = date.split('-');
  return html`<div class="periodical" id="periodical">
<p class="masthead">${p.title}</p>
<p class="issue" id="issue-no">${p.year}年第${p.issueNo}期</p>
<div class="meta"><span>${p.orgName}办公室编</span><span>${y}年${Number(m)}月${Number(d)}日</span></div>
${p.items.map(
  (it, i) =>
    html`<article data-item-id="${it.itemId}"><h2>${it.title}</h2><p class="byline">（${it.departmentName} ${it.authorName}）</p>${renderBody(it.body)}</article>${i < p.items.length - 1 ? raw('') : raw('')}`,
)}
<div class="distribution"><div>报：${p.distribution.leaders.join('、') || '—'}</div><div>送：${p.distribution.departments.join('、') || '—'}</div>${
    p.distribution.outside?.length
      ? html`<div id="outside-distribution">抄送：${p.distribution.outside.join('、')}</div>`
      : raw('')
  }</div>
</div>`;
}
