import { accountabilityAccess } from './rules/access.ts';
import { loadOrgScope, requireOrg, type Org, type Person, isOfficeOf } from '../org/index.ts';
import type { Report } from '../reports/index.ts';
import type { AccountabilityDeps, FindingCreationKey, FindingStore } from './ports.ts';
import { StaleFinding, findingNotFound } from './errors.ts';
import { ConflictError, ValidationError, type ErrorDetail } from '../platform/kernel/errors.ts';
import { chronological } from '../platform/kernel/audit.ts';
import { localDayBound, monthOf } from '../platform/kernel/time.ts';
import { commitWithMails, type MailGroup } from '../platform/mail/best-effort.ts';
import { renderFindingMail, type FindingMailKind } from './finding-mail.ts';
import type { Caller } from '../platform/auth/caller.ts';
import {
  accountabilityOf,
  explanationDue,
  FINDING_KIND_LABELS,
  FINDING_STATE_LABELS,
  findingTransition,
  LEARNED_HOW_LABELS,
  type CreateFindingInput,
  type Finding,
  type FindingContext,
  type FindingEvent,
  type FindingState,
} from './rules/finding.ts';
import { once, type Created, type Creation as OnceCreation } from '../platform/kernel/once.ts';

const { authorize } = accountabilityAccess;

/** The finding repository; absent only from hand-built test dependencies that never touch accountability. */
export function findingsOf(deps: AccountabilityDeps): FindingStore {
  if (!deps.findings) throw new Error('findings repository not wired');
  return deps.findings;
}

/** A creation made at most once per caller and key (`once`), recorded in the finding repository. */
export type Creation<T> = OnceCreation<T, FindingCreationKey['scope']>;
export const readCreation =
  (deps: AccountabilityDeps) => (callerId: string, scope: FindingCreationKey['scope'], key: string) =>
    findingsOf(deps).getCreation(callerId, scope, key);

export type FindingView = Finding & {
  kindLabel: string;
  stateLabel: string;
  learnedHowLabel?: string;
  history: { at: string; type: string; actorName?: string; detail: string; fromState?: string; toState?: string }[];
  /** What the caller may do now (the pages show these buttons). */
  can: { explain: boolean; decide: boolean; link: boolean; request: boolean };
};

const event = (
  deps: AccountabilityDeps,
  caller: Pick<Caller, 'personId' | 'name' | 'sourceIp'> | undefined,
  at: string,
  type: string,
  detail: string,
  fromState?: FindingState,
  toState?: FindingState,
): FindingEvent => ({
  eventId: deps.ids(),
  at,
  type,
  actorId: caller?.personId,
  actorName: caller?.name ?? '系统',
  detail,
  sourceIp: caller?.sourceIp,
  fromState,
  toState,
});

/**
 * Records a finding (POST /api/orgs/{orgId}/findings), proposed.
 * 1. Only the office of the judging organisation; the responsible organisation is it or one below it; the department
 *    and person named belong to the responsible organisation; a report named belongs to either organisation.
 * 2. Sets the explanation deadline (the configuration's working days, the judging organisation's calendar).
 * 3. Writes the finding and its first history event (and, for a report, the guard: one finding of a kind per report,
 *    409 FINDING_EXISTS) in one transaction; nothing is written when anything is rejected.
 * 4. Mails the responsible unit (person, department head, the lower organisation's office) to explain itself.
 */
export async function createFinding(
  deps: AccountabilityDeps,
  caller: Caller,
  orgId: string,
  input: CreateFindingInput,
  opts: { idempotencyKey?: string } = {},
): Promise<Created<FindingView>> {
  return once<FindingView, 'finding'>(
    readCreation(deps),
    caller,
    'finding',
    opts.idempotencyKey,
    { orgId, ...input },
    (creation) => createNow(deps, caller, orgId, input, creation),
  );
}

