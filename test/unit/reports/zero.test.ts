import { describe, expect, it } from 'vitest';
import {
  createZeroPeriodSchema,
  cutoffAt,
  dueSteps,
  firstDue,
  periodDays,
  returnWindow,
  unitState,
  zeroReturnSchema,
} from '../../../shared/reports/rules/zero.ts';

/** Special periods and zero reports (零报告, issue 14; POLICY §3.7) on fixed instants. */
const P = { from: '2027-02-10', to: '2027-02-12', cutoff: '16:00', timezone: 'Asia/Shanghai' };
const T = (iso: string) => new Date(iso);

describe('the days and steps of a period', () => {
  it('every day from the first to the last, across a month end', () => {
    expect(periodDays('2027-01-30', '2027-02-02')).toEqual(['2027-01-30', '2027-01-31', '2027-02-01', '2027-02-02']);
  });
  it("a day's cut-off is in the organisation's zone", () => {
    expect(cutoffAt(P, '2027-02-10').toISOString()).toBe('2027-02-10T08:00:00.000Z');
    expect(cutoffAt({ ...P, timezone: 'Europe/Berlin' }, '2027-02-10').toISOString()).toBe('2027-02-10T15:00:00.000Z');
  });
  it('the first step is the first cut-off ahead: declared after today’s, it starts with tomorrow', () => {
    expect(firstDue(P, T('2027-02-09T00:00:00Z'))).toBe('2027-02-10T08:00:00.000Z');
    expect(firstDue(P, T('2027-02-10T08:30:00Z'))).toBe('2027-02-10T09:00:00.000Z'); // the office's notice still ahead
    expect(firstDue(P, T('2027-02-12T10:00:00Z'))).toBeUndefined();
  });
  it('at the cut-off the chase is due, an hour later the office’s notice, then the next day', () => {
    const p = { ...P, nextDueAt: '2027-02-10T08:00:00.000Z' };
    expect(dueSteps(p, T('2027-02-10T07:59:00Z')).due).toEqual([]);
    const at = dueSteps(p, T('2027-02-10T08:00:30Z'));
    expect(at.due.map((s) => [s.kind, s.date])).toEqual([['chase', '2027-02-10']]);
    expect(at.nextDueAt).toBe('2027-02-10T09:00:00.000Z');
    const later = dueSteps({ ...P, nextDueAt: at.nextDueAt }, T('2027-02-10T09:01:00Z'));
    expect(later.due.map((s) => s.kind)).toEqual(['office']);
    expect(later.nextDueAt).toBe('2027-02-11T08:00:00.000Z');
  });
  it('a check that missed hours catches up every step, and the last day ends the period', () => {
    const r = dueSteps({ ...P, nextDueAt: '2027-02-12T08:00:00.000Z' }, T('2027-02-13T00:00:00Z'));
    expect(r.due.map((s) => s.kind)).toEqual(['chase', 'office']);
    expect(r.nextDueAt).toBeUndefined();
  });
});

describe('when a zero report may be filed', () => {
  it('before the cut-off open, after it late, after the day ended or outside the period refused', () => {
    expect(returnWindow(P, '2027-02-10', T('2027-02-10T01:00:00Z'))).toBe('open');
    expect(returnWindow(P, '2027-02-10', T('2027-02-10T08:01:00Z'))).toBe('late');
    expect(returnWindow(P, '2027-02-10', T('2027-02-10T16:00:00Z'))).toBe('ended'); // local midnight
    expect(returnWindow(P, '2027-02-09', T('2027-02-09T01:00:00Z'))).toBe('outside');
    expect(returnWindow(P, '2027-02-13', T('2027-02-13T01:00:00Z'))).toBe('outside');
    expect(returnWindow(P, '2027-02-11', T('2027-02-10T01:00:00Z'))).toBe('notYet');
  });
  it('a report that day counts before the zero report; neither is missing', () => {
    expect(unitState(true, true)).toBe('reported');
    expect(unitState(false, true)).toBe('zero');
    expect(unitState(false, false)).toBe('missing');
  });
});

describe('the bodies', () => {
  const fields = (r: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) =>
    r.error?.issues.map((i) => i.path.join('.')) ?? [];
  it('a period needs title, dates, a cut-off and someone who answers', () => {
    expect(fields(createZeroPeriodSchema.safeParse({}))).toEqual(['title', 'from', 'to', 'cutoff']);
    const ok = { title: '春节', from: '2027-02-10', to: '2027-02-12', cutoff: '16:00', departmentIds: ['d'] };
    expect(createZeroPeriodSchema.safeParse(ok).success).toBe(true);
    expect(fields(createZeroPeriodSchema.safeParse({ ...ok, departmentIds: [] }))).toEqual(['departmentIds']);
    expect(fields(createZeroPeriodSchema.safeParse({ ...ok, to: '2027-02-01' }))).toEqual(['to']);
    expect(fields(createZeroPeriodSchema.safeParse({ ...ok, cutoff: '25:00' }))).toEqual(['cutoff']);
  });
  it('a zero report names one unit: a department or a lower organisation', () => {
    expect(zeroReturnSchema.safeParse({ date: '2027-02-10', departmentId: 'd' }).success).toBe(true);
    expect(fields(zeroReturnSchema.safeParse({ date: '2027-02-10' }))).toEqual(['departmentId']);
    expect(fields(zeroReturnSchema.safeParse({ date: '2027-02-10', departmentId: 'd', orgId: 'o' }))).toEqual([
      'departmentId',
    ]);
  });
});
