import type { Caller } from '../platform/auth/caller.ts';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  RuleViolationError,
  ValidationError,
} from '../platform/kernel/errors.ts';
import { formatLocal, localDayBound, localParts } from '../platform/kernel/time.ts';
import { sendOnce } from '../platform/mail/send-once.ts';
import { zeroChaseText } from './rules/texts.ts';
import { html } from '../platform/pages/html.ts';
import { headerSafe, type Mail } from '../platform/mail/mailer.ts';
import { isOfficeOf, textable, type Org, type Person } from '../org/index.ts';
import type { ReportsDeps } from './ports.ts';
import type { ZeroReportStore } from './zero-ports.ts';
import {
  cutoffAt,
  dayEndAt,
  dueSteps,
  firstDue,
  periodDays,
  returnWindow,
  unitState,
  type CreateZeroPeriodInput,
  type UnitState,
  type ZeroPeriod,
  type ZeroReturnInput,
  type ZeroStep,
  type ZeroUnit,
} from './rules/zero.ts';

/**
 * Special periods and zero reports (零报告, POLICY §3.7, issue 14 item 3): declaring a period, filing a zero report,
 * a day's summary, and the every-minute step that chases the missing at the cut-off and tells the office an hour later.
 */
export type ZeroDeps = ReportsDeps & { zeroReports?: ZeroReportStore };

export function zeroOf(deps: ZeroDeps): ZeroReportStore {
  if (!deps.zeroReports) throw new Error('zero-report repository not wired');
  return deps.zeroReports;
}

const periodNotFound = () => new NotFoundError('特殊时期', 'ZERO_PERIOD_NOT_FOUND');

/**
 * Declares a special period (POST /api/orgs/{orgId}/zero-report-periods): the office of `orgId`, for its departments
 * and its lower organisations (each named must be one of them: 400 naming the field). The period must not be over.
 * Its first step is the first cut-off still ahead.
 */
export async function declarePeriod(
  deps: ZeroDeps,
  caller: Caller,
  orgId: string,
  input: CreateZeroPeriodInput,
): Promise<ZeroPeriod> {
  const org = caller.orgId === orgId ? await deps.orgs.getOrg(orgId) : undefined;
  if (!org) throw new NotFoundError('单位');
  if (!isOfficeOf(caller, org)) throw new ForbiddenError('只有本单位办公室可以设立特殊时期。');
  const [departments, lower] = await Promise.all([
    deps.orgs.listDepartments(orgId),
    Promise.all((input.orgIds ?? []).map((id) => deps.orgs.getOrg(id))),
  ]);
  const units: ZeroUnit[] = [];
  const details = [];
  for (const id of new Set(input.departmentIds ?? [])) {
    const d = departments.find((x) => x.departmentId === id);
    if (!d) details.push({ field: 'departmentIds', code: 'unknown', message: `本单位没有部门 ${id}` });
    else units.push({ unitId: id, kind: 'department', name: d.name });
  }
  for (const [i, id] of (input.orgIds ?? []).entries()) {
    const o = lower[i];
    if (!o || o.parentOrgId !== orgId)
      details.push({ field: 'orgIds', code: 'unknown', message: `${id} 不是本单位的下级单位` });
    else if (!units.some((u) => u.unitId === id)) units.push({ unitId: id, kind: 'org', name: o.name });
  }
  if (details.length) throw new ValidationError(details);
  const now = deps.clock();
  const today = localParts(now, org.timezone).date;
  if (input.to < today) throw new RuleViolationError('PERIOD_OVER', '特殊时期已经结束，无法设立。');
  const period: ZeroPeriod = {
    periodId: deps.ids(),
    orgId,
    title: input.title,
    from: input.from,
    to: input.to,
    cutoff: input.cutoff,
    timezone: org.timezone,
    units,
    createdById: caller.personId,
    createdByName: caller.name,
    createdAt: now.toISOString(),
    version: 0,
  };
  period.nextDueAt = firstDue(period, now);
  await zeroOf(deps).createPeriod(period);
  return period;
}

/** Whether the caller answers for `unit`: a person of the department, or the office of the lower organisation. */
async function answersFor(deps: ZeroDeps, caller: Caller, period: ZeroPeriod, unit: ZeroUnit): Promise<boolean> {
  if (unit.kind === 'department') {
    if (caller.orgId !== period.orgId) return false;
    if (caller.departmentId === unit.unitId) return true;
    const org = await deps.orgs.getOrg(period.orgId);
    return !!org && isOfficeOf(caller, org);
  }
  const org = await deps.orgs.getOrg(unit.unitId);
  return !!org && isOfficeOf(caller, org);
}

