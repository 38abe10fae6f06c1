import { ConflictError, ValidationError, type ErrorDetail } from '../platform/kernel/errors.ts';
import type { StoredEvent } from '../platform/kernel/audit.ts';
import { NO_WRITES, type Writes } from '../platform/kernel/writes.ts';
import { computeChain } from './rules/chain.ts';
import type { Caller } from '../platform/auth/caller.ts';
import type { ReportsDeps } from './ports.ts';
import {
  DEFAULT_FOLLOWUP_RULES,
  isWorkingTime,
  officeDepartmentOf,
  workCalendarOf,
  type Category,
  type Department,
  type Org,
} from '../org/index.ts';
import type { Report, SignOff } from './rules/model.ts';
import { firstFollowupDue } from './rules/followup-schedule.ts';
import { DEFAULT_SIGN_OFF_MINUTES } from './rules/plan.ts';
import type { SubmitReportInput } from './rules/input.ts';
import { addMinutes, earliest, minutesBetween } from '../platform/kernel/time.ts';
import { toReportView, type ReportView } from './report-view.ts';
import { once, type Created, type Creation } from '../platform/kernel/once.ts';

/** Clock skew tolerated between a reporter's device and the server, for "not in the future". */
const SKEW_MINUTES = 2;

export type SubmitResult = Created<ReportView>;

/**
 * Submits an emergency report (POLICY.md §3.2–3.4).
 * 1. Checks the department and category against the caller's organisation and the times against the server clock.
 * 2. Computes the chain snapshot (working time, duty roster, availability) and lateness from `learnedAt`.
 * 3. Writes the report, its first timeline events and the idempotency record in one transaction, due now.
 * 4. Nudges the escalation queue; if that fails the every-minute check finds the report all the same.
 */
export async function submitReport(
  deps: ReportsDeps,
  caller: Caller,
  input: SubmitReportInput,
  opts: { idempotencyKey?: string } = {},
): Promise<SubmitResult> {
  const result = await once<ReportView, 'report'>(
    (callerId, _scope, key) => deps.reports.getIdempotency(callerId, key),
    caller,
    'report',
    opts.idempotencyKey,
    input,
    (creation) => createReport(deps, caller, input, creation),
  );
  if (result.replayed) return result;
  try {
    await deps.queue.nudge({ reportId: result.body.reportId });
  } catch (err) {
    deps.log.warn('escalation nudge failed; the overdue check will pick the report up', {
      reportId: result.body.reportId,
      error: String(err),
    });
  }
  return result;
}

async function createReport(
  deps: ReportsDeps,
  caller: Caller,
  input: SubmitReportInput,
  creation: Creation<ReportView, 'report'>,
): Promise<ReportView> {
  const now = deps.clock();
  const org = await deps.orgs.getOrg(caller.orgId);
  if (!org) throw new ConflictError('ORG_MISSING', '您所在的单位不存在，请联系管理员。');
  const [department, departments] = await Promise.all([
    deps.orgs.getDepartment(org.orgId, input.departmentId),
    deps.orgs.listDepartments(org.orgId),
  ]);
  const details: ErrorDetail[] = [];
  if (!department) details.push({ field: 'departmentId', code: 'unknown', message: '本单位没有这个部门' });
  const category = org.config.categories.find((c) => c.code === input.category);
  if (!category)
    details.push({
      field: 'category',
      code: 'unknown',
      message: `类别必须是以下之一：${org.config.categories.map((c) => c.code).join('、')}`,
    });
  const occurredAt = new Date(input.occurredAt);
  const learnedAt = new Date(input.learnedAt ?? input.occurredAt);
  const latest = addMinutes(now, SKEW_MINUTES);
  if (occurredAt > latest) details.push({ field: 'occurredAt', code: 'in_future', message: '发生时间不能晚于现在' });
  if (input.learnedAt && learnedAt > latest)
    details.push({ field: 'learnedAt', code: 'in_future', message: '获知时间不能晚于现在' });
  if (learnedAt < occurredAt)
    details.push({ field: 'learnedAt', code: 'before_occurred', message: '获知时间不能早于发生时间' });
  if (details.length || !department || !category) throw new ValidationError(details);

  const { report, events } = await composeReport(deps, {
    org,
    department,
    office: officeDepartmentOf(org, departments),
    category,
    input: { ...input, occurredAt: occurredAt.toISOString(), learnedAt: learnedAt.toISOString() },
    reporter: { personId: caller.personId, name: caller.name, sourceIp: caller.sourceIp },
    now,
  });
  const body = toReportView(report, events, []);
  // Accountability (issue 8): a late report's proposed finding is written in the report's own transaction.
  await deps.reports.create(
    report,
    events,
    creation(body, now.toISOString()),
    lateFindingWrites(deps, org, report, department.name, now),
  );
  return body;
}

/** The writes of the finding proposed for `report` when it is late (none on time, or without accountability wired). */
export function lateFindingWrites(
  deps: ReportsDeps,
  org: Org,
  report: Report,
  departmentName: string | undefined,
  now: Date,
): Writes {
  if (!report.late || !deps.findings) return NO_WRITES;
  return deps.findings.lateReportWrites({ org, report, departmentName, now, ids: deps.ids });
}

export type ComposeArgs = {
  org: Org;
  department: Department;
  office: Department | undefined;
  category: Category;
  input: Omit<SubmitReportInput, 'learnedAt'> & { learnedAt: string };
  reporter: { personId: string; name: string; sourceIp?: string };
  now: Date;
  forwardedFrom?: Report['forwardedFrom'];
  signOff?: SignOff;
};

