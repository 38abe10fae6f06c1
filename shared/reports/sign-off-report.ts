import type { StoredEvent } from '../platform/kernel/audit.ts';
import { ConflictError, ForbiddenError, RuleViolationError } from '../platform/kernel/errors.ts';
import { actingFor, officeDepartmentOf } from '../org/index.ts';
import { canSeeReport } from './acknowledge-report.ts';
import type { Caller } from '../platform/auth/caller.ts';
import type { ReportsDeps } from './ports.ts';
import type { FollowupRecord, Report, SignOff } from './rules/model.ts';
import { retryStale, STALE } from '../platform/kernel/retry.ts';
import { formatLocal } from '../platform/kernel/time.ts';
import type { SignOffInput } from './rules/input.ts';
import { composeReport, lateFindingWrites } from './submit-report.ts';
import { reportBusy, reportNotFound } from './errors.ts';

/**
 * The principal leader's decision on reporting a report upward (签发, POLICY.md §3.4.5).
 * 1. Only the signing roles of the report's organisation may decide (principal leader; supervising leaders if the
 *    configuration says so), and only once (409 after that).
 * 2. `keep`: the decision is recorded on the report.
 * 3. `forward`: a linked report is created in the parent organisation, addressed to its office (and its duty leader
 *    outside its working time), carrying who signed and when, with its own chain and deadlines; both link to each
 *    other, in the same transaction as the decision. Nothing goes up without this. The follow-ups filed so far go
 *    up in it too (`carriedUp`, "随初报签发报送"); the copy owes no follow-ups itself and arrives closed after a 终报.
 * 4. The decision is conditional on the version read (a follow-up filed meanwhile: read again and redone).
 * 5. The parent's escalation is nudged; the every-minute check covers a lost nudge.
 */
export async function signOffReport(
  deps: ReportsDeps,
  caller: Caller,
  reportId: string,
  input: SignOffInput,
): Promise<{ reportId: string; decision: SignOff['decision']; forwardedReportId?: string }> {
  return retryStale(
    4,
    () => signOffOnce(deps, caller, reportId, input),
    () => {
      throw reportBusy();
    },
  );
}

