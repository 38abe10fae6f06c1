import { describe, expect, it } from 'vitest';
import { DEFAULT_LOWER_SCORING, lowerScoringRulesSchema } from '../../../shared/org/index.ts';
import {
  elementsShare,
  lowerOrgFigures,
  lowerOrgScore,
  lowerScoringOf,
  rankLowerScores,
  reportQualityOf,
  type LowerScoreInput,
} from '../../../shared/scores/rules/lower-orgs.ts';
import { scoresAccess } from '../../../shared/scores/rules/access.ts';
import { lowerOrgsCsv, scoreSheets } from '../../../shared/scores/score-sheets.ts';
import { renderScoreMail } from '../../../shared/scores/score-mail.ts';
import type { Caller } from '../../../shared/platform/auth/caller.ts';

const basic = {
  place: '二楼演播室',
  summary: '电线短路引发明火',
  measuresTaken: '已扑灭',
  contact: { name: '李', phone: '138' },
};
const full = {
  ...basic,
  casualties: { dead: 0, injured: 0, missing: 0 },
  losses: '设备损毁',
  impact: '播出未中断',
  leadersOnSite: '分管领导在现场',
};
const input = (over: Partial<LowerScoreInput> = {}): LowerScoreInput => ({
  orgId: 'a',
  name: '甲县',
  month: '2026-11',
  reports: 4,
  late: 1,
  quality: { elementsShareSum: 3, followupsFiled: 3 },
  followupsMissed: 1,
  findings: [{ findingId: 'f1', label: '迟报：演播室起火' }],
  ...over,
});

describe('completeness of the required elements (POLICY.md §3.3)', () => {
  it('counts the eight elements a first report may lack; blank text and a contact without phone are missing', () => {
    expect(elementsShare(basic)).toBe(0.5);
    expect(elementsShare(full)).toBe(1);
    expect(elementsShare({ ...full, losses: '  ', contact: { name: '李', phone: '' } })).toBe(0.75);
    expect(elementsShare({})).toBe(0);
  });

  it('sums the shares and the follow-ups filed of a month', () => {
    expect(reportQualityOf([basic, { ...full, followupCount: 2 }, { ...basic, followupCount: 1 }])).toEqual({
      elementsShareSum: 2,
      followupsFiled: 3,
    });
  });
});

