import { describe, expect, it } from 'vitest';
import { computeChain } from '../../../shared/reports/rules/chain.ts';
import { person } from '../org/fixtures.ts';
import { chainInput } from './fixtures.ts';

const leave = { available: false, unavailableUntil: '2026-11-30T00:00:00.000Z' };

const base = ['reporter', 'sup', 'principal', 'deputy'].map((id) => person(id));
const rows = (chain: ReturnType<typeof computeChain>) =>
  chain.map((l) => [l.role, l.personId, l.state, l.standInFor?.personId ?? null, l.skipReason ?? null]);

describe('computeChain with stand-ins (代理, POLICY §2, §3.4)', () => {
  it('a head on leave with an available stand-in: the level reaches the stand-in, standInFor the head', () => {
    const chain = computeChain(chainInput([...base, person('head', { ...leave, deputyId: 'deputy', phone: '1' })]));
    expect(rows(chain)).toEqual([
      ['departmentHead', 'deputy', 'pending', 'head', null],
      ['supervisingLeader', 'sup', 'pending', null, null],
      ['principalLeader', 'principal', 'pending', null, null],
    ]);
    expect(chain[0]).toMatchObject({
      name: 'name-deputy',
      email: 'deputy@x.org',
      standInFor: { personId: 'head', name: 'name-head' },
    });
    expect(chain[0]?.phone).toBeUndefined(); // the stand-in's phone, not the absent head's
  });

  it('a head on leave with no stand-in: skipped as before', () => {
    const chain = computeChain(chainInput([...base, person('head', leave)]));
    expect(rows(chain)[0]).toEqual([
      'departmentHead',
      'head',
      'skipped',
      null,
      '请假或外出（至 2026-11-30T00:00:00.000Z）',
    ]);
  });

  it('a stand-in himself on leave: the head is skipped (stand-ins are not followed further)', () => {
    const people = [...base.filter((p) => p.personId !== 'deputy'), person('deputy', leave)];
    const chain = computeChain(chainInput([...people, person('head', { ...leave, deputyId: 'deputy' })]));
    expect(rows(chain)[0]?.slice(0, 3)).toEqual(['departmentHead', 'head', 'skipped']);
  });

  it('the stand-in is the supervising leader: reached once, at the lower level; the higher one is a duplicate', () => {
    const chain = computeChain(chainInput([...base, person('head', { ...leave, deputyId: 'sup' })]));
    expect(rows(chain)).toEqual([
      ['departmentHead', 'sup', 'pending', 'head', null],
      ['supervisingLeader', 'sup', 'skipped', null, '已在较低层级中'],
      ['principalLeader', 'principal', 'pending', null, null],
    ]);
  });

  it('the stand-in is the reporter: skipped as the reporter', () => {
    const chain = computeChain(chainInput([...base, person('head', { ...leave, deputyId: 'reporter' })]));
    expect(rows(chain)[0]).toEqual(['departmentHead', 'reporter', 'skipped', 'head', '即报告人本人']);
  });

  it('off hours, the principal leader on leave: his stand-in is reached, in parallel for a severity I', () => {
    const people = [...base, person('duty'), person('principal', { ...leave, deputyId: 'deputy' })];
    const chain = computeChain(chainInput(people, { workingTime: false, dutyLeaderId: 'duty', severity: 'I' }));
    expect(rows(chain)).toEqual([
      ['dutyLeader', 'duty', 'pending', null, null],
      ['principalLeader', 'deputy', 'pending', 'principal', null],
    ]);
    expect(chain[1]?.parallel).toBe(true);
  });

  it('after the leave ends the head is reached himself', () => {
    const head = person('head', { ...leave, unavailableUntil: '2026-11-27T01:00:00.000Z', deputyId: 'deputy' });
    expect(rows(computeChain(chainInput([...base, head])))[0]).toEqual([
      'departmentHead',
      'head',
      'pending',
      null,
      null,
    ]);
  });
});
