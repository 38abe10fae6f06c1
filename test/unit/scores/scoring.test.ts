import { describe, expect, it } from 'vitest';
import {
  monthFacts,
  scoreMonth,
  scoringConfigOf,
  weeksInMonth,
  yuan,
  type AdoptedItem,
  type ScoredItem,
  type ScoringInput,
} from '../../../shared/scores/rules/scoring.ts';

const rules = scoringConfigOf({});
let n = 0;
const sent = (departmentId: string, authorId: string, at = '2026-12-02T02:00:00Z'): ScoredItem => ({
  itemId: `s${++n}`,
  departmentId,
  authorId,
  kind: 'work',
  at,
});
const adopted = (
  departmentId: string,
  authorId: string,
  kind: AdoptedItem['kind'] = 'work',
  externalLevel?: AdoptedItem['externalLevel'],
  at = new Date(Date.UTC(2026, 11, 10) + n * 60_000).toISOString(),
): AdoptedItem => ({
  itemId: `a${++n}`,
  title: `信息${n}`,
  departmentId,
  authorId,
  kind,
  at,
  externalLevel,
});
const times = <T>(k: number, f: () => T) => Array.from({ length: k }, f);

/**
 * The organisation of the hand-computed table (December 2026: 4 Mondays, so 4 weeks, department quota 4):
 * 新闻部 (head hA reviews; officers a1, a2, a3), 技术部 (reviewing leader L; officer b1), 财务部 (head L; no officer),
 * 后勤部 (reviewing leader L; officer d1), 工会 (head M; no officer); principal leader P.
 */
const org: Pick<ScoringInput, 'departments' | 'people' | 'principalLeaderId'> = {
  departments: [
    { departmentId: 'A', name: '新闻部', headId: 'hA' },
    { departmentId: 'B', name: '技术部', headId: 'hB', reviewingLeaderId: 'L' },
    { departmentId: 'C', name: '财务部', headId: 'L' },
    { departmentId: 'D', name: '后勤部', headId: 'hD', reviewingLeaderId: 'L' },
    { departmentId: 'E', name: '工会', headId: 'M' },
  ],
  people: [
    { personId: 'a1', name: '甲一', roles: ['reporter'], departmentId: 'A' },
    { personId: 'a2', name: '甲二', roles: ['reporter'], departmentId: 'A' },
    { personId: 'a3', name: '甲三', roles: ['reporter'], departmentId: 'A' },
    { personId: 'b1', name: '乙一', roles: ['reporter'], departmentId: 'B' },
    { personId: 'd1', name: '丁一', roles: ['reporter'], departmentId: 'D' },
    { personId: 'hA', name: '新闻部主任', roles: ['departmentHead'], departmentId: 'A' },
    { personId: 'L', name: '分管领导', roles: ['supervisingLeader', 'departmentHead'], departmentId: 'C' },
    { personId: 'M', name: '工会主席', roles: ['departmentHead'], departmentId: 'E' },
    { personId: 'P', name: '局长', roles: ['principalLeader'] },
  ],
  principalLeaderId: 'P',
};

function december(): ScoringInput {
  return {
    month: '2026-12',
    rules,
    ...org,
    sent: [...times(6, () => sent('A', 'a1')), sent('B', 'b1'), ...times(4, () => sent('C', 'hX'))],
    adopted: [
      adopted('A', 'a1', 'work'),
      adopted('A', 'a1', 'research', 'central'),
      adopted('A', 'a1', 'work', 'provincial'),
      adopted('A', 'a2', 'work'),
      adopted('B', 'b1', 'work'),
      adopted('B', 'b1', 'suggestion', 'municipal'),
    ],
    findings: [
      { findingId: 'f1', departmentId: 'B', label: '认定迟报', deduction: -2 },
      { findingId: 'f2', label: '认定漏报（未指明部门）', deduction: -3 },
    ],
  };
}

describe('weeks in a month = the Mondays in it', () => {
  it.each([
    ['2026-11', 5],
    ['2026-12', 4],
    ['2026-02', 4],
    ['2021-02', 4],
    ['2026-06', 5],
    ['2026-03', 5],
  ])('%s has %i weeks', (month, weeks) => expect(weeksInMonth(month)).toBe(weeks));
});

