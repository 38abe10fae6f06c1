import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PHONE_LIMIT_MINUTES,
  phonedClocks,
  planReport,
  writtenLateness,
  writtenOverdue,
} from '../../../shared/reports/rules/plan.ts';
import { submitReportSchema, writtenReportSchema } from '../../../shared/reports/rules/input.ts';
import type { Report } from '../../../shared/reports/rules/model.ts';
import { parseOrThrow } from '../../../shared/platform/kernel/validation.ts';
import type { ValidationError } from '../../../shared/platform/kernel/errors.ts';

/** The clocks of phoned-in reports (电话报告, issue 14; POLICY §3.2), all on fixed instants. */
const LEARNED = new Date('2026-12-01T14:00:00.000Z'); // 22:00 in the organisation's zone (UTC+8)
const at = (minutes: number) => new Date(LEARNED.getTime() + minutes * 60_000);

const phoned = (over: Partial<Report> = {}): Report =>
  ({
    reportId: 'r1',
    orgId: 'o',
    reporterId: 'caller',
    title: '演播室起火',
    severity: 'II',
    status: 'acknowledged',
    chain: [{ level: 1, role: 'dutyLeader', personId: 'duty', name: '', state: 'acknowledged' }],
    ackTimeoutMinutes: 15,
    timezone: 'Asia/Shanghai',
    signOff: { decision: 'keep', byId: 'chief', byName: '', at: '' },
    late: false,
    lateByMinutes: 0,
    phonedIn: true,
    written: false,
    writtenDueAt: at(60).toISOString(),
    callLateByMinutes: 0,
    intake: {
      channel: 'phone',
      callerName: '张三',
      callerPersonId: 'caller',
      calledAt: at(10).toISOString(),
      takenAt: at(11).toISOString(),
      recordedById: 'officer',
      recordedByName: '值班员',
    },
    version: 2,
    ...over,
  }) as Report;

describe('phonedClocks: the phone clock and the written clock, both from learning of the event', () => {
  const rule = { reportLimitMinutes: 60 };
  it('I–II: the call within 30 minutes, the written version within the report limit', () => {
    expect(DEFAULT_PHONE_LIMIT_MINUTES).toEqual({ I: 30, II: 30 });
    const c = phonedClocks(rule, 'I', LEARNED, at(25));
    expect(c.callDeadline).toEqual(at(30));
    expect(c.callLateByMinutes).toBe(0);
    expect(c.writtenDueAt).toEqual(at(60));
  });
  it('a call after its limit is late by the minutes past it', () => {
    expect(phonedClocks(rule, 'II', LEARNED, at(42)).callLateByMinutes).toBe(12);
  });
  it('III–IV: the call has the report limit, unless the configuration names a phone limit', () => {
    expect(phonedClocks(rule, 'III', LEARNED, at(45)).callLateByMinutes).toBe(0);
    expect(phonedClocks({ ...rule, phoneLimitMinutes: 20 }, 'III', LEARNED, at(45)).callLateByMinutes).toBe(25);
  });
  it('the written limit is configurable per level', () => {
    const c = phonedClocks({ reportLimitMinutes: 60, writtenLimitMinutes: 45 }, 'II', LEARNED, at(5));
    expect(c.writtenDueAt).toEqual(at(45));
  });
});