/**
 * Files a unit's zero report for a day (POST /api/zero-report-periods/{periodId}/returns): someone who answers for the
 * unit; a day outside the period, not begun or already ended is 422; a second one for the unit and day is 409.
 * After the cut-off it is still taken (until the day ends), marked `afterCutoff`.
 */
export async function fileZeroReturn(
  deps: ZeroDeps,
  caller: Caller,
  periodId: string,
  input: ZeroReturnInput,
): Promise<{ periodId: string; date: string; unitId: string; afterCutoff: boolean }> {
  const period = await zeroOf(deps).getPeriod(periodId);
  if (!period) throw periodNotFound();
  const unitId = (input.departmentId ?? input.orgId)!;
  const field = input.departmentId ? 'departmentId' : 'orgId';
  const unit = period.units.find((u) => u.unitId === unitId && (u.kind === 'department') === !!input.departmentId);
  if (!unit)
    throw new ValidationError([{ field, code: 'unknown', message: '这个部门或单位不在本特殊时期的报送范围内' }]);
  if (!(await answersFor(deps, caller, period, unit)))
    throw new ForbiddenError('只有本部门人员或下级单位办公室可以报送零报告。');
  const now = deps.clock();
  const window = returnWindow(period, input.date, now);
  if (window === 'outside')
    throw new RuleViolationError('OUTSIDE_PERIOD', `${input.date} 不在特殊时期（${period.from} 至 ${period.to}）内。`);
  if (window === 'notYet')
    throw new RuleViolationError('DAY_NOT_STARTED', `${input.date} 还没有到，不能提前报送零报告。`);
  if (window === 'ended') throw new RuleViolationError('DAY_ENDED', `${input.date} 已经过去，不能再补报零报告。`);
  const afterCutoff = window === 'late';
  const ok = await zeroOf(deps).putReturn({
    periodId,
    date: input.date,
    unitId,
    ...(input.note ? { note: input.note } : {}),
    filedById: caller.personId,
    filedByName: caller.name,
    filedAt: now.toISOString(),
    afterCutoff,
  });
  if (!ok) throw new ConflictError('ZERO_REPORT_EXISTS', `${unit.name} 已报送 ${input.date} 的零报告。`);
  return { periodId, date: input.date, unitId, afterCutoff };
}

export type ZeroUnitRow = ZeroUnit & {
  state: UnitState;
  zeroFiledAt?: string;
  zeroFiledBy?: string;
  afterCutoff?: boolean;
  note?: string;
  /** The finding proposed when the office confirmed the missed day. */
  missedFindingId?: string;
};

export type ZeroDaySummary = {
  periodId: string;
  title: string;
  orgId: string;
  date: string;
  days: string[];
  cutoffAt: string;
  cutoffPassed: boolean;
  dayEnded: boolean;
  timezone: string;
  units: ZeroUnitRow[];
  /** The units the caller answers for (they may file for them); all of them for the office. */
  mine: string[];
  isOffice: boolean;
};

/** The units' states on `date`: a report submitted that (local) day counts, else the zero report, else missing. */
async function unitRows(deps: ZeroDeps, period: ZeroPeriod, date: string): Promise<ZeroUnitRow[]> {
  const day = await zeroOf(deps).getDay(period.periodId, date);
  const from = localDayBound(date, period.timezone, false).toISOString();
  const to = localDayBound(date, period.timezone, true).toISOString();
  const own = period.units.some((u) => u.kind === 'department')
    ? await deps.reports.submittedBetween(period.orgId, from, to)
    : [];
  const lowerReported = new Map(
    await Promise.all(
      period.units
        .filter((u) => u.kind === 'org')
        .map(async (u) => [u.unitId, (await deps.reports.submittedBetween(u.unitId, from, to, 1)).length > 0] as const),
    ),
  );
  return period.units.map((u) => {
    const reported =
      u.kind === 'department' ? own.some((r) => r.departmentId === u.unitId) : !!lowerReported.get(u.unitId);
    const z = day?.returns.find((r) => r.unitId === u.unitId);
    const m = day?.missed.find((r) => r.unitId === u.unitId);
    return {
      ...u,
      state: unitState(reported, !!z),
      ...(z ? { zeroFiledAt: z.filedAt, zeroFiledBy: z.filedByName, afterCutoff: z.afterCutoff } : {}),
      ...(z?.note ? { note: z.note } : {}),
      ...(m ? { missedFindingId: m.findingId } : {}),
    };
  });
}

/**
 * A day's summary (GET /api/zero-report-periods/{periodId}?date=): the declaring office sees every unit; a person
 * who answers for a unit sees theirs; anyone else 404. `date` defaults to today, within the period (400 outside it).
 */
