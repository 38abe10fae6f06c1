/**
 * Spreadsheets for downloads and mail attachments (`.xlsx`). A sheet is described as data — a Chinese name, a title
 * row, columns with a kind — and written by `xlsxOf` as SpreadsheetML parts in a ZIP (`zip.ts`, node:zlib): a few KB of
 * our own code instead of a spreadsheet library (exceljs added about 1 MB to each bundle that writes a workbook; the
 * tests still read every workbook back with it).
 */
import { xmlText as xml, zipOf } from './zip.ts';

/** How a column's cells are written: text as text; numbers as numbers with a display format; dates as dates. */
export type ColumnKind = 'text' | 'integer' | 'decimal' | 'money' | 'percent' | 'month' | 'date' | 'datetime';
export type Column = { header: string; kind?: ColumnKind };
/**
 * A cell: a number for the number kinds (percent: a fraction, 0.25 is 25 %), `YYYY-MM-DD` for a date and
 * `YYYY-MM-DD HH:mm` (local wall-clock time of the organisation) for a datetime; empty for null or undefined.
 */
export type Cell = string | number | null | undefined;
export type Sheet = { name: string; title: string; columns: Column[]; rows: Cell[][] };

const FORMATS: Record<ColumnKind, string | undefined> = {
  text: '@',
  integer: '0',
  decimal: '0.0',
  money: '0.00',
  percent: '0.0%',
  month: 'yyyy-mm',
  date: 'yyyy-mm-dd',
  datetime: 'yyyy-mm-dd hh:mm',
};

/** A sheet name Excel accepts: at most 31 characters, none of `[]:*?/\`. */
export function sheetName(name: string): string {
  const s = name.replace(/[[\]:*?/\\]/g, '_').slice(0, 31);
  return s || 'Sheet';
}

/** The width a text takes in a cell, in Excel's character units: CJK and full-width characters count two. */
export function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text)
    w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch)
      ? 2
      : 1;
  return w;
}

const LOCAL = /^(\d{4})-(\d{2})(?:-(\d{2}))?(?:[ T](\d{2}):(\d{2}))?/;

/**
 * The value written for a cell of a kind. Dates are written as the wall-clock time they show (the Date's UTC fields
 * become the serial), so a sheet shows the organisation's local dates whatever zone opens it.
 */
export function cellValue(kind: ColumnKind, v: Cell): string | number | Date | null {
  if (v === null || v === undefined || v === '') return null;
  if (kind === 'month' || kind === 'date' || kind === 'datetime') {
    const m = LOCAL.exec(String(v));
    if (!m) return String(v);
    return new Date(Date.UTC(+m[1]!, +m[2]! - 1, +(m[3] ?? 1), +(m[4] ?? 0), +(m[5] ?? 0)));
  }
  if (kind === 'text') return String(v);
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isFinite(n) ? n : String(v);
}

/** The text a cell shows, for measuring the column (numbers as their display, dates as their format). */
function shown(kind: ColumnKind, v: Cell): string {
  if (v === null || v === undefined) return '';
  if (kind === 'percent' && typeof v === 'number') return `${(v * 100).toFixed(1)}%`;
  if (kind === 'money' && typeof v === 'number') return v.toFixed(2);
  if (kind === 'month') return 'yyyy-mm';
  if (kind === 'date') return 'yyyy-mm-dd';
  if (kind === 'datetime') return 'yyyy-mm-dd hh:mm';
  return String(v);
}

/** Column widths that fit the header and the longest cell, between 6 and 60 characters. */
export function columnWidths(sheet: Sheet): number[] {
  return sheet.columns.map((c, i) => {
    const kind = c.kind ?? 'text';
    const longest = Math.max(displayWidth(c.header), ...sheet.rows.map((r) => displayWidth(shown(kind, r[i]))));
    return Math.min(60, Math.max(6, longest + 2));
  });
}

