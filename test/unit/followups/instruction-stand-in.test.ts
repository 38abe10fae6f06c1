import { describe, expect, it } from 'vitest';
import { assigneeName, assigneesWithStandIns } from '../../../shared/followups/rules/instructions.ts';
import type { Person } from '../../../shared/org/rules/model.ts';
import { peopleById, person } from '../org/fixtures.ts';

const AT = new Date('2026-03-02T02:00:00Z');

const away = (id: string, extra: Partial<Person> = {}) =>
  person(id, { available: false, unavailableUntil: '2026-03-05T00:00:00Z', deputyId: 'dep', ...extra });
const people = (...ps: Person[]) => peopleById(ps);

describe('assigneesWithStandIns: who an instruction is given to (代理)', () => {
  it('an available assignee: just him, even with a deputy named', () => {
    const a = person('a', { deputyId: 'dep' });
    expect(assigneesWithStandIns(['a'], people(a, person('dep')), AT)).toEqual([
      { personId: 'a', name: 'name-a', email: 'a@x.org' },
    ]);
  });

  it('an assignee away with an available stand-in: the stand-in joins, acting for him', () => {
    const list = assigneesWithStandIns(['a'], people(away('a'), person('dep')), AT);
    expect(list).toEqual([
      { personId: 'a', name: 'name-a', email: 'a@x.org' },
      { personId: 'dep', name: 'name-dep', email: 'dep@x.org', standInFor: { personId: 'a', name: 'name-a' } },
    ]);
    expect(list.map(assigneeName)).toEqual(['name-a', 'name-dep（代 name-a）']);
  });

  it('leave over by the time it is given, or the stand-in away himself, or of another organisation: no stand-in', () => {
    expect(
      assigneesWithStandIns(['a'], people(away('a', { unavailableUntil: '2026-03-01T00:00:00Z' }), person('dep')), AT),
    ).toHaveLength(1);
    expect(
      assigneesWithStandIns(['a'], people(away('a'), away('dep', { deputyId: 'x' }), person('x')), AT),
    ).toHaveLength(1);
    expect(assigneesWithStandIns(['a'], people(away('a'), person('dep', { orgId: 'org2' })), AT)).toHaveLength(1);
    expect(assigneesWithStandIns(['a'], people(away('a', { deputyId: undefined }), person('dep')), AT)).toHaveLength(1);
  });

  it('a stand-in named himself, or standing in for two, appears once', () => {
    expect(assigneesWithStandIns(['a', 'dep'], people(away('a'), person('dep')), AT).map((x) => x.personId)).toEqual([
      'a',
      'dep',
    ]);
    const twice = assigneesWithStandIns(['a', 'b', 'a'], people(away('a'), away('b'), person('dep')), AT);
    expect(twice.map(assigneeName)).toEqual(['name-a', 'name-b', 'name-dep（代 name-a）']);
  });
});
