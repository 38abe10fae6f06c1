import type { Person } from './model.ts';

/**
 * Whether a person can be reached at `now` (POLICY.md §2: leave, business trips): marked available, or on leave that
 * ended before `now`. The one rule the escalation chain, the on-duty view and the choice of a reviewing leader apply.
 */
export function availableAt(p: Pick<Person, 'available' | 'unavailableUntil' | 'disabled'>, now: Date): boolean {
  if (p.disabled) return false;
  return p.available || (!!p.unavailableUntil && new Date(p.unavailableUntil) <= now);
}

export type Acting = {
  /** Who is reached. */
  person: Person;
  /** The absent person the stand-in acts for (代 X), when it is not the person himself. */
  standInFor?: { personId: string; name: string };
};

/**
 * Who acts for `p` at `now` (代理, POLICY.md §2), the one home of this rule: `p` himself when available; else the
 * stand-in he named for his leave (`deputyId`) when that person is of the same organisation, is not `p` and is himself
 * available at `now` (a stand-in's own stand-in is not followed); else nobody (the caller skips `p` as before).
 */
export function actingFor(p: Person, people: ReadonlyMap<string, Person>, now: Date): Acting | undefined {
  if (availableAt(p, now)) return { person: p };
  if (p.disabled || !p.deputyId || p.deputyId === p.personId) return undefined;
  const deputy = people.get(p.deputyId);
  if (!deputy || deputy.orgId !== p.orgId || !availableAt(deputy, now)) return undefined;
  return { person: deputy, standInFor: { personId: p.personId, name: p.name } };
}

/** Why a person cannot be named as `absent`'s stand-in at `now`, or undefined when he can (400 naming `deputyId`). */
export function standInProblem(absent: Person, deputy: Person | undefined, now: Date): string | undefined {
  if (!deputy || deputy.orgId !== absent.orgId) return '代理人不存在或不属于本单位';
  if (deputy.personId === absent.personId) return '代理人不能是本人';
  if (!availableAt(deputy, now)) return `${deputy.name} 已停用或正在请假，不能作为代理人`;
  return undefined;
}
