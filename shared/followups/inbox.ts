import { reportAccess, type Report } from '../reports/index.ts';
import type { Caller } from '../platform/auth/caller.ts';
import type { FollowupsDeps } from './ports.ts';
import { isOverdue } from './rules/instructions.ts';

const { can } = reportAccess;

export type InboxEntry = {
  kind: 'acknowledge' | 'signOff' | 'followup' | 'instruction' | 'overdueInstruction';
  reportId: string;
  title: string;
  deadline?: string;
  instructionId?: string;
  detail: string;
};

/** How many of the organisation's most recent reports the inbox and the overview look at. */
export const RECENT_REPORTS = 200;

/**
 * What waits for the caller, deadline first (soonest, then those without one): reports to acknowledge, to sign
 * off, follow-ups owed, instructions assigned, and instructions the caller gave that are overdue.
 * Reads: the organisation's recent reports (one index query), the caller's own instruction list, and the
 * organisation's open instructions due by now.
 */
export async function inboxOf(deps: FollowupsDeps, caller: Caller, now: Date = deps.clock()): Promise<InboxEntry[]> {
  const [org, recent, assigned, overdue] = await Promise.all([
    deps.orgs.getOrg(caller.orgId),
    deps.reports.listByOrg(caller.orgId, RECENT_REPORTS),
    deps.reports.assignedTo(caller.personId),
    deps.reports.openInstructionsDueBy(caller.orgId, now),
  ]);
  const out: InboxEntry[] = [];
  const signers = (org?.config.signOffRoles ?? ['principalLeader']) as string[];
  for (const r of recent.items) {
    const mine = r.chain.find(
      (l) => l.personId === caller.personId && (l.state === 'notified' || l.state === 'timedOut'),
    );
    if (mine && r.status !== 'acknowledged')
      out.push({
        kind: 'acknowledge',
        reportId: r.reportId,
        title: r.title,
        deadline: mine.ackDeadline,
        detail: mine.state === 'timedOut' ? '已超时，仍可确认' : '待确认接报',
      });
    if (
      !r.signOff &&
      !r.forwardedFrom &&
      caller.roles.some((x) => signers.includes(x)) &&
      can(caller, 'report.read', { kind: 'report', report: r, officeDepartmentId: org?.officeDepartmentId })
    )
      out.push({ kind: 'signOff', reportId: r.reportId, title: r.title, detail: '待签发（是否上报上级单位）' });
    if (owesFollowup(r, caller))
      out.push({
        kind: 'followup',
        reportId: r.reportId,
        title: r.title,
        deadline: r.followupDueAt,
        detail: r.missedFollowups?.length ? `续报已逾期 ${r.missedFollowups.length} 次` : '待续报',
      });
  }
  for (const a of assigned)
    if (a.status === 'open')
      out.push({
        kind: 'instruction',
        reportId: a.reportId,
        instructionId: a.instructionId,
        title: a.reportTitle,
        deadline: a.dueAt,
        detail: `批示待落实：${a.text}`,
      });
  for (const i of overdue)
    if (i.givenById === caller.personId && isOverdue(i, now))
      out.push({
        kind: 'overdueInstruction',
        reportId: i.reportId,
        instructionId: i.instructionId,
        title: i.reportTitle,
        deadline: i.dueAt,
        detail: `您的批示已逾期：${i.text}`,
      });
  return out.sort((a, b) => (a.deadline ?? '9999').localeCompare(b.deadline ?? '9999'));
}

function owesFollowup(r: Report, caller: Caller): boolean {
  return (
    !r.closedAt && !!r.followupDueAt && (r.reporterId === caller.personId || r.departmentHeadId === caller.personId)
  );
}

/**
 * The office's supervision overview (督办): open events (no final report yet), those with missed follow-ups, and
 * open instructions past their due time.
 */
export async function supervisionOf(deps: FollowupsDeps, orgId: string, now: Date = deps.clock()) {
  const [recent, overdue] = await Promise.all([
    deps.reports.listByOrg(orgId, RECENT_REPORTS),
    deps.reports.openInstructionsDueBy(orgId, now),
  ]);
  const open = recent.items.filter((r) => !r.closedAt);
  const view = (r: Report) => ({
    reportId: r.reportId,
    title: r.title,
    severity: r.severity,
    submittedAt: r.submittedAt,
    status: r.status,
    followupCount: r.followupCount ?? 0,
    followupDueAt: r.followupDueAt,
    missedFollowups: r.missedFollowups?.length ?? 0,
  });
  return {
    openEvents: open.map(view),
    overdueFollowups: open.filter((r) => (r.missedFollowups?.length ?? 0) > 0).map(view),
    overdueInstructions: overdue
      .filter((i) => isOverdue(i, now))
      .map((i) => ({
        instructionId: i.instructionId,
        reportId: i.reportId,
        reportTitle: i.reportTitle,
        text: i.text,
        dueAt: i.dueAt,
        givenByName: i.givenByName,
        assignees: i.assignees.map((a) => a.name),
        reminders: i.reminded.filter((k) => k !== 'assigned').length,
      })),
  };
}