async function createNow(
  deps: AccountabilityDeps,
  caller: Caller,
  orgId: string,
  input: CreateFindingInput,
  creation: Creation<FindingView>,
): Promise<FindingView> {
  const repo = findingsOf(deps);
  const org = await requireOrg(deps.orgs, orgId);
  authorize(caller, 'finding.record', { kind: 'accountability', orgId, officeDepartmentId: org.officeDepartmentId });
  const now = deps.clock();
  const details: ErrorDetail[] = [];

  const respScope = await loadOrgScope(deps.orgs, input.responsibleOrgId);
  if (!respScope || !respScope.scope.lineage.some((l) => l.orgId === orgId))
    throw new ValidationError([
      { field: 'responsibleOrgId', code: 'unknown', message: '责任单位须是本单位或下级单位' },
    ]);
  const resp = respScope.org;
  const [department, people] = await Promise.all([
    input.responsibleDepartmentId ? deps.orgs.getDepartment(resp.orgId, input.responsibleDepartmentId) : undefined,
    deps.orgs.getPeople(input.responsiblePersonId ? [input.responsiblePersonId] : []),
  ]);
  if (input.responsibleDepartmentId && !department)
    details.push({ field: 'responsibleDepartmentId', code: 'unknown', message: '责任单位没有这个部门' });
  const person = input.responsiblePersonId ? people.get(input.responsiblePersonId) : undefined;
  if (input.responsiblePersonId && (!person || person.orgId !== resp.orgId))
    details.push({ field: 'responsiblePersonId', code: 'unknown', message: '责任单位没有这个人' });
  let report: Report | undefined;
  if (input.reportId) {
    report = await deps.reports.get(input.reportId);
    if (!report || (report.orgId !== orgId && report.orgId !== resp.orgId))
      details.push({ field: 'reportId', code: 'unknown', message: '没有这份报告（须是本单位或责任单位的报告）' });
  }
  if (input.learnedAt && new Date(input.learnedAt) > now)
    details.push({ field: 'learnedAt', code: 'in_future', message: '获知时间不能晚于现在' });
  if (new Date(input.occurredAt) > now)
    details.push({ field: 'occurredAt', code: 'in_future', message: '发生时间不能晚于现在' });
  if (details.length) throw new ValidationError(details);

  const at = now.toISOString();
  const f: Finding = {
    findingId: deps.ids(),
    orgId,
    orgName: org.name,
    kind: input.kind,
    state: 'proposed',
    responsibleOrgId: resp.orgId,
    responsibleOrgName: resp.name,
    ...(department
      ? { responsibleDepartmentId: department.departmentId, responsibleDepartmentName: department.name }
      : {}),
    ...(person ? { responsiblePersonId: person.personId, responsiblePersonName: person.name } : {}),
    ...(report ? { reportId: report.reportId, reportTitle: report.title } : {}),
    ...(report && input.kind === 'late' ? { lateByMinutes: report.lateByMinutes } : {}),
    occurredAt: new Date(input.occurredAt).toISOString(),
    ...(input.learnedAt ? { learnedAt: new Date(input.learnedAt).toISOString() } : {}),
    ...(input.learnedHow ? { learnedHow: input.learnedHow } : {}),
    ...(input.learnedFrom ? { learnedFrom: input.learnedFrom } : {}),
    note: input.note,
    ...(input.correction ? { correction: input.correction } : {}),
    auto: false,
    proposedAt: at,
    proposedById: caller.personId,
    proposedByName: caller.name,
    explanationDueAt: explanationDue(org, now),
    version: 0,
    updatedAt: at,
  };
  const events = [
    event(
      deps,
      caller,
      at,
      'proposed',
      `${caller.name} 登记${FINDING_KIND_LABELS[f.kind]}：${f.responsibleOrgName}${f.responsibleDepartmentName ? ` ${f.responsibleDepartmentName}` : ''}${f.responsiblePersonName ? ` ${f.responsiblePersonName}` : ''}`,
      undefined,
      'proposed',
    ),
  ];
  const mails = [findingMails(deps, 'proposed', f, await unitRecipients(deps, f, resp), org.timezone)];
  try {
    await commitWithMails(deps, mails, (writes) =>
      repo.create(f, events, creation(view(f, events, caller, contextOf(org, resp, undefined)), at), writes),
    );
  } catch (err) {
    if (err instanceof StaleFinding && err.which === 'guard')
      throw new ConflictError('FINDING_EXISTS', `这份报告已有${FINDING_KIND_LABELS[f.kind]}记录。`);
    throw err;
  }
  return view(f, events, caller, contextOf(org, resp, undefined));
}