describe('department scores (hand-computed, December 2026, quota 1 a week × 4 = 4)', () => {
  const result = scoreMonth(december());
  const dept = (id: string) => result.departments.find((d) => d.departmentId === id)!;

  it.each([
    // id, sent, score, rank, the rules that make it up
    ['A', 6, 5 + 2 + 3 * 2 + 5, 1, ['quotaMet', 'perItemBeyond', 'adoption.work', 'adoption.research']], // +5, 2 beyond, 3 work × 2, 1 research × 5 = 18
    ['C', 4, 5, 2, ['quotaMet']], // exactly the quota, no officer: still scored
    ['B', 1, -3 + 2 + 5 - 2, 3, ['perItemShort', 'adoption.work', 'adoption.suggestion', 'finding']], // 3 short, work 2, suggestion 5, late −2 = 2
    ['D', 0, -4, 4, ['perItemShort']],
    ['E', 0, -4, 4, ['perItemShort']], // equal scores share a rank
  ])('%s: sent %i, score %d, rank %i', (id, sentCount, score, rank, rulesUsed) => {
    const d = dept(id);
    expect(d.sent).toBe(sentCount);
    expect(d.score).toBe(score);
    expect(d.rank).toBe(rank);
    expect(d.parts.map((p) => p.rule)).toEqual(rulesUsed);
    expect(d.parts.reduce((s, p) => s + (p.points ?? 0), 0)).toBe(score);
  });

  it('names the items behind each part and ranks in order', () => {
    const a = dept('A');
    const beyond = a.parts.find((p) => p.rule === 'perItemBeyond')!;
    expect(beyond.itemIds).toHaveLength(2);
    expect(beyond.label).toBe('超出定额 2 条 × +1 = +2');
    expect(a.parts.find((p) => p.rule === 'adoption.work')!.label).toBe('采用工作信息 3 条 × 2 = +6');
    expect(dept('B').parts.find((p) => p.rule === 'perItemShort')!.label).toContain('差 3 条 × -1 = -3');
    expect(result.departments.map((d) => d.departmentId).slice(0, 3)).toEqual(['A', 'C', 'B']);
    expect(result.unassignedFindings.map((f) => f.findingId)).toEqual(['f2']);
  });

  it('a 5-week month asks for 5 items: 4 sent is one short', () => {
    const r = scoreMonth({
      ...december(),
      month: '2026-11',
      sent: times(4, () => sent('A', 'a1', '2026-11-05T02:00:00Z')),
      adopted: [],
      findings: [],
    });
    const a = r.departments.find((d) => d.departmentId === 'A')!;
    expect(a.quota).toBe(5);
    expect(a.score).toBe(-1);
  });

  it('fractional points add up without drift (0.1 × 3 = 0.3)', () => {
    const r = scoreMonth({
      ...december(),
      rules: { ...rules, scoring: { ...rules.scoring, perItemBeyond: 0.1, quotaMet: 0.2 } },
      sent: times(7, () => sent('A', 'a1')),
      adopted: [],
      findings: [],
    });
    expect(r.departments.find((d) => d.departmentId === 'A')!.score).toBe(0.5);
  });
});

