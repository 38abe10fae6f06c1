import mammoth from 'mammoth';
import { inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { docxOf, mm, type Run } from '../../../shared/platform/docx/wordml.ts';
import { reportDocx } from '../../../shared/reports/report-doc-docx.ts';
import type { ReportDoc } from '../../../shared/reports/report-doc.ts';

const FONT = { ascii: 'FangSong', eastAsia: '仿宋', hAnsi: 'FangSong', cs: 'FangSong' };
const run = (text: string, extra: Partial<Run> = {}): Run => ({ text, font: FONT, size: 32, ...extra });
const page = { width: mm(210), height: mm(297), margin: { top: 1, bottom: 1, left: 1, right: 1 } };
const meta = { title: 't', creator: 'c', description: 'd' };

/** The text of a .docx as another reader (mammoth, which reads WordprocessingML as Word does) finds it. */
async function textOf(file: Uint8Array): Promise<string> {
  return (await mammoth.extractRawText({ buffer: Buffer.from(file) })).value;
}

describe('a Word document of our own writer (shared/platform/docx/wordml.ts)', () => {
  it('is read back by another reader, paragraph by paragraph, with escaping, tabs and Chinese intact', async () => {
    const file = docxOf({
      meta,
      page,
      paragraphs: [
        { runs: [run('关于<火灾>&"险情"的报告', { bold: true, color: 'CC0000' })], align: 'center' },
        {
          runs: [run('示范县\t2026年12月2日')],
          rightTabAt: mm(156),
          borderBottom: { size: 18, color: 'CC0000', space: 4 },
        },
        { runs: [run('正文\u0001一段')], firstLineIndent: 640, spacing: { before: 160, line: 560 }, keepNext: true },
      ],
    });
    const text = await textOf(file);
    expect(text.split('\n').filter(Boolean)).toEqual(['关于<火灾>&"险情"的报告', '示范县\t2026年12月2日', '正文一段']);
  });

  it('writes paragraph and run properties in the order of the schema (Word refuses a file out of order)', () => {
    const file = docxOf({
      meta,
      page,
      paragraphs: [
        {
          runs: [run('x', { bold: true, color: '000000' })],
          align: 'center',
          firstLineIndent: 640,
          spacing: { before: 1, after: 2, line: 560 },
          keepNext: true,
          borderTop: { size: 6, color: '000000', space: 4 },
          rightTabAt: 100,
        },
      ],
    });
    const order = ['keepNext', 'pBdr', 'tabs', 'spacing', 'ind', 'jc'];
    const doc = docXml(file);
    const positions = order.map((e) => doc.indexOf(`<w:${e}`));
    expect(positions.every((p) => p > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    const runOrder = ['rFonts', 'b', 'bCs', 'color', 'sz', 'szCs'].map((e) => doc.search(new RegExp(`<w:${e}[ />]`)));
    expect(runOrder.every((p) => p > 0)).toBe(true);
    expect([...runOrder].sort((a, b) => a - b)).toEqual(runOrder);
  });

  it('the 信息专报 opens with its masthead, number, title, sections and sign-off', async () => {
    const d: ReportDoc = {
      secrecy: '内部',
      numberLine: '〔2026〕第3期',
      issuer: '示范县融媒体中心办公室',
      dateLine: '2026年12月2日',
      title: '关于某地火灾的报告',
      sections: [{ heading: '一、基本情况', facts: [['时间', '12月1日']], paragraphs: ['起火。'] }],
      followups: [{ heading: '续报（一）', paragraphs: ['已扑灭。'] }],
      signOff: '签发：张三',
      footer: '报：市委办公室',
    } as unknown as ReportDoc;
    const lines = (await textOf(await reportDocx(d))).split('\n').filter(Boolean);
    expect(lines).toEqual([
      '内部',
      '信息专报',
      '〔2026〕第3期',
      '示范县融媒体中心办公室\t2026年12月2日',
      '关于某地火灾的报告',
      '一、基本情况',
      '时间：12月1日',
      '起火。',
      '续报（一）',
      '已扑灭。',
      '签发：张三',
      '报：市委办公室',
    ]);
  });
});

/** word/document.xml of a file (its central directory read, the entry inflated). */
function docXml(file: Uint8Array): string {
  const zip = Buffer.from(file);
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  let at = zip.readUInt32LE(eocd + 16);
  for (let i = 0; i < zip.readUInt16LE(eocd + 10); i++) {
    const nameLen = zip.readUInt16LE(at + 28);
    if (zip.subarray(at + 46, at + 46 + nameLen).toString('utf8') === 'word/document.xml') {
      const local = zip.readUInt32LE(at + 42);
      const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
      return inflateRawSync(zip.subarray(start, start + zip.readUInt32LE(at + 20))).toString('utf8');
    }
    at += 46 + nameLen + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return '';
}
