import * as z from 'zod';
import { ConflictError, RuleViolationError } from '../../platform/kernel/errors.ts';
import type { TransitionEvent } from '../../platform/kernel/audit.ts';
import type { Caller } from '../../platform/auth/caller.ts';
import {
  accountabilityRulesSchema,
  classifyDay,
  DEFAULT_ACCOUNTABILITY,
  hasLeaderRole,
  isOfficeOrAdminOf,
  workCalendarOf,
  type AccountabilityRules,
  type Org,
  type WorkCalendar,
} from '../../org/index.ts';
import type { LateReport, Report } from '../../reports/index.ts';
import { localInputToIso, localParts } from '../../platform/kernel/time.ts';
import { valuesOf } from '../../platform/kernel/labelled.ts';

/**
 * Accountability (POLICY.md §3.6): findings of late (迟报), missed (漏报), false (误报) and concealed (瞒报) reports,
 * recorded by the office of the organisation where the failure is judged, against a responsible organisation,
 * department and person. Pure rules here (state machine, deadlines, who may do what); use cases in `findings.ts`.
 */
export const FINDING_KIND_LABELS = {
  late: '迟报',
  missed: '漏报',
  false: '误报',
  concealed: '瞒报',
};
export const FINDING_KINDS = valuesOf(FINDING_KIND_LABELS);
export type FindingKind = (typeof FINDING_KINDS)[number];

export const FINDING_STATE_LABELS = {
  proposed: '待说明',
  explained: '已说明',
  confirmed: '已认定',
  dismissed: '不予认定',
};
export const FINDING_STATES = valuesOf(FINDING_STATE_LABELS);
export type FindingState = (typeof FINDING_STATES)[number];

/** How the judging office learned of a missed event. */
export const LEARNED_HOW_LABELS = {
  media: '媒体报道',
  otherDepartment: '其他部门',
  higherLevel: '上级通报',
  public: '群众反映',
  inspection: '检查发现',
  other: '其他渠道',
};
export const LEARNED_HOW = valuesOf(LEARNED_HOW_LABELS);
export type LearnedHow = (typeof LEARNED_HOW)[number];

export type Finding = {
  findingId: string;
  /** The judging organisation (its office records and decides). */
  orgId: string;
  orgName: string;
  kind: FindingKind;
  state: FindingState;
  responsibleOrgId: string;
  responsibleOrgName: string;
  responsibleDepartmentId?: string;
  responsibleDepartmentName?: string;
  responsiblePersonId?: string;
  responsiblePersonName?: string;
  /** The report concerned (late, false), or the report that later covered a missed event. */
  reportId?: string;
  reportTitle?: string;
  /** When the event happened (the register and circulars are by this instant). */
  occurredAt: string;
  /** When and how the judging office learned of it (missed). */
  learnedAt?: string;
  learnedHow?: LearnedHow;
  learnedFrom?: string;
  note: string;
  /** False reports: what was actually true. */
  correction?: string;
  /** Late reports: minutes past the written-report limit. */
  lateByMinutes?: number;
  /** Proposed by the system for a report flagged late. */
  auto: boolean;
  proposedAt: string;
  proposedById?: string;
  proposedByName: string;
  /** The responsible unit explains (说明) until then (configurable working days). */
  explanationDueAt: string;
  /** For a finding the system proposed: when the office asked the unit to explain (and mailed it); the period runs from then. */
  requestedAt?: string;
  explanation?: { text: string; byId: string; byName: string; at: string };
  decision?: { outcome: 'confirmed' | 'dismissed'; reason: string; byId: string; byName: string; at: string };
  /** A missed event covered later by a report: the finding stays, as missed-then-late. */
  linkedReport?: {
    reportId: string;
    title: string;
    submittedAt: string;
    late: boolean;
    lateByMinutes: number;
    linkedAt: string;
    linkedByName: string;
  };
  /** The criticism circular (通报) that named it; a finding is in at most one. */
  circular?: { circularId: string; year: number; number: number };
  /** The month (YYYY-MM, responsible organisation's zone) whose scores the confirmed finding counts in. */
  scoreMonth?: string;
  /** Points deducted in that month (the responsible organisation's configuration at confirmation). */
  deduction?: number;
  version: number;
  updatedAt: string;
};

export type FindingAction = 'explain' | 'confirm' | 'dismiss' | 'link' | 'request';

