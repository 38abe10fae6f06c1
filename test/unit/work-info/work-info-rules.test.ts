import { describe, expect, it } from 'vitest';
import { DEFAULT_TIMEZONE, fullOrgConfigSchema } from '../../../shared/org/index.ts';
import { localInputToIso } from '../../../shared/platform/kernel/time.ts';
import { scoreMonth, scoringConfigOf } from '../../../shared/scores/rules/scoring.ts';
import { createItemSchema, selfPublishSchema } from '../../../shared/work-info/rules/item.ts';
import { commissionAnswers } from '../../../shared/work-info/rules/commission.ts';
import {
  departmentWeeks,
  parseDistributionLines,
  putDistributionSchema,
  putTargetSchema,
  reminderDue,
  reminderRecipients,
  targetProgress,
  weekOf,
  workInfoRulesOf,
} from '../../../shared/work-info/rules/weekly-quota.ts';

const KOLKATA = 'Asia/Kolkata';
const at = (local: string, tz: string) => new Date(localInputToIso(local, tz));
const rules = workInfoRulesOf(undefined);

describe('the week and the weekly reminder, in the organisation’s zone (fixed clock)', () => {
  it('names the week by its Monday and spans Monday 00:00 to Sunday 24:00 local', () => {
    const w = weekOf(at('2027-03-12T15:30', DEFAULT_TIMEZONE), DEFAULT_TIMEZONE); // a Friday
    expect(w).toMatchObject({ monday: '2027-03-08', weekday: 5 });
    expect(w.from).toBe(at('2027-03-08T00:00', DEFAULT_TIMEZONE).toISOString());
    expect(Date.parse(w.to) + 1).toBe(at('2027-03-15T00:00', DEFAULT_TIMEZONE).getTime());
    // Sunday night still belongs to the same week; Monday 00:00 starts the next.
    expect(weekOf(at('2027-03-14T23:59', DEFAULT_TIMEZONE), DEFAULT_TIMEZONE).monday).toBe('2027-03-08');
    expect(weekOf(at('2027-03-15T00:00', DEFAULT_TIMEZONE), DEFAULT_TIMEZONE).monday).toBe('2027-03-15');
  });

  it('is due on Friday from 15:00 local to the end of the day, in each zone', () => {
    for (const tz of [DEFAULT_TIMEZONE, KOLKATA]) {
      expect(reminderDue(at('2027-03-12T14:59', tz), tz, rules)).toBe(false);
      expect(reminderDue(at('2027-03-12T15:00', tz), tz, rules)).toBe(true);
      expect(reminderDue(at('2027-03-12T23:59', tz), tz, rules)).toBe(true);
      expect(reminderDue(at('2027-03-13T00:00', tz), tz, rules)).toBe(false);
      expect(reminderDue(at('2027-03-11T16:00', tz), tz, rules)).toBe(false);
    }
    // 15:00 in Kolkata is 17:30 in the default zone; 15:00 in the default zone is 12:30 in Kolkata, not yet due there.
    const kolkata1500 = at('2027-03-12T15:00', KOLKATA);
    expect(reminderDue(kolkata1500, DEFAULT_TIMEZONE, rules)).toBe(true);
    expect(reminderDue(at('2027-03-12T15:00', DEFAULT_TIMEZONE), KOLKATA, rules)).toBe(false);
  });

  it('follows the configuration: another weekday and time, or switched off', () => {
    const thursday = workInfoRulesOf({ workInfo: { weeklyReminder: { enabled: true, weekday: 4, at: '10:30' } } });
    expect(reminderDue(at('2027-03-11T10:30', KOLKATA), KOLKATA, thursday)).toBe(true);
    expect(reminderDue(at('2027-03-12T15:00', KOLKATA), KOLKATA, thursday)).toBe(false);
    const off = workInfoRulesOf({ workInfo: { weeklyReminder: { enabled: false, weekday: 5, at: '15:00' } } });
    expect(reminderDue(at('2027-03-12T16:00', KOLKATA), KOLKATA, off)).toBe(false);
  });

  it('counts each department’s items approved to the office, once per item, and leaves the office out', () => {
    const departments = [
      { departmentId: 'news', name: '新闻部' },
      { departmentId: 'tech', name: '技术部' },
      { departmentId: 'office', name: '办公室', isOffice: true },
    ];
    const ledger = [
      { type: 'approved', departmentId: 'news', itemId: 'a' },
      { type: 'approved', departmentId: 'news', itemId: 'a' },
      { type: 'submitted', departmentId: 'tech', itemId: 'b' },
      { type: 'adopted', departmentId: 'tech', itemId: 'c' },
    ];
    expect(departmentWeeks(departments, ledger, 2)).toEqual([
      { departmentId: 'news', name: '新闻部', sent: 1, quota: 2, short: 1 },
      { departmentId: 'tech', name: '技术部', sent: 0, quota: 2, short: 2 },
    ]);
    expect(
      departmentWeeks(departments, ledger, 1)
        .filter((d) => d.short > 0)
        .map((d) => d.departmentId),
    ).toEqual(['tech']);
  });

  it('reminds a department’s information officers and its head', () => {
    const people = [
      { personId: 'r', roles: ['reporter'], departmentId: 'news' },
      { personId: 'h', roles: ['departmentHead'], departmentId: 'elsewhere' },
      { personId: 'x', roles: ['reporter'], departmentId: 'tech' },
      { personId: 'l', roles: ['supervisingLeader'] },
    ];
    expect(reminderRecipients({ departmentId: 'news', headId: 'h' }, people).map((p) => p.personId)).toEqual([
      'r',
      'h',
    ]);
  });
});