describe('the written version owed: chased once past its due time, and the report becomes late', () => {
  it('before the due time nothing is sent and the report falls due at it', () => {
    const plan = planReport(phoned(), at(59));
    expect(plan.mails).toEqual([]);
    expect(plan.change.nextDueAt).toBe(at(60).toISOString());
    expect(plan.becameLate).toBeUndefined();
  });

  it('past it the caller, the recorder and the office head are chased, once, and the report is late', () => {
    const plan = planReport(phoned(), at(61), { officeHeadId: 'oh' });
    expect(plan.needsWatchers).toBe(true);
    expect(plan.mails.map((m) => [m.kind, m.personId])).toEqual([
      ['writtenReminder', 'caller'],
      ['writtenReminder', 'officer'],
      ['writtenReminder', 'oh'],
    ]);
    expect(plan.events.map((e) => e.type)).toEqual(['writtenOverdue', 'late']);
    expect(plan.events[0]!.detail).toContain('应于 2026-12-01 23:00 前报送');
    expect(plan.change).toMatchObject({ late: true, lateByMinutes: 1, writtenRemindedAt: at(61).toISOString() });
    expect(plan.becameLate).toBe(true);
    expect(plan.change.nextDueAt).toBeUndefined();
    const again = planReport(phoned({ ...plan.change, nextDueAt: undefined } as Partial<Report>), at(120), {
      officeHeadId: 'oh',
    });
    expect(again.mails).toEqual([]);
  });

  it('a report already late from its call is chased but not proposed again', () => {
    const plan = planReport(phoned({ late: true, lateByMinutes: 5, callLateByMinutes: 5 }), at(61), {});
    expect(plan.becameLate).toBeUndefined();
    expect(plan.change.late).toBeUndefined();
    expect(plan.change.writtenRemindedAt).toBeDefined();
  });

  it('a written version already in, or a report written from the start, owes nothing', () => {
    expect(writtenOverdue(phoned({ written: true }), at(90)).change).toEqual({});
    const plain = phoned({ phonedIn: undefined, written: undefined, writtenDueAt: undefined, intake: undefined });
    expect(planReport(plain, at(90)).mails).toEqual([]);
  });
});

describe('writtenLateness: both clocks in the lateness', () => {
  it('in time: not late', () => {
    expect(writtenLateness(phoned(), at(50))).toEqual({
      writtenLateByMinutes: 0,
      late: false,
      lateByMinutes: 0,
      becameLate: false,
    });
  });
  it('after the written limit: late by the written clock, newly', () => {
    expect(writtenLateness(phoned(), at(75))).toMatchObject({ writtenLateByMinutes: 15, late: true, becameLate: true });
  });
  it('a late call and a late written version: the larger counts, nothing new to propose', () => {
    const r = phoned({ late: true, lateByMinutes: 12, callLateByMinutes: 12 });
    expect(writtenLateness(r, at(65))).toEqual({
      writtenLateByMinutes: 5,
      late: true,
      lateByMinutes: 12,
      becameLate: false,
    });
  });
});

describe('the phoned-in body: caller and call time are required, most report fields are not', () => {
  const body = {
    departmentId: 'd',
    category: 'fire',
    severity: 'II',
    title: '演播室起火',
    occurredAt: '2026-12-01T22:00:00+08:00',
    summary: '来电称演播室冒烟',
    intake: { channel: 'phone', callerName: '张三', calledAt: '2026-12-01T22:10:00+08:00' },
  };
  const fields = (b: unknown) => {
    try {
      parseOrThrow(submitReportSchema, b);
      return [];
    } catch (err) {
      return (err as ValidationError).details.map((d) => [d.field, d.code]);
    }
  };
  it('place, measures and contact may wait for the written version', () => {
    expect(fields(body)).toEqual([]);
  });
  it('without caller: 400 naming intake.callerName', () => {
    const { callerName: _c, ...intake } = body.intake;
    expect(fields({ ...body, intake })).toEqual([['intake.callerName', 'required']]);
  });
  it('a person of the organisation stands for the name', () => {
    const { callerName: _c, ...intake } = body.intake;
    expect(fields({ ...body, intake: { ...intake, callerPersonId: 'p1' } })).toEqual([]);
  });
  it('without call time: 400 naming intake.calledAt', () => {
    const { calledAt: _c, ...intake } = body.intake;
    expect(fields({ ...body, intake })).toEqual([['intake.calledAt', 'required']]);
  });
  it('what the caller said is still required', () => {
    const { summary: _s, ...rest } = body;
    expect(fields(rest)).toEqual([['summary', 'required']]);
  });
  it('a written report still needs place, measures and contact', () => {
    const { intake: _i, ...written } = body;
    expect(fields(written).map(([f]) => f)).toEqual(['place', 'measuresTaken', 'contact']);
  });
  it('the written version needs its fields in full', () => {
    const r = writtenReportSchema.safeParse({ title: 'x' });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.path.join('.'))).toEqual(['place', 'summary', 'measuresTaken', 'contact']);
  });
});
