import { describe, expect, it } from 'vitest';
import { planInstruction } from '../../../shared/followups/rules/instructions.ts';

const iso = (s: string) => new Date(s).toISOString();

describe('instruction reminders', () => {
  const ins = {
    givenAt: iso('2026-11-30T10:00:00+08:00'),
    dueAt: iso('2026-12-02T10:00:00+08:00'),
    status: 'open' as const,
    reminded: [] as string[],
  };
  it('mails the assignment at once, then 24 hours before, then each overdue day (the giver on the first)', () => {
    const given = planInstruction(ins, new Date(ins.givenAt));
    expect(given.send.map((r) => r.key)).toEqual(['assigned']);
    expect(given.nextRemindAt).toBe(iso('2026-12-01T10:00:00+08:00'));
    const before = planInstruction({ ...ins, reminded: ['assigned'] }, new Date('2026-12-01T10:00:00+08:00'));
    expect(before.send.map((r) => r.key)).toEqual(['before']);
    const overdue = planInstruction(
      { ...ins, reminded: ['assigned', 'before'] },
      new Date('2026-12-02T10:00:01+08:00'),
    );
    expect(overdue.send).toEqual([expect.objectContaining({ key: 'overdue#1', toGiver: true })]);
    expect(overdue.nextRemindAt).toBe(iso('2026-12-03T10:00:00+08:00'));
    const day2 = planInstruction(
      { ...ins, reminded: ['assigned', 'before', 'overdue#1'] },
      new Date('2026-12-03T10:00:01+08:00'),
    );
    expect(day2.send).toEqual([expect.objectContaining({ key: 'overdue#2', toGiver: false })]);
  });
  it('after days without a check sends only the latest overdue reminder but marks all as reached', () => {
    const late = planInstruction({ ...ins, reminded: ['assigned', 'before'] }, new Date('2026-12-05T11:00:00+08:00'));
    expect(late.send.map((r) => r.key)).toEqual(['overdue#4']);
    expect(late.reached).toEqual(['overdue#1', 'overdue#2', 'overdue#3', 'overdue#4']);
  });
  it('skips the 24-hour reminder when given less than a day ahead, and stops once done', () => {
    const short = { ...ins, dueAt: iso('2026-11-30T20:00:00+08:00') };
    expect(
      planInstruction({ ...short, reminded: ['assigned'] }, new Date('2026-11-30T20:00:01+08:00')).send.map(
        (r) => r.key,
      ),
    ).toEqual(['overdue#1']);
    expect(planInstruction({ ...ins, status: 'done' }, new Date('2026-12-09T00:00:00+08:00'))).toEqual({
      send: [],
      reached: [],
      nextRemindAt: undefined,
    });
  });
});