describe('the monthly reporting score of a lower organisation', () => {
  it('weights timeliness 40, completeness 20, follow-ups 20, findings 20 by default, each part explained', () => {
    const s = lowerOrgScore(input(), DEFAULT_LOWER_SCORING);
    // 3 of 4 on time: 30; elements 3 ÷ 4 = 75 %: 15; follow-ups 3 of 4: 15; one finding: 20 − 5 = 15.
    expect(s.parts.map((p) => [p.rule, p.points, p.max])).toEqual([
      ['timeliness', 30, 40],
      ['completeness', 15, 20],
      ['followups', 15, 20],
      ['findings', 15, 20],
    ]);
    expect(s.score).toBe(75);
    expect(s.completeness).toBe(0.75);
    expect(s.parts[0]!.label).toBe('报送及时：4 份报告，迟报 1 份，按时 75%');
    expect(s.parts[3]!.label).toContain('迟报：演播室起火');
  });

  it('gives full points where nothing was owed, and never goes below zero for findings', () => {
    const quiet = lowerOrgScore(
      input({
        reports: 0,
        late: 0,
        quality: { elementsShareSum: 0, followupsFiled: 0 },
        followupsMissed: 0,
        findings: [],
      }),
      DEFAULT_LOWER_SCORING,
    );
    expect(quiet.score).toBe(100);
    expect(quiet.completeness).toBeNull();
    expect(quiet.parts.map((p) => p.label)).toEqual([
      '报送及时：本月无报告，按满分计',
      '要素完整：本月无报告，按满分计',
      '按时续报：本月无应续报，按满分计',
      '问责记录：无',
    ]);
    const many = Array.from({ length: 6 }, (_, i) => ({ findingId: `f${i}`, label: `记录${i}` }));
    expect(lowerOrgScore(input({ findings: many }), DEFAULT_LOWER_SCORING).parts[3]!.points).toBe(0);
  });

  it('says so when the month was stored before completeness was kept (full points for that part)', () => {
    const s = lowerOrgScore(input({ quality: undefined }), DEFAULT_LOWER_SCORING);
    expect(s.parts[1]).toMatchObject({ points: 20, label: '要素完整：本月数据未记录要素情况，按满分计' });
    // Without the quality, no follow-ups are known to be filed: 0 of 1 owed.
    expect(s.parts[2]!.points).toBe(0);
  });

  it('uses the weights of the configuration, rounding each part to 0.1', () => {
    const rules = { weights: { timeliness: 70, completeness: 10, followups: 10, findings: 10 }, perFinding: 10 };
    const s = lowerOrgScore(input({ reports: 3, late: 1, quality: { elementsShareSum: 2, followupsFiled: 0 } }), rules);
    expect(s.parts.map((p) => p.points)).toEqual([46.7, 6.7, 0, 0]);
    expect(s.score).toBe(53.4);
  });

  it('reads the weights from a stored configuration, the defaults when absent or invalid', () => {
    expect(lowerScoringOf({})).toEqual(DEFAULT_LOWER_SCORING);
    expect(lowerScoringOf({ lowerScoring: { weights: { timeliness: 90 }, perFinding: 1 } })).toEqual(
      DEFAULT_LOWER_SCORING,
    );
    const custom = { weights: { timeliness: 25, completeness: 25, followups: 25, findings: 25 }, perFinding: 2 };
    expect(lowerScoringOf({ lowerScoring: custom })).toEqual(custom);
  });

  it('refuses weights that do not add up to 100 (the configuration PUT answers 400)', () => {
    const r = lowerScoringRulesSchema.safeParse({
      weights: { timeliness: 50, completeness: 20, followups: 20, findings: 20 },
      perFinding: 5,
    });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['weights']);
  });

  it('ranks by score, equal scores sharing a rank', () => {
    const s = (orgId: string, name: string, late: number) =>
      lowerOrgScore(input({ orgId, name, late, findings: [] }), DEFAULT_LOWER_SCORING);
    const ranked = rankLowerScores([s('a', '甲县', 2), s('b', '乙县', 0), s('c', '丙县', 2)]);
    expect(ranked.map((x) => [x.name, x.rank])).toEqual([
      ['乙县', 1],
      ['丙县', 2],
      ['甲县', 2],
    ]);
  });
});

describe('a lower organisation’s figures of a period', () => {
  it('adds its months, takes the median over all reports, and averages its monthly scores', () => {
    const month = (minutes: number[], late: number, ack: number[]) => ({
      reporting: {
        reports: minutes.length,
        late,
        byCategory: [],
        bySeverity: { I: 0, II: 0, III: minutes.length, IV: 0 },
        minutesToReport: minutes,
        levels: [{ level: 1, notified: ack.length, timedOut: 0, minutes: ack }],
        followupsMissed: 1,
        findingsByKind: { late, missed: 0, false: 0, concealed: 0 },
        departments: [],
      },
      items: [{ sent: 3, adopted: 1 }],
    });
    const f = lowerOrgFigures(
      { orgId: 'a', name: '甲县' },
      [month([10, 20], 0, [4]), month([30, 40, 100], 2, [6, 8])],
      [{ score: 80 }, { score: 65 }],
    );
    expect(f).toEqual({
      orgId: 'a',
      name: '甲县',
      reports: 5,
      late: 2,
      lateShare: 0.4,
      minutesToReport: { median: 30, p90: 100 },
      minutesToAcknowledge: { median: 6, p90: 8 },
      followupsMissed: 2,
      findings: 2,
      itemsSent: 6,
      itemsAdopted: 2,
      score: 72.5,
      scoredMonths: 2,
    });
    expect(lowerOrgFigures({ orgId: 'b', name: '乙县' }, [], []).score).toBeNull();
  });
});

