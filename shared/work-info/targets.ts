import { workInfoAccess } from './rules/access.ts';
import type { Distribution, WorkInfoDeps } from './ports.ts';
import type { Caller } from '../platform/auth/caller.ts';
import { monthOf, monthRange } from '../platform/kernel/time.ts';
import { orgNotFound, type Org } from '../org/index.ts';
import {
  targetProgress,
  type ItemTarget,
  type PutDistributionInput,
  type PutTargetInput,
  type TargetProgress,
} from './rules/weekly-quota.ts';

const { authorize, can } = workInfoAccess;

/** The organisation and, when the caller belongs to its parent, the parent: the target's resource. */
async function targetScope(deps: WorkInfoDeps, caller: Caller, orgId: string) {
  const org = await deps.orgs.getOrg(orgId);
  if (!org) throw orgNotFound();
  const parent =
    org.parentOrgId && org.parentOrgId === caller.orgId ? await deps.orgs.getOrg(org.parentOrgId) : undefined;
  const resource = {
    kind: 'target' as const,
    org: { orgId: org.orgId, parentOrgId: org.parentOrgId, officeDepartmentId: org.officeDepartmentId },
    parent: parent && { orgId: parent.orgId, officeDepartmentId: parent.officeDepartmentId },
  };
  return { org, parent, resource };
}

/**
 * The parent's office sets the organisation's target (报送任务, 篇三 §二; PUT /api/orgs/{orgId}/item-target): items a
 * month from `month` on, until another is set. Anyone else of the parent is 403; anyone outside both, 404.
 */
export async function setTarget(
  deps: WorkInfoDeps,
  caller: Caller,
  orgId: string,
  input: PutTargetInput,
): Promise<TargetProgress> {
  const { org, resource } = await targetScope(deps, caller, orgId);
  authorize(caller, 'target.set', resource);
  const target: ItemTarget = {
    orgId,
    month: input.month,
    items: input.items,
    note: input.note,
    setByOrgId: caller.orgId,
    setBy: caller.personId,
    setByName: caller.name,
    setAt: deps.clock().toISOString(),
  };
  await deps.items.putTarget(target);
  return progressOf(deps, org, input.month);
}

/**
 * The month's count against the target (GET /api/orgs/{orgId}/item-target?month=): items approved to the office,
 * adopted and recommended upward in the local month (one read of the month's item ledger), and the target in effect.
 */
export async function getTarget(
  deps: WorkInfoDeps,
  caller: Caller,
  orgId: string,
  month?: string,
): Promise<TargetProgress> {
  const { org, resource } = await targetScope(deps, caller, orgId);
  authorize(caller, 'target.read', resource);
  return progressOf(deps, org, month ?? monthOf(deps.clock(), org.timezone));
}

/** Whether the caller may read the organisation's target (the pages show the box only then). */
export async function mayReadTarget(deps: WorkInfoDeps, caller: Caller, orgId: string): Promise<boolean> {
  const { resource } = await targetScope(deps, caller, orgId);
  return can(caller, 'target.read', resource);
}

async function progressOf(deps: WorkInfoDeps, org: Org, month: string): Promise<TargetProgress> {
  const { from, to } = monthRange(month, org.timezone);
  const [target, ledger] = await Promise.all([
    deps.items.targetFor(org.orgId, month),
    deps.items.ledger(org.orgId, from, to),
  ]);
  return targetProgress(month, target, ledger);
}

/** The lower organisations of the caller's organisation with this month's progress (the parent office's page). */
export async function lowerOrgTargets(
  deps: WorkInfoDeps,
  caller: Caller,
): Promise<{ orgId: string; name: string; progress: TargetProgress; canSet: boolean }[]> {
  const lower = (await deps.items.listOrgs()).filter((o) => o.parentOrgId === caller.orgId);
  const out = [];
  for (const o of lower) {
    const { org, resource } = await targetScope(deps, caller, o.orgId);
    if (!can(caller, 'target.read', resource)) continue;
    out.push({
      orgId: o.orgId,
      name: org.name,
      progress: await progressOf(deps, org, monthOf(deps.clock(), org.timezone)),
      canSet: can(caller, 'target.set', resource),
    });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name, 'zh'));
}

/** The periodical's recipients outside the organisation (GET /api/orgs/{orgId}/periodical-distribution). */
export async function getDistribution(deps: WorkInfoDeps, caller: Caller, orgId: string): Promise<Distribution> {
  const org = await ownOrg(deps, caller, orgId);
  authorize(caller, 'periodical.read', { kind: 'periodicals', orgId, officeDepartmentId: org.officeDepartmentId });
  return deps.items.getDistribution(orgId);
}

/**
 * The office replaces the list of outside recipients (市直相关单位, 篇四 §八; PUT …/periodical-distribution): each a
 * name and a validated e-mail address, at most 50, no address twice. Each issue is mailed to them as well.
 */
export async function putDistribution(
  deps: WorkInfoDeps,
  caller: Caller,
  orgId: string,
  input: PutDistributionInput,
): Promise<Distribution> {
  const org = await ownOrg(deps, caller, orgId);
  authorize(caller, 'periodical.publish', { kind: 'periodicals', orgId, officeDepartmentId: org.officeDepartmentId });
  const d: Distribution = { outside: input.outside, savedAt: deps.clock().toISOString(), savedByName: caller.name };
  await deps.items.putDistribution(orgId, d);
  return d;
}

async function ownOrg(deps: WorkInfoDeps, caller: Caller, orgId: string): Promise<Org> {
  const org = await deps.orgs.getOrg(orgId);
  if (!org || org.orgId !== caller.orgId) throw orgNotFound();
  return org;
}
