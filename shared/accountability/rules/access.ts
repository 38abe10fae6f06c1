import { accessControl, type Rule } from '../../platform/auth/decision.ts';
import {
  findingDecision,
  mayOnAccountability,
  type Finding,
  type FindingContext,
  type FindingPermission,
} from './finding.ts';

/** What accountability's actions are decided on: an organisation's register, circulars and statistics; one finding. */
export type AccountabilityResource =
  | { kind: 'accountability'; orgId: string; officeDepartmentId?: string }
  | { kind: 'finding'; finding: Pick<Finding, 'responsiblePersonId' | 'responsibleOrgId'>; context: FindingContext };

const onFinding =
  (action: FindingPermission): Rule<AccountabilityResource> =>
  (caller, r) =>
    r.kind === 'finding' ? findingDecision(caller, action, r.finding, r.context) : 'hide';
const onAccountability =
  (action: 'record' | 'read'): Rule<AccountabilityResource> =>
  (caller, r) =>
    r.kind === 'accountability' ? mayOnAccountability(caller, action, r) : 'hide';

/** The accountability action table (POLICY.md §3.6). */
export const ACCOUNTABILITY_ACTIONS = {
  'finding.record': onAccountability('record'),
  'finding.list': onAccountability('read'),
  'finding.read': onFinding('read'),
  'finding.explain': onFinding('explain'),
  'finding.decide': onFinding('decide'),
  'circular.publish': onAccountability('record'),
  /** Circulars go to every department: any member of the organisation reads them. */
  'circular.read': (caller, r) => (r.kind === 'accountability' && caller.orgId === r.orgId ? 'allow' : 'hide'),
  'timeliness.read': onAccountability('read'),
} satisfies Record<string, Rule<AccountabilityResource>>;
export type AccountabilityAction = keyof typeof ACCOUNTABILITY_ACTIONS;

export const accountabilityAccess = accessControl<AccountabilityResource, typeof ACCOUNTABILITY_ACTIONS>(
  ACCOUNTABILITY_ACTIONS,
  {
    accountability: ['单位', 'ORG_NOT_FOUND'],
    finding: ['记录', 'FINDING_NOT_FOUND'],
  },
);