describe('who sees a lower organisation’s figures', () => {
  const caller = (roles: string[], departmentId?: string): Caller => ({
    personId: 'p',
    orgId: 'parent',
    name: '某人',
    roles,
    ...(departmentId ? { departmentId } : {}),
  });
  const lower = { kind: 'scores' as const, orgId: 'child', parent: { orgId: 'parent', officeDepartmentId: 'office' } };
  it.each([
    ['the parent’s office head', caller(['officeHead']), 'allow'],
    ['a member of the parent’s office department', caller(['reporter'], 'office'), 'allow'],
    ['the parent’s principal leader', caller(['principalLeader']), 'allow'],
    ['the parent’s supervising leader', caller(['supervisingLeader']), 'allow'],
    ['a department head of the parent', caller(['departmentHead'], 'news'), 'hide'],
    ['a reporter of the parent', caller(['reporter'], 'news'), 'hide'],
    ['the office of another organisation', { ...caller(['officeHead']), orgId: 'sibling' }, 'hide'],
  ] as const)('%s: %s', (_, c, decision) => {
    expect(scoresAccess.decide(c, 'scores.readLower', lower)).toBe(decision);
  });
  it('an organisation without a parent is hidden from everyone outside it', () => {
    expect(scoresAccess.decide(caller(['officeHead']), 'scores.readLower', { kind: 'scores', orgId: 'child' })).toBe(
      'hide',
    );
  });
});

describe('the lower organisations in files and mail', () => {
  const row = lowerOrgFigures({ orgId: 'x', name: '=HYPERLINK("x")' }, [], [{ score: 90 }]);
  it('the CSV defuses a name a spreadsheet would run, and leaves empty what is unknown', () => {
    const csv = lowerOrgsCsv({ lowerOrgs: [row] });
    expect(csv.startsWith('\uFEFF单位,报告,迟报,迟报率,')).toBe(true);
    expect(csv.split('\r\n')[1]).toBe(`"'=HYPERLINK(""x"")",0,0,0,,,,0,0,0,0,90`);
  });
  it('the monthly workbook gains the sheet 下级单位评分 only when there are lower organisations', () => {
    const s = rankLowerScores([lowerOrgScore(input(), DEFAULT_LOWER_SCORING)]);
    expect(scoreSheets({ month: '2026-11' }, [], []).map((x) => x.name)).toEqual(['部门得分', '个人奖励']);
    const sheets = scoreSheets({ orgName: '市局', month: '2026-11' }, [], [], s);
    expect(sheets.map((x) => x.name)).toEqual(['部门得分', '个人奖励', '下级单位评分']);
    expect(sheets[2]!.title).toBe('市局 2026年11月下级单位信息报送评分');
    expect(sheets[2]!.rows[0]!.slice(0, 12)).toEqual([1, '甲县', 4, 1, 0.75, 1, 1, 30, 15, 15, 15, 75]);
  });
  it('the leaders’ mail lists them ranked; a mail without them has no such table', () => {
    const lower = rankLowerScores([lowerOrgScore(input(), DEFAULT_LOWER_SCORING)]);
    const m = { orgName: '市局', month: '2026-11', link: 'https://x/scores' };
    const who = { name: '主要领导', email: 'c@x' };
    const mail = renderScoreMail(
      m,
      who,
      { departments: [], selves: [], ranked: { departments: [], people: [], lower } },
      0,
    );
    expect(mail.text).toContain('下级单位信息报送评分：\n1. 甲县 75 分');
    expect(mail.html).toContain('<h3 style="font-size:16px">下级单位信息报送评分</h3>');
    const plain = renderScoreMail(m, who, { departments: [], selves: [], ranked: { departments: [], people: [] } }, 0);
    expect(plain.text).not.toContain('下级单位');
  });
});
