import { accessControl, type Rule } from '../../platform/auth/decision.ts';
import { relationTo, type OrgScope } from './office.ts';

/** What the organisation's actions are decided on. */
export type OrgResource =
  | { kind: 'org'; scope: OrgScope }
  /** Creating an organisation: under `parent` (its scope), or a top-level one when absent. */
  | { kind: 'newOrg'; parent?: OrgScope };

/** Administration of an organisation's own data: its admins and office, and the admins and office of the levels above it. */
const manageOrg: Rule<OrgResource> = (caller, r) => {
  if (r.kind !== 'org') return 'hide';
  const rel = relationTo(caller, r.scope);
  if (rel === 'none') return 'hide';
  return rel === 'member' ? 'forbid' : 'allow';
};

/** The supervision overview (督办) shows report titles: the organisation's own office only. */
const superviseOrg: Rule<OrgResource> = (caller, r) => {
  if (r.kind !== 'org') return 'hide';
  const rel = relationTo(caller, r.scope);
  if (rel === 'none') return 'hide';
  return rel === 'office' ? 'allow' : 'forbid';
};

/** A new organisation: a top-level one by an administrator; a subordinate one by the admin or office of its parent (or above). */
const createOrg: Rule<OrgResource> = (caller, r) => {
  if (r.kind !== 'newOrg') return 'hide';
  if (!r.parent) return caller.roles.includes('admin') ? 'allow' : 'forbid';
  const rel = relationTo(caller, r.parent);
  if (rel === 'none') return 'hide';
  return rel === 'member' ? 'forbid' : 'allow';
};

/** The organisation's action table (POLICY.md §2). Add a line here for a new action; handlers never test roles themselves. */
export const ORG_ACTIONS = {
  'org.create': createOrg,
  /** Reading an organisation's structure: as managing it (members of the organisation see 403, others 404). */
  'org.read': manageOrg,
  'org.update': manageOrg,
  'org.configure': manageOrg,
  'org.import': manageOrg,
  'department.write': manageOrg,
  'person.read': manageOrg,
  'person.write': manageOrg,
  'roster.read': manageOrg,
  'roster.write': manageOrg,
  'calendar.read': manageOrg,
  'calendar.write': manageOrg,
  'org.supervise': superviseOrg,
} satisfies Record<string, Rule<OrgResource>>;
export type OrgAction = keyof typeof ORG_ACTIONS;

export const orgAccess = accessControl<OrgResource, typeof ORG_ACTIONS>(ORG_ACTIONS, {
  org: ['单位', 'ORG_NOT_FOUND'],
  newOrg: ['上级单位', 'ORG_NOT_FOUND'],
});
