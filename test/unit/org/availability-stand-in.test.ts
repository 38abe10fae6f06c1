import { describe, expect, it } from 'vitest';
import { actingFor, standInProblem } from '../../../shared/org/rules/availability.ts';
import type { Person } from '../../../shared/org/rules/model.ts';
import { peopleById, person } from './fixtures.ts';

const AT = new Date('2026-03-02T02:00:00Z');

const onLeave = (extra: Partial<Person> = {}) =>
  person('head', { available: false, unavailableUntil: '2026-03-05T00:00:00Z', deputyId: 'dep', ...extra });
const people = (...ps: Person[]) => peopleById(ps);

describe('actingFor: who acts for X at t (代理)', () => {
  it('an available person acts for himself', () => {
    const head = person('head', { deputyId: 'dep' });
    expect(actingFor(head, people(head, person('dep')), AT)).toEqual({ person: head });
  });

  it('an absent person with an available stand-in: the stand-in, acting for him', () => {
    const head = onLeave();
    const dep = person('dep');
    expect(actingFor(head, people(head, dep), AT)).toEqual({
      person: dep,
      standInFor: { personId: 'head', name: 'name-head' },
    });
  });

  it('the leave over at t: he is himself again, the stand-in no longer acts', () => {
    const head = onLeave({ unavailableUntil: '2026-03-01T00:00:00Z' });
    expect(actingFor(head, people(head, person('dep')), AT)).toEqual({ person: head });
  });

  it.each([
    ['no stand-in named', onLeave({ deputyId: undefined }), [person('dep')]],
    ['the stand-in is on leave himself (not followed further)', onLeave(), [person('dep', { available: false })]],
    ['the stand-in is disabled', onLeave(), [person('dep', { disabled: true })]],
    ['the stand-in is of another organisation', onLeave(), [person('dep', { orgId: 'org2' })]],
    ['the stand-in is unknown', onLeave(), []],
    ['the absent person is disabled', onLeave({ disabled: true }), [person('dep')]],
  ])('%s: nobody (skipped as before)', (_why, head, others) => {
    expect(actingFor(head, people(head, ...others), AT)).toBeUndefined();
  });
});

describe('standInProblem: who may be named (400 naming deputyId)', () => {
  const head = person('head');
  it.each([
    ['unknown', undefined, '代理人不存在或不属于本单位'],
    ['another organisation', person('dep', { orgId: 'org2' }), '代理人不存在或不属于本单位'],
    ['himself', head, '代理人不能是本人'],
    ['on leave', person('dep', { available: false }), 'name-dep 已停用或正在请假，不能作为代理人'],
    ['disabled', person('dep', { disabled: true }), 'name-dep 已停用或正在请假，不能作为代理人'],
  ])('%s → refused', (_why, dep, message) => {
    expect(standInProblem(head, dep, AT)).toBe(message);
  });
  it('an available colleague → accepted', () => {
    expect(standInProblem(head, person('dep'), AT)).toBeUndefined();
  });
});
