import { accessControl, type Rule } from '../../platform/auth/decision.ts';
import { isOfficeOf } from '../../org/index.ts';

/** An organisation's monthly scores and quarterly statistics. */
export type ScoresResource = {
  kind: 'scores';
  orgId: string;
  officeDepartmentId?: string;
  /** The organisation's parent (when it has one): its office and leaders see a lower organisation's figures. */
  parent?: { orgId: string; officeDepartmentId?: string };
};

const inOrg = (caller: { orgId: string }, r: ScoresResource) => r.kind === 'scores' && caller.orgId === r.orgId;

/** The scores action table (POLICY.md §5). */
export const SCORES_ACTIONS = {
  /** Monthly scores and quarterly adoption statistics: the office, the leaders and the department heads of the organisation. */
  'scores.read': (caller, r) => {
    if (!inOrg(caller, r)) return 'hide';
    const ok =
      isOfficeOf(caller, r) ||
      ['principalLeader', 'supervisingLeader', 'departmentHead'].some((role) => caller.roles.includes(role));
    return ok ? 'allow' : 'forbid';
  },
  /**
   * Everyone's rewards and the refused score mails: the office and the leaders. A department head reading the scores
   * sees every department's ranking and score but only his own department's people (as in his monthly mail).
   */
  'scores.readAll': (caller, r) => {
    if (!inOrg(caller, r)) return 'hide';
    const ok =
      isOfficeOf(caller, r) || ['principalLeader', 'supervisingLeader'].some((role) => caller.roles.includes(role));
    return ok ? 'allow' : 'forbid';
  },
  /**
   * A lower organisation's figures and score (issue 16): the office and the leaders of its parent. Anyone else
   * outside the organisation does not learn it exists (404), the parent's other members included.
   */
  'scores.readLower': (caller, r) => {
    if (r.kind !== 'scores' || !r.parent || caller.orgId !== r.parent.orgId) return 'hide';
    const ok =
      isOfficeOf(caller, r.parent) ||
      ['principalLeader', 'supervisingLeader'].some((role) => caller.roles.includes(role));
    return ok ? 'allow' : 'hide';
  },
} satisfies Record<string, Rule<ScoresResource>>;
export type ScoresAction = keyof typeof SCORES_ACTIONS;

export const scoresAccess = accessControl<ScoresResource, typeof SCORES_ACTIONS>(SCORES_ACTIONS, {
  scores: ['单位', 'ORG_NOT_FOUND'],
});