export async function zeroDaySummary(
  deps: ZeroDeps,
  caller: Caller,
  periodId: string,
  date?: string,
): Promise<ZeroDaySummary> {
  const period = await zeroOf(deps).getPeriod(periodId);
  if (!period) throw periodNotFound();
  const org = await deps.orgs.getOrg(period.orgId);
  const isOffice = !!org && isOfficeOf(caller, org);
  const mine = isOffice
    ? period.units.map((u) => u.unitId)
    : (
        await Promise.all(
          period.units.map(async (u) => ((await answersFor(deps, caller, period, u)) ? u.unitId : undefined)),
        )
      ).filter((x): x is string => !!x);
  if (!isOffice && !mine.length) throw periodNotFound();
  const now = deps.clock();
  const today = localParts(now, period.timezone).date;
  const d = date ?? [period.from, today, period.to].sort()[1]!;
  if (d < period.from || d > period.to)
    throw new ValidationError([
      { field: 'date', code: 'outside', message: `日期须在 ${period.from} 至 ${period.to} 之间` },
    ]);
  const rows = await unitRows(deps, period, d);
  return {
    periodId,
    title: period.title,
    orgId: period.orgId,
    date: d,
    days: periodDays(period.from, period.to),
    cutoffAt: cutoffAt(period, d).toISOString(),
    cutoffPassed: now > cutoffAt(period, d),
    dayEnded: now >= dayEndAt(period, d),
    timezone: period.timezone,
    units: isOffice ? rows : rows.filter((r) => mine.includes(r.unitId)),
    mine,
    isOffice,
  };
}

/** Who is chased for a missing unit: a department's head and information officers; a lower organisation's office. */
async function answerersOf(deps: ZeroDeps, period: ZeroPeriod, unit: ZeroUnit): Promise<Person[]> {
  if (unit.kind === 'department') {
    const [department, people] = await Promise.all([
      deps.orgs.getDepartment(period.orgId, unit.unitId),
      deps.orgs.listPeople(period.orgId),
    ]);
    return people.filter(
      (p) => p.personId === department?.headId || (p.departmentId === unit.unitId && p.roles.includes('reporter')),
    );
  }
  const org = await deps.orgs.getOrg(unit.unitId);
  return org ? officeOf(org, await deps.orgs.listPeople(org.orgId)) : [];
}

function officeOf(org: Org, people: Person[]): Person[] {
  const heads = people.filter((p) => p.roles.includes('officeHead'));
  return heads.length ? heads : people.filter((p) => isOfficeOf(p, org));
}

function zeroMail(
  kind: ZeroStep['kind'],
  period: ZeroPeriod,
  date: string,
  to: Person,
  missing: ZeroUnitRow[],
  link: string,
): Mail {
  const cutoff = formatLocal(cutoffAt(period, date).toISOString(), period.timezone);
  const subject = headerSafe(
    kind === 'chase'
      ? `【催报·零报告】${period.title} ${date}`
      : `【零报告未报】${period.title} ${date}：${missing.length} 个单位`,
  );
  const names = missing.map((u) => u.name).join('、');
  const lines =
    kind === 'chase'
      ? [
          `${to.name}：`,
          `特殊时期「${period.title}」每日须于 ${period.cutoff} 前报送：有紧急情况的报送紧急信息，没有的报送零报告（无重大紧急情况）。`,
          `截至 ${cutoff}，${names} 尚未报送 ${date} 的报告或零报告，请立即报送。`,
        ]
      : [
          `${to.name}：`,
          `特殊时期「${period.title}」${date} 截止 ${cutoff} 后一小时，以下单位仍未报送紧急信息或零报告：${names}。`,
          '已在截止时催报，请跟进。',
        ];
  const text = [...lines, '', `打开零报告页面（需登录）：${link}`].join('\n');
  const body = html`<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${subject}</title></head><body style="font-family:'PingFang SC','Microsoft YaHei',sans-serif;font-size:16px;line-height:1.6;max-width:480px;margin:0 auto;padding:16px">${lines.map((l) => html`<p>${l}</p>`)}<p><a href="${link}">打开零报告页面（需登录）</a></p></body></html>`;
  return { to: to.email, subject, html: body.value, text };
}

/**
 * One period's due steps at `now` (the every-minute check): at a day's cut-off each missing unit's people are mailed
 * (催报), an hour later the declaring office is told who is still missing; each mail once (send-once ledger, per
 * period, day, step and person). Then the next step is set under the period's lock.
 */
