import { describe, expect, it } from 'vitest';
import {
  chineseNumber,
  dueAfterFollowup,
  dueAfterMiss,
  firstFollowupDue,
  followupLabel,
} from '../../../shared/reports/rules/followup-schedule.ts';
import { DEFAULT_FOLLOWUP_RULES, type FollowupRules } from '../../../shared/org/rules/config.ts';
import { planReport } from '../../../shared/reports/rules/plan.ts';
import type { Report } from '../../../shared/reports/rules/model.ts';

const SH = { rules: DEFAULT_FOLLOWUP_RULES, severity: 'III' as const, timeZone: 'Asia/Shanghai' };
const iso = (s: string) => new Date(s).toISOString();

describe('follow-up labels', () => {
  it.each([
    [1, '一'],
    [2, '二'],
    [10, '十'],
    [11, '十一'],
    [20, '二十'],
    [23, '二十三'],
    [99, '九十九'],
    [100, '100'],
  ])('%i → %s', (n, s) => expect(chineseNumber(n)).toBe(s));
  it('names follow-ups and the final report', () => {
    expect(followupLabel('followup', 1)).toBe('续报一');
    expect(followupLabel('followup', 12)).toBe('续报十二');
    expect(followupLabel('final', 5)).toBe('终报');
  });
});

describe('when the first follow-up is due (08:00 and 17:00 local, at least an hour after submission)', () => {
  it.each([
    ['10:00 → 17:00 the same day', '2026-11-30T10:00:00+08:00', SH, '2026-11-30T17:00:00+08:00'],
    ['07:50 → 17:00 (08:00 is too soon)', '2026-11-30T07:50:00+08:00', SH, '2026-11-30T17:00:00+08:00'],
    ['06:59 → 08:00', '2026-11-30T06:59:00+08:00', SH, '2026-11-30T08:00:00+08:00'],
    [
      '16:59 → 08:00 next day (not chased a minute later)',
      '2026-11-30T16:59:00+08:00',
      SH,
      '2026-12-01T08:00:00+08:00',
    ],
    ['23:30 → across midnight to 08:00', '2026-11-30T23:30:00+08:00', SH, '2026-12-01T08:00:00+08:00'],
    ['31 Dec 20:00 → across the year', '2026-12-31T20:00:00+08:00', SH, '2027-01-01T08:00:00+08:00'],
    [
      'another zone: 10:00 in Urumqi time',
      '2026-11-30T10:00:00+06:00',
      { ...SH, timeZone: 'Asia/Urumqi' },
      '2026-11-30T17:00:00+06:00',
    ],
    [
      'severity IV: a final report within 3 days',
      '2026-11-30T10:00:00+08:00',
      { ...SH, severity: 'IV' as const },
      '2026-12-03T10:00:00+08:00',
    ],
  ])('%s', (_name, submitted, schedule, expected) => {
    expect(firstFollowupDue(new Date(submitted), schedule).toISOString()).toBe(iso(expected));
  });

  it('every N hours counts from submission', () => {
    const rules: FollowupRules = { ...DEFAULT_FOLLOWUP_RULES, schedule: { kind: 'everyHours', hours: 4 } };
    expect(firstFollowupDue(new Date('2026-11-30T10:00:00+08:00'), { ...SH, rules }).toISOString()).toBe(
      iso('2026-11-30T14:00:00+08:00'),
    );
  });
});

describe('after a follow-up, and after a miss', () => {
  it('a follow-up at 12:00 answers 17:00, so the next is due 08:00 the next day', () => {
    expect(
      dueAfterFollowup(new Date('2026-11-30T12:00:00+08:00'), new Date('2026-11-30T17:00:00+08:00'), SH).toISOString(),
    ).toBe(iso('2026-12-01T08:00:00+08:00'));
  });
  it('a follow-up at 07:00 answers 08:00, so the next is due 17:00', () => {
    expect(
      dueAfterFollowup(new Date('2026-11-30T07:00:00+08:00'), new Date('2026-11-30T08:00:00+08:00'), SH).toISOString(),
    ).toBe(iso('2026-11-30T17:00:00+08:00'));
  });
  it('missing 17:00 moves the obligation to 08:00, and missing that to 17:00', () => {
    const first = dueAfterMiss(new Date('2026-11-30T17:00:00+08:00'), SH);
    expect(first.toISOString()).toBe(iso('2026-12-01T08:00:00+08:00'));
    expect(dueAfterMiss(first, SH).toISOString()).toBe(iso('2026-12-01T17:00:00+08:00'));
  });
  it('a missed final report (severity IV) is chased daily', () => {
    expect(dueAfterMiss(new Date('2026-12-03T10:00:00+08:00'), { ...SH, severity: 'IV' }).toISOString()).toBe(
      iso('2026-12-04T10:00:00+08:00'),
    );
  });
});

