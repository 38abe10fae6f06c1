import { accessControl, type Rule } from '../../platform/auth/decision.ts';
import { isOfficeOf } from '../../org/index.ts';
import type { Report } from './model.ts';

/** A report as its visibility rule needs it, with its organisation's office department. */
export type ReportResource = {
  kind: 'report';
  report: Pick<Report, 'orgId' | 'reporterId' | 'chain'> & Partial<Pick<Report, 'departmentHeadId'>>;
  officeDepartmentId?: string;
};

/**
 * A report is seen by its reporter, the people in its chain, and the office of its organisation (office head or office
 * department). Anyone else in the organisation gets 404 as well: a report's existence is itself confidential (POLICY.md §6).
 */
export const readReport: Rule<ReportResource> = (caller, r) => {
  if (r.kind !== 'report') return 'hide';
  const { report } = r;
  if (caller.orgId !== report.orgId) return 'hide';
  if (report.reporterId === caller.personId) return 'allow';
  if (report.chain.some((l) => l.personId === caller.personId)) return 'allow';
  return isOfficeOf(caller, { orgId: report.orgId, officeDepartmentId: r.officeDepartmentId }) ? 'allow' : 'hide';
};

/** The reports' action table (POLICY.md §3, §6). */
export const REPORT_ACTIONS = { 'report.read': readReport } satisfies Record<string, Rule<ReportResource>>;
export type ReportAction = keyof typeof REPORT_ACTIONS;

export const reportAccess = accessControl<ReportResource, typeof REPORT_ACTIONS>(REPORT_ACTIONS, {
  report: ['报告', 'REPORT_NOT_FOUND'],
});
