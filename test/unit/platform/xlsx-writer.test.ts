import ExcelJS from 'exceljs';
import { inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { xlsxOf } from '../../../shared/platform/xlsx/workbook.ts';
import { zipOf } from '../../../shared/platform/xlsx/zip.ts';

async function readBack(bytes: Uint8Array) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  return wb;
}

describe('our .xlsx writer (read back with exceljs)', () => {
  it('opens with Chinese sheet names, a frozen header, a merged title, a date cell and a number cell', async () => {
    const bytes = await xlsxOf(
      [
        {
          name: '报送情况',
          title: '演示市应急局 2026年11月报送情况 & <备注>',
          columns: [
            { header: '部门' },
            { header: '报送时间', kind: 'datetime' },
            { header: '日期', kind: 'date' },
            { header: '条数', kind: 'integer' },
            { header: '采用率', kind: 'percent' },
          ],
          rows: [
            ['办公室', '2026-11-30 17:45', '2026-11-30', 12, 0.25],
            ['=SUM(A1)', null, 'not a date', '7', undefined],
          ],
        },
        { name: '报送情况', title: '同名', columns: [{ header: '甲' }], rows: [] },
      ],
      { creator: '测试', created: new Date(Date.UTC(2026, 11, 1, 8)) },
    );
    const wb = await readBack(bytes);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['报送情况', '报送情况(2)']);
    expect(wb.creator).toBe('测试');
    const ws = wb.getWorksheet('报送情况')!;
    expect(ws.getCell('A1').value).toBe('演示市应急局 2026年11月报送情况 & <备注>');
    expect(ws.getCell('A1').isMerged).toBe(true);
    expect(ws.getCell('E1').isMerged).toBe(true);
    expect(ws.getCell('A1').font).toMatchObject({ bold: true, size: 14 });
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
    expect(ws.getRow(2).values).toEqual([undefined, '部门', '报送时间', '日期', '条数', '采用率']);
    expect(ws.getCell('B2').font).toMatchObject({ bold: true });
    expect(ws.getCell('B3').value).toEqual(new Date(Date.UTC(2026, 10, 30, 17, 45)));
    expect(ws.getCell('B3').numFmt).toBe('yyyy-mm-dd hh:mm');
    expect(ws.getCell('C3').value).toEqual(new Date(Date.UTC(2026, 10, 30)));
    expect(ws.getCell('C3').type).toBe(ExcelJS.ValueType.Date);
    expect(ws.getCell('D3').value).toBe(12);
    expect(ws.getCell('D3').type).toBe(ExcelJS.ValueType.Number);
    expect(ws.getCell('D4').value).toBe(7);
    expect(ws.getCell('E3').value).toBe(0.25);
    expect(ws.getCell('E3').numFmt).toBe('0.0%');
    // A leading "=" stays text, an unparseable date stays its text, an empty cell stays empty.
    expect(ws.getCell('A4').value).toBe('=SUM(A1)');
    expect(ws.getCell('A4').type).toBe(ExcelJS.ValueType.String);
    expect(ws.getCell('C4').value).toBe('not a date');
    expect(ws.getCell('B4').value).toBeNull();
    expect(ws.getColumn(1).width).toBeGreaterThanOrEqual(8);
    const single = wb.getWorksheet('报送情况(2)')!;
    expect(single.getCell('A1').value).toBe('同名');
    expect(single.getCell('A1').isMerged).toBe(false);
  });

  it('packs a ZIP whose entries inflate back to their bytes with their CRC-32', () => {
    const zip = Buffer.from(zipOf([{ name: 'a/说明.txt', data: '报送'.repeat(100) }]));
    expect(zip.readUInt32LE(0)).toBe(0x04034b50);
    const nameLength = zip.readUInt16LE(26);
    expect(zip.subarray(30, 30 + nameLength).toString('utf8')).toBe('a/说明.txt');
    const packed = zip.subarray(30 + nameLength, 30 + nameLength + zip.readUInt32LE(18));
    expect(inflateRawSync(packed).toString('utf8')).toBe('报送'.repeat(100));
    const end = zip.subarray(zip.length - 22);
    expect(end.readUInt32LE(0)).toBe(0x06054b50);
    expect(end.readUInt16LE(10)).toBe(1);
  });
});