/** Who answers for the responsible unit, to be mailed: the person named, the department head, and the organisation's office head and principal leader when it is a lower organisation. */
async function unitRecipients(deps: AccountabilityDeps, f: Finding, resp: Org): Promise<Person[]> {
  const ids = new Set<string>();
  if (f.responsiblePersonId) ids.add(f.responsiblePersonId);
  if (f.responsibleDepartmentId) {
    const d = await deps.orgs.getDepartment(resp.orgId, f.responsibleDepartmentId);
    if (d?.headId) ids.add(d.headId);
  }
  const out = [...(await deps.orgs.getPeople([...ids])).values()];
  if (f.responsibleOrgId !== f.orgId || !out.length) {
    const people = await deps.orgs.listPeople(resp.orgId);
    out.push(...people.filter((p) => p.roles.includes('officeHead') || p.personId === resp.principalLeaderId));
  }
  return out;
}

async function officeRecipients(deps: AccountabilityDeps, org: Org): Promise<Person[]> {
  return (await deps.orgs.listPeople(org.orgId)).filter((p) => isOfficeOf(p, org));
}

/**
 * The mails of one step (`kind`) to `to`, keyed by the finding, its saved version, the kind and the address: outbox
 * records committed with the step (`saveStep`, `create`), so a step that fails writes none and a saved one keeps them.
 */
function findingMails(
  deps: AccountabilityDeps,
  kind: FindingMailKind,
  f: Finding,
  to: Person[],
  timeZone: string,
): MailGroup<Person> {
  const link = `${deps.appUrl}/findings/${f.findingId}`;
  return {
    people: to,
    render: (p) => renderFindingMail(kind, f, p, link, timeZone),
    key: (p) => `FINDING#${f.findingId}#V${f.version}|${kind}|MAIL#${p.email}`,
    failure: { message: 'finding mail failed', context: { findingId: f.findingId, kind } },
  };
}

function contextOf(judge: Org, resp: Org | undefined, departmentHeadId: string | undefined): FindingContext {
  return {
    judge: { orgId: judge.orgId, officeDepartmentId: judge.officeDepartmentId },
    responsible: {
      orgId: resp?.orgId ?? judge.orgId,
      officeDepartmentId: resp?.officeDepartmentId,
      principalLeaderId: resp?.principalLeaderId,
    },
    departmentHeadId,
  };
}

/** Loads a finding with what authorization needs and checks the caller; an unknown finding is 404 like an invisible one. */
async function loadFor(
  deps: AccountabilityDeps,
  caller: Caller,
  findingId: string,
  action: 'finding.read' | 'finding.explain' | 'finding.decide',
) {
  const bundle = await findingsOf(deps).getBundle(findingId);
  if (!bundle) throw findingNotFound();
  const { finding } = bundle;
  const [judge, resp] = await Promise.all([
    deps.orgs.getOrg(finding.orgId),
    deps.orgs.getOrg(finding.responsibleOrgId),
  ]);
  if (!judge) throw findingNotFound();
  const dept = finding.responsibleDepartmentId
    ? await deps.orgs.getDepartment(finding.responsibleOrgId, finding.responsibleDepartmentId)
    : undefined;
  const ctx = contextOf(judge, resp, dept?.headId);
  authorize(caller, action, { kind: 'finding', finding, context: ctx });
  return { ...bundle, judge, resp, ctx };
}

