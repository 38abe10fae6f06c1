import { isSupervised, supervisionHolder, type Instruction, type Report, type ReportTodo } from '../reports/index.ts';
import type { Caller } from '../platform/auth/caller.ts';
import type { FollowupsDeps, VerificationDeps } from './ports.ts';
import { isOverdue } from './rules/instructions.ts';
import { verificationSupervision, verificationsToAnswer } from './verification.ts';

/** One entry of 待办 (API.md "Inbox entry kinds"), with the page it opens for its person. */
export type InboxEntry = {
  kind:
    | 'acknowledge'
    | 'signOff'
    | 'followupDue'
    | 'writtenDue'
    | 'instruction'
    | 'instructionOverdue'
    | 'verificationRequest'
    | 'itemReview'
    | 'itemAdopt'
    | 'itemSignOff';
  title: string;
  detail: string;
  link: string;
  deadline?: string;
  reportId?: string;
  instructionId?: string;
  itemId?: string;
  requestId?: string;
};

/**
 * What a report or an instruction waits for from the caller, deadline first (soonest, then those without one): reports
 * to acknowledge, to sign off and follow-ups owed (the caller's 待办 rows, which each report keeps in step with itself
 * in its own transactions: an open event of last month is there as much as today's), instructions assigned (the
 * caller's own list), and instructions the caller gave that are overdue (the organisation's open instructions due by
 * now). No list of "recent reports" is read.
 */
export async function inboxOf(deps: VerificationDeps, caller: Caller, now: Date = deps.clock()): Promise<InboxEntry[]> {
  const [todos, assigned, overdue, verifications] = await Promise.all([
    deps.reports.todosOf(caller.personId),
    deps.reports.assignedTo(caller.personId),
    deps.reports.openInstructionsDueBy(caller.orgId, now),
    verificationsToAnswer(deps, caller),
  ]);
  const link = (reportId: string) => `/reports/${reportId}`;
  const mine = todos.filter(
    (t): t is ReportTodo & { kind: Exclude<ReportTodo['kind'], 'supervise'> } => t.kind !== 'supervise',
  );
  const out: InboxEntry[] = mine.map((t) => ({
    kind: t.kind,
    reportId: t.reportId,
    title: t.title,
    detail: t.detail,
    // The owed written version opens its form; every other row opens the report.
    link: t.kind === 'writtenDue' ? `${link(t.reportId)}/written` : link(t.reportId),
    ...(t.deadline ? { deadline: t.deadline } : {}),
  }));
  for (const a of assigned)
    if (a.status === 'open')
      out.push({
        kind: 'instruction',
        reportId: a.reportId,
        instructionId: a.instructionId,
        title: a.reportTitle,
        deadline: a.dueAt,
        detail: `批示待落实：${a.text}`,
        link: link(a.reportId),
      });
  for (const i of overdue)
    if (i.givenById === caller.personId && isOverdue(i, now))
      out.push({
        kind: 'instructionOverdue',
        reportId: i.reportId,
        instructionId: i.instructionId,
        title: i.reportTitle,
        deadline: i.dueAt,
        detail: `您的批示已逾期：${i.text}`,
        link: link(i.reportId),
      });
  for (const v of verifications)
    out.push({
      kind: 'verificationRequest',
      requestId: v.requestId,
      title: v.subject,
      deadline: v.dueAt,
      detail: `${v.orgName}请核报${new Date(v.dueAt) <= now ? '（已逾期，按漏报处理）' : ''}`,
      link: `/verification-requests/${v.requestId}`,
    });
  return sortInbox(out);
}

/** Soonest deadline first, then those without one. */
export function sortInbox(entries: InboxEntry[]): InboxEntry[] {
  return [...entries].sort((a, b) => (a.deadline ?? '9999').localeCompare(b.deadline ?? '9999'));
}

/** How many of the organisation's supervised reports are read at once. */
const READ_CONCURRENCY = 16;

/**
 * The organisation's supervised reports (督办): its supervision rows (`supervisionHolder`, one per report that is
 * open, unacknowledged or unsigned, kept in step by each report's own transactions), then exactly those reports. A
 * row that lags its report (a backfill racing a change) is dropped by reading the report itself. Newest first.
 */