describe('rewards (hand-computed, in fen)', () => {
  const result = scoreMonth(december());
  const person = (id: string) => result.people.find((p) => p.personId === id)!;

  it.each([
    // a1: 3 adopted; the lowest-paid (plain work, 50) counts toward the quota; central 200 + provincial 100 = 300 yuan
    ['a1', 'officer', 30000],
    ['a2', 'officer', 0], // one adopted item = the quota
    ['a3', 'officer', 0], // nothing adopted
    ['b1', 'officer', 5000], // work (quota) and suggestion at municipal level = the base rate 50
    ['d1', 'officer', 0],
    ['hA', 'reviewingLeader', 10000], // (30000 + 0 + 0) / 3
    ['L', 'reviewingLeader', 2500], // two departments with officers pooled: (5000 + 0) / 2; 财务部 adds nobody
    ['M', 'reviewingLeader', 0], // no officer at all
    ['P', 'principalLeader', 6250], // (10000 + 2500) / 2; M (no officers) is left out
  ])('%s (%s) earns %i fen', (id, role, fen) => {
    const p = person(id);
    expect(p.role).toBe(role);
    expect(p.rewardFen).toBe(fen);
    expect(p.parts.reduce((s, x) => s + (x.fen ?? 0), 0)).toBe(fen);
  });

  it('explains each amount', () => {
    expect(person('a1').parts.map((p) => p.label)).toEqual([
      '计入本月定额（1 条）的 1 条不奖励',
      expect.stringMatching(/^中央级采用《信息\d+》200\.00 元$/),
      expect.stringMatching(/^省级采用《信息\d+》100\.00 元$/),
    ]);
    expect(person('a3').parts.map((p) => p.rule)).toEqual(['personQuotaShort']);
    expect(person('a3').quotaMet).toBe(false);
    expect(person('L').parts[0]!.label).toBe('技术部、财务部、后勤部信息员 2 人奖励合计 50.00 元 ÷ 2 = 25.00 元');
    expect(person('M').parts[0]!.label).toBe('工会没有信息员，审核领导奖励为 0');
    expect(person('P').parts[0]!.label).toBe('审核领导 2 人奖励合计 125.00 元 ÷ 2 = 62.50 元');
  });

  it('averages round half up to the fen: 50 yuan over 3 officers is 16.67', () => {
    const r = scoreMonth({ ...december(), adopted: [adopted('A', 'a1'), adopted('A', 'a1')] });
    expect(r.people.find((p) => p.personId === 'hA')!.rewardFen).toBe(1667);
    expect(yuan(1667)).toBe('16.67');
  });

  it('a higher level recorded in a later month pays the difference, only for an item that was paid', () => {
    const r = scoreMonth({
      ...december(),
      adopted: [],
      topUps: [
        { itemId: 'old1', title: '旧信息', departmentId: 'A', authorId: 'a2', level: 'central', paidFen: 5000 },
        { itemId: 'old2', departmentId: 'A', authorId: 'a3', level: 'central', paidFen: 0 },
      ],
    });
    expect(r.people.find((p) => p.personId === 'a2')!.rewardFen).toBe(15000);
    expect(r.people.find((p) => p.personId === 'a2')!.parts.at(-1)!.label).toBe(
      '中央级采用补差《旧信息》200.00 − 已发 50.00 = 150.00 元',
    );
    expect(r.people.find((p) => p.personId === 'a3')!.rewardFen).toBe(0);
  });

  it('a head who also wrote adopted items has an officer row and a leader row; his average leaves himself out', () => {
    // hA (head of 新闻部, its reviewer) wrote two adopted items: one counts toward his own quota, the other pays 50.
    const r = scoreMonth({
      ...december(),
      adopted: [...december().adopted, adopted('A', 'hA', 'work'), adopted('A', 'hA', 'work')],
    });
    const rows = r.people.filter((p) => p.personId === 'hA');
    expect(rows.map((p) => [p.role, p.rewardFen])).toEqual([
      ['officer', 5000],
      ['reviewingLeader', 10000], // (a1 30000 + a2 0 + a3 0) / 3, not / 4 with his own 5000
    ]);
    expect(rows[1]!.parts[0]!.label).toBe('新闻部信息员 3 人奖励合计 300.00 元 ÷ 3 = 100.00 元');
    // The principal leader's average is over the reviewing leaders' leader rows.
    expect(r.people.find((p) => p.personId === 'P')!.rewardFen).toBe(6250);
  });

  it('takes the rates and quotas from the month’s configuration', () => {
    const custom = scoringConfigOf({
      quotas: { departmentItemsPerWeek: 2, personPublishedPerMonth: 0 },
      rewards: { adopted: 80, provincial: 120, central: 300 },
    });
    const r = scoreMonth({ ...december(), rules: custom });
    expect(r.people.find((p) => p.personId === 'a1')!.rewardFen).toBe(8000 + 30000 + 12000);
    expect(r.departments.find((d) => d.departmentId === 'A')!.quota).toBe(8);
  });
});

describe('month facts from the ledger', () => {
  const line = (at: string, itemId: string, type: string, externalLevel?: string) => ({
    at,
    itemId,
    type,
    departmentId: 'A',
    authorId: 'a1',
    kind: 'work' as const,
    externalLevel,
  });

  it('an item sent in November and adopted in December counts for the quota in November and for adoption in December', () => {
    const nov = monthFacts([
      line('2026-11-20T01:00:00Z', 'x', 'submitted'),
      line('2026-11-21T01:00:00Z', 'x', 'approved'),
    ]);
    const dec = monthFacts([line('2026-12-03T01:00:00Z', 'x', 'adopted')]);
    expect([nov.sent.map((i) => i.itemId), nov.adopted.length]).toEqual([['x'], 0]);
    expect([dec.sent.length, dec.adopted.map((i) => i.itemId)]).toEqual([0, ['x']]);
  });

  it('keeps the highest external level within the month, and lists later ones for a top-up', () => {
    const f = monthFacts([
      line('2026-12-03T01:00:00Z', 'x', 'adopted'),
      line('2026-12-04T01:00:00Z', 'x', 'externalAdoption', 'central'),
      line('2026-12-05T01:00:00Z', 'x', 'externalAdoption', 'municipal'),
      line('2026-12-06T01:00:00Z', 'y', 'externalAdoption', 'provincial'),
    ]);
    expect(f.adopted[0]!.externalLevel).toBe('central');
    expect(f.laterExternal).toEqual([expect.objectContaining({ itemId: 'y', level: 'provincial' })]);
  });
});