/** The column letters of a 0-based index: 0 → A, 25 → Z, 26 → AA. */
function colName(i: number): string {
  let s = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** The serial Excel stores for a moment whose UTC fields are the wall-clock date and time (1900 date system). */
function serial(d: Date): number {
  return d.getTime() / 86_400_000 + 25_569;
}

const KINDS = Object.keys(FORMATS) as ColumnKind[];
/** Style indexes (cellXfs): 0 default, 1 title, 2 header, then one per kind in the order of `KINDS`. */
const TITLE = 1;
const HEAD = 2;
const styleOf = (kind: ColumnKind) => 3 + KINDS.indexOf(kind);

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG = 'http://schemas.openxmlformats.org/package/2006';
const HEADER = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

function stylesXml(): string {
  const fmts = KINDS.map((k, i) => `<numFmt numFmtId="${164 + i}" formatCode="${xml(FORMATS[k] ?? 'General')}"/>`);
  const kindXfs = KINDS.map(
    (_, i) => `<xf numFmtId="${164 + i}" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>`,
  );
  return (
    `${HEADER}<styleSheet xmlns="${NS}">` +
    `<numFmts count="${fmts.length}">${fmts.join('')}</numFmts>` +
    '<fonts count="3"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>' +
    '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font>' +
    '<font><b/><sz val="14"/><name val="Calibri"/><family val="2"/></font></fonts>' +
    '<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>' +
    '<fill><patternFill patternType="solid"><fgColor rgb="FFE8EEF7"/><bgColor indexed="64"/></patternFill></fill></fills>' +
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
    `<cellXfs count="${3 + kindXfs.length}">` +
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
    '<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1"/>' +
    `<xf numFmtId="${164 + KINDS.indexOf('text')}" fontId="1" fillId="2" borderId="0" xfId="0" applyNumberFormat="1" applyFont="1" applyFill="1" applyAlignment="1"><alignment vertical="center" wrapText="1"/></xf>` +
    `${kindXfs.join('')}</cellXfs>` +
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
    '</styleSheet>'
  );
}

/** Shared strings: each distinct text once, cells refer to it by index. */
class Strings {
  readonly list: string[] = [];
  private readonly index = new Map<string, number>();
  count = 0;
  of(text: string): number {
    this.count++;
    let i = this.index.get(text);
    if (i === undefined) {
      i = this.list.length;
      this.list.push(text);
      this.index.set(text, i);
    }
    return i;
  }
  xml(): string {
    const items = this.list.map((t) => `<si><t xml:space="preserve">${xml(t)}</t></si>`).join('');
    return `${HEADER}<sst xmlns="${NS}" count="${this.count}" uniqueCount="${this.list.length}">${items}</sst>`;
  }
}

function cellXml(ref: string, style: number, v: string | number | Date | null, strings: Strings): string {
  if (v === null) return '';
  if (typeof v === 'number') return `<c r="${ref}" s="${style}"><v>${v}</v></c>`;
  if (v instanceof Date) return `<c r="${ref}" s="${style}"><v>${serial(v)}</v></c>`;
  return `<c r="${ref}" s="${style}" t="s"><v>${strings.of(v)}</v></c>`;
}

function sheetXml(sheet: Sheet, strings: Strings): string {
  const kinds = sheet.columns.map((c) => c.kind ?? 'text');
  const last = colName(Math.max(0, sheet.columns.length - 1));
  const cols = columnWidths(sheet)
    .map((w, i) => `<col min="${i + 1}" max="${i + 1}" width="${w}" style="${styleOf(kinds[i]!)}" customWidth="1"/>`)
    .join('');
  const rows = [
    `<row r="1" ht="24" customHeight="1">${cellXml('A1', TITLE, sheet.title, strings)}</row>`,
    `<row r="2">${sheet.columns.map((c, i) => cellXml(`${colName(i)}2`, HEAD, c.header, strings)).join('')}</row>`,
    ...sheet.rows.map((r, j) => {
      const n = j + 3;
      const cells = kinds.map((k, i) => cellXml(`${colName(i)}${n}`, styleOf(k), cellValue(k, r[i]), strings));
      return `<row r="${n}">${cells.join('')}</row>`;
    }),
  ];
  const merge = sheet.columns.length > 1 ? `<mergeCells count="1"><mergeCell ref="A1:${last}1"/></mergeCells>` : '';
  return (
    `${HEADER}<worksheet xmlns="${NS}" xmlns:r="${REL}">` +
    `<dimension ref="A1:${last}${sheet.rows.length + 2}"/>` +
    '<sheetViews><sheetView workbookViewId="0">' +
    '<pane ySplit="2" topLeftCell="A3" activePane="bottomLeft" state="frozen"/>' +
    '<selection pane="bottomLeft" activeCell="A3" sqref="A3"/></sheetView></sheetViews>' +
    '<sheetFormatPr defaultRowHeight="15"/>' +
    (cols ? `<cols>${cols}</cols>` : '') +
    `<sheetData>${rows.join('')}</sheetData>${merge}` +
    '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>' +
    '</worksheet>'
  );
}

/**
 * The workbook of the sheets as `.xlsx` bytes. Each sheet: the title in a merged first row, the header in the second
 * (bold, shaded, frozen with the title), the rows below with numbers as numbers and dates as dates, widths that fit.
 * Text is always a string cell (a leading `=` never becomes a formula: no cell is written with one).
 */
export async function xlsxOf(sheets: Sheet[], meta: { creator?: string; created?: Date } = {}): Promise<Uint8Array> {
  const created = meta.created ?? new Date();
  const used = new Set<string>();
  const names = sheets.map((sheet) => {
    let name = sheetName(sheet.name);
    for (let i = 2; used.has(name); i++) name = sheetName(`${sheet.name.slice(0, 28)}(${i})`);
    used.add(name);
    return name;
  });
  const strings = new Strings();
  const sheetParts = sheets.map((s, i) => ({ name: `xl/worksheets/sheet${i + 1}.xml`, data: sheetXml(s, strings) }));
  const ct = 'application/vnd.openxmlformats-officedocument';
  const when = created.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return zipOf(
    [
      {
        name: '[Content_Types].xml',
        data:
          `${HEADER}<Types xmlns="${PKG}/content-types">` +
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
          '<Default Extension="xml" ContentType="application/xml"/>' +
          `<Override PartName="/xl/workbook.xml" ContentType="${ct}.spreadsheetml.sheet.main+xml"/>` +
          sheets
            .map(
              (_, i) =>
                `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="${ct}.spreadsheetml.worksheet+xml"/>`,
            )
            .join('') +
          `<Override PartName="/xl/styles.xml" ContentType="${ct}.spreadsheetml.styles+xml"/>` +
          `<Override PartName="/xl/sharedStrings.xml" ContentType="${ct}.spreadsheetml.sharedStrings+xml"/>` +
          '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>' +
          '</Types>',
      },
      {
        name: '_rels/.rels',
        data:
          `${HEADER}<Relationships xmlns="${PKG}/relationships">` +
          `<Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/>` +
          `<Relationship Id="rId2" Type="${PKG}/relationships/metadata/core-properties" Target="docProps/core.xml"/>` +
          '</Relationships>',
      },
      {
        name: 'docProps/core.xml',
        data:
          `${HEADER}<cp:coreProperties xmlns:cp="${PKG}/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" ` +
          'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
          `<dc:creator>${xml(meta.creator ?? '报送')}</dc:creator>` +
          `<dcterms:created xsi:type="dcterms:W3CDTF">${when}</dcterms:created>` +
          `<dcterms:modified xsi:type="dcterms:W3CDTF">${when}</dcterms:modified>` +
          '</cp:coreProperties>',
      },
      {
        name: 'xl/workbook.xml',
        data:
          `${HEADER}<workbook xmlns="${NS}" xmlns:r="${REL}"><bookViews><workbookView/></bookViews><sheets>` +
          names.map((n, i) => `<sheet name="${xml(n)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('') +
          '</sheets></workbook>',
      },
      {
        name: 'xl/_rels/workbook.xml.rels',
        data:
          `${HEADER}<Relationships xmlns="${PKG}/relationships">` +
          sheets
            .map(
              (_, i) =>
                `<Relationship Id="rId${i + 1}" Type="${REL}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`,
            )
            .join('') +
          `<Relationship Id="rId${sheets.length + 1}" Type="${REL}/styles" Target="styles.xml"/>` +
          `<Relationship Id="rId${sheets.length + 2}" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/>` +
          '</Relationships>',
      },
      { name: 'xl/styles.xml', data: stylesXml() },
      { name: 'xl/sharedStrings.xml', data: strings.xml() },
      ...sheetParts,
    ],
    created,
  );
}
