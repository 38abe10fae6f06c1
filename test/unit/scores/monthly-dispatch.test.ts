import { describe, expect, it } from 'vitest';
import { dueForScoring, isScoringWindow } from '../../../shared/scores/monthly-scores.ts';
import { previousMonth } from '../../../shared/platform/kernel/time.ts';
import { quarterOf } from '../../../shared/scores/rules/quarter.ts';
import { renderQuarterMail, statsCsv } from '../../../shared/scores/score-mail.ts';

const stats = (name: string, submitted: number, adopted: number, rank: number) => ({
  departmentId: name,
  name,
  submitted,
  adopted,
  adoptionRate: submitted ? Math.round((adopted * 1000) / submitted) / 10 : 0,
  external: { municipal: 0, provincial: adopted > 1 ? 1 : 0, central: 0 },
  rank,
});

describe('when the monthly dispatcher looks at an organisation (its own time zone)', () => {
  it.each([
    ['2026-11-30T16:59:59Z', 'Asia/Shanghai', false, '00:59:59 on Dec 1 in Beijing: not yet'],
    ['2026-11-30T17:00:00Z', 'Asia/Shanghai', true, '01:00 on Dec 1 in Beijing'],
    ['2026-12-07T15:59:59Z', 'Asia/Shanghai', true, '23:59:59 on Dec 7: the last catch-up hour'],
    ['2026-12-07T16:00:00Z', 'Asia/Shanghai', false, '00:00 on Dec 8: the window is over'],
    ['2026-12-01T00:30:00Z', 'Asia/Urumqi', true, '06:30 on Dec 1 in Ürümqi (UTC+6)'],
    ['2026-11-30T18:30:00Z', 'Asia/Urumqi', false, '00:30 on Dec 1 in Ürümqi'],
    ['2026-11-15T03:00:00Z', 'Asia/Shanghai', false, 'mid-month'],
  ])('%s in %s → %s (%s)', (at, tz, expected) => {
    expect(isScoringWindow(new Date(at), tz)).toBe(expected);
  });

  it('scores the previous local month; January scores last December', () => {
    expect(previousMonth(new Date('2026-12-31T17:00:00Z'), 'Asia/Shanghai')).toBe('2026-12');
    expect(previousMonth(new Date('2026-12-31T17:00:00Z'), 'Europe/London')).toBe('2026-11');
    expect(previousMonth(new Date('2027-01-01T01:00:00+08:00'), 'Asia/Shanghai')).toBe('2026-12');
  });

  it('asks for the quarter after its last month, and skips an organisation created after the month ended', () => {
    const now = new Date('2027-01-01T01:00:00+08:00');
    const due = dueForScoring(
      [
        { orgId: 'old', timezone: 'Asia/Shanghai', createdAt: '2026-03-01T00:00:00Z' },
        { orgId: 'created-in-december', timezone: 'Asia/Shanghai', createdAt: '2026-12-20T00:00:00Z' },
        { orgId: 'created-on-new-year', timezone: 'Asia/Shanghai', createdAt: '2026-12-31T16:30:00Z' },
        { orgId: 'london', timezone: 'Europe/London', createdAt: '2026-03-01T00:00:00Z' },
        { orgId: 'no-zone' },
      ],
      now,
    );
    expect(due).toEqual([
      { orgId: 'old', month: '2026-12', quarter: '2026-Q4' },
      { orgId: 'created-in-december', month: '2026-12', quarter: '2026-Q4' },
      { orgId: 'no-zone', month: '2026-12', quarter: '2026-Q4' },
    ]);
    expect(dueForScoring([{ orgId: 'old', timezone: 'Asia/Shanghai' }], new Date('2026-11-01T01:00:00+08:00'))).toEqual(
      [{ orgId: 'old', month: '2026-10' }],
    );
  });

  it.each([
    ['2026-01', '2026-Q1', false],
    ['2026-03', '2026-Q1', true],
    ['2026-06', '2026-Q2', true],
    ['2026-08', '2026-Q3', false],
    ['2026-12', '2026-Q4', true],
  ])('%s is in %s (its last month: %s)', (month, quarter, last) => {
    expect(quarterOf(month)).toEqual({ quarter, last });
  });
});

describe('the quarterly statistics mail', () => {
  const s = { quarter: '2026-Q3', departments: [stats('新闻部', 8, 6, 1), stats('=技术部', 4, 1, 2)] };
  const mail = renderQuarterMail(
    { orgName: '示范县', link: 'https://x/stats?quarter=2026-Q3' },
    { name: '王局长', email: 'chief@example.cn' },
    s,
  );

  it('names the quarter in Chinese and lists each department ranked, with the CSV attached', () => {
    expect(mail.subject).toBe('【信息采用季度统计】示范县 2026年第三季度');
    expect(mail.to).toBe('chief@example.cn');
    expect(mail.text).toContain('1. 新闻部：报送 8，采用 6，采用率 75%；市级 0、省级 1、中央级 0');
    expect(mail.text).toContain('2. =技术部：报送 4，采用 1，采用率 25%');
    expect(mail.html).toContain('<td>75%</td>');
    expect(mail.attachments).toEqual([
      { filename: '信息采用统计-2026-Q3.csv', contentType: 'text/csv; charset=UTF-8', content: statsCsv(s) },
    ]);
  });

  it('the CSV starts with a BOM, has one line per department, and never lets a name run as a formula', () => {
    const lines = statsCsv(s).split('\r\n');
    expect(lines[0]).toBe('\uFEFF排名,部门,报送,采用,采用率（%）,市级采用,省级采用,中央级采用');
    expect(lines[1]).toBe('1,新闻部,8,6,75,0,1,0');
    expect(lines[2]).toBe("2,'=技术部,4,1,25,0,0,0");
    expect(lines).toHaveLength(4);
  });
});
