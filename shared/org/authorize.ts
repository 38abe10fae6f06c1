import { ForbiddenError, NotFoundError } from '../platform/kernel/errors.ts';
import type { Caller } from '../platform/auth/caller.ts';
import type { Instruction, Report } from '../reports/rules/model.ts';
import type { Org } from './rules/model.ts';
import { itemDecision, mayCreateItem, mayOnPeriodicals, type Item, type ItemPermission } from '../work-info/rules/item.ts';
import { findingDecision, mayOnAccountability, type Finding, type FindingContext, type FindingPermission } from '../accountability/rules/finding.ts';

/**
 * Who may do what, in one place. Every handler asks `authorize(caller, action, resource)` before it reads or
 * writes; the rules are the ACTIONS table below, which other features extend with their own actions.
 *
 * Outcomes: `allow`; `forbid` (403: the caller can know the resource exists, e.g. a colleague in the same
 * organisation without the role); `hide` (404: the resource is invisible to the caller, e.g. another organisation's).
 */
export type Decision = 'allow' | 'forbid' | 'hide';

/**
 * An organisation and its ancestors, nearest first (`lineage[0]` is the organisation itself), with each one's office
 * department: enough to answer "is the caller this organisation's office, or an upper level's office".
 */
export type OrgScope = { orgId: string; lineage: { orgId: string; officeDepartmentId?: string }[] };

export type Resource =
  | { kind: 'org'; scope: OrgScope }
  /** Creating an organisation: under `parent` (its scope), or a top-level one when absent. */
  | { kind: 'newOrg'; parent?: OrgScope }
  | { kind: 'report'; report: Pick<Report, 'orgId' | 'reporterId' | 'chain'> & Partial<Pick<Report, 'departmentHeadId'>>; officeDepartmentId?: string }
  /** A leader's instruction (批示) on a report it belongs to. */
  | { kind: 'instruction'; instruction: Pick<Instruction, 'orgId' | 'givenById' | 'assignees'>; officeDepartmentId?: string }
  /** Work information (rules in `#shared/work-info/rules/item.ts`). */
  | { kind: 'item'; item: Item; officeDepartmentId?: string }
  | { kind: 'newItem'; orgId: string; departmentId: string }
  | { kind: 'periodicals'; orgId: string; officeDepartmentId?: string }
  /** Accountability (rules in `#shared/accountability/rules/finding.ts`): an organisation's findings register, circulars and statistics; one finding. */
  | { kind: 'accountability'; orgId: string; officeDepartmentId?: string }
  | { kind: 'finding'; finding: Pick<Finding, 'responsiblePersonId' | 'responsibleOrgId'>; context: FindingContext };

type Rule = (caller: Caller, resource: Resource) => Decision;

/** The caller's relation to an organisation, from the strongest. */
export type Relation = 'admin' | 'office' | 'upperOffice' | 'member' | 'none';