function view(f: Finding, events: FindingEvent[], caller: Caller, ctx: FindingContext): FindingView {
  const { version: _v, ...rest } = f;
  const tryT = (a: 'explain' | 'confirm' | 'link' | 'request') => {
    try {
      findingTransition(f, a, new Date());
      return true;
    } catch {
      return false;
    }
  };
  const allowed = (a: 'finding.explain' | 'finding.decide') => {
    try {
      authorize(caller, a, { kind: 'finding', finding: f, context: ctx });
      return true;
    } catch {
      return false;
    }
  };
  const decide = allowed('finding.decide');
  return {
    ...(rest as Finding),
    kindLabel: f.linkedReport ? '漏报（后迟报）' : FINDING_KIND_LABELS[f.kind],
    stateLabel: FINDING_STATE_LABELS[f.state],
    ...(f.learnedHow ? { learnedHowLabel: LEARNED_HOW_LABELS[f.learnedHow] } : {}),
    history: chronological(events).map(({ at, type, actorName, detail, fromState, toState }) => ({
      at,
      type,
      actorName,
      detail,
      fromState,
      toState,
    })),
    can: {
      explain: allowed('finding.explain') && tryT('explain'),
      decide: decide && f.state !== 'confirmed' && f.state !== 'dismissed',
      link: decide && tryT('link'),
      request: decide && tryT('request'),
    },
  };
}

export async function getFinding(deps: AccountabilityDeps, caller: Caller, findingId: string): Promise<FindingView> {
  const { finding, events, ctx } = await loadFor(deps, caller, findingId, 'finding.read');
  return view(finding, events, caller, ctx);
}

export type FindingFilter = {
  from?: string;
  to?: string;
  kind?: string;
  state?: string;
  responsibleOrgId?: string;
  departmentId?: string;
  personId?: string;
};

/** The judging organisation's register (GET /api/orgs/{orgId}/findings): by occurrence in [from, to] (default: the last 365 days), filtered by kind, state, organisation, department or person (their record). */
export async function listFindings(
  deps: AccountabilityDeps,
  caller: Caller,
  orgId: string,
  filter: FindingFilter,
): Promise<Finding[]> {
  const org = await requireOrg(deps.orgs, orgId);
  authorize(caller, 'finding.list', { kind: 'accountability', orgId, officeDepartmentId: org.officeDepartmentId });
  const { from, to } = period(filter.from, filter.to, deps.clock(), org.timezone);
  const all = await findingsOf(deps).listByOrg(orgId, from, to);
  return all
    .filter((f) => (!filter.kind || f.kind === filter.kind) && (!filter.state || f.state === filter.state))
    .filter(
      (f) =>
        (!filter.responsibleOrgId || f.responsibleOrgId === filter.responsibleOrgId) &&
        (!filter.departmentId || f.responsibleDepartmentId === filter.departmentId),
    )
    .filter((f) => !filter.personId || f.responsiblePersonId === filter.personId)
    .map(({ version: _v, ...f }) => f as Finding)
    .reverse();
}

/**
 * A period from query strings (dates, read in `timeZone`, or instants); defaults to the last 365 days. 400 when
 * malformed or reversed.
 */
export function period(
  fromRaw: string | undefined,
  toRaw: string | undefined,
  now: Date,
  timeZone: string,
): { from: string; to: string } {
  const parse = (v: string | undefined, field: string, end: boolean) => {
    if (!v) return undefined;
    const d = /^\d{4}-\d{2}-\d{2}$/.test(v) ? localDayBound(v, timeZone, end) : new Date(v);
    if (Number.isNaN(d.getTime()))
      throw new ValidationError([
        { field, code: 'invalid', message: `${field} 必须是日期（YYYY-MM-DD）或 ISO 8601 时间` },
      ]);
    return d.toISOString();
  };
  const from = parse(fromRaw, 'from', false) ?? new Date(now.getTime() - 365 * 86_400_000).toISOString();
  const to = parse(toRaw, 'to', true) ?? now.toISOString();
  if (from > to) throw new ValidationError([{ field: 'from', code: 'after_to', message: '开始时间不能晚于结束时间' }]);
  return { from, to };
}