export { accountabilityRulesSchema, DEFAULT_ACCOUNTABILITY, type AccountabilityRules };

/** The accountability rules in a configuration, or the defaults when it has none (configurations saved before issue 8). */
export function accountabilityOf(config: object): AccountabilityRules {
  const r = accountabilityRulesSchema.safeParse((config as { accountability?: unknown }).accountability);
  return r.success ? r.data : DEFAULT_ACCOUNTABILITY;
}

const isoDate = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d)).toISOString().slice(0, 10);

/**
 * The end of the `n`-th working day after the local date of `from` (holidays, make-up days and overrides counted as
 * the calendar says), i.e. local midnight after it, as an ISO instant. Three working days from a Friday afternoon end
 * at Thursday midnight.
 */
export function addWorkingDays(from: Date, n: number, calendar: WorkCalendar): Date {
  const p = localParts(from, calendar.timezone);
  let cursor = Date.UTC(p.year, p.month - 1, p.day);
  let counted = 0;
  for (let guard = 0; guard < 400 && counted < n; guard++) {
    cursor += 86_400_000;
    const d = new Date(cursor);
    const weekday = d.getUTCDay() === 0 ? 7 : d.getUTCDay();
    if (classifyDay(d.toISOString().slice(0, 10), weekday, calendar).workday) counted++;
  }
  const next = new Date(cursor + 86_400_000);
  return new Date(
    localInputToIso(
      `${isoDate(next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate())}T00:00`,
      calendar.timezone,
    ),
  );
}

/**
 * The state machine of a finding: proposed → explained → confirmed | dismissed. Returns the next state or throws:
 * - request (a finding the system proposed, which mailed no one): the office asks the unit to explain, once; the
 *   explanation period starts then;
 * - explain: only while proposed and before the deadline (422 EXPLANATION_PERIOD_OVER after it; 409 once explained);
 * - confirm: after an explanation, or once the explanation period is over (422 EXPLANATION_PENDING before); a
 *   proposal of the system first needs the request (422 EXPLANATION_NOT_REQUESTED), so no unit is judged unheard;
 * - dismiss: any time before a decision;
 * - a decided finding changes no more (409 FINDING_DECIDED); nothing is ever deleted;
 * - link (missed only, once): the state stays.
 */
export function findingTransition(
  f: Pick<Finding, 'state' | 'kind' | 'explanationDueAt' | 'linkedReport'> &
    Partial<Pick<Finding, 'auto' | 'requestedAt'>>,
  action: FindingAction,
  now: Date,
): FindingState {
  const decided = f.state === 'confirmed' || f.state === 'dismissed';
  if (action === 'link') {
    if (f.kind !== 'missed') throw new RuleViolationError('NOT_A_MISSED_FINDING', '只有漏报记录可以关联后来的报告。');
    if (f.linkedReport) throw new ConflictError('ALREADY_LINKED', '这条漏报记录已关联报告。');
    return f.state;
  }
  if (decided) throw new ConflictError('FINDING_DECIDED', `这条记录已${FINDING_STATE_LABELS[f.state]}，不能再更改。`);
  const periodOver = now.getTime() >= new Date(f.explanationDueAt).getTime();
  switch (action) {
    case 'request':
      if (!f.auto) throw new RuleViolationError('NOT_A_SYSTEM_PROPOSAL', '登记时已通知责任单位，无需再请其说明。');
      if (f.requestedAt || f.state !== 'proposed') throw new ConflictError('ALREADY_REQUESTED', '已请责任单位说明。');
      return 'proposed';
    case 'explain':
      if (f.state === 'explained') throw new ConflictError('ALREADY_EXPLAINED', '已提交过说明。');
      if (periodOver) throw new RuleViolationError('EXPLANATION_PERIOD_OVER', '说明期限已过，不能再提交说明。');
      return 'explained';
    case 'confirm':
      if (f.state === 'proposed' && f.auto && !f.requestedAt)
        throw new RuleViolationError('EXPLANATION_NOT_REQUESTED', '这是系统提议的记录，请先请责任单位说明。');
      if (f.state === 'proposed' && !periodOver)
        throw new RuleViolationError('EXPLANATION_PENDING', '责任单位的说明期限未到，请待其说明或期限届满后再认定。');
      return 'confirmed';
    case 'dismiss':
      return 'dismissed';
  }
}

