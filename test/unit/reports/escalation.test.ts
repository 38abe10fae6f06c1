import { describe, expect, it } from 'vitest';
import { acknowledge, planEscalation, type EscalationPlan } from '../../../shared/reports/rules/escalation.ts';
import type { ChainLevel, ChainRole, Report } from '../../../shared/reports/rules/model.ts';

const T0 = new Date('2026-11-27T02:00:00.000Z');
const TIMEOUT = 10;
const at = (minutes: number, seconds = 0) => new Date(T0.getTime() + minutes * 60_000 + seconds * 1000);
const iso = (minutes: number) => at(minutes).toISOString();

type R = Pick<Report, 'reportId' | 'chain' | 'ackTimeoutMinutes' | 'status'>;

function level(n: number, role: ChainRole, personId: string, extra: Partial<ChainLevel> = {}): ChainLevel {
  return {
    level: n,
    role,
    personId,
    name: `name-${personId}`,
    email: `${personId}@example.org`,
    state: 'pending',
    ...extra,
  };
}

function report(chain: ChainLevel[], status: Report['status'] = 'escalating'): R {
  return { reportId: 'r1', chain, ackTimeoutMinutes: TIMEOUT, status };
}

const threeLevels = () => [
  level(1, 'departmentHead', 'head'),
  level(2, 'supervisingLeader', 'sup'),
  level(3, 'principalLeader', 'principal'),
];

/** Applies a plan to the report, as the caller that saves it would. */
const apply = (r: R, plan: EscalationPlan): R => ({ ...r, chain: plan.chain, status: plan.status });

/** Runs the escalation to the point where only the top level is waiting: level 1 timed out at T0+10, level 2 at T0+20. */
function topLevelWaiting(): R {
  let r = report(threeLevels());
  r = apply(r, planEscalation(r, T0));
  r = apply(r, planEscalation(r, at(10)));
  r = apply(r, planEscalation(r, at(20)));
  return r;
}

describe('planEscalation: notifying level by level', () => {
  it('the first plan notifies level 1 and sets its deadline to now + ackTimeoutMinutes', () => {
    // Arrange
    const r = report(threeLevels());
    // Act
    const plan = planEscalation(r, T0);
    // Assert
    expect(plan.mails).toEqual([{ key: 'notify#1#head', kind: 'notify', level: 1, personId: 'head', unanswered: [] }]);
    expect(plan.chain[0]).toMatchObject({ state: 'notified', notifiedAt: T0.toISOString(), ackDeadline: iso(TIMEOUT) });
    expect(plan.chain.slice(1).map((l) => l.state)).toEqual(['pending', 'pending']);
    expect(plan.nextDueAt).toBe(iso(TIMEOUT));
    expect(plan.status).toBe('escalating');
  });

  it('does not change the chain it was given (pure)', () => {
    const r = report(threeLevels());
    const before = structuredClone(r.chain);
    planEscalation(r, T0);
    expect(r.chain).toEqual(before);
  });

  it('a parallel level is notified at once, together with level 1', () => {
    const chain = threeLevels();
    chain[2]!.parallel = true;
    const plan = planEscalation(report(chain), T0);
    expect(plan.mails.map((m) => [m.kind, m.level, m.personId])).toEqual([
      ['parallel', 3, 'principal'],
      ['notify', 1, 'head'],
    ]);
    expect(plan.chain.map((l) => l.state)).toEqual(['notified', 'pending', 'notified']);
    expect(plan.chain[2]!.ackDeadline).toBe(iso(TIMEOUT));
  });

  it('before the deadline nothing happens and nextDueAt is the deadline', () => {
    const r = apply(report(threeLevels()), planEscalation(report(threeLevels()), T0));
    const plan = planEscalation(r, at(TIMEOUT - 1, 59));
    expect(plan.mails).toEqual([]);
    expect(plan.events).toEqual([]);
    expect(plan.chain).toEqual(r.chain);
    expect(plan.nextDueAt).toBe(iso(TIMEOUT));
  });

  it('at the deadline level 1 times out and level 2 is notified as an escalation naming level 1', () => {
    const r = apply(report(threeLevels()), planEscalation(report(threeLevels()), T0));
    const plan = planEscalation(r, at(TIMEOUT));
    expect(plan.chain[0]).toMatchObject({ state: 'timedOut', timedOutAt: iso(TIMEOUT) });
    expect(plan.mails).toEqual([
      { key: 'escalation#2#sup', kind: 'escalation', level: 2, personId: 'sup', unanswered: ['name-head'] },
    ]);
    expect(plan.chain[1]).toMatchObject({ state: 'notified', notifiedAt: iso(TIMEOUT), ackDeadline: iso(2 * TIMEOUT) });
    expect(plan.events.map((e) => e.type)).toEqual(['timedOut']);
    expect(plan.nextDueAt).toBe(iso(2 * TIMEOUT));
  });

  it('a late check that finds two deadlines passed notifies the next pending level once, naming level 1', () => {
    const r = apply(report(threeLevels()), planEscalation(report(threeLevels()), T0));
    const plan = planEscalation(r, at(3 * TIMEOUT));
    expect(plan.mails.map((m) => [m.kind, m.level])).toEqual([['escalation', 2]]);
    expect(plan.chain[2]!.state).toBe('pending');
  });

  it('skipped levels are never notified, and are not named as unanswered', () => {
    const chain = [
      level(1, 'departmentHead', 'head', { state: 'skipped', skipReason: '岗位空缺' }),
      level(2, 'supervisingLeader', 'sup'),
      level(3, 'principalLeader', 'principal'),
    ];
    let r = report(chain);
    const first = planEscalation(r, T0);
    r = apply(r, first);
    const second = planEscalation(r, at(TIMEOUT));
    const mails = [...first.mails, ...second.mails];
    expect(mails.map((m) => [m.kind, m.level, m.personId, m.unanswered])).toEqual([
      ['notify', 2, 'sup', []],
      ['escalation', 3, 'principal', ['name-sup']],
    ]);
    expect(second.chain[0]).toMatchObject({ state: 'skipped', skipReason: '岗位空缺' });
    expect(second.chain[0]!.notifiedAt).toBeUndefined();
  });
});

