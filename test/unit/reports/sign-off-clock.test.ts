import { describe, expect, it } from 'vitest';
import { DEFAULT_SIGN_OFF_MINUTES, planReport, signOffPending } from '../../../shared/reports/rules/plan.ts';
import type { Report } from '../../../shared/reports/rules/model.ts';

const report = (over: Partial<Report> = {}): Report =>
  ({
    reportId: 'r1',
    orgId: 'o',
    reporterId: 'rep',
    title: '起火',
    severity: 'II',
    status: 'acknowledged',
    chain: [{ level: 1, role: 'principalLeader', personId: 'chief', name: '', state: 'acknowledged' }],
    ackTimeoutMinutes: 15,
    timezone: 'Asia/Shanghai',
    signerIds: ['chief'],
    signOffDueAt: '2026-12-01T13:30:00.000Z',
    version: 3,
    ...over,
  }) as Report;

describe('the sign-off clock (签发时限)', () => {
  it('defaults: 30 minutes for I–II, 2 hours otherwise', () => {
    expect(DEFAULT_SIGN_OFF_MINUTES).toEqual({ I: 30, II: 30, III: 120, IV: 120 });
  });

  it('before the deadline nothing is sent, and the report falls due at it', () => {
    const plan = planReport(report(), new Date('2026-12-01T13:29:00.000Z'));
    expect(plan.mails).toEqual([]);
    expect(plan.change.nextDueAt).toBe('2026-12-01T13:30:00.000Z');
  });

  it('past it the signers and the office head are reminded once, and the timeline says so in local time', () => {
    const now = new Date('2026-12-01T13:31:00.000Z');
    const first = planReport(report(), now);
    expect(first.needsWatchers).toBe(true);
    const plan = planReport(report(), now, { officeHeadId: 'oh' });
    expect(plan.mails.map((m) => [m.kind, m.personId])).toEqual([
      ['signOffOverdue', 'chief'],
      ['signOffOverdue', 'oh'],
    ]);
    expect(plan.events).toContainEqual({
      type: 'signOffOverdue',
      detail: '应于 2026-12-01 21:30 前签发，尚未签发，已提醒签发人和办公室',
    });
    expect(plan.change.signOffRemindedAt).toBe(now.toISOString());
    expect(plan.change.nextDueAt).toBeUndefined();
    const again = planReport(report({ signOffRemindedAt: now.toISOString() }), new Date('2026-12-01T15:00:00.000Z'), {
      officeHeadId: 'oh',
    });
    expect(again.mails).toEqual([]);
  });

  it('a signed-off report or a forwarded copy has no clock', () => {
    const signed = report({ signOff: { decision: 'keep', byId: 'chief', byName: '', at: '' } });
    expect(signOffPending(signed)).toBeUndefined();
    expect(planReport(signed, new Date('2026-12-01T14:00:00.000Z'), { officeHeadId: 'oh' }).mails).toEqual([]);
    expect(signOffPending(report({ forwardedFrom: { reportId: 'x', orgId: 'y', orgName: '' } }))).toBeUndefined();
  });
});
