import type { Caller } from '../platform/auth/caller.ts';
import type { Org } from './rules/model.ts';
import { orgAccess, type OrgAction } from './rules/access.ts';
import type { OrgScope } from './rules/office.ts';
import type { OrgReader as Orgs } from './ports.ts';
import { orgNotFound } from './errors.ts';

type OrgReader = Pick<Orgs, 'getOrg'>;

/** The organisation, or 404 ORG_NOT_FOUND. */
export async function requireOrg(orgs: OrgReader, orgId: string): Promise<Org> {
  const org = await orgs.getOrg(orgId);
  if (!org) throw orgNotFound();
  return org;
}

/** Builds the scope of an organisation by walking up its parents (a few reads; trees are shallow). Undefined if unknown. */
export async function loadOrgScope(orgs: OrgReader, orgId: string): Promise<{ org: Org; scope: OrgScope } | undefined> {
  const org = await orgs.getOrg(orgId);
  if (!org) return undefined;
  const lineage: OrgScope['lineage'] = [{ orgId: org.orgId, officeDepartmentId: org.officeDepartmentId }];
  let parentId = org.parentOrgId;
  for (let depth = 0; parentId && depth < 8; depth++) {
    const parent = await orgs.getOrg(parentId);
    if (!parent) break;
    lineage.push({ orgId: parent.orgId, officeDepartmentId: parent.officeDepartmentId });
    parentId = parent.parentOrgId;
  }
  return { org, scope: { orgId: org.orgId, lineage } };
}

/** Loads an organisation and authorizes the caller on it in one step; an unknown organisation is 404 like an invisible one. */
export async function authorizeOnOrg(
  orgs: OrgReader,
  caller: Caller,
  action: OrgAction,
  orgId: string,
): Promise<{ org: Org; scope: OrgScope }> {
  const loaded = await loadOrgScope(orgs, orgId);
  if (!loaded) throw orgNotFound();
  orgAccess.authorize(caller, action, { kind: 'org', scope: loaded.scope });
  return loaded;
}