describe('planEscalation: the top level does not answer', () => {
  it('is reminded once per interval; office head and duty officer get an unanswered mail', () => {
    // Arrange
    const r = topLevelWaiting();
    expect(r.chain[2]).toMatchObject({ state: 'notified', ackDeadline: iso(3 * TIMEOUT) });
    // Act
    const plan = planEscalation(r, at(3 * TIMEOUT), { officeHeadId: 'office', dutyOfficerId: 'officer' });
    // Assert
    expect(plan.mails).toEqual([
      {
        key: 'reminder#3#principal#1',
        kind: 'reminder',
        level: 3,
        personId: 'principal',
        unanswered: ['name-head', 'name-sup'],
      },
      {
        key: 'unanswered#3#office#1',
        kind: 'unanswered',
        level: 3,
        personId: 'office',
        unanswered: ['name-head', 'name-sup', 'name-principal'],
      },
      {
        key: 'unanswered#3#officer#1',
        kind: 'unanswered',
        level: 3,
        personId: 'officer',
        unanswered: ['name-head', 'name-sup', 'name-principal'],
      },
    ]);
    expect(plan.chain[2]).toMatchObject({ state: 'notified', reminders: 1 });
    expect(plan.events.map((e) => e.type)).toEqual(['reminded']);
    expect(plan.nextDueAt).toBe(iso(4 * TIMEOUT));
    expect(plan.status).toBe('escalating');
  });

  it('a second plan at the same instant sends no second reminder', () => {
    const r = topLevelWaiting();
    const first = planEscalation(r, at(3 * TIMEOUT), { officeHeadId: 'office', dutyOfficerId: 'officer' });
    const second = planEscalation(apply(r, first), at(3 * TIMEOUT), {
      officeHeadId: 'office',
      dutyOfficerId: 'officer',
    });
    expect(second.mails).toEqual([]);
    expect(second.events).toEqual([]);
    expect(second.chain[2]!.reminders).toBe(1);
    expect(second.nextDueAt).toBe(iso(4 * TIMEOUT));
  });

  it('the same step planned twice from the same state gives the same keys (the send-once guard relies on it)', () => {
    const r = topLevelWaiting();
    const keys = (p: EscalationPlan) => p.mails.map((m) => m.key);
    expect(keys(planEscalation(r, at(3 * TIMEOUT, 5), { officeHeadId: 'office' }))).toEqual(
      keys(planEscalation(r, at(3 * TIMEOUT), { officeHeadId: 'office' })),
    );
  });

  it('the next interval gives reminder number 2 with a new key', () => {
    const r = topLevelWaiting();
    const first = apply(r, planEscalation(r, at(3 * TIMEOUT)));
    const plan = planEscalation(first, at(4 * TIMEOUT), { officeHeadId: 'office' });
    expect(plan.mails.map((m) => m.key)).toEqual(['reminder#3#principal#2', 'unanswered#3#office#2']);
    expect(plan.chain[2]!.reminders).toBe(2);
    expect(plan.nextDueAt).toBe(iso(5 * TIMEOUT));
  });

  it.each([
    [
      'office head and duty officer are the same person: one mail',
      { officeHeadId: 'office', dutyOfficerId: 'office' },
      ['office'],
    ],
    [
      'a watcher is the unanswering top level: no mail to them',
      { officeHeadId: 'principal', dutyOfficerId: 'officer' },
      ['officer'],
    ],
    ['no watchers known', {}, []],
  ])('%s', (_name, watchers, expected) => {
    const plan = planEscalation(topLevelWaiting(), at(3 * TIMEOUT), watchers);
    expect(plan.mails.filter((m) => m.kind === 'unanswered').map((m) => m.personId)).toEqual(expected);
    expect(plan.mails.filter((m) => m.kind === 'reminder')).toHaveLength(1);
  });
});

