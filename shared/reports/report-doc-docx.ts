import type { DocSection, ReportDoc } from './report-doc.ts';

const FANGSONG = { ascii: 'FangSong', eastAsia: '仿宋', hAnsi: 'FangSong', cs: 'FangSong' };
const HEITI = { ascii: 'SimHei', eastAsia: '黑体', hAnsi: 'SimHei', cs: 'SimHei' };
const SONGTI = { ascii: 'SimSun', eastAsia: '宋体', hAnsi: 'SimSun', cs: 'SimSun' };
const KAITI = { ascii: 'KaiTi', eastAsia: '楷体', hAnsi: 'KaiTi', cs: 'KaiTi' };
/** 三号 (16 pt) in half-points, the size of an official document's body; the masthead 小初 (36 pt), the title 二号. */
const SIZE = { body: 32, masthead: 72, title: 44, meta: 28 };

/**
 * The 信息专报 as a Word document (.docx, opens in WPS and Word): A4, the margins of an official document, 仿宋 body with
 * a two-character first-line indent, the 密级 top left, the red masthead and rule. `docx` is imported here, when a file
 * is asked for, so a cold start of the reports function does not load the writer.
 */
export async function reportDocx(d: ReportDoc): Promise<Uint8Array> {
  const {
    AlignmentType,
    BorderStyle,
    Document,
    Packer,
    Paragraph,
    TextRun,
    convertMillimetersToTwip: mm,
  } = await import('docx');
  const run = (text: string, o: { font?: typeof FANGSONG; size?: number; bold?: boolean; color?: string } = {}) =>
    new TextRun({ text, font: o.font ?? FANGSONG, size: o.size ?? SIZE.body, bold: o.bold, color: o.color });
  const body = (text: string) =>
    new Paragraph({ children: [run(text)], indent: { firstLine: 640 }, spacing: { line: 560, lineRule: 'exact' } });
  const heading = (text: string, font: typeof FANGSONG) =>
    new Paragraph({
      children: [run(text, { font })],
      indent: { firstLine: 640 },
      spacing: { before: 160, line: 560, lineRule: 'exact' },
      keepNext: true,
    });
  const section = (s: DocSection, font: typeof FANGSONG) => [
    heading(s.heading, font),
    ...(s.facts ?? []).map(([k, v]) => body(`${k}：${v}`)),
    ...s.paragraphs.map(body),
  ];
  const doc = new Document({
    creator: d.issuer,
    title: d.title,
    description: `信息专报 ${d.numberLine}`,
    sections: [
      {
        properties: {
          page: {
            size: { width: mm(210), height: mm(297) },
            margin: { top: mm(37), bottom: mm(35), left: mm(28), right: mm(26) },
          },
        },
        children: [
          new Paragraph({ children: [run(d.secrecy, { font: HEITI })], alignment: AlignmentType.LEFT }),
          new Paragraph({
            children: [run('信息专报', { font: SONGTI, size: SIZE.masthead, bold: true, color: 'CC0000' })],
            alignment: AlignmentType.CENTER,
            spacing: { before: 240, after: 120 },
          }),
          new Paragraph({ children: [run(d.numberLine)], alignment: AlignmentType.CENTER }),
          new Paragraph({
            children: [run(`${d.issuer}\t${d.dateLine}`, { size: SIZE.meta })],
            tabStops: [{ type: 'right', position: mm(156) }],
            border: { bottom: { style: BorderStyle.SINGLE, size: 18, color: 'CC0000', space: 4 } },
          }),
          new Paragraph({
            children: [run(d.title, { font: SONGTI, size: SIZE.title, bold: true })],
            alignment: AlignmentType.CENTER,
            spacing: { before: 480, after: 240 },
          }),
          ...d.sections.flatMap((s) => section(s, HEITI)),
          ...d.followups.flatMap((s) => section(s, KAITI)),
          new Paragraph({
            children: [run(d.signOff, { size: SIZE.meta })],
            spacing: { before: 480 },
            border: { top: { style: BorderStyle.SINGLE, size: 6, color: '000000', space: 4 } },
          }),
          new Paragraph({ children: [run(d.footer, { size: SIZE.meta })] }),
        ],
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}

export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