export async function advanceZeroPeriod(
  deps: ZeroDeps,
  periodId: string,
  now: Date,
): Promise<{ mailsSent: number; saved: boolean }> {
  const store = zeroOf(deps);
  const period = await store.getPeriod(periodId);
  if (!period?.nextDueAt || new Date(period.nextDueAt) > now) return { mailsSent: 0, saved: false };
  const { due, nextDueAt } = dueSteps(period, now);
  let mailsSent = 0;
  const link = (date: string) => `${deps.appUrl.replace(/\/$/, '')}/zero-reports/${periodId}?date=${date}`;
  for (const step of due) {
    const missing = (await unitRows(deps, period, step.date)).filter((u) => u.state === 'missing');
    if (!missing.length) continue;
    const targets: [Person, ZeroUnitRow[]][] = [];
    if (step.kind === 'chase') {
      for (const unit of missing) for (const p of await answerersOf(deps, period, unit)) targets.push([p, [unit]]);
    } else {
      const org = await deps.orgs.getOrg(period.orgId);
      if (org) for (const p of officeOf(org, await deps.orgs.listPeople(org.orgId))) targets.push([p, missing]);
    }
    for (const [person, units] of targets) {
      const key = `${step.kind}#${step.date}#${units.length === 1 ? `${units[0]!.unitId}#` : ''}${person.personId}`;
      // The chase is also texted (issue 15), once (its own record), and never holds the mail or the period's step.
      if (step.kind === 'chase' && deps.texter && textable(person.phone)) {
        const sms = {
          to: person.phone,
          body: zeroChaseText(period, step.date, units[0]?.name ?? '', link(step.date)),
          personId: person.personId,
          orgId: period.orgId,
        };
        await sendOnce(
          deps.texter,
          store.mailSlot(periodId, `${key}#sms`),
          now,
          { to: sms.to, subject: '短信 催报' },
          () => sms,
        )
          .then((r) => {
            if (r.status === 'rejected')
              deps.log.warn('zero-report text rejected', { periodId, key, reason: r.reason });
          })
          .catch((err) => deps.log.error('zero-report text failed', { periodId, key, error: String(err) }));
      }
      if (!person.email) continue;
      const mail = zeroMail(step.kind, period, step.date, person, units, link(step.date));
      const sent = await sendOnce(deps.mailer, store.mailSlot(periodId, key), now, mail, () => mail);
      if (sent.status === 'sent') mailsSent++;
      if (sent.status === 'rejected')
        deps.log.warn('zero-report mail rejected', { periodId, key, to: person.email, reason: sent.reason });
    }
  }
  const saved = await store.saveNextDue(period, nextDueAt);
  return { mailsSent, saved };
}

/** The every-minute step for special periods: every period with a step due, one after another; failures logged. */
export async function checkZeroPeriods(
  deps: ZeroDeps,
  now: Date,
): Promise<{ due: number; advanced: number; failed: number; itemsRead: number }> {
  const { ids, itemsRead } = await zeroOf(deps).duePeriodIds(now);
  let advanced = 0;
  let failed = 0;
  for (const id of ids) {
    try {
      if ((await advanceZeroPeriod(deps, id, now)).saved) advanced++;
    } catch (err) {
      failed++;
      deps.log.error('advancing a special period failed', { periodId: id, error: String(err) });
    }
  }
  return { due: ids.length, advanced, failed, itemsRead };
}

/** The facts of a missing day the office confirms as a missed report (漏报): the responsible unit, the day's cut-off. */
export async function missedDayOf(
  deps: ZeroDeps,
  caller: Caller,
  periodId: string,
  date: string,
  unitId: string,
): Promise<{ period: ZeroPeriod; unit: ZeroUnitRow; occurredAt: string }> {
  const summary = await zeroDaySummary(deps, caller, periodId, date);
  if (!summary.isOffice) throw new ForbiddenError('只有设立特殊时期的办公室可以确认漏报。');
  const unit = summary.units.find((u) => u.unitId === unitId);
  if (!unit)
    throw new ValidationError([{ field: 'unitId', code: 'unknown', message: '这个单位不在本特殊时期的报送范围内' }]);
  if (!summary.dayEnded) throw new RuleViolationError('DAY_NOT_ENDED', `${date} 还没有结束，不能确认全天未报。`);
  if (unit.state !== 'missing') throw new RuleViolationError('NOT_MISSING', `${unit.name} ${date} 已报送，不是漏报。`);
  if (unit.missedFindingId) throw new ConflictError('MISSED_CONFIRMED', `${unit.name} ${date} 已记为漏报。`);
  const period = (await zeroOf(deps).getPeriod(periodId))!;
  return { period, unit, occurredAt: cutoffAt(period, date).toISOString() };
}

/** Records the office's confirmation, with the finding it proposed. */
export async function recordMissed(
  deps: ZeroDeps,
  caller: Caller,
  periodId: string,
  date: string,
  unitId: string,
  findingId: string,
): Promise<void> {
  await zeroOf(deps).putMissed({
    periodId,
    date,
    unitId,
    findingId,
    at: deps.clock().toISOString(),
    byName: caller.name,
  });
}
