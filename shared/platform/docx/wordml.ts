/**
 * A Word document (.docx, WordprocessingML) of paragraphs and runs, written as XML into our own ZIP writer: the one
 * layout our documents need (fonts per script, sizes, bold, colour, alignment, first-line indent, exact line spacing,
 * a border above or below, one right tab stop, A4 margins), about 4 KiB of code where the `docx` package weighed
 * 290 KiB in a bundle. Element order inside `w:pPr` and `w:rPr` follows the schema (ECMA-376 Part 1, §17.3.1.26 and
 * §17.3.2.28): Word refuses a file whose properties are out of order.
 */
import { xmlText, zipOf } from '../xlsx/zip.ts';

/** A font for each script of a run (Latin, East Asian, complex). */
export type Fonts = { ascii: string; eastAsia: string; hAnsi: string; cs: string };
/** Text in one style; a tab in the text is a tab stop. Sizes are in half-points (三号, 16 pt, is 32). */
export type Run = { text: string; font: Fonts; size: number; bold?: boolean; color?: string };
/** A line of a border: `size` in eighths of a point, `space` in points. */
export type Border = { size: number; color: string; space: number };
/** Lengths in twips (a twentieth of a point; `mm()` converts). */
export type Paragraph = {
  runs: Run[];
  align?: 'left' | 'center' | 'right';
  firstLineIndent?: number;
  spacing?: { before?: number; after?: number; line?: number };
  keepNext?: boolean;
  borderTop?: Border;
  borderBottom?: Border;
  rightTabAt?: number;
};
export type WordDocument = {
  meta: { title: string; creator: string; description: string };
  page: { width: number; height: number; margin: { top: number; bottom: number; left: number; right: number } };
  paragraphs: Paragraph[];
};

export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** Millimetres in twips. */
export const mm = (millimetres: number) => Math.round((millimetres * 1440) / 25.4);

const attrs = (o: Record<string, string | number | undefined>) =>
  Object.entries(o)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` w:${k}="${xmlText(String(v))}"`)
    .join('');

const border = (side: 'top' | 'bottom', b: Border | undefined) =>
  b ? `<w:${side}${attrs({ val: 'single', sz: b.size, space: b.space, color: b.color })}/>` : '';

function runXml(r: Run): string {
  const props =
    `<w:rFonts${attrs(r.font)}/>` +
    (r.bold ? '<w:b/><w:bCs/>' : '') +
    (r.color ? `<w:color w:val="${xmlText(r.color)}"/>` : '') +
    `<w:sz w:val="${r.size}"/><w:szCs w:val="${r.size}"/>`;
  // A tab inside w:t is only a space to Word: each one becomes its own w:tab.
  const content = r.text
    .split('\t')
    .map((part) => (part ? `<w:t xml:space="preserve">${xmlText(part)}</w:t>` : ''))
    .join('<w:tab/>');
  return `<w:r><w:rPr>${props}</w:rPr>${content}</w:r>`;
}

function paragraphXml(p: Paragraph): string {
  const s = p.spacing;
  const props =
    (p.keepNext ? '<w:keepNext/>' : '') +
    (p.borderTop || p.borderBottom
      ? `<w:pBdr>${border('top', p.borderTop)}${border('bottom', p.borderBottom)}</w:pBdr>`
      : '') +
    (p.rightTabAt === undefined ? '' : `<w:tabs><w:tab w:val="right" w:pos="${p.rightTabAt}"/></w:tabs>`) +
    (s
      ? `<w:spacing${attrs({ before: s.before, after: s.after, line: s.line, lineRule: s.line ? 'exact' : undefined })}/>`
      : '') +
    (p.firstLineIndent === undefined ? '' : `<w:ind w:firstLine="${p.firstLineIndent}"/>`) +
    (p.align ? `<w:jc w:val="${p.align}"/>` : '');
  return `<w:p>${props ? `<w:pPr>${props}</w:pPr>` : ''}${p.runs.map(runXml).join('')}</w:p>`;
}

const XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

/** The .docx file of the document. */
export function docxOf(d: WordDocument): Uint8Array {
  const m = d.page.margin;
  const document =
    `${XML}<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>` +
    d.paragraphs.map(paragraphXml).join('') +
    `<w:sectPr><w:pgSz${attrs({ w: d.page.width, h: d.page.height })}/>` +
    `<w:pgMar${attrs({ top: m.top, right: m.right, bottom: m.bottom, left: m.left, header: 851, footer: 992, gutter: 0 })}/>` +
    '</w:sectPr></w:body></w:document>';
  const core =
    `${XML}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ` +
    'xmlns:dc="http://purl.org/dc/elements/1.1/">' +
    `<dc:title>${xmlText(d.meta.title)}</dc:title><dc:creator>${xmlText(d.meta.creator)}</dc:creator>` +
    `<dc:description>${xmlText(d.meta.description)}</dc:description></cp:coreProperties>`;
  return zipOf([
    {
      name: '[Content_Types].xml',
      data:
        `${XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>' +
        '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>' +
        '</Types>',
    },
    {
      name: '_rels/.rels',
      data:
        `${XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>' +
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>' +
        '</Relationships>',
    },
    { name: 'word/document.xml', data: document },
    { name: 'docProps/core.xml', data: core },
  ]);
}