/** The offices and units concerned with a finding, as the authorization rules need them. */
export type FindingContext = {
  judge: { orgId: string; officeDepartmentId?: string };
  responsible: { orgId: string; officeDepartmentId?: string; principalLeaderId?: string };
  /** The head of the responsible department, when one is named. */
  departmentHeadId?: string;
};
export type FindingPermission = 'read' | 'explain' | 'decide';
type Decision = 'allow' | 'forbid' | 'hide';

/** The office of a judging or responsible organisation here is its office or an administrator of it (POLICY.md §3.6). */
const isOffice = isOfficeOrAdminOf;

/**
 * Whether the caller answers for the responsible unit: the person named, the department's head, or — for a lower
 * organisation, or when no one inside is named — the responsible organisation's office or principal leader (the
 * judging office never explains to itself).
 */
export function isResponsibleUnit(
  caller: Caller,
  f: Pick<Finding, 'responsiblePersonId' | 'responsibleOrgId'>,
  ctx: FindingContext,
): boolean {
  if (f.responsiblePersonId && caller.personId === f.responsiblePersonId) return true;
  if (ctx.departmentHeadId && caller.personId === ctx.departmentHeadId) return true;
  if (caller.orgId !== f.responsibleOrgId) return false;
  if (f.responsibleOrgId === ctx.judge.orgId && (f.responsiblePersonId || ctx.departmentHeadId)) return false;
  return (
    isOffice(caller, ctx.responsible) ||
    caller.personId === ctx.responsible.principalLeaderId ||
    caller.roles.includes('principalLeader')
  );
}

/**
 * Who may see and act on a finding: the judging office reads and decides; the responsible unit reads and explains;
 * the judging organisation's leaders read. Anyone else: 404 (a finding names people).
 */
export function findingDecision(
  caller: Caller,
  action: FindingPermission,
  f: Pick<Finding, 'responsiblePersonId' | 'responsibleOrgId'>,
  ctx: FindingContext,
): Decision {
  const office = isOffice(caller, ctx.judge);
  const unit = isResponsibleUnit(caller, f, ctx);
  const leader = caller.orgId === ctx.judge.orgId && hasLeaderRole(caller);
  if (!office && !unit && !leader) return 'hide';
  if (action === 'read') return 'allow';
  if (action === 'decide') return office ? 'allow' : 'forbid';
  return unit ? 'allow' : 'forbid';
}

/** Recording findings, publishing circulars and reading the accountability statistics of an organisation: its office. */
export function mayOnAccountability(
  caller: Caller,
  action: 'record' | 'read',
  org: { orgId: string; officeDepartmentId?: string },
): Decision {
  if (caller.orgId !== org.orgId) return 'hide';
  if (isOffice(caller, org)) return 'allow';
  if (action === 'read' && hasLeaderRole(caller)) return 'allow';
  return 'forbid';
}

/** A history line of a finding (its state transitions). */
export type FindingEvent = TransitionEvent;

/** The late finding of a report as proposed by the system (pure: `now` and ids passed in). */
export function proposedLateFinding(
  deps: { ids: () => string },
  org: Org,
  report: Report,
  departmentName: string | undefined,
  now: Date,
): Finding {
  const at = now.toISOString();
  const forwarded = report.forwardedFrom;
  return {
    findingId: deps.ids(),
    orgId: org.orgId,
    orgName: org.name,
    kind: 'late',
    state: 'proposed',
    responsibleOrgId: forwarded?.orgId ?? report.orgId,
    responsibleOrgName: forwarded?.orgName ?? org.name,
    ...(forwarded
      ? {}
      : {
          responsibleDepartmentId: report.departmentId,
          responsibleDepartmentName: departmentName,
          responsiblePersonId: report.reporterId,
          responsiblePersonName: report.reporterName,
        }),
    reportId: report.reportId,
    reportTitle: report.title,
    occurredAt: report.occurredAt,
    learnedAt: report.learnedAt,
    note: `报告于 ${report.submittedAt} 报送，超过报送时限（${report.deadline}）${report.lateByMinutes} 分钟。`,
    lateByMinutes: report.lateByMinutes,
    auto: true,
    proposedAt: at,
    proposedByName: '系统',
    explanationDueAt: explanationDue(org, now),
    version: 0,
    updatedAt: at,
  };
}