/** Whether the caller is the office of `org` (its office head, or someone in its office department). */
function isOfficeOf(caller: Caller, org: { orgId: string; officeDepartmentId?: string }): boolean {
  if (caller.orgId !== org.orgId) return false;
  return caller.roles.includes('officeHead') || (!!org.officeDepartmentId && caller.departmentId === org.officeDepartmentId);
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

/** Administration of an organisation's own data: its admins and office, and the admins and office of the levels above it. */
const manageOrg: Rule = (caller, r) => {
  if (r.kind !== 'org') return 'hide';
  const rel = relationTo(caller, r.scope);
  if (rel === 'none') return 'hide';
  return rel === 'member' ? 'forbid' : 'allow';
};

/** The supervision overview (督办) shows report titles: the organisation's own office only. */
const superviseOrg: Rule = (caller, r) => {
  if (r.kind !== 'org') return 'hide';
  const rel = relationTo(caller, r.scope);
  if (rel === 'none') return 'hide';
  return rel === 'office' ? 'allow' : 'forbid';
};

/** Reading an organisation's structure: as managing it (members of the organisation see 403, others 404). */
const readOrg: Rule = manageOrg;

/** A new organisation: a top-level one by an administrator; a subordinate one by the admin or office of its parent (or above). */
const createOrg: Rule = (caller, r) => {
  if (r.kind !== 'newOrg') return 'hide';
  if (!r.parent) return caller.roles.includes('admin') ? 'allow' : 'forbid';
  const rel = relationTo(caller, r.parent);
  if (rel === 'none') return 'hide';
  return rel === 'member' ? 'forbid' : 'allow';
};

/**
 * A report is seen by its reporter, the people in its chain, and the office of its organisation (office head or office
 * department). Anyone else in the organisation gets 404 as well: a report's existence is itself confidential.
 * Equivalent to `canSeeReport` in `#shared/reports/acknowledge-report.ts`.
 */
const readReport: Rule = (caller, r) => {
  if (r.kind !== 'report') return 'hide';
  const { report } = r;
  if (caller.orgId !== report.orgId) return 'hide';
  if (report.reporterId === caller.personId) return 'allow';
  if (report.chain.some((l) => l.personId === caller.personId)) return 'allow';
  return isOfficeOf(caller, { orgId: report.orgId, officeDepartmentId: r.officeDepartmentId }) ? 'allow' : 'hide';
};

/** Follow-ups and the final report are filed by the reporter, the department head, or the office. */
const fileFollowup: Rule = (caller, r) => {
  const seen = readReport(caller, r);
  if (seen !== 'allow' || r.kind !== 'report') return seen;
  const { report } = r;
  if (report.reporterId === caller.personId || report.departmentHeadId === caller.personId) return 'allow';
  return isOfficeOf(caller, { orgId: report.orgId, officeDepartmentId: r.officeDepartmentId }) ? 'allow' : 'forbid';
};

/** Instructions (批示) are written by a leader the report reached: someone in its chain. */
const instruct: Rule = (caller, r) => {
  const seen = readReport(caller, r);
  if (seen !== 'allow' || r.kind !== 'report') return seen;
  return r.report.chain.some((l) => l.personId === caller.personId) ? 'allow' : 'forbid';
};

/** Progress on an instruction is posted by its assignees; the leader who gave it (or the office) closes it. */
const onInstruction =
  (what: 'progress' | 'close'): Rule =>
  (caller, r) => {
    if (r.kind !== 'instruction' || caller.orgId !== r.instruction.orgId) return 'hide';
    const { instruction } = r;
    const office = isOfficeOf(caller, { orgId: instruction.orgId, officeDepartmentId: r.officeDepartmentId });
    const assignee = instruction.assignees.some((a) => a.personId === caller.personId);
    const giver = instruction.givenById === caller.personId;
    if (what === 'progress') return assignee ? 'allow' : giver || office ? 'forbid' : 'hide';
    return giver || office ? 'allow' : assignee ? 'forbid' : 'hide';
  };

const onItem =
  (action: ItemPermission): Rule =>
  (caller, r) =>
    r.kind === 'item' ? itemDecision(caller, action, r.item, { officeDepartmentId: r.officeDepartmentId }) : 'hide';
const onFinding =
  (action: FindingPermission): Rule =>
  (caller, r) =>
    r.kind === 'finding' ? findingDecision(caller, action, r.finding, r.context) : 'hide';
const onAccountability =
  (action: 'record' | 'read'): Rule =>
  (caller, r) =>
    r.kind === 'accountability' ? mayOnAccountability(caller, action, r) : 'hide';
const onPeriodicals =
  (action: 'publish' | 'read' | 'queue'): Rule =>
  (caller, r) =>
    r.kind === 'periodicals' ? mayOnPeriodicals(caller, action, r.orgId, { officeDepartmentId: r.officeDepartmentId }) : 'hide';

/** The action table. Add a line here for a new action; handlers never test roles themselves. */
export const ACTIONS = {
  'org.create': createOrg,
  'org.read': readOrg,
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
  'report.read': readReport,
  'report.followup': fileFollowup,
  'report.instruct': instruct,
  'instruction.progress': onInstruction('progress'),
  'instruction.close': onInstruction('close'),
  'item.create': (caller, r) => (r.kind === 'newItem' ? mayCreateItem(caller, r.orgId, r.departmentId) : 'hide'),
  'item.read': onItem('read'),
  'item.edit': onItem('edit'),
  'item.submit': onItem('submit'),
  'item.review': onItem('review'),
  'item.adopt': onItem('adopt'),
  'item.signOff': onItem('signOff'),
  'item.recordExternal': onItem('recordExternal'),
  'periodical.publish': onPeriodicals('publish'),
  'periodical.read': onPeriodicals('read'),
  /** The office's adoption queue, and the adopted items of an organisation (what issues and scores are made of). */
  'item.listWithOffice': onPeriodicals('queue'),
  'item.listAdopted': onPeriodicals('read'),
  'finding.record': onAccountability('record'),
  'finding.list': onAccountability('read'),
  'finding.read': onFinding('read'),
  'finding.explain': onFinding('explain'),
  'finding.decide': onFinding('decide'),
  'circular.publish': onAccountability('record'),
  /** Circulars go to every department: any member of the organisation reads them. */
  'circular.read': (caller, r) => (r.kind === 'accountability' && caller.orgId === r.orgId ? 'allow' : 'hide'),
  'timeliness.read': onAccountability('read'),
  /** Monthly scores and quarterly adoption statistics (issue 7): the office, the leaders and the department heads of the organisation. */
  'scores.read': (caller, r) => {
    if (r.kind !== 'periodicals' || caller.orgId !== r.orgId) return 'hide';
    const ok = isOfficeOf(caller, r) || ['principalLeader', 'supervisingLeader', 'departmentHead'].some((role) => caller.roles.includes(role));
    return ok ? 'allow' : 'forbid';
  },
  /**
   * Everyone's rewards and the refused score mails: the office and the leaders. A department head reading the scores
   * sees every department's ranking and score but only his own department's people (as in his monthly mail).
   */
  'scores.readAll': (caller, r) => {
    if (r.kind !== 'periodicals' || caller.orgId !== r.orgId) return 'hide';
    const ok = isOfficeOf(caller, r) || ['principalLeader', 'supervisingLeader'].some((role) => caller.roles.includes(role));
    return ok ? 'allow' : 'forbid';
  },
} satisfies Record<string, Rule>;
export type Action = keyof typeof ACTIONS;

/** The decision alone. */
export function decide(caller: Caller, action: Action, resource: Resource): Decision {
  return ACTIONS[action](caller, resource);
}

/** The boolean form: may the caller do this? */
export function can(caller: Caller, action: Action, resource: Resource): boolean {
  return decide(caller, action, resource) === 'allow';
}

const WHAT: Partial<Record<Resource['kind'], [string, string]>> = {
  org: ['单位', 'ORG_NOT_FOUND'],
  newOrg: ['上级单位', 'ORG_NOT_FOUND'],
  report: ['报告', 'REPORT_NOT_FOUND'],
  instruction: ['批示', 'INSTRUCTION_NOT_FOUND'],
  item: ['信息', 'ITEM_NOT_FOUND'],
  newItem: ['部门', 'DEPARTMENT_NOT_FOUND'],
  periodicals: ['单位', 'ORG_NOT_FOUND'],
  accountability: ['单位', 'ORG_NOT_FOUND'],
  finding: ['记录', 'FINDING_NOT_FOUND'],
};

/** Throws ForbiddenError (403) or NotFoundError (404, invisible) unless the caller may do `action` to `resource`. */
export function authorize(caller: Caller, action: Action, resource: Resource): void {
  const d = decide(caller, action, resource);
  if (d === 'allow') return;
  if (d === 'forbid') throw new ForbiddenError();
  const [what, code] = WHAT[resource.kind] ?? ['资源', 'NOT_FOUND'];
  throw new NotFoundError(what, code);
}

/** Builds the scope of an organisation by walking up its parents (a few reads; trees are shallow). Undefined if unknown. */
export async function loadOrgScope(orgs: { getOrg(orgId: string): Promise<Org | undefined> }, orgId: string): Promise<{ org: Org; scope: OrgScope } | undefined> {
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
  orgs: { getOrg(orgId: string): Promise<Org | undefined> },
  caller: Caller,
  action: Action,
  orgId: string,
): Promise<{ org: Org; scope: OrgScope }> {
  const loaded = await loadOrgScope(orgs, orgId);
  if (!loaded) throw new NotFoundError('单位', 'ORG_NOT_FOUND');
  authorize(caller, action, { kind: 'org', scope: loaded.scope });
  return loaded;
}
