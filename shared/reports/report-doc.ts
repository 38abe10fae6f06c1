import { SEVERITY_LABELS, type Org } from '../org/index.ts';
import { AppError } from '../platform/kernel/errors.ts';
import { publishNumbered } from '../platform/kernel/numbered.ts';
import { localParts } from '../platform/kernel/time.ts';
import { html, raw, type Raw } from '../platform/pages/html.ts';
import type { ReportBundle, ReportsDeps } from './ports.ts';
import type { DocNumber, FollowupRecord, Report } from './rules/model.ts';

/**
 * The 信息专报 (issue 14 item 5): a report as the official document an office files, signs and forwards: the
 * organisation's masthead, the number 〔年〕第N期 (gapless per organisation and year), the title, the body by the
 * elements of POLICY §3.3, each 续报 and the 终报 in order, who signed it off and when, the 密级 in the corner. One
 * model (`reportDoc`) feeds the printable page (`reportDocHtml`) and the Word file (`reportDocx` in report-doc-docx.ts).
 */
export type ReportDoc = {
  orgName: string;
  /** 密级, top left: 内部 or 限定范围. */
  secrecy: string;
  /** 〔2026〕第3期 */
  numberLine: string;
  /** The organisation's office and the day the number was taken: 示范县融媒体中心办公室 2026年12月2日 */
  issuer: string;
  dateLine: string;
  title: string;
  /** The body: numbered headings (一、二、…) each with its paragraphs; `facts` are label–value lines. */
  sections: DocSection[];
  /** Each 续报 and the 终报, in order. */
  followups: DocSection[];
  /** 签发：… or 尚未签发 */
  signOff: string;
  /** 报告人 and 报送时间. */
  footer: string;
};
export type DocSection = { heading: string; facts?: [string, string][]; paragraphs: string[] };

const CN_NUMBERS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二', '十三', '十四'];

/** 2026年12月2日 10:30 in the report's zone. */
export function cnDateTime(iso: string, timeZone: string, withTime = true): string {
  const p = localParts(new Date(iso), timeZone);
  const [y, m, d] = p.date.split('-').map(Number) as [number, number, number];
  const hhmm = `${String(Math.floor(p.minutes / 60)).padStart(2, '0')}:${String(p.minutes % 60).padStart(2, '0')}`;
  return `${y}年${m}月${d}日${withTime ? ` ${hhmm}` : ''}`;
}

const casualtyLine = (c: { dead: number; injured: number; missing: number }) =>
  `死亡 ${c.dead} 人，受伤 ${c.injured} 人，失踪 ${c.missing} 人。`;
const paragraphs = (t: string | undefined) => (t ? t.split(/\r?\n/).filter((l) => l.trim()) : []);