async function signOffOnce(
  deps: ReportsDeps,
  caller: Caller,
  reportId: string,
  input: SignOffInput,
): Promise<{ reportId: string; decision: SignOff['decision']; forwardedReportId?: string } | typeof STALE> {
  const now = deps.clock();
  const bundle = await deps.reports.getBundle(reportId);
  const report = bundle?.report;
  const org = report && (await deps.orgs.getOrg(report.orgId));
  if (!report || !org || !canSeeReport(report, caller, org.officeDepartmentId)) throw reportNotFound();
  const roles = org.config.signOffRoles ?? ['principalLeader'];
  // 代理: while the principal leader is away, the stand-in he named signs in his place (recorded as 代 X).
  const standInFor = caller.roles.some((r) => (roles as string[]).includes(r))
    ? undefined
    : await principalActedForBy(deps, org.principalLeaderId, caller.personId, now);
  if (!standInFor && !caller.roles.some((r) => (roles as string[]).includes(r)))
    throw new ForbiddenError('只有主要领导（或经授权的分管领导，或主要领导请假期间的代理人）可以签发。');
  if (report.signOff)
    throw new ConflictError(
      'ALREADY_SIGNED_OFF',
      `这份报告已由 ${report.signOff.byName} 签发（${report.signOff.decision === 'forward' ? '已上报' : '不上报'}）。`,
    );

  const byName = standInFor ? `${caller.name}（代 ${standInFor.name}）` : caller.name;
  const signOff: SignOff = {
    decision: input.decision,
    byId: caller.personId,
    byName,
    at: now.toISOString(),
    ...(input.note ? { note: input.note } : {}),
    ...(standInFor ? { standInFor } : {}),
  };
  const event = (type: string, detail: string): StoredEvent => ({
    eventId: deps.ids(),
    at: now.toISOString(),
    type,
    actorId: caller.personId,
    actorName: caller.name,
    detail,
    sourceIp: caller.sourceIp,
  });

  if (input.decision === 'keep') {
    const ok = await deps.reports.signOff(report, signOff, [
      event('signedOff', `${byName} 签发：不上报${input.note ? `。意见：${input.note}` : ''}`),
    ]);
    if (!ok) return STALE;
    return { reportId, decision: 'keep' };
  }

  if (!org.parentOrgId) throw new RuleViolationError('NO_PARENT_ORG', '本单位没有上级单位，无法上报。');
  const parent = await deps.orgs.getOrg(org.parentOrgId);
  if (!parent) throw new RuleViolationError('NO_PARENT_ORG', '上级单位不存在，请联系管理员。');
  const departments = await deps.orgs.listDepartments(parent.orgId);
  const office = officeDepartmentOf(parent, departments);
  if (!office) throw new RuleViolationError('PARENT_HAS_NO_OFFICE', '上级单位没有设置办公室，无法接收上报。');
  const category = parent.config.categories.find((c) => c.code === report.category) ?? {
    code: report.category,
    label: report.categoryLabel,
    officeSecurity: false,
  };

  const { report: forwarded, events } = await composeReport(deps, {
    org: parent,
    department: office,
    office,
    category: { ...category, officeSecurity: false },
    input: fieldsOf(report),
    reporter: { personId: caller.personId, name: caller.name, sourceIp: caller.sourceIp },
    now,
    forwardedFrom: { reportId: report.reportId, orgId: org.orgId, orgName: org.name },
    signOff,
  });
  // A forwarded report that is late gets its proposed late finding in the parent, in the same transaction (issue 8).
  const also = lateFindingWrites(deps, parent, forwarded, office.name, now);
  // The follow-ups filed before the sign-off go up with it; the lower organisation owes the follow-ups on its own
  // report, so the copy has no schedule of its own, and an event closed by its 终报 arrives closed.
  const carried = carriedUp(bundle.followups, report.reportId);
  const copy: Report = {
    ...forwarded,
    followupCount: carried.length,
    followupDueAt: undefined,
    nextDueAt: forwarded.chain.some((l) => l.state === 'pending') ? now.toISOString() : undefined,
    ...(report.closedAt ? { closedAt: report.closedAt } : {}),
  };
  const carriedEvents = carried.map(
    (f): StoredEvent => ({
      eventId: deps.ids(),
      at: now.toISOString(),
      type: f.kind === 'final' ? 'final' : 'followup',
      actorId: f.filedById,
      actorName: f.filedByName,
      detail: `${f.label}随初报签发报送（${f.filedByName} ${formatLocal(f.filedAt, report.timezone)} 报送）`,
    }),
  );
  const ok = await deps.reports.signOff(
    report,
    signOff,
    [event('forwarded', `${byName} 签发：上报 ${parent.name}${input.note ? `。意见：${input.note}` : ''}`)],
    { report: copy, events: [...events, ...carriedEvents], also, followups: carried },
  );
  if (!ok) return STALE;
  await deps.queue
    .nudge({ reportId: forwarded.reportId })
    .catch((err) =>
      deps.log.warn('nudge for the forwarded report failed; the check covers it', { error: String(err) }),
    );
  return { reportId, decision: 'forward', forwardedReportId: forwarded.reportId };
}

/** Whom `callerId` acts for when signing: the principal leader, when he is away and named the caller his stand-in. */
async function principalActedForBy(
  deps: ReportsDeps,
  principalId: string | undefined,
  callerId: string,
  now: Date,
): Promise<{ personId: string; name: string } | undefined> {
  if (!principalId || principalId === callerId) return undefined;
  const people = await deps.orgs.getPeople([principalId, callerId]);
  const principal = people.get(principalId);
  const acting = principal && actingFor(principal, people, now);
  return acting?.person.personId === callerId ? acting.standInFor : undefined;
}

/** The lower report's follow-ups as its parent's copy holds them: numbered in order, marked as carried up. */
function carriedUp(followups: FollowupRecord[], fromReportId: string): FollowupRecord[] {
  return [...followups]
    .sort((a, b) => a.sequence - b.sequence)
    .map((f, i) => ({ ...f, sequence: i + 1, fromReportId, carriedUp: true }));
}

function fieldsOf(r: Report) {
  return {
    departmentId: r.departmentId,
    category: r.category,
    severity: r.severity,
    title: r.title,
    occurredAt: r.occurredAt,
    learnedAt: r.learnedAt,
    place: r.place,
    source: r.source,
    summary: r.summary,
    casualties: r.casualties,
    losses: r.losses,
    impact: r.impact,
    leadersOnSite: r.leadersOnSite,
    measuresTaken: r.measuresTaken,
    requests: r.requests,
    contact: { name: r.contact.name, post: r.contact.post, phone: r.contact.phone },
    confidentiality: r.confidentiality,
  };
}