describe('planReport: follow-up obligations', () => {
  const base = {
    reportId: 'r1',
    reporterId: 'rep',
    departmentHeadId: 'head',
    severity: 'III',
    timezone: 'Asia/Shanghai',
    status: 'acknowledged',
    ackTimeoutMinutes: 30,
    chain: [{ level: 1, role: 'departmentHead', personId: 'head', name: 'H', state: 'acknowledged' }],
    followupDueAt: iso('2026-11-30T17:00:00+08:00'),
    missedFollowups: [],
  } as unknown as Report;

  it('a severity-III report from 10:00 with no follow-up is chased at 17:00 and at 08:00, the office told the second time', () => {
    const at17 = planReport(base, new Date('2026-11-30T17:00:30+08:00'), { officeHeadId: 'office' });
    expect(at17.mails.map((m) => [m.kind, m.personId])).toEqual([
      ['followupReminder', 'rep'],
      ['followupReminder', 'head'],
    ]);
    expect(at17.change.followupDueAt).toBe(iso('2026-12-01T08:00:00+08:00'));
    expect(at17.change.nextDueAt).toBe(iso('2026-12-01T08:00:00+08:00'));
    const after = {
      ...base,
      followupDueAt: at17.change.followupDueAt!,
      missedFollowups: at17.change.missedFollowups,
    } as Report;
    const at08 = planReport(after, new Date('2026-12-01T08:00:30+08:00'), { officeHeadId: 'office' });
    expect(at08.mails.map((m) => [m.kind, m.personId])).toEqual([
      ['followupReminder', 'rep'],
      ['followupReminder', 'head'],
      ['followupOverdue', 'office'],
    ]);
    expect(at08.change.missedFollowups).toHaveLength(2);
  });

  it('before the due time, and after the final report, nothing is chased', () => {
    expect(planReport(base, new Date('2026-11-30T16:59:00+08:00')).mails).toEqual([]);
    const closed = { ...base, closedAt: iso('2026-11-30T16:00:00+08:00') } as Report;
    const plan = planReport(closed, new Date('2026-12-02T08:00:00+08:00'));
    expect(plan.mails).toEqual([]);
    expect(plan.change.nextDueAt).toBeUndefined();
  });

  it('sends a filed follow-up to everyone the chain has reached, once', () => {
    const withNotice = {
      ...base,
      chain: [
        { level: 1, role: 'departmentHead', personId: 'head', name: 'H', state: 'acknowledged' },
        {
          level: 2,
          role: 'supervisingLeader',
          personId: 'lead',
          name: 'L',
          state: 'notified',
          ackDeadline: iso('2026-11-30T18:00:00+08:00'),
        },
        { level: 3, role: 'principalLeader', personId: 'chief', name: 'C', state: 'pending' },
      ],
      status: 'escalating',
      pendingNotices: [
        {
          key: 'followup#1',
          sequence: 1,
          label: '续报一',
          kind: 'followup',
          summary: 's',
          filedByName: 'x',
          filedAt: iso('2026-11-30T12:00:00+08:00'),
        },
      ],
    } as unknown as Report;
    const plan = planReport(withNotice, new Date('2026-11-30T12:00:01+08:00'));
    expect(plan.mails.map((m) => [m.kind, m.personId, m.key])).toEqual([
      ['followup', 'head', 'followup#1#head'],
      ['followup', 'lead', 'followup#1#lead'],
    ]);
    expect(plan.change.pendingNotices).toEqual([]);
  });
});