/** What a step writes with the finding and its event: the guard of the report it links, the saved finding's mails. */
type StepWrites = { linkGuard?: string; mails?: MailGroup<Person>[] };

/**
 * Saves one step of a loaded finding in one transaction: its `changes` under the next version (updated `at`), the
 * step's history event, and the writes `withSaved` names for the finding as saved (its mails are keyed by the new
 * version). Answers the caller's view of the saved finding; a finding changed meanwhile is a 409.
 */
async function saveStep(
  deps: AccountabilityDeps,
  caller: Caller,
  loaded: Awaited<ReturnType<typeof loadFor>>,
  step: { at: string; changes: Partial<Finding>; event: FindingEvent },
  withSaved: (next: Finding) => StepWrites | Promise<StepWrites> = () => ({}),
): Promise<FindingView> {
  const { finding, events, ctx } = loaded;
  const next: Finding = { ...finding, ...step.changes, version: finding.version + 1, updatedAt: step.at };
  const { mails = [], ...rest } = await withSaved(next);
  try {
    await commitWithMails(deps, mails, (writes) =>
      findingsOf(deps).save(next, finding.version, [step.event], { ...rest, mails: writes }),
    );
  } catch (err) {
    if (err instanceof StaleFinding && err.which === 'guard')
      throw new ConflictError('REPORT_ALREADY_LINKED', '这份报告已关联另一条漏报记录。');
    if (err instanceof StaleFinding)
      throw new ConflictError('FINDING_CHANGED', '这条记录刚被他人处理过，请刷新后再试。');
    throw err;
  }
  return view(next, [...events, step.event], caller, ctx);
}

/**
 * The responsible unit's explanation (说明), POST /api/findings/{findingId}/explanation.
 * 1. The person named, the department head, or the responsible organisation's office or principal leader.
 * 2. Only while proposed and before the deadline (422 EXPLANATION_PERIOD_OVER; 409 the second time).
 * 3. Saves it under the finding's lock with a history event; mails the judging office.
 */
export async function explainFinding(
  deps: AccountabilityDeps,
  caller: Caller,
  findingId: string,
  input: { text: string },
): Promise<FindingView> {
  const loaded = await loadFor(deps, caller, findingId, 'finding.explain');
  const { finding, judge } = loaded;
  const now = deps.clock();
  const to = findingTransition(finding, 'explain', now);
  const at = now.toISOString();
  const changes = { state: to, explanation: { text: input.text, byId: caller.personId, byName: caller.name, at } };
  const e = event(deps, caller, at, 'explained', `${caller.name} 提交说明`, finding.state, to);
  return saveStep(deps, caller, loaded, { at, changes, event: e }, async (next) => ({
    mails: [findingMails(deps, 'explained', next, await officeRecipients(deps, judge), judge.timezone)],
  }));
}

/**
 * The judging office's decision, POST /api/findings/{findingId}/decision `{outcome, reason}`.
 * 1. Office of the judging organisation; confirm after the explanation or once its period is over (422
 *    EXPLANATION_PENDING), dismiss any time before a decision; a decided finding never changes (409).
 * 2. A confirmation records the month it counts in and the points deducted (the responsible organisation's
 *    configuration) and writes the scoring row in the same transaction.
 * 3. Mails the responsible unit.
 */
