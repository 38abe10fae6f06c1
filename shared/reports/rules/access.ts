import { accessControl, type Rule } from '../../platform/auth/decision.ts';
import { isOfficeOf } from '../../org/index.ts';
import type { Report } from './model.ts';

/** What of a report its visibility rule reads: every field is on the report item itself, so a list needs no more reads. */
export type ReportAudienceFields = Pick<Report, 'orgId' | 'reporterId' | 'chain'> &
  Partial<Pick<Report, 'departmentHeadId' | 'departmentLeaderIds' | 'instructionAssigneeIds' | 'watcherIds'>>;

/** A report as its visibility rule needs it, with its organisation's office department. */
export type ReportResource = {
  kind: 'report';
  report: ReportAudienceFields;
  officeDepartmentId?: string;
};

/** Someone the rule is asked about: a signed-in caller, or a person a mail or reminder is about to reach. */
export type ReportViewer = { personId: string; orgId: string; roles: readonly string[]; departmentId?: string };

/**
 * Who may open a report and everything under it (POLICY.md §3.4–3.5, API.md "Events across people and organisations"),
 * the one rule the API, the pages, the mails and the reminders ask:
 * 1. its reporter;
 * 2. everyone its chain reached or will reach (every level, notified or not yet), and whoever the escalation told
 *    that a level does not answer (the duty officer, `watcherIds`);
 * 3. the head, reviewing leader and supervising leader of its department at submission, whatever the hour (outside
 *    working time the chain starts at the duty leader, yet the department's own leaders follow their report);
 * 4. the assignees of its instructions (批示), whatever their organisation (a parent's instruction may name its own
 *    people beside those of the organisation that holds the report);
 * 5. the office of its organisation (office head or office department).
 * A forwarded copy is a report of the parent organisation: the same rule on the copy gives the parent's people it reaches.
 * Anyone else, in the organisation or not, is not told it exists (404, POLICY.md §6).
 */
export function mayOpenReport(who: ReportViewer, report: ReportAudienceFields, officeDepartmentId?: string): boolean {
  const id = who.personId;
  if (who.orgId !== report.orgId) return !!report.instructionAssigneeIds?.includes(id);
  if (report.reporterId === id) return true;
  if (report.chain.some((l) => l.personId === id) || report.watcherIds?.includes(id)) return true;
  if (report.departmentHeadId === id || report.departmentLeaderIds?.includes(id)) return true;
  if (report.instructionAssigneeIds?.includes(id)) return true;
  return isOfficeOf(who, { orgId: report.orgId, officeDepartmentId });
}

/**
 * Who owes a phoned-in report's written version (POLICY §3.2): its caller when a person of the organisation, its
 * reporter (the caller, or else the recorder) and its recorder. The one rule the written-version use case, the report
 * page's 补报 link and the 待办 entry ask. Empty for a report written from the start.
 */
export function writtenOwners(report: Pick<Report, 'reporterId' | 'phonedIn' | 'intake'>): string[] {
  if (!report.phonedIn) return [];
  const ids = [report.reporterId, report.intake?.callerPersonId, report.intake?.recordedById];
  return [...new Set(ids.filter((id): id is string => !!id))];
}

/** Whether `personId` may hand in the written version of `report` now: one of its owners, while it is still owed. */
export function mayCompleteWritten(
  personId: string,
  report: Pick<Report, 'reporterId' | 'phonedIn' | 'intake' | 'written'>,
): boolean {
  return !report.written && writtenOwners(report).includes(personId);
}

/** The `report.read` line of the table: `mayOpenReport`, as a decision. */
export const readReport: Rule<ReportResource> = (caller, r) => {
  if (r.kind !== 'report') return 'hide';
  return mayOpenReport(caller, r.report, r.officeDepartmentId) ? 'allow' : 'hide';
};

/** The reports' action table (POLICY.md §3, §6). */
export const REPORT_ACTIONS = { 'report.read': readReport } satisfies Record<string, Rule<ReportResource>>;
export type ReportAction = keyof typeof REPORT_ACTIONS;

export const reportAccess = accessControl<ReportResource, typeof REPORT_ACTIONS>(REPORT_ACTIONS, {
  report: ['报告', 'REPORT_NOT_FOUND'],
});
