/**
 * Spreadsheets for downloads and mail attachments (`.xlsx`, exceljs). A sheet is described as data — a Chinese name,
 * a title row, columns with a kind — and written by `xlsxOf`. exceljs (about 1 MB) is imported only when a workbook is
 * written, so a function evaluates it only on the download path and never at cold start.
 */

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
 * The value written for a cell of a kind. Dates are written as the wall-clock time they show (exceljs turns a Date into
 * a serial by UTC), so a sheet shows the organisation's local dates whatever zone opens it.
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

/**
 * The workbook of the sheets as `.xlsx` bytes. Each sheet: the title in a merged first row, the header in the second
 * (bold, shaded, frozen with the title), the rows below with numbers as numbers and dates as dates, widths that fit.
 */
export async function xlsxOf(sheets: Sheet[], meta: { creator?: string; created?: Date } = {}): Promise<Uint8Array> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = meta.creator ?? '报送';
  if (meta.created) {
    wb.created = meta.created;
    wb.modified = meta.created;
  }
  const used = new Set<string>();
  for (const sheet of sheets) {
    let name = sheetName(sheet.name);
    for (let i = 2; used.has(name); i++) name = sheetName(`${sheet.name.slice(0, 28)}(${i})`);
    used.add(name);
    const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', xSplit: 0, ySplit: 2 }] });
    const kinds = sheet.columns.map((c) => c.kind ?? 'text');
    ws.columns = columnWidths(sheet).map((width, i) => ({ width, style: { numFmt: FORMATS[kinds[i]!] } }));
    const title = ws.getRow(1);
    title.getCell(1).value = sheet.title;
    title.getCell(1).font = { bold: true, size: 14 };
    title.height = 24;
    if (sheet.columns.length > 1) ws.mergeCells(1, 1, 1, sheet.columns.length);
    const head = ws.getRow(2);
    sheet.columns.forEach((c, i) => {
      const cell = head.getCell(i + 1);
      cell.value = c.header;
      cell.numFmt = '@';
      cell.font = { bold: true };
      cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF7' } };
      cell.alignment = { vertical: 'middle', wrapText: true };
    });
    for (const r of sheet.rows) ws.addRow(kinds.map((k, i) => cellValue(k, r[i])));
  }
  return new Uint8Array(await wb.xlsx.writeBuffer());
}