/** The document of a report with its follow-ups, numbered `n`, issued by `org`. */
export function reportDoc(
  bundle: Pick<ReportBundle, 'report' | 'followups'>,
  org: Pick<Org, 'name'>,
  n: DocNumber,
): ReportDoc {
  const r = bundle.report;
  const tz = r.timezone;
  const body: Omit<DocSection, 'heading'>[] = [];
  const titled: string[] = [];
  const add = (heading: string, s: Omit<DocSection, 'heading'>) => {
    if (!s.paragraphs.length && !s.facts?.length) return;
    titled.push(heading);
    body.push(s);
  };
  add('基本情况', {
    facts: [
      ['发生时间', cnDateTime(r.occurredAt, tz)],
      ['获知时间', cnDateTime(r.learnedAt, tz)],
      ['发生地点', r.place],
      ...(r.source ? ([['信息来源', r.source]] as [string, string][]) : []),
      ['事件类别', r.categoryLabel],
      ['事件等级', SEVERITY_LABELS[r.severity]],
    ],
    paragraphs: paragraphs(r.summary),
  });
  add('伤亡和损失情况', {
    paragraphs: [...(r.casualties ? [casualtyLine(r.casualties)] : []), ...paragraphs(r.losses)],
  });
  add('影响范围及发展趋势', { paragraphs: paragraphs(r.impact) });
  add('领导到位情况及态度', { paragraphs: paragraphs(r.leadersOnSite) });
  add('已采取的措施', { paragraphs: paragraphs(r.measuresTaken) });
  add('请求事项和建议', { paragraphs: paragraphs(r.requests) });
  add('现场联系人', {
    paragraphs: [[r.contact.name, r.contact.post, r.contact.phone].filter(Boolean).join('　')],
  });
  const sections = body.map((s, i) => ({ heading: `${CN_NUMBERS[i] ?? i + 1}、${titled[i]}`, ...s }));
  const followups = [...bundle.followups].sort((a, b) => a.sequence - b.sequence).map((f) => followupSection(f, tz));
  return {
    orgName: org.name,
    secrecy: r.confidentiality === 'restricted' ? '限定范围' : '内部',
    numberLine: `〔${n.year}〕第${n.number}期`,
    issuer: `${org.name}办公室`,
    dateLine: cnDateTime(n.takenAt, tz, false),
    title: r.title,
    sections,
    followups,
    signOff: signOffLine(r),
    footer: `报告人：${r.reporterName}　报送时间：${cnDateTime(r.submittedAt, tz)}${r.late ? `（迟报 ${r.lateByMinutes} 分钟）` : ''}`,
  };
}

function followupSection(f: FollowupRecord, tz: string): DocSection {
  const facts: [string, string][] = [];
  if (f.measures) facts.push(['新采取的措施', f.measures]);
  if (f.currentState) facts.push(['目前状态', f.currentState]);
  if (f.casualties) facts.push(['伤亡情况', casualtyLine(f.casualties)]);
  if (f.aftermath) facts.push(['善后情况', f.aftermath]);
  if (f.nextSteps) facts.push(['下步打算', f.nextSteps]);
  // What is new first, then the measures, the state, and on the 终报 its aftermath and next steps.
  return {
    heading: `${f.label}（${cnDateTime(f.filedAt, tz)}，${f.filedByName}）`,
    paragraphs: [...paragraphs(f.summary), ...facts.map(([k, v]) => `${k}：${v}`)],
  };
}

function signOffLine(r: Report): string {
  const s = r.signOff;
  if (!s) return '签发：尚未签发';
  const decision = s.decision === 'forward' ? '报上级单位' : '本单位存档';
  return `签发：${s.byName}　${cnDateTime(s.at, r.timezone)}（${decision}）${s.note ? `　签发意见：${s.note}` : ''}`;
}

/**
 * The report's number, taken once: the organisation's next of the year (in its zone) when the report has none, in one
 * transaction with the counter (`publishNumbered`: a lost race reads again and takes the next, so numbers never
 * repeat and never skip); a report numbered meanwhile keeps the number it got.
 */
export async function documentNumber(
  deps: Pick<ReportsDeps, 'reports' | 'clock'>,
  report: Report,
  timeZone: string,
): Promise<DocNumber> {
  if (report.docNumber) return report.docNumber;
  const { doc } = await publishNumbered({
    clock: deps.clock,
    timeZone,
    prepare: async () => (await deps.reports.get(report.reportId)) ?? report,
    lastNumber: (year) => deps.reports.lastDocNumber(report.orgId, year),
    compose: (fresh, { year, number, now }): DocNumber =>
      fresh.docNumber ?? { year, number, takenAt: now.toISOString() },
    write: async (n, fresh) => (fresh.docNumber ? true : deps.reports.takeDocNumber(fresh, n)),
    busy: () => new AppError(503, 'BUSY', '正在编号，请稍后重试。'),
  });
  return doc;
}

/**
 * The number a report takes when it is signed off (签发), the other moment a 信息专报 is filed: after the sign-off's own
 * transaction (a failure here leaves the report to take its number when it is printed).
 */
export async function numberOnSignOff(
  deps: Pick<ReportsDeps, 'reports' | 'orgs' | 'clock'>,
  reportId: string,
): Promise<DocNumber | undefined> {
  const report = await deps.reports.get(reportId);
  const org = report && (await deps.orgs.getOrg(report.orgId));
  return report && org ? documentNumber(deps, report, org.timezone) : undefined;
}