describe('the target (报送任务) against the month', () => {
  it('counts sent, adopted and recommended items once each and says what is left', () => {
    const ledger = [
      { type: 'approved', itemId: 'a' },
      { type: 'approved', itemId: 'b' },
      { type: 'adopted', itemId: 'a' },
      { type: 'recommended', itemId: 'a' },
    ];
    const target = {
      orgId: 'o',
      month: '2027-01',
      items: 5,
      setByOrgId: 'p',
      setBy: 'x',
      setByName: '上级办公室主任',
      setAt: '2027-01-02T00:00:00.000Z',
    };
    expect(targetProgress('2027-03', target, ledger)).toMatchObject({
      month: '2027-03',
      sent: 2,
      adopted: 1,
      recommended: 1,
      remaining: 3,
      met: false,
      target: { items: 5, fromMonth: '2027-01' },
    });
    expect(targetProgress('2027-03', undefined, ledger).target).toBeUndefined();
  });

  it('refuses a negative, fractional or missing count and a bad month, naming the field', () => {
    const field = (body: unknown) => putTargetSchema.safeParse(body).error?.issues[0]?.path.join('.');
    expect(field({ month: '2027-03', items: -1 })).toBe('items');
    expect(field({ month: '2027-03', items: 1.5 })).toBe('items');
    expect(field({ month: '2027-03' })).toBe('items');
    expect(field({ month: '2027-13', items: 3 })).toBe('month');
    expect(putTargetSchema.parse({ month: '2027-03', items: 12 })).toEqual({ month: '2027-03', items: 12 });
  });
});

describe('the periodical’s outside recipients', () => {
  it('reads "名称 <邮箱>" lines and validates each address', () => {
    const lines = parseDistributionLines('市发展改革委 <FGW@example.gov.cn>\n\n市统计局 tjj@example.gov.cn\n市财政局');
    expect(lines).toEqual([
      { name: '市发展改革委', email: 'FGW@example.gov.cn' },
      { name: '市统计局', email: 'tjj@example.gov.cn' },
      { name: '市财政局', email: '' },
    ]);
    const r = putDistributionSchema.safeParse({ outside: lines });
    expect(r.error?.issues.map((i) => i.path.join('.'))).toEqual(['outside.2.email']);
    expect(putDistributionSchema.parse({ outside: lines.slice(0, 2) }).outside[0]!.email).toBe('fgw@example.gov.cn');
    const twice = putDistributionSchema.safeParse({ outside: [lines[1], lines[1]] });
    expect(twice.success).toBe(false);
  });
});

