import { docxOf, mm, type Fonts, type Paragraph, type Run } from '../platform/docx/wordml.ts';
import type { DocSection, ReportDoc } from './report-doc.ts';

export { DOCX_TYPE } from '../platform/docx/wordml.ts';

const FANGSONG = { ascii: 'FangSong', eastAsia: '仿宋', hAnsi: 'FangSong', cs: 'FangSong' };
const HEITI = { ascii: 'SimHei', eastAsia: '黑体', hAnsi: 'SimHei', cs: 'SimHei' };
const SONGTI = { ascii: 'SimSun', eastAsia: '宋体', hAnsi: 'SimSun', cs: 'SimSun' };
const KAITI = { ascii: 'KaiTi', eastAsia: '楷体', hAnsi: 'KaiTi', cs: 'KaiTi' };
/** 三号 (16 pt) in half-points, the size of an official document's body; the masthead 小初 (36 pt), the title 二号. */
const SIZE = { body: 32, masthead: 72, title: 44, meta: 28 };
/** Two characters of 三号: the first-line indent of a body paragraph; 28 pt exact lines. */
const INDENT = 640;
const LINE = 560;

const run = (text: string, o: Partial<Omit<Run, 'text'>> = {}): Run => ({
  text,
  font: o.font ?? FANGSONG,
  size: o.size ?? SIZE.body,
  ...(o.bold ? { bold: true } : {}),
  ...(o.color ? { color: o.color } : {}),
});
const body = (text: string): Paragraph => ({ runs: [run(text)], firstLineIndent: INDENT, spacing: { line: LINE } });
const heading = (text: string, font: Fonts): Paragraph => ({
  runs: [run(text, { font })],
  firstLineIndent: INDENT,
  spacing: { before: 160, line: LINE },
  keepNext: true,
});
const section = (s: DocSection, font: Fonts): Paragraph[] => [
  heading(s.heading, font),
  ...(s.facts ?? []).map(([k, v]) => body(`${k}：${v}`)),
  ...s.paragraphs.map(body),
];

/**
 * The 信息专报 as a Word document (.docx, opens in WPS and Word): A4, the margins of an official document, 仿宋 body with
 * a two-character first-line indent, the 密级 top left, the red masthead and rule.
 */
export async function reportDocx(d: ReportDoc): Promise<Uint8Array> {
  return docxOf({
    meta: { title: d.title, creator: d.issuer, description: `信息专报 ${d.numberLine}` },
    page: { width: mm(210), height: mm(297), margin: { top: mm(37), bottom: mm(35), left: mm(28), right: mm(26) } },
    paragraphs: [
      { runs: [run(d.secrecy, { font: HEITI })], align: 'left' },
      {
        runs: [run('信息专报', { font: SONGTI, size: SIZE.masthead, bold: true, color: 'CC0000' })],
        align: 'center',
        spacing: { before: 240, after: 120 },
      },
      { runs: [run(d.numberLine)], align: 'center' },
      {
        runs: [run(`${d.issuer}\t${d.dateLine}`, { size: SIZE.meta })],
        rightTabAt: mm(156),
        borderBottom: { size: 18, color: 'CC0000', space: 4 },
      },
      {
        runs: [run(d.title, { font: SONGTI, size: SIZE.title, bold: true })],
        align: 'center',
        spacing: { before: 480, after: 240 },
      },
      ...d.sections.flatMap((s) => section(s, HEITI)),
      ...d.followups.flatMap((s) => section(s, KAITI)),
      {
        runs: [run(d.signOff, { size: SIZE.meta })],
        spacing: { before: 480 },
        borderTop: { size: 6, color: '000000', space: 4 },
      },
      { runs: [run(d.footer, { size: SIZE.meta })] },
    ],
  });
}
