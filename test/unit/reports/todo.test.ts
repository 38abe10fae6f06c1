import { describe, expect, it } from 'vitest';
import { todoDiff, todosOf, type Report } from '../../../shared/reports/index.ts';

const base = {
  reportId: 'r1',
  orgId: 'o',
  title: '起火',
  reporterId: 'rep',
  departmentHeadId: 'head',
  status: 'escalating',
  signerIds: ['chief'],
  followupDueAt: '2026-12-01T09:00:00.000Z',
  chain: [
    {
      level: 1,
      role: 'departmentHead',
      personId: 'head',
      name: '',
      state: 'notified',
      ackDeadline: '2026-12-01T01:30:00.000Z',
    },
    { level: 2, role: 'principalLeader', personId: 'chief', name: '', state: 'pending' },
  ],
} as unknown as Report;
const kinds = (r: Report) =>
  todosOf(r)
    .map((t) => `${t.personId}:${t.kind}`)
    .sort();

describe('what a report waits for, and from whom (待办 rows)', () => {
  it('a new report: the notified level to acknowledge, the signer, the reporter and head a follow-up', () => {
    expect(kinds(base)).toEqual([
      'ORG#o#OPEN:supervise',
      'chief:signOff',
      'head:acknowledge',
      'head:followupDue',
      'rep:followupDue',
    ]);
    expect(todosOf(base).find((t) => t.kind === 'acknowledge')?.deadline).toBe('2026-12-01T01:30:00.000Z');
  });

  it('a pending level waits for nothing yet; a timed-out level may still acknowledge', () => {
    const moved = {
      ...base,
      chain: [
        { ...base.chain[0]!, state: 'timedOut' as const },
        { ...base.chain[1]!, state: 'notified' as const },
      ],
    };
    expect(kinds(moved)).toContain('chief:acknowledge');
    expect(kinds(moved)).toContain('head:acknowledge');
  });

  it('the diff removes what is done and rewrites what changed, nothing else', () => {
    const acked = {
      ...base,
      status: 'acknowledged' as const,
      followupDueAt: '2026-12-01T17:00:00.000Z',
      signOff: { decision: 'keep' as const, byId: 'chief', byName: '', at: '' },
    };
    const { put, remove } = todoDiff(base, acked);
    expect(remove.map((t) => `${t.personId}:${t.kind}`).sort()).toEqual(['chief:signOff', 'head:acknowledge']);
    expect(put.map((t) => `${t.personId}:${t.kind}`).sort()).toEqual(['head:followupDue', 'rep:followupDue']);
    expect(todoDiff(acked, acked)).toEqual({ put: [], remove: [] });
  });

  it('the 终报 ends the follow-ups owed; a forwarded copy waits for no sign-off', () => {
    expect(kinds({ ...base, status: 'acknowledged', closedAt: 'x', signerIds: [] })).toEqual([]);
    expect(kinds({ ...base, forwardedFrom: { reportId: 'x', orgId: 'y', orgName: '' } })).not.toContain(
      'chief:signOff',
    );
  });

  it('the organisation supervises a report (督办) until it is closed, acknowledged and signed off; then its row goes', () => {
    const closed = { ...base, status: 'acknowledged' as const, closedAt: 'x', followupDueAt: undefined };
    expect(kinds({ ...closed, signOffDueAt: 'y' })).toContain('ORG#o#OPEN:supervise');
    const done = { ...closed, signOff: { decision: 'keep' as const, byId: 'chief', byName: '', at: '' } };
    expect(kinds(done)).toEqual([]);
    expect(todoDiff(base, done).remove.map((t) => t.kind)).toContain('supervise');
  });

  it('a phoned-in report owes its written version: the caller in the system and the recorder, until it comes in', () => {
    const intake = {
      channel: 'phone' as const,
      callerName: '报告人',
      callerPersonId: 'rep',
      calledAt: '2026-12-01T00:05:00.000Z',
      takenAt: '2026-12-01T00:06:00.000Z',
      recordedById: 'duty',
      recordedByName: '值班员',
    };
    const phoned = {
      ...base,
      phonedIn: true as const,
      intake,
      written: false,
      writtenDueAt: '2026-12-01T01:00:00.000Z',
    };
    const owed = todosOf(phoned).filter((t) => t.kind === 'writtenDue');
    expect(owed.map((t) => t.personId).sort()).toEqual(['duty', 'rep']);
    expect(owed.every((t) => t.deadline === '2026-12-01T01:00:00.000Z' && t.detail.includes('书面报告'))).toBe(true);
    // A caller outside the system: the recorder is the reporter, and owes it alone.
    const outsider = { ...phoned, reporterId: 'duty', intake: { ...intake, callerPersonId: undefined } };
    expect(kinds(outsider).filter((k) => k.endsWith(':writtenDue'))).toEqual(['duty:writtenDue']);
    // Chased: the rows say so; handed in: they go, nothing else changes.
    expect(todoDiff(phoned, { ...phoned, writtenRemindedAt: 'x' }).put.map((t) => t.detail)).toEqual([
      '电话报告的书面报告已逾期，请立即补报',
      '电话报告的书面报告已逾期，请立即补报',
    ]);
    const { put, remove } = todoDiff(phoned, { ...phoned, written: true, writtenAt: 'y' });
    expect(put).toEqual([]);
    expect(remove.map((t) => `${t.personId}:${t.kind}`).sort()).toEqual(['duty:writtenDue', 'rep:writtenDue']);
    // A report written from the start owes nothing.
    expect(kinds(base).some((k) => k.endsWith(':writtenDue'))).toBe(false);
  });
});
