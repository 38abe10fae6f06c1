import type { Circular } from './rules/circular.ts';
import { zoneOf } from '../org/index.ts';
import { formatLocal } from '../platform/kernel/time.ts';
import { html, multiline, raw, type Raw } from '../platform/pages/html.ts';

/** Print rules of a circular (通报): red masthead and rule, 仿宋 body, A4. */
export const CIRCULAR_STYLE = `
.circular{font-family:"FangSong","STFangsong","仿宋","Noto Serif CJK SC",serif;color:#000;max-width:170mm;margin:0 auto;font-size:16pt;line-height:1.75}
.circular .masthead{color:#c00;text-align:center;font-family:"SimSun","Songti SC","Noto Serif CJK SC",serif;font-size:34pt;font-weight:bold;letter-spacing:4px;margin:0}
.circular .docno{text-align:center;font-size:16pt;margin:6px 0;border-bottom:3px solid #c00;padding-bottom:6px}
.circular h2{font-family:"SimHei","Heiti SC","Noto Sans CJK SC",sans-serif;font-size:20pt;text-align:center;margin:20px 0 10px}
.circular p{text-indent:2em;margin:0}.circular ol{margin:0 0 0 2em;padding:0}.circular li{margin:6px 0}
.circular .sign{text-align:right;margin-top:24px}
.circular .distribution{border-top:1px solid #000;border-bottom:1px solid #000;margin-top:28px;font-size:13pt;padding:4px 0}
@page{size:A4;margin:25mm 20mm}
@media print{header,nav,.no-print{display:none!important}body{background:#fff}main{box-shadow:none;max-width:none;margin:0;padding:0}}
`;

/** The document number: 〔2026〕第3号. */
export const circularNo = (c: Pick<Circular, 'year' | 'number'>) => `〔${c.year}〕第${c.number}号`;

/** The circular as a printable document (also the body of its mail). */
export function circularDocument(c: Circular): Raw {
  const tz = zoneOf(c);
  const [y, m, d] = formatLocal(c.publishedAt, tz).slice(0, 10).split('-');
  const span = `${formatLocal(c.from, tz).slice(0, 10)} 至 ${formatLocal(c.to, tz).slice(0, 10)}`;
  const named = c.lowerOrgs?.length
    ? html`<p>${c.kind === 'praise' ? '下列下级单位信息报送工作表现突出，特予表扬：' : '下列下级单位信息报送工作存在差距，予以通报：'}</p>
<ol id="circular-lower-orgs">${c.lowerOrgs.map((o) => html`<li><strong>${o.name}</strong>：${o.reason}。</li>`)}</ol>`
    : raw('');
  const body =
    c.kind === 'criticism'
      ? html`<p>${c.intro ?? `${span}，经核查，下列单位和人员在重大紧急信息报送中存在迟报、漏报、误报或瞒报问题，已经认定，现予通报批评。`}</p>
${c.findings.length ? raw('') : named}<ol>${c.findings.map(
          (f) =>
            html`<li data-finding-id="${f.findingId}"><strong>${f.kindLabel}</strong>：${f.responsibleOrgName}${f.responsibleDepartmentName ? html` ${f.responsibleDepartmentName}` : raw('')}${f.responsiblePersonName ? html` ${f.responsiblePersonName}` : raw('')}${f.reportTitle ? html`，《${f.reportTitle}》` : raw('')}。${multiline(f.note)}${f.decisionReason ? html`（认定理由：${f.decisionReason}）` : raw('')}</li>`,
        )}</ol>${c.findings.length ? named : raw('')}
<p>各单位、各部门要引以为戒，严格执行重大紧急信息报送制度，确保信息报送及时、准确、完整。</p>`
      : html`<p>${c.intro ?? `${span}，下列部门重大紧急信息报送及时、完整，特予通报表扬。`}</p>
${c.praised.length ? html`<ol>${c.praised.map((p) => html`<li><strong>${p.name}</strong>：${p.reason}。</li>`)}</ol>` : raw('')}${named}
<p>希望受到表扬的部门再接再厉，其他部门向他们学习。</p>`;
  return html`<div class="circular" id="circular">
<p class="masthead">${c.orgName}</p>
<p class="docno" id="circular-no">通报${circularNo(c)}</p>
<h2>${c.title}</h2>
${body}
<p class="sign">${c.orgName}办公室<br>${y}年${Number(m)}月${Number(d)}日</p>
<div class="distribution"><div>报：${c.distribution.leaders.join('、') || '—'}</div><div>送：${[...c.distribution.departments, ...c.distribution.orgs].join('、') || '—'}</div></div>
</div>`;
}
