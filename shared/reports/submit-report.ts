import { ConflictError, ForbiddenError, ValidationError, type ErrorDetail } from '../platform/kernel/errors.ts';
import { eventBy, type StoredEvent } from '../platform/kernel/audit.ts';
import { NO_WRITES, type Writes } from '../platform/kernel/writes.ts';
import { computeChain } from './rules/chain.ts';
import type { Caller } from '../platform/auth/caller.ts';
import type { ReportsDeps } from './ports.ts';
import {
  actingFor,
  DEFAULT_FOLLOWUP_RULES,
  isOfficeOf,
  isWorkingTime,
  officeDepartmentOf,
  workCalendarOf,
  type Category,
  type Department,
  type Org,
} from '../org/index.ts';
import type { PhoneIntakeRecord, Report, ReportChange, SignOff } from './rules/model.ts';
import { firstFollowupDue } from './rules/followup-schedule.ts';
import { DEFAULT_SIGN_OFF_MINUTES, phonedClocks, writtenLateness } from './rules/plan.ts';
import type { SubmitReportInput, WrittenReportInput } from './rules/input.ts';
import { mayOpenReport, writtenOwners } from './rules/access.ts';
import { addMinutes, earliest, formatLocal, minutesBetween } from '../platform/kernel/time.ts';
import { retryStale, STALE } from '../platform/kernel/retry.ts';
import { reportBusy, reportNotFound } from './errors.ts';
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
  // The three reads at once: the department and the list are the caller's organisation's (one round trip, not two).
  const [org, department, departments] = await Promise.all([
    deps.orgs.getOrg(caller.orgId),
    deps.orgs.getDepartment(caller.orgId, input.departmentId),
    deps.orgs.listDepartments(caller.orgId),
  ]);
  if (!org) throw new ConflictError('ORG_MISSING', '您所在的单位不存在，请联系管理员。');
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
  const intake = input.intake ? await phoneIntakeOf(deps, caller, org, input, now, details) : undefined;
  if (details.length || !department || !category) throw new ValidationError(details);

  const { report, events } = await composeReport(deps, {
    org,
    department,
    office: officeDepartmentOf(org, departments),
    category,
    input: { ...input, occurredAt: occurredAt.toISOString(), learnedAt: learnedAt.toISOString() },
    reporter: intake
      ? { personId: intake.callerPersonId ?? caller.personId, name: intake.callerName, sourceIp: caller.sourceIp }
      : { personId: caller.personId, name: caller.name, sourceIp: caller.sourceIp },
    now,
    intake,
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
  /** A report taken by telephone: judged on the call, with its written version owed (POLICY §3.2). */
  intake?: PhoneIntakeRecord;
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
  // 代理: the stand-ins the absent ones named, so that the chain can reach them in their place.
  const deputyIds = [...people.values()].flatMap((p) => (p.deputyId && !people.has(p.deputyId) ? [p.deputyId] : []));
  if (deputyIds.length) for (const [id, p] of await deps.orgs.getPeople(deputyIds)) people.set(id, p);
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
  const { intake } = a;
  const clocks = intake ? phonedClocks(rule, input.severity, learnedAt, new Date(intake.calledAt)) : undefined;
  // A phoned-in report is judged on the call, against the phone limit; its written version on its own clock.
  const deadline = clocks ? clocks.callDeadline : addMinutes(learnedAt, rule.reportLimitMinutes);
  const late = clocks ? clocks.callLateByMinutes > 0 : now > deadline;
  const writtenDueAt = clocks?.writtenDueAt.toISOString();
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
    place: input.place ?? PENDING_WRITTEN,
    ...(input.source ? { source: input.source } : {}),
    summary: input.summary ?? '',
    casualties: input.casualties,
    losses: input.losses,
    impact: input.impact,
    leadersOnSite: input.leadersOnSite,
    measuresTaken: input.measuresTaken ?? PENDING_WRITTEN,
    requests: input.requests,
    contact: input.contact ?? {
      name: intake?.callerName ?? a.reporter.name,
      ...(intake?.callerPost ? { post: intake.callerPost } : {}),
      phone: intake?.callerPhone ?? '',
    },
    confidentiality: input.confidentiality,
    status: 'escalating',
    submittedAt: now.toISOString(),
    deadline: deadline.toISOString(),
    late,
    lateByMinutes: clocks ? clocks.callLateByMinutes : late ? minutesBetween(deadline, now) : 0,
    workingTime,
    chain,
    ackTimeoutMinutes: rule.ackTimeoutMinutes,
    timezone: org.timezone,
    version: 0,
    departmentHeadId: department.headId,
    // 代理: a signer away at submission is replaced by his stand-in in 待办 and the sign-off reminders.
    ...(a.forwardedFrom
      ? {}
      : {
          signerIds: [
            ...new Set(
              signersOf(org, department).map((id) => {
                const p = people.get(id);
                return (p && actingFor(p, people, now)?.person.personId) ?? id;
              }),
            ),
          ],
        }),
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
      writtenDueAt,
    ),
    ...(a.forwardedFrom ? { forwardedFrom: a.forwardedFrom, signOff: a.signOff } : {}),
    ...(intake && clocks
      ? {
          phonedIn: true as const,
          intake,
          written: false,
          writtenDueAt,
          callLateByMinutes: clocks.callLateByMinutes,
          // The recorder may open the report whoever the caller is (the duty officer follows what they took down).
          ...(intake.recordedById !== a.reporter.personId ? { watcherIds: [intake.recordedById] } : {}),
        }
      : {}),
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
    intake && clocks
      ? {
          ...event('phoned', phonedDetail(intake, clocks.writtenDueAt.toISOString(), org.timezone)),
          actorId: intake.recordedById,
          actorName: intake.recordedByName,
        }
      : a.forwardedFrom
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
        clocks
          ? `迟报：来电超过电话报告时限 ${report.lateByMinutes} 分钟（时限 ${clocks.phoneLimitMinutes} 分钟，自获知时起算）`
          : `迟报：超过报送时限 ${report.lateByMinutes} 分钟（时限 ${rule.reportLimitMinutes} 分钟，自获知时起算）`,
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

// ── Phoned-in reports (电话报告, issue 14 item 1; POLICY §3.2) ────────────────────────────────────────────────────

/** What a phoned-in report holds until its written version comes in. */
export const PENDING_WRITTEN = '（电话报告，待书面报告补充）';

/** Who may record a call: the office, and the duty leader and duty officer on the shift now (值班). */
async function mayRecordCall(deps: ReportsDeps, caller: Caller, org: Org, now: Date): Promise<boolean> {
  if (isOfficeOf(caller, org)) return true;
  const shift = await deps.orgs.shiftAt(org.orgId, now);
  return !!shift && (shift.dutyLeaderId === caller.personId || shift.dutyOfficerId === caller.personId);
}

/**
 * The duty office's record of a call (值班电话记录簿), checked: the recorder may take calls, the caller is a person of
 * the organisation or named, the call came after the unit learned of the event and not after now, and was taken down
 * at or after it. Problems go into `details` (400 naming the field).
 */
async function phoneIntakeOf(
  deps: ReportsDeps,
  caller: Caller,
  org: Org,
  input: SubmitReportInput,
  now: Date,
  details: ErrorDetail[],
): Promise<PhoneIntakeRecord | undefined> {
  const i = input.intake!;
  if (!(await mayRecordCall(deps, caller, org, now)))
    throw new ForbiddenError('只有办公室、值班领导和值班员可以记录电话报告。');
  const person = i.callerPersonId ? await deps.orgs.getPerson(i.callerPersonId) : undefined;
  if (i.callerPersonId && (!person || person.orgId !== org.orgId))
    details.push({ field: 'intake.callerPersonId', code: 'unknown', message: '本单位没有这个人' });
  const calledAt = new Date(i.calledAt);
  const takenAt = new Date(i.takenAt ?? now.toISOString());
  const latest = addMinutes(now, SKEW_MINUTES);
  const learnedAt = new Date(input.learnedAt ?? input.occurredAt);
  if (calledAt > latest) details.push({ field: 'intake.calledAt', code: 'in_future', message: '来电时间不能晚于现在' });
  else if (calledAt < learnedAt)
    details.push({ field: 'intake.calledAt', code: 'before_learned', message: '来电时间不能早于获知时间' });
  if (takenAt > latest) details.push({ field: 'intake.takenAt', code: 'in_future', message: '记录时间不能晚于现在' });
  else if (takenAt < calledAt && calledAt <= latest)
    details.push({ field: 'intake.takenAt', code: 'before_call', message: '记录时间不能早于来电时间' });
  if (details.length) return undefined;
  return {
    channel: 'phone',
    callerName: person?.name ?? i.callerName ?? '',
    ...(person ? { callerPersonId: person.personId } : {}),
    ...(i.callerUnit ? { callerUnit: i.callerUnit } : {}),
    ...(i.callerPost ? { callerPost: i.callerPost } : {}),
    ...((i.callerPhone ?? person?.phone) ? { callerPhone: i.callerPhone ?? person?.phone } : {}),
    calledAt: calledAt.toISOString(),
    ...(i.alreadyTold ? { alreadyTold: i.alreadyTold } : {}),
    takenAt: takenAt.toISOString(),
    recordedById: caller.personId,
    recordedByName: caller.name,
  };
}

function phonedDetail(i: PhoneIntakeRecord, writtenDueAt: string, tz: string): string {
  const who = [i.callerName, i.callerUnit, i.callerPost].filter(Boolean).join('，');
  const told = i.alreadyTold ? `；来电人已报告：${i.alreadyTold}` : '';
  return `电话报告：${who}${i.callerPhone ? `（${i.callerPhone}）` : ''}于 ${formatLocal(i.calledAt, tz)} 来电，${i.recordedByName} 记录${told}；书面报告应于 ${formatLocal(writtenDueAt, tz)} 前报送`;
}

/**
 * Completes a phoned-in report with its written version (POST /api/reports/{reportId}/written).
 * 1. Only someone who may open the report and is its caller (in the system), reporter or recorder; only a phoned-in
 *    report, once (409 after that).
 * 2. The written fields replace what the call said; the call stays on the timeline and in `intake`.
 * 3. Lateness carries both clocks: a written version after `writtenDueAt` makes the report late, and a report that
 *    becomes late only now gets its proposed late finding in the same transaction.
 */
export async function completeWritten(
  deps: ReportsDeps,
  caller: Caller,
  reportId: string,
  input: WrittenReportInput,
): Promise<ReportView> {
  return retryStale(
    4,
    async () => {
      const report = await deps.reports.get(reportId);
      const org = report ? await deps.orgs.getOrg(report.orgId) : undefined;
      if (!report || !org || !mayOpenReport(caller, report, org.officeDepartmentId)) throw reportNotFound();
      if (!report.phonedIn) throw new ConflictError('NOT_PHONED_IN', '这份报告不是电话报告，无需补报书面报告。');
      if (report.written) throw new ConflictError('WRITTEN_ALREADY', '这份电话报告的书面报告已经报送。');
      if (!writtenOwners(report).includes(caller.personId))
        throw new ForbiddenError('只有来电人或记录人可以补报书面报告。');
      const now = deps.clock();
      if (input.occurredAt && new Date(input.occurredAt) > addMinutes(now, SKEW_MINUTES))
        throw new ValidationError([{ field: 'occurredAt', code: 'in_future', message: '发生时间不能晚于现在' }]);
      const l = writtenLateness(report, now);
      const change: ReportChange = {
        nextDueAt: report.nextDueAt,
        title: input.title,
        ...(input.occurredAt ? { occurredAt: new Date(input.occurredAt).toISOString() } : {}),
        place: input.place,
        summary: input.summary,
        measuresTaken: input.measuresTaken,
        contact: input.contact,
        ...(input.casualties ? { casualties: input.casualties } : {}),
        ...(input.losses ? { losses: input.losses } : {}),
        ...(input.impact ? { impact: input.impact } : {}),
        ...(input.leadersOnSite ? { leadersOnSite: input.leadersOnSite } : {}),
        ...(input.requests ? { requests: input.requests } : {}),
        written: true,
        writtenAt: now.toISOString(),
        writtenLateByMinutes: l.writtenLateByMinutes,
        late: l.late,
        lateByMinutes: l.lateByMinutes,
      };
      const at = now.toISOString();
      const ev = (type: string, detail: string): StoredEvent => eventBy(caller, deps.ids(), at, type, detail);
      const due = report.writtenDueAt ? formatLocal(report.writtenDueAt, report.timezone) : '';
      const events = [
        ev(
          'written',
          `${caller.name} 报送书面报告（书面时限 ${due}${l.writtenLateByMinutes ? `，逾时 ${l.writtenLateByMinutes} 分钟` : '，按时'}）`,
        ),
      ];
      if (l.becameLate) events.push(ev('late', `迟报：书面报告超过书面时限 ${l.writtenLateByMinutes} 分钟`));
      const next = { ...report, ...change } as Report;
      const department = l.becameLate ? await deps.orgs.getDepartment(org.orgId, report.departmentId) : undefined;
      const also = l.becameLate ? lateFindingWrites(deps, org, next, department?.name, now) : NO_WRITES;
      if (!(await deps.reports.saveEscalation(report, report.version, change, events, also))) return STALE;
      const saved = await deps.reports.getBundle(reportId);
      return toReportView(saved!.report, saved!.events, [], saved!.followups, saved!.instructions);
    },
    () => {
      throw reportBusy();
    },
  );
}