/** The finding proposed for a late report and its first history line, by the system. */
export function lateReportProposal(late: LateReport): { finding: Finding; events: FindingEvent[] } {
  const f = proposedLateFinding(late, late.org, late.report, late.departmentName, late.now);
  const detail = `系统提议：报告《${late.report.title}》迟报 ${late.report.lateByMinutes} 分钟`;
  return {
    finding: f,
    events: [
      { eventId: late.ids(), at: f.proposedAt, type: 'proposed', actorName: '系统', detail, toState: 'proposed' },
    ],
  };
}

/** When the responsible unit's explanation is due: the judging organisation's working days from `now`. */
export function explanationDue(judge: Pick<Org, 'config' | 'timezone' | 'calendarOverrides'>, now: Date): string {
  return addWorkingDays(
    now,
    accountabilityOf(judge.config).explanationWorkingDays,
    workCalendarOf(judge),
  ).toISOString();
}

/** "迟报：《演播室起火》（新闻部 李某）" — how a finding is named in a score's explanation and a circular. */
export function findingLabel(
  f: Pick<
    Finding,
    'kind' | 'reportTitle' | 'note' | 'responsibleDepartmentName' | 'responsiblePersonName' | 'responsibleOrgName'
  >,
): string {
  const who = [f.responsibleOrgName, f.responsibleDepartmentName, f.responsiblePersonName].filter(Boolean).join(' ');
  const what = f.reportTitle ? `《${f.reportTitle}》` : f.note.slice(0, 40);
  return `${FINDING_KIND_LABELS[f.kind] ?? f.kind}：${what}（${who}）`;
}

// ----- request bodies (API.md "Accountability") -----

const text = (label: string, max: number) =>
  z
    .string({ error: (iss) => (iss.input === undefined ? `请填写${label}` : `${label}必须是文字`) })
    .trim()
    .min(1, { error: `请填写${label}` })
    .max(max, { error: `${label}不能超过 ${max} 字` });
const instant = (label: string) => z.iso.datetime({ offset: true, error: `${label}必须是带时区的 ISO 8601 时间` });
const id = (label: string) =>
  z
    .string()
    .trim()
    .min(1, { error: `请选择${label}` })
    .max(80);

export const createFindingSchema = z
  .object({
    kind: z.enum(FINDING_KINDS, { error: '类型必须是 late、missed、false 或 concealed' }),
    reportId: id('报告').optional(),
    responsibleOrgId: id('责任单位'),
    responsibleDepartmentId: id('责任部门').optional(),
    responsiblePersonId: id('责任人').optional(),
    occurredAt: instant('发生时间'),
    learnedAt: instant('获知时间').optional(),
    learnedHow: z.enum(LEARNED_HOW, { error: `获知渠道必须是 ${LEARNED_HOW.join('、')} 之一` }).optional(),
    learnedFrom: text('信息来源', 500).optional(),
    note: text('事实与证据', 4000),
    correction: text('更正内容', 4000).optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if ((v.kind === 'late' || v.kind === 'false') && !v.reportId)
      ctx.addIssue({ code: 'custom', path: ['reportId'], message: `${FINDING_KIND_LABELS[v.kind]}须指明所涉报告` });
    if (v.kind === 'false' && !v.correction)
      ctx.addIssue({ code: 'custom', path: ['correction'], message: '误报须写明更正内容' });
    if (v.kind === 'missed' && !v.learnedAt)
      ctx.addIssue({ code: 'custom', path: ['learnedAt'], message: '漏报须写明何时获知' });
    if (v.kind === 'missed' && !v.learnedHow)
      ctx.addIssue({ code: 'custom', path: ['learnedHow'], message: '漏报须写明从何渠道获知' });
    if (v.kind === 'concealed' && !v.responsiblePersonId)
      ctx.addIssue({ code: 'custom', path: ['responsiblePersonId'], message: '瞒报须指明阻止或扣压报告的人' });
  });
export type CreateFindingInput = z.infer<typeof createFindingSchema>;

export const explainFindingSchema = z.object({ text: text('说明', 4000) }).strict();
export const decideFindingSchema = z
  .object({
    outcome: z.enum(['confirmed', 'dismissed'], { error: '结论必须是 confirmed 或 dismissed' }),
    reason: text('理由', 2000),
  })
  .strict();
export const linkFindingSchema = z.object({ reportId: id('报告') }).strict();
