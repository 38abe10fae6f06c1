import { accessControl, type Rule } from '../../platform/auth/decision.ts';
import { isOfficeOf } from '../../org/index.ts';
import { readReport, type Instruction, type ReportResource } from '../../reports/index.ts';

/** What follow-ups and instructions are decided on: the report they belong to, or one instruction. */
export type FollowupResource =
  | ReportResource
  /** A leader's instruction (批示) on a report it belongs to. */
  | {
      kind: 'instruction';
      instruction: Pick<Instruction, 'orgId' | 'givenById' | 'assignees' | 'fromOrgId'>;
      /** The office department of the instruction's organisation (`orgId`). */
      officeDepartmentId?: string;
      /** For an instruction from the parent: the parent's office department. */
      fromOfficeDepartmentId?: string;
    };

/** Follow-ups and the final report are filed by the reporter, the department head, or the office. */
const fileFollowup: Rule<FollowupResource> = (caller, r) => {
  if (r.kind !== 'report') return 'hide';
  const seen = readReport(caller, r);
  if (seen !== 'allow') return seen;
  const { report } = r;
  if (report.reporterId === caller.personId || report.departmentHeadId === caller.personId) return 'allow';
  return isOfficeOf(caller, { orgId: report.orgId, officeDepartmentId: r.officeDepartmentId }) ? 'allow' : 'forbid';
};

/** Instructions (批示) are written by a leader the report reached: someone in its chain. */
const instruct: Rule<FollowupResource> = (caller, r) => {
  if (r.kind !== 'report') return 'hide';
  const seen = readReport(caller, r);
  if (seen !== 'allow') return seen;
  return r.report.chain.some((l) => l.personId === caller.personId) ? 'allow' : 'forbid';
};

/** 催办 is the office's: anyone else who sees the report may not chase (403). */
const chase: Rule<FollowupResource> = (caller, r) => {
  if (r.kind !== 'report') return 'hide';
  const seen = readReport(caller, r);
  if (seen !== 'allow') return seen;
  return isOfficeOf(caller, { orgId: r.report.orgId, officeDepartmentId: r.officeDepartmentId }) ? 'allow' : 'forbid';
};

/**
 * Progress on an instruction is posted by its assignees; the leader who gave it (or the office) closes it. An
 * instruction from the parent (`fromOrgId`) is closed only by its giver or the parent's office (the lower office may
 * not), passed on (转办) and chased (催办) by the lower office, and chased by the parent's office as well. Those it involves
 * (assignee, giver, either office) are refused what is not theirs (403); anyone else is not told it exists (404).
 */
const onInstruction =
  (what: 'progress' | 'close' | 'delegate' | 'chase'): Rule<FollowupResource> =>
  (caller, r) => {
    if (r.kind !== 'instruction') return 'hide';
    const { instruction } = r;
    const assignee = instruction.assignees.some((a) => a.personId === caller.personId);
    const giver = instruction.givenById === caller.personId;
    const lowerOffice = isOfficeOf(caller, { orgId: instruction.orgId, officeDepartmentId: r.officeDepartmentId });
    const upper = instruction.fromOrgId;
    const upperOffice = !!upper && isOfficeOf(caller, { orgId: upper, officeDepartmentId: r.fromOfficeDepartmentId });
    const allowed =
      what === 'progress'
        ? assignee
        : what === 'close'
          ? giver || (upper ? upperOffice : lowerOffice)
          : what === 'delegate'
            ? !!upper && lowerOffice
            : lowerOffice || upperOffice;
    if (allowed) return 'allow';
    // Those it involves are refused; anyone else learns nothing of it.
    return assignee || giver || lowerOffice || upperOffice ? 'forbid' : 'hide';
  };

/** The follow-up action table (POLICY.md §3.5). */
export const FOLLOWUP_ACTIONS = {
  'report.followup': fileFollowup,
  'report.instruct': instruct,
  'report.chase': chase,
  'instruction.progress': onInstruction('progress'),
  'instruction.close': onInstruction('close'),
  'instruction.delegate': onInstruction('delegate'),
  'instruction.chase': onInstruction('chase'),
} satisfies Record<string, Rule<FollowupResource>>;
export type FollowupAction = keyof typeof FOLLOWUP_ACTIONS;

export const followupAccess = accessControl<FollowupResource, typeof FOLLOWUP_ACTIONS>(FOLLOWUP_ACTIONS, {
  report: ['报告', 'REPORT_NOT_FOUND'],
  instruction: ['批示', 'INSTRUCTION_NOT_FOUND'],
});
