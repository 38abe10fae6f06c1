import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { scoreSheets, statsSheets } from '../../../shared/scores/score-sheets.ts';
import { renderScoreMail } from '../../../shared/scores/score-mail.ts';
import type { DepartmentScore, PersonScore } from '../../../shared/scores/rules/scoring.ts';
import { cellValue, columnWidths, displayWidth, sheetName, xlsxOf } from '../../../shared/platform/xlsx/workbook.ts';
import { formatOf, NotAcceptableError } from '../../../shared/platform/http/download.ts';

const dept = (name: string, rank: number, score: number, sent: number, adopted: number): DepartmentScore => ({
  departmentId: name,
  name,
  weeks: 4,
  quota: 4,
  sent,
  sentItemIds: [],
  adopted,
  adoptedItemIds: [],
  score,
  parts: [{ label: `完成定额 +5` } as DepartmentScore['parts'][number]],
  rank,
});
const person = (name: string, rewardFen: number): PersonScore => ({
  personId: name,
  name,
  role: 'officer',
  departmentIds: ['d'],
  quota: 1,
  adopted: 3,
  adoptedItemIds: [],
  quotaMet: true,
  rewardFen,
  parts: [],
});

async function readBack(bytes: Uint8Array) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  return wb;
}

describe('the monthly scores as an Excel workbook (read back with exceljs)', () => {
  const departments = [dept('办公室', 1, 12, 6, 3), dept('=财务科', 2, 4, 3, 0)];
  const people = [person('王芳', 15000), person('李强', 5050)];

  it('has Chinese sheet names, a title row, a frozen header, numbers as numbers', async () => {
    const wb = await readBack(
      await xlsxOf(scoreSheets({ orgName: '演示市应急局', month: '2026-11' }, departments, people)),
    );
    expect(wb.worksheets.map((w) => w.name)).toEqual(['部门得分', '个人奖励']);
    const ws = wb.getWorksheet('部门得分')!;
    expect(ws.getCell('A1').value).toBe('演示市应急局 2026年11月信息工作得分');
    expect(ws.getCell('A1').isMerged).toBe(true);
    expect(ws.getRow(2).values).toEqual([undefined, '排名', '部门', '定额', '报送', '采用', '得分', '说明']);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
    expect(ws.getCell('A3').value).toBe(1);
    expect(ws.getCell('B3').value).toBe('办公室');
    expect(ws.getCell('F3').value).toBe(12);
    expect(typeof ws.getCell('D4').value).toBe('number');
    // A leading "=" stays text: a cell never becomes a formula.
    expect(ws.getCell('B4').value).toBe('=财务科');
    expect(ws.getCell('B4').type).toBe(ExcelJS.ValueType.String);
    const money = wb.getWorksheet('个人奖励')!;
    expect(money.getCell('D3').value).toBe(150);
    expect(money.getCell('D4').value).toBe(50.5);
    expect(money.getCell('D4').numFmt).toBe('0.00');
    expect(money.getColumn(1).width).toBeGreaterThanOrEqual(6);
  });

  it('writes the adoption rate as a percentage and months and dates as dates', async () => {
    const s = {
      quarter: '2026-Q4',
      departments: [
        {
          departmentId: 'a',
          name: '办公室',
          submitted: 8,
          adopted: 2,
          adoptionRate: 25,
          external: { municipal: 1, provincial: 0, central: 0 },
          rank: 1,
        },
      ],
    };
    const ws = (await readBack(await xlsxOf(statsSheets(s)))).getWorksheet('采用统计')!;
    expect(ws.getCell('E3').value).toBe(0.25);
    expect(ws.getCell('E3').numFmt).toBe('0.0%');
    const dates = await readBack(
      await xlsxOf([
        {
          name: '日期',
          title: 't',
          columns: [
            { header: '月份', kind: 'month' },
            { header: '日期', kind: 'date' },
          ],
          rows: [['2026-11', '2026-11-30']],
        },
      ]),
    );
    const d = dates.getWorksheet('日期')!;
    expect(d.getCell('A3').value).toEqual(new Date(Date.UTC(2026, 10, 1)));
    expect(d.getCell('B3').value).toEqual(new Date(Date.UTC(2026, 10, 30)));
    expect(d.getCell('B3').numFmt).toBe('yyyy-mm-dd');
  });

  it('attaches the workbook to the leaders’ monthly mail', async () => {
    const xlsx = await xlsxOf(scoreSheets({ month: '2026-11' }, departments, people));
    const mail = renderScoreMail(
      { orgName: '演示市应急局', month: '2026-11', link: 'http://x/scores' },
      { name: '张局长', email: 'z@example.org' },
      { departments: [], selves: [], ranked: { departments, people, xlsx } },
      2,
    );
    expect(mail.attachments?.map((a) => a.filename)).toEqual(['信息工作得分-2026-11.xlsx']);
    expect(mail.text).toContain('明细见附件 Excel 表格');
    const back = await readBack(mail.attachments![0]!.content as Uint8Array);
    expect(back.getWorksheet('部门得分')!.getCell('B3').value).toBe('办公室');
  });
});

describe('sheet rules', () => {
  it('keeps sheet names Excel accepts and widths that fit Chinese text', () => {
    expect(sheetName('a/b:c[d]*?\\')).toBe('a_b_c_d____');
    expect(sheetName('很'.repeat(40))).toHaveLength(31);
    expect(displayWidth('部门ab')).toBe(6);
    expect(
      columnWidths({ name: 's', title: 't', columns: [{ header: '部门' }], rows: [['信息科'.repeat(30)]] }),
    ).toEqual([60]);
    expect(cellValue('integer', '12')).toBe(12);
    expect(cellValue('integer', undefined)).toBeNull();
    expect(cellValue('date', 'not a date')).toBe('not a date');
  });

  it('a format the table does not have is 406 naming the ones it has', () => {
    expect(formatOf(undefined, ['json', 'csv', 'xlsx'])).toBe('json');
    expect(formatOf('XLSX', ['json', 'csv', 'xlsx'])).toBe('xlsx');
    try {
      formatOf('pdf', ['json', 'csv']);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(NotAcceptableError);
      const err = e as NotAcceptableError;
      expect(err.status).toBe(406);
      expect(err.details.map((d) => d.message)).toEqual(['json', 'csv']);
      expect(err.message).toContain('json、csv');
    }
  });
});