/** Print rules for an A4 信息专报: red masthead and rule, 仿宋 body, 黑体 headings, the 密级 top left. */
export const REPORT_DOC_STYLE = `
.report-doc{position:relative;font-family:"FangSong","STFangsong","仿宋","Noto Serif CJK SC",serif;color:#000;max-width:170mm;margin:0 auto;font-size:16pt;line-height:1.75}
.report-doc .secrecy{font-family:"SimHei","Heiti SC","Noto Sans CJK SC",sans-serif;font-size:16pt;margin:0 0 8px}
.report-doc .masthead{color:#c00;text-align:center;font-family:"SimSun","Songti SC","Noto Serif CJK SC",serif;font-size:34pt;font-weight:bold;letter-spacing:4px;margin:0;line-height:1.3}
.report-doc .number{text-align:center;font-size:16pt;margin:6px 0}
.report-doc .meta{display:flex;justify-content:space-between;gap:8px;flex-wrap:wrap;border-bottom:3px solid #c00;padding-bottom:4px;font-size:14pt}
.report-doc h1{font-family:"SimSun","Songti SC","Noto Serif CJK SC",serif;font-size:20pt;text-align:center;margin:20px 0 12px;line-height:1.4}
.report-doc h2{font-family:"SimHei","Heiti SC","Noto Sans CJK SC",sans-serif;font-size:16pt;margin:12px 0 0;break-after:avoid}
.report-doc h3{font-family:"KaiTi","STKaiti","楷体",serif;font-size:16pt;margin:16px 0 0;break-after:avoid}
.report-doc p{text-indent:2em;margin:0}.report-doc p.secrecy,.report-doc p.masthead,.report-doc p.number{text-indent:0}
.report-doc .sign-off,.report-doc .footer{text-indent:0;border-top:1px solid #000;margin-top:24px;padding-top:4px;font-size:14pt}
.report-doc .footer{border-top:0;margin-top:0}
@page{size:A4;margin:25mm 20mm}
@media print{header,nav,.no-print{display:none!important}body{background:#fff}main{box-shadow:none;max-width:none;margin:0;padding:0}}
@media (max-width:719px){.report-doc{font-size:16px}.report-doc .masthead{font-size:28px}.report-doc h1{font-size:20px}.report-doc .number,.report-doc h2,.report-doc h3,.report-doc .meta{font-size:16px}}
`;

/** The document as a printable page (`/reports/{id}/print`). */
export function reportDocHtml(d: ReportDoc, reportId: string): Raw {
  const section = (s: DocSection, tag: 'h2' | 'h3') =>
    html`${raw(`<${tag}>`)}${s.heading}${raw(`</${tag}>`)}${(s.facts ?? []).map(([k, v]) => html`<p>${k}：${v}</p>`)}${s.paragraphs.map((p) => html`<p>${p}</p>`)}`;
  return html`<style>${raw(REPORT_DOC_STYLE)}</style>
<p class="no-print"><a class="button secondary" href="/reports/${reportId}">返回报告</a> <a class="button secondary" id="download-docx" href="/reports/${reportId}/document.docx">下载 Word 文档</a></p>
<p class="no-print hint">用浏览器的打印（Ctrl+P）打印本页，纸张 A4。</p>
<div class="report-doc" id="report-doc">
<p class="secrecy" id="doc-secrecy">${d.secrecy}</p>
<p class="masthead">信息专报</p>
<p class="number" id="doc-number">${d.numberLine}</p>
<div class="meta"><span>${d.issuer}</span><span>${d.dateLine}</span></div>
<h1>${d.title}</h1>
${d.sections.map((s) => section(s, 'h2'))}
${d.followups.map((s) => section(s, 'h3'))}
<p class="sign-off" id="doc-sign-off">${d.signOff}</p>
<p class="footer">${d.footer}</p>
</div>`;
}