describe('图片影像资料 and 自行发表', () => {
  it('accepts photo items, and scores an adopted one with its own configurable points', () => {
    expect(createItemSchema.parse({ kind: 'photo', title: '图', body: '说明', departmentId: 'd' }).kind).toBe('photo');
    const base = {
      month: '2027-03',
      departments: [{ departmentId: 'news', name: '新闻部' }],
      people: [{ personId: 'r', name: '信息员', roles: ['reporter'], departmentId: 'news' }],
      sent: [],
      adopted: [
        { itemId: 'p1', departmentId: 'news', authorId: 'r', kind: 'photo' as const, at: '2027-03-03T02:00:00Z' },
      ],
    };
    const byDefault = scoreMonth({ ...base, rules: scoringConfigOf({}) });
    expect(byDefault.departments[0]!.parts.find((p) => p.rule === 'adoption.photo')).toMatchObject({ points: 2 });
    // A version saved before the photo kind existed gets its default; a new one sets it.
    const config = fullOrgConfigSchema.partial().parse({
      scoring: {
        quotaMet: 5,
        perItemShort: -1,
        perItemBeyond: 1,
        adoption: { work: 2, research: 5, suggestion: 5, other: 5 },
      },
    });
    expect(config.scoring?.adoption.photo).toBe(2);
    const set = scoringConfigOf({
      scoring: { ...config.scoring, adoption: { ...config.scoring!.adoption, photo: 3 } },
    });
    const scored = scoreMonth({ ...base, rules: set });
    expect(scored.departments[0]!.parts.find((p) => p.rule === 'adoption.photo')).toMatchObject({ points: 3 });
  });

  it('needs an outlet and a date; a link must be http(s)', () => {
    const fields = (body: unknown) => selfPublishSchema.safeParse(body).error?.issues.map((i) => i.path.join('.'));
    expect(fields({ publishedOn: '2027-03-01' })).toEqual(['outlet']);
    expect(fields({ outlet: '县融媒体中心', publishedOn: '3月1日' })).toEqual(['publishedOn']);
    expect(fields({ outlet: '县融媒体中心', publishedOn: '2027-03-01', url: 'javascript:alert(1)' })).toEqual(['url']);
    expect(selfPublishSchema.parse({ outlet: ' 县融媒体中心 ', publishedOn: '2027-03-01', url: '' })).toEqual({
      outlet: '县融媒体中心',
      publishedOn: '2027-03-01',
    });
  });
});

describe('约稿: who answered (fixed clock)', () => {
  it('lists each asked department with its items, late answers and the overdue ones after the deadline', () => {
    const c = {
      commissionId: 'c',
      orgId: 'o',
      topic: '营商环境',
      departments: [
        { departmentId: 'news', name: '新闻部' },
        { departmentId: 'tech', name: '技术部' },
        { departmentId: 'ops', name: '运维部' },
      ],
      dueAt: '2027-03-10T10:00:00.000Z',
      createdAt: '2027-03-01T00:00:00.000Z',
      createdBy: 'x',
      createdByName: '办公室主任',
    };
    const answers = [
      { departmentId: 'news', itemId: 'b', at: '2027-03-09T00:00:00.000Z' },
      { departmentId: 'news', itemId: 'a', at: '2027-03-08T00:00:00.000Z' },
      { departmentId: 'tech', itemId: 'c', at: '2027-03-11T00:00:00.000Z' },
    ];
    const before = commissionAnswers(c, answers.slice(0, 2), new Date('2027-03-10T09:59:00Z'));
    expect(before.map((a) => a.overdue)).toEqual([false, false, false]);
    const after = commissionAnswers(c, answers, new Date('2027-03-12T00:00:00Z'));
    expect(after).toEqual([
      { departmentId: 'news', name: '新闻部', itemIds: ['a', 'b'], answered: true, late: false, overdue: false },
      { departmentId: 'tech', name: '技术部', itemIds: ['c'], answered: true, late: true, overdue: false },
      { departmentId: 'ops', name: '运维部', itemIds: [], answered: false, late: false, overdue: true },
    ]);
  });
});
