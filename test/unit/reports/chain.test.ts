import { describe, expect, it } from 'vitest';
import { computeChain, type ChainInput } from '../../../shared/reports/rules/chain.ts';
import type { Person } from '../../../shared/org/rules/model.ts';
import type { Severity } from '../../../shared/org/rules/config.ts';
import { person } from '../org/fixtures.ts';
import { chainInput } from './fixtures.ts';

const PEOPLE = ['reporter', 'head', 'sup', 'principal', 'duty', 'officeHead', 'officeSup'].map((id) =>
  person(id, { email: `${id}@example.org` }),
);

const input = (overrides: Partial<ChainInput> = {}, people: Person[] = PEOPLE) => chainInput(people, overrides);

const summary = (chain: ReturnType<typeof computeChain>) => chain.map((l) => [l.level, l.role, l.personId, l.state]);

describe('computeChain: who is in the chain (POLICY §3.4)', () => {
  it('working time: department head, supervising leader, principal leader, all pending', () => {
    // Act
    const chain = computeChain(input());
    // Assert
    expect(summary(chain)).toEqual([
      [1, 'departmentHead', 'head', 'pending'],
      [2, 'supervisingLeader', 'sup', 'pending'],
      [3, 'principalLeader', 'principal', 'pending'],
    ]);
    expect(chain[0]).toMatchObject({ name: 'name-head', email: 'head@example.org' });
  });

  it('off hours with a duty leader on shift: duty leader, then principal leader', () => {
    const chain = computeChain(input({ workingTime: false, dutyLeaderId: 'duty' }));
    expect(summary(chain)).toEqual([
      [1, 'dutyLeader', 'duty', 'pending'],
      [2, 'principalLeader', 'principal', 'pending'],
    ]);
  });

  it('off hours with an empty roster: the principal leader only', () => {
    const chain = computeChain(input({ workingTime: false, dutyLeaderId: undefined }));
    expect(summary(chain)).toEqual([[1, 'principalLeader', 'principal', 'pending']]);
  });

  it("office-area security in working time: office head, the office's supervising leader, principal leader", () => {
    const chain = computeChain(input({ officeSecurity: true }));
    expect(summary(chain)).toEqual([
      [1, 'officeHead', 'officeHead', 'pending'],
      [2, 'supervisingLeader', 'officeSup', 'pending'],
      [3, 'principalLeader', 'principal', 'pending'],
    ]);
  });
});

describe('computeChain: skipped levels keep their place and say why', () => {
  it('an unavailable department head is skipped with the end of the absence in the reason', () => {
    const people = PEOPLE.map((p) =>
      p.personId === 'head' ? { ...p, available: false, unavailableUntil: '2026-11-30T00:00:00.000Z' } : p,
    );
    const chain = computeChain(input({}, people));
    expect(chain[0]).toMatchObject({ level: 1, personId: 'head', state: 'skipped' });
    expect(chain[0]!.skipReason).toContain('请假或外出');
    expect(chain[0]!.skipReason).toContain('2026-11-30T00:00:00.000Z');
    expect(chain.slice(1).map((l) => l.state)).toEqual(['pending', 'pending']);
  });

  it('an unavailable head with no end date is skipped', () => {
    const people = PEOPLE.map((p) => (p.personId === 'head' ? { ...p, available: false } : p));
    const chain = computeChain(input({}, people));
    expect(chain[0]).toMatchObject({ state: 'skipped', skipReason: '请假或外出' });
  });

  it('an unavailability whose unavailableUntil is already past no longer applies', () => {
    const people = PEOPLE.map((p) =>
      p.personId === 'head' ? { ...p, available: false, unavailableUntil: '2026-11-27T01:59:00.000Z' } : p,
    );
    const chain = computeChain(input({}, people));
    expect(chain[0]).toMatchObject({ personId: 'head', state: 'pending' });
    expect(chain[0]!.skipReason).toBeUndefined();
  });

  it('the reporter is the department head: that level is skipped', () => {
    const chain = computeChain(input({ reporterId: 'head' }));
    expect(chain[0]).toMatchObject({ level: 1, personId: 'head', state: 'skipped', skipReason: '即报告人本人' });
    expect(chain[1]!.state).toBe('pending');
  });

  it('the same person at two levels: the second (higher) occurrence is skipped', () => {
    const chain = computeChain(input({ department: { headId: 'sup', supervisingLeaderId: 'sup' } }));
    expect(summary(chain)).toEqual([
      [1, 'departmentHead', 'sup', 'pending'],
      [2, 'supervisingLeader', 'sup', 'skipped'],
      [3, 'principalLeader', 'principal', 'pending'],
    ]);
    expect(chain[1]!.skipReason).toBe('已在较低层级中');
  });

  it('a vacant role is skipped with personId null', () => {
    const chain = computeChain(input({ department: { headId: undefined, supervisingLeaderId: 'sup' } }));
    expect(chain[0]).toMatchObject({
      level: 1,
      role: 'departmentHead',
      personId: null,
      name: '',
      state: 'skipped',
      skipReason: '岗位空缺',
    });
  });

  it('a role pointing at a person that does not exist is skipped', () => {
    const chain = computeChain(input({ department: { headId: 'ghost', supervisingLeaderId: 'sup' } }));
    expect(chain[0]).toMatchObject({ personId: 'ghost', state: 'skipped', skipReason: '人员不存在' });
  });
});

describe('computeChain: parallel notice to the principal leader (config parallelPrincipalSeverities)', () => {
  it.each<[Severity, boolean]>([
    ['I', true],
    ['II', true],
    ['III', false],
    ['IV', false],
  ])('severity %s: principal level parallel = %s', (severity, parallel) => {
    const chain = computeChain(input({ severity }));
    const principal = chain[chain.length - 1]!;
    expect(principal.role).toBe('principalLeader');
    expect(principal.parallel === true).toBe(parallel);
    expect(chain.slice(0, -1).every((l) => l.parallel === undefined)).toBe(true);
  });

  it('follows the configuration, not a fixed list', () => {
    const base = input({ severity: 'III' });
    const chain = computeChain({
      ...base,
      org: { ...base.org, config: { ...base.org.config, parallelPrincipalSeverities: ['III'] } },
    });
    expect(chain[2]!.parallel).toBe(true);
  });

  it('no parallel flag when the principal leader is already the first active level', () => {
    const chain = computeChain(
      input({ severity: 'I', department: { headId: undefined, supervisingLeaderId: undefined } }),
    );
    expect(chain.map((l) => l.state)).toEqual(['skipped', 'skipped', 'pending']);
    expect(chain[2]!.parallel).toBeUndefined();
  });

  it('no parallel flag when the principal leader is the only level (off hours, empty roster)', () => {
    const chain = computeChain(input({ severity: 'I', workingTime: false }));
    expect(chain).toHaveLength(1);
    expect(chain[0]!.parallel).toBeUndefined();
  });

  it('no parallel flag on a skipped principal leader (the reporter)', () => {
    const chain = computeChain(input({ severity: 'I', reporterId: 'principal' }));
    expect(chain[2]).toMatchObject({ state: 'skipped', skipReason: '即报告人本人' });
    expect(chain[2]!.parallel).toBeUndefined();
  });
});