describe('acknowledge', () => {
  it('by level 1: status stays escalating, level 2 is due at once and the next plan notifies it', () => {
    // Arrange
    const r = apply(report(threeLevels()), planEscalation(report(threeLevels()), T0));
    const now = at(3);
    // Act
    const outcome = acknowledge(r, 1, now);
    // Assert
    expect(outcome.status).toBe('escalating');
    expect(outcome.chain[0]).toMatchObject({ state: 'acknowledged', acknowledgedAt: now.toISOString() });
    expect(outcome.completed).toEqual([]);
    expect(outcome.nextDueAt).toBeDefined();
    expect(new Date(outcome.nextDueAt!).getTime()).toBeLessThanOrEqual(now.getTime());
    const next = planEscalation({ ...r, chain: outcome.chain, status: outcome.status }, now);
    expect(next.mails.map((m) => [m.kind, m.level, m.personId])).toEqual([['notify', 2, 'sup']]);
  });

  it("by a higher level: lower levels still waiting are skipped with '上级已确认'", () => {
    let r = apply(report(threeLevels()), planEscalation(report(threeLevels()), T0));
    r = apply(r, planEscalation(r, at(TIMEOUT))); // level 1 timed out, level 2 notified
    const chain = r.chain.map((l) => (l.level === 1 ? { ...l, state: 'notified' as const, timedOutAt: undefined } : l));
    const outcome = acknowledge({ ...r, chain }, 2, at(12));
    expect(outcome.chain.map((l) => l.state)).toEqual(['skipped', 'acknowledged', 'pending']);
    expect(outcome.chain[0]!.skipReason).toBe('上级已确认');
    expect(outcome.completed).toEqual([1]);
    expect(outcome.status).toBe('escalating');
  });

  it('a lower level that already timed out keeps that state when a higher level acknowledges', () => {
    let r = apply(report(threeLevels()), planEscalation(report(threeLevels()), T0));
    r = apply(r, planEscalation(r, at(TIMEOUT)));
    const outcome = acknowledge(r, 2, at(12));
    expect(outcome.chain[0]!.state).toBe('timedOut');
    expect(outcome.completed).toEqual([]);
  });

  it('by the top level: every lower waiting level is completed, status acknowledged, nothing more due', () => {
    const chain = threeLevels();
    chain[2]!.parallel = true;
    const r = apply(report(chain), planEscalation(report(chain), T0)); // 1 and 3 notified, 2 pending
    const outcome = acknowledge(r, 3, at(1));
    expect(outcome.status).toBe('acknowledged');
    expect(outcome.nextDueAt).toBeUndefined();
    expect(outcome.completed).toEqual([1, 2]);
    expect(outcome.chain.map((l) => [l.state, l.skipReason])).toEqual([
      ['skipped', '上级已确认'],
      ['skipped', '上级已确认'],
      ['acknowledged', undefined],
    ]);
  });

  it('rejects a level that is not in the chain', () => {
    expect(() => acknowledge(report(threeLevels()), 7, T0)).toThrow(/level 7/);
  });

  it('an acknowledged report is not planned any further', () => {
    const r = apply(report(threeLevels()), planEscalation(report(threeLevels()), T0));
    const done = acknowledge(r, 3, at(1));
    const plan = planEscalation({ ...r, chain: done.chain, status: done.status }, at(60));
    expect(plan).toEqual({ chain: done.chain, mails: [], events: [], nextDueAt: undefined, status: 'acknowledged' });
  });
});
