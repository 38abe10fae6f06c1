import type { Caller } from '../../platform/auth/caller.ts';

/** A member of an organisation as the office rule reads them: a caller or a person. */
type Member = Pick<Caller, 'orgId' | 'departmentId'> & { roles: readonly string[] };

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
export function isOfficeOf(who: Member, org: { orgId: string; officeDepartmentId?: string }): boolean {
  if (who.orgId !== org.orgId) return false;
  return who.roles.includes('officeHead') || (!!org.officeDepartmentId && who.departmentId === org.officeDepartmentId);
}

/** Whether the caller administers `org` (the `admin` role in that organisation). */
export function isAdminOf(who: Member, org: { orgId: string }): boolean {
  return who.orgId === org.orgId && who.roles.includes('admin');
}

/** The office or an administrator of `org`: who may record and decide findings (POLICY.md §3.6). */
export function isOfficeOrAdminOf(who: Member, org: { orgId: string; officeDepartmentId?: string }): boolean {
  return isOfficeOf(who, org) || isAdminOf(who, org);
}

/** Whether `d` is the organisation's office department: the one the organisation names, or one marked as office. */
export function isOfficeDepartment(
  org: { officeDepartmentId?: string } | undefined,
  d: { departmentId: string; isOffice?: boolean },
): boolean {
  return !!d.isOffice || d.departmentId === org?.officeDepartmentId;
}

/** The organisation's office department among its departments, if it has one. */
export function officeDepartmentOf<D extends { departmentId: string; isOffice?: boolean }>(
  org: { officeDepartmentId?: string } | undefined,
  departments: readonly D[],
): D | undefined {
  return departments.find((d) => isOfficeDepartment(org, d));
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