/**
 * Builds a new report of `org` as of `now`, with its chain snapshot (working time, duty roster, availability),
 * deadline and lateness, and its first timeline events; nothing is written. Used for submissions and for
 * reports forwarded to a parent organisation.
 */
export async function composeReport(
  deps: ReportsDeps,
  a: ComposeArgs,
): Promise<{ report: Report; events: StoredEvent[] }> {
  const { org, department, office, category, input, now } = a;
  const workingTime = isWorkingTime(workCalendarOf(org), now);
  const shift = workingTime ? undefined : await deps.orgs.shiftAt(org.orgId, now);
  const people = await deps.orgs.getPeople(
    [
      department.headId,
      department.supervisingLeaderId,
      org.principalLeaderId,
      office?.headId,
      office?.supervisingLeaderId,
      shift?.dutyLeaderId,
    ].filter((x): x is string => !!x),
  );
  const chain = computeChain({
    org,
    department,
    office,
    officeSecurity: category.officeSecurity,
    forwarded: !!a.forwardedFrom,
    severity: input.severity,
    reporterId: a.reporter.personId,
    workingTime,
    dutyLeaderId: shift?.dutyLeaderId,
    people,
    now,
  });

  const rule = org.config.severities[input.severity];
  const followupRules = org.config.followups ?? DEFAULT_FOLLOWUP_RULES;
  const followupDueAt = firstFollowupDue(now, {
    rules: followupRules,
    severity: input.severity,
    timeZone: org.timezone,
  }).toISOString();
  const signOffDueAt = addMinutes(now, rule.signOffMinutes ?? DEFAULT_SIGN_OFF_MINUTES[input.severity]).toISOString();
  const learnedAt = new Date(input.learnedAt);
  const deadline = addMinutes(learnedAt, rule.reportLimitMinutes);
  const late = now > deadline;
  const report: Report = {
    reportId: deps.ids(),
    orgId: org.orgId,
    departmentId: department.departmentId,
    reporterId: a.reporter.personId,
    reporterName: a.reporter.name,
    category: category.code,
    categoryLabel: category.label,
    severity: input.severity,
    title: input.title,
    occurredAt: input.occurredAt,
    learnedAt: learnedAt.toISOString(),
    place: input.place,
    ...(input.source ? { source: input.source } : {}),
    summary: input.summary,
    casualties: input.casualties,
    losses: input.losses,
    impact: input.impact,
    leadersOnSite: input.leadersOnSite,
    measuresTaken: input.measuresTaken,
    requests: input.requests,
    contact: input.contact,
    confidentiality: input.confidentiality,
    status: 'escalating',
    submittedAt: now.toISOString(),
    deadline: deadline.toISOString(),
    late,
    lateByMinutes: late ? minutesBetween(deadline, now) : 0,
    workingTime,
    chain,
    ackTimeoutMinutes: rule.ackTimeoutMinutes,
    timezone: org.timezone,
    version: 0,
    departmentHeadId: department.headId,
    ...(a.forwardedFrom ? {} : { signerIds: signersOf(org, department) }),
    departmentLeaderIds: [
      ...new Set(
        [department.headId, department.reviewingLeaderId, department.supervisingLeaderId].filter(
          (x): x is string => !!x,
        ),
      ),
    ],
    followupRules,
    followupDueAt,
    followupCount: 0,
    ...(a.forwardedFrom ? {} : { signOffDueAt }),
    nextDueAt: earliest(
      chain.some((l) => l.state === 'pending') ? now.toISOString() : undefined,
      followupDueAt,
      a.forwardedFrom ? undefined : signOffDueAt,
    ),
    ...(a.forwardedFrom ? { forwardedFrom: a.forwardedFrom, signOff: a.signOff } : {}),
  };

  const at = now.toISOString();
  const event = (type: string, detail: string): StoredEvent => ({
    eventId: deps.ids(),
    at,
    type,
    actorId: a.reporter.personId,
    actorName: a.reporter.name,
    detail,
    sourceIp: a.reporter.sourceIp,
  });
  const events: StoredEvent[] = [
    a.forwardedFrom
      ? event(
          'received',
          `收到下级单位 ${a.forwardedFrom.orgName} 报送（${a.signOff?.byName ?? a.reporter.name} 签发）`,
        )
      : event('submitted', `${a.reporter.name} 报送初报（${workingTime ? '工作时间' : '非工作时间'}）`),
  ];
  if (late)
    events.push(
      event(
        'late',
        `迟报：超过报送时限 ${report.lateByMinutes} 分钟（时限 ${rule.reportLimitMinutes} 分钟，自获知时起算）`,
      ),
    );
  for (const l of chain)
    if (l.state === 'skipped')
      events.push(event('skipped', `第 ${l.level} 级${l.name ? `（${l.name}）` : ''}跳过：${l.skipReason}`));
  if (!workingTime && !shift) events.push(event('noDutyLeader', '非工作时间且值班表无人值班，直接报送主要领导'));
  if (!chain.some((l) => l.state === 'pending'))
    events.push(event('noRecipient', '报送链上无人可通知，请办公室立即处理'));
  return { report, events };
}

/** Who signs a report off (签发): the principal leader, and the department's supervising leader where the configuration allows. */
function signersOf(org: Org, department: Department): string[] {
  const roles = (org.config.signOffRoles ?? ['principalLeader']) as string[];
  const ids = [
    roles.includes('principalLeader') ? org.principalLeaderId : undefined,
    roles.includes('supervisingLeader') ? department.supervisingLeaderId : undefined,
  ];
  return [...new Set(ids.filter((x): x is string => !!x))];
}
