import type { Person } from '../../../shared/org/rules/model.ts';

/** An available person of org1 with no roles; `extra` sets what a test is about (leave, a stand-in, a phone). */
export function person(personId: string, extra: Partial<Person> = {}): Person {
  return {
    personId,
    orgId: 'org1',
    name: `name-${personId}`,
    email: `${personId}@x.org`,
    roles: [],
    available: true,
    ...extra,
  };
}

/** The people as the rules look them up: by personId. */
export const peopleById = (people: Iterable<Person>) => new Map([...people].map((p) => [p.personId, p]));
