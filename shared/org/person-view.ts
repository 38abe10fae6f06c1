import type { Person } from './rules/model.ts';

/** A person as the API shows them (GET /api/me). */
export function personView(p: Person) {
  return {
    personId: p.personId,
    orgId: p.orgId,
    name: p.name,
    email: p.email,
    roles: p.roles,
    departmentId: p.departmentId ?? null,
  };
}