export async function supervisedReports(deps: Pick<VerificationDeps, 'reports'>, orgId: string): Promise<Report[]> {
  const rows = await deps.reports.todosOf(supervisionHolder(orgId));
  const ids = [...new Set(rows.filter((t) => t.kind === 'supervise').map((t) => t.reportId))];
  const out: Report[] = [];
  for (let i = 0; i < ids.length; i += READ_CONCURRENCY) {
    const got = await Promise.all(ids.slice(i, i + READ_CONCURRENCY).map((id) => deps.reports.get(id)));
    for (const r of got) if (r && r.orgId === orgId && isSupervised(r)) out.push(r);
  }
  return out.sort((a, b) => b.submittedAt.localeCompare(a.submittedAt));
}

/**
 * The office's supervision overview (督办): reports nobody at their current level acknowledged (who, since when, their
 * phones), overdue sign-offs, open events (no final report yet), those with missed follow-ups, open instructions past
 * their due time, and 核报 asked and to answer. It reads the organisation's supervised reports only, however old: no
 * window of recent reports.
 */
export async function supervisionOf(deps: VerificationDeps, orgId: string, now: Date = deps.clock()) {
  const [supervised, overdue, verifications] = await Promise.all([
    supervisedReports(deps, orgId),
    deps.reports.openInstructionsDueBy(orgId, now),
    verificationSupervision(deps, orgId, now),
  ]);
  const recent = { items: supervised };
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
  const unacknowledged = recent.items
    .filter((r) => r.status === 'escalating')
    .map((r) => ({
      reportId: r.reportId,
      title: r.title,
      severity: r.severity,
      submittedAt: r.submittedAt,
      silent: r.chain
        .filter((l) => l.personId && (l.state === 'notified' || l.state === 'timedOut'))
        .map((l) => ({
          personId: l.personId!,
          name: l.name,
          phone: l.phone,
          since: l.notifiedAt,
          ackDeadline: l.ackDeadline,
          timedOut: l.state === 'timedOut',
        })),
    }))
    .filter((r) => r.silent.length > 0);
  const overdueSignOffs = recent.items
    .filter((r) => !r.signOff && !r.forwardedFrom && r.signOffDueAt && new Date(r.signOffDueAt) <= now)
    .map((r) => ({ reportId: r.reportId, title: r.title, severity: r.severity, signOffDueAt: r.signOffDueAt! }));
  return {
    unacknowledged,
    overdueSignOffs,
    openEvents: open.map(view),
    overdueFollowups: open.filter((r) => (r.missedFollowups?.length ?? 0) > 0).map(view),
    overdueInstructions: overdue
      .filter((i) => isOverdue(i, now))
      .map((i) => ({ ...instructionSummary(i), reminders: i.reminded.filter((k) => k !== 'assigned').length })),
    ...verifications,
  };
}

/** An instruction as the office's overview (督办) lists it: on which report, what, by whom, of whom, by when. */
export type InstructionSummary = Pick<
  Instruction,
  'instructionId' | 'reportId' | 'reportTitle' | 'text' | 'dueAt' | 'givenByName'
> & { assignees: string[] };

const instructionSummary = (i: Instruction): InstructionSummary => ({
  instructionId: i.instructionId,
  reportId: i.reportId,
  reportTitle: i.reportTitle,
  text: i.text,
  dueAt: i.dueAt,
  givenByName: i.givenByName,
  assignees: i.assignees.map((a) => a.name),
});

/** An instruction across organisations as the office's overview (督办) lists it. */
export type AcrossEntry = InstructionSummary & { orgName?: string; status: string; overdue: boolean };

/**
 * Open instructions across organisations for the office's overview (督办), from the organisation's open-instructions
 * index alone: `fromAbove`, given by the parent on its copy and held by this organisation's report; `toBelow`, given
 * here on a copy and held by the lower organisation (the copy's mirror, linked to the copy).
 */
export async function instructionsAcrossOf(deps: FollowupsDeps, orgId: string, now: Date = deps.clock()) {
  const open = await deps.reports.openInstructionsDueBy(orgId, new Date('9999-12-31T00:00:00Z'));
  const entry = (i: Instruction): AcrossEntry => ({
    ...instructionSummary(i),
    orgName: i.fromOrgName,
    status: i.status,
    overdue: isOverdue(i, now),
  });
  const mirrored = (i: Instruction) => !!(i as { lowerReportId?: string }).lowerReportId;
  return {
    fromAbove: open.filter((i) => i.fromOrgId && i.orgId === orgId && !mirrored(i)).map(entry),
    toBelow: open.filter(mirrored).map(entry),
  };
}
