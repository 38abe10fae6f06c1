import type { Caller } from '../../platform/auth/caller.ts';

/**
 * An organisation and its ancestors, nearest first (`lineage[0]` is the organisation itself), with each one's office
 * department: enough to answer "is the caller this organisation's office, or an upper level's office".
 */
export type OrgScope = { orgId: string; lineage: { orgId: string; officeDepartmentId?: string }[] };

/** The caller's relation to an organisation, from the strongest. */
export type Relation = 'admin' | 'office' | 'upperOffice' | 'member' | 'none';

/**
 * Whether the caller is the office (办公室) of `org`: a member of that organisation who is its office head or works in
 * its office department. The one definition every context uses; an administrator is not the office by this rule
 * (rules that also admit administrators say so).
 */
export function isOfficeOf(caller: Caller, org: { orgId: string; officeDepartmentId?: string }): boolean {
  if (caller.orgId !== org.orgId) return false;
  return caller.roles.includes('officeHead') || (!!org.officeDepartmentId && caller.departmentId === org.officeDepartmentId);
}

/** Whether the caller administers `org` (the `admin` role in that organisation). */
export function isAdminOf(caller: Caller, org: { orgId: string }): boolean {
  return caller.orgId === org.orgId && caller.roles.includes('admin');
}

/** How the caller stands to the organisation of `scope`: its own admin or office, an upper level's admin or office, a member, or unrelated. */
export function relationTo(caller: Caller, scope: OrgScope): Relation {
  const [self, ...ancestors] = scope.lineage;
  if (caller.orgId === scope.orgId) {
    if (caller.roles.includes('admin')) return 'admin';
    if (self && isOfficeOf(caller, self)) return 'office';
    return 'member';
  }
  const upper = ancestors.find((a) => a.orgId === caller.orgId);
  if (upper && (caller.roles.includes('admin') || isOfficeOf(caller, upper))) return 'upperOffice';
  return 'none';
}