export async function decideFinding(
  deps: AccountabilityDeps,
  caller: Caller,
  findingId: string,
  input: { outcome: 'confirmed' | 'dismissed'; reason: string },
): Promise<FindingView> {
  const loaded = await loadFor(deps, caller, findingId, 'finding.decide');
  const { finding, judge, resp } = loaded;
  const now = deps.clock();
  const to = findingTransition(finding, input.outcome === 'confirmed' ? 'confirm' : 'dismiss', now);
  const at = now.toISOString();
  const respOrg = resp ?? (await requireOrg(deps.orgs, finding.responsibleOrgId));
  const scoring =
    to === 'confirmed'
      ? {
          scoreMonth: monthOf(now, respOrg.timezone),
          deduction: accountabilityOf(respOrg.config).deductions[finding.kind],
        }
      : {};
  const changes = {
    ...scoring,
    state: to,
    decision: { outcome: input.outcome, reason: input.reason, byId: caller.personId, byName: caller.name, at },
  };
  const e = event(
    deps,
    caller,
    at,
    to,
    `${caller.name} ${to === 'confirmed' ? `认定${FINDING_KIND_LABELS[finding.kind]}（${scoring.scoreMonth} 扣 ${-(scoring.deduction ?? 0)} 分）` : '不予认定'}：${input.reason}`,
    finding.state,
    to,
  );
  return saveStep(deps, caller, loaded, { at, changes, event: e }, async (next) => ({
    mails: [findingMails(deps, 'decided', next, await unitRecipients(deps, next, respOrg), judge.timezone)],
  }));
}

/**
 * Asks the responsible unit to explain a finding the system proposed (POST /api/findings/{findingId}/request-explanation):
 * the judging office, once; the explanation period (working days) starts now and the unit is mailed.
 */
export async function requestExplanation(
  deps: AccountabilityDeps,
  caller: Caller,
  findingId: string,
): Promise<FindingView> {
  const loaded = await loadFor(deps, caller, findingId, 'finding.decide');
  const { finding, judge, resp } = loaded;
  const now = deps.clock();
  findingTransition(finding, 'request', now);
  const at = now.toISOString();
  const explanationDueAt = explanationDue(judge, now);
  const e = event(deps, caller, at, 'requested', `${caller.name} 请责任单位说明（期限 ${explanationDueAt}）`);
  return saveStep(
    deps,
    caller,
    loaded,
    { at, changes: { requestedAt: at, explanationDueAt }, event: e },
    async (next) => {
      const unit = await unitRecipients(deps, next, resp ?? (await requireOrg(deps.orgs, next.responsibleOrgId)));
      return { mails: [findingMails(deps, 'proposed', next, unit, judge.timezone)] };
    },
  );
}

/**
 * Links a missed-event finding to the report that covered the event later, POST /api/findings/{findingId}/link
 * `{reportId}`: the finding stays (missed-then-late), with the report's submission time and lateness; one missed
 * finding per report (409 REPORT_ALREADY_LINKED).
 */
export async function linkFinding(
  deps: AccountabilityDeps,
  caller: Caller,
  findingId: string,
  input: { reportId: string },
): Promise<FindingView> {
  const loaded = await loadFor(deps, caller, findingId, 'finding.decide');
  const { finding } = loaded;
  const now = deps.clock();
  findingTransition(finding, 'link', now);
  const report = await deps.reports.get(input.reportId);
  if (!report || (report.orgId !== finding.orgId && report.orgId !== finding.responsibleOrgId))
    throw new ValidationError([
      { field: 'reportId', code: 'unknown', message: '没有这份报告（须是本单位或责任单位的报告）' },
    ]);
  const at = now.toISOString();
  const learned = finding.learnedAt ? new Date(finding.learnedAt).getTime() : Number.POSITIVE_INFINITY;
  const afterOffice = new Date(report.submittedAt).getTime() > learned;
  const lateBy = afterOffice ? Math.round((new Date(report.submittedAt).getTime() - learned) / 60_000) : 0;
  const changes = {
    reportId: report.reportId,
    reportTitle: report.title,
    linkedReport: {
      reportId: report.reportId,
      title: report.title,
      submittedAt: report.submittedAt,
      late: report.late || afterOffice,
      lateByMinutes: Math.max(report.lateByMinutes, lateBy),
      linkedAt: at,
      linkedByName: caller.name,
    },
  };
  const e = event(
    deps,
    caller,
    at,
    'linked',
    `${caller.name} 关联后来的报告《${report.title}》（${afterOffice ? `在上级获知 ${lateBy} 分钟后报送` : '报送'}），记为漏报后迟报`,
  );
  return saveStep(deps, caller, loaded, { at, changes, event: e }, () => ({ linkGuard: report.reportId }));
}
