import * as z from 'zod';
import { localInputToIso, localParts } from '../../platform/kernel/time.ts';
import { optionalText, text } from '../../platform/kernel/fields.ts';

/**
 * Special periods and zero reports (零报告, POLICY §3.7, issue 14 item 3): during a holiday or a major event each
 * department or lower organisation named must, every day, have a report that day or file 「无重大紧急情况」 by the
 * cut-off. At the cut-off the missing are chased; an hour later the office is told. Pure: time is passed in.
 */

/** Minutes after the cut-off when the office is told who is still missing. */
export const OFFICE_NOTICE_MINUTES = 60;
/** The longest special period, in days. */
export const MAX_PERIOD_DAYS = 92;

/** A unit that must answer: a department of the declaring organisation, or a lower organisation. */
export type ZeroUnit = { unitId: string; kind: 'department' | 'org'; name: string };

export type ZeroPeriod = {
  periodId: string;
  orgId: string;
  title: string;
  /** Local dates (YYYY-MM-DD), both included, in the declaring organisation's zone. */
  from: string;
  to: string;
  /** Local time (HH:MM) each day by which the units answer. */
  cutoff: string;
  timezone: string;
  units: ZeroUnit[];
  createdById: string;
  createdByName: string;
  createdAt: string;
  /** The next step due (a day's cut-off, or the office's notice an hour after it); absent once the period is over. */
  nextDueAt?: string;
  version: number;
};

/** One unit's zero report (无重大紧急情况) for one day. */
export type ZeroReturn = {
  periodId: string;
  date: string;
  unitId: string;
  note?: string;
  filedById: string;
  filedByName: string;
  filedAt: string;
  /** Filed after the day's cut-off (still accepted until the day ends). */
  afterCutoff: boolean;
};

/** A unit missing a whole day that the office confirmed as a missed report (漏报), with the finding proposed. */
export type ZeroMissed = {
  periodId: string;
  date: string;
  unitId: string;
  findingId: string;
  at: string;
  byName: string;
};

export type UnitState = 'reported' | 'zero' | 'missing';
export const UNIT_STATE_LABELS: Record<UnitState, string> = {
  reported: '已报送紧急信息',
  zero: '零报告（无重大紧急情况）',
  missing: '未报',
};

const hhmm = z
  .string({ error: '请填写每日截止时间' })
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: '截止时间格式应为 HH:MM，例如 16:00' });
const day = (label: string) =>
  z.iso.date({ error: (iss) => (iss.input === undefined ? `请填写${label}` : `${label}格式应为 YYYY-MM-DD`) });
const ids = z.array(z.string().trim().min(1).max(100), { error: '须是编号的列表' }).max(200);

/** `POST /api/orgs/{orgId}/zero-report-periods`. */
export const createZeroPeriodSchema = z
  .object({
    title: text(100, '特殊时期名称'),
    from: day('开始日期'),
    to: day('结束日期'),
    cutoff: hhmm,
    departmentIds: ids.optional(),
    orgIds: ids.optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.from > v.to) ctx.addIssue({ code: 'custom', path: ['to'], message: '结束日期不能早于开始日期' });
    else if (periodDays(v.from, v.to).length > MAX_PERIOD_DAYS)
      ctx.addIssue({ code: 'custom', path: ['to'], message: `特殊时期最长 ${MAX_PERIOD_DAYS} 天` });
    if (!v.departmentIds?.length && !v.orgIds?.length)
      ctx.addIssue({ code: 'custom', path: ['departmentIds'], message: '请选择须报送零报告的部门或下级单位' });
  });
export type CreateZeroPeriodInput = z.infer<typeof createZeroPeriodSchema>;

/** `POST /api/zero-report-periods/{periodId}/returns`. */
export const zeroReturnSchema = z
  .object({
    date: day('日期'),
    departmentId: z.string().trim().min(1).max(100).optional(),
    orgId: z.string().trim().min(1).max(100).optional(),
    note: optionalText(500, '说明'),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (!v.departmentId === !v.orgId)
      ctx.addIssue({ code: 'custom', path: ['departmentId'], message: '请指明报送零报告的部门或下级单位（二者选一）' });
  });
export type ZeroReturnInput = z.infer<typeof zeroReturnSchema>;

/** `POST /api/zero-report-periods/{periodId}/missed`: the office confirms a unit missed a whole day. */
export const confirmMissedSchema = z.object({ date: day('日期'), unitId: z.string().trim().min(1).max(100) }).strict();

/** Every local date from `from` to `to`, both included. */
export function periodDays(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = new Date(`${from}T00:00:00Z`); d <= new Date(`${to}T00:00:00Z`) && out.length <= 400; ) {
    out.push(d.toISOString().slice(0, 10));
    d = new Date(d.getTime() + 86400_000);
  }
  return out;
}

/** The instant of a day's cut-off in the period's zone. */
export const cutoffAt = (p: Pick<ZeroPeriod, 'cutoff' | 'timezone'>, date: string): Date =>
  new Date(localInputToIso(`${date}T${p.cutoff}`, p.timezone));

/** The first instant of the day after `date` in the zone: the day has ended then. */
export const dayEndAt = (p: Pick<ZeroPeriod, 'timezone'>, date: string): Date => {
  const next = periodDays(date, '9999-12-31')[1] ?? date;
  return new Date(localInputToIso(`${next}T00:00`, p.timezone));
};

/** Whether a zero report for `date` may be filed at `now`: within the period, the day begun and not yet ended. */
export function returnWindow(
  p: Pick<ZeroPeriod, 'from' | 'to' | 'cutoff' | 'timezone'>,
  date: string,
  now: Date,
): 'open' | 'late' | 'outside' | 'notYet' | 'ended' {
  if (date < p.from || date > p.to) return 'outside';
  if (localParts(now, p.timezone).date < date) return 'notYet';
  if (now >= dayEndAt(p, date)) return 'ended';
  return now > cutoffAt(p, date) ? 'late' : 'open';
}

/** A step of the period due at an instant: the chase at a day's cut-off, or the office's notice an hour after. */
export type ZeroStep = { kind: 'chase' | 'office'; date: string; at: Date };

/** Every step of the period, in order. */
export function zeroSteps(p: Pick<ZeroPeriod, 'from' | 'to' | 'cutoff' | 'timezone'>): ZeroStep[] {
  return periodDays(p.from, p.to).flatMap((date) => {
    const at = cutoffAt(p, date);
    return [
      { kind: 'chase' as const, date, at },
      { kind: 'office' as const, date, at: new Date(at.getTime() + OFFICE_NOTICE_MINUTES * 60_000) },
    ];
  });
}

/** The steps due at `now` since the last one done (`nextDueAt`), and the next due instant after them. */
export function dueSteps(
  p: Pick<ZeroPeriod, 'from' | 'to' | 'cutoff' | 'timezone' | 'nextDueAt'>,
  now: Date,
): { due: ZeroStep[]; nextDueAt?: string } {
  if (!p.nextDueAt) return { due: [] };
  const steps = zeroSteps(p).filter((s) => s.at.toISOString() >= p.nextDueAt!);
  const due = steps.filter((s) => s.at <= now);
  return { due, nextDueAt: steps.find((s) => s.at > now)?.at.toISOString() };
}

/** The first step of a new period at or after `now` (a period declared after today's cut-off starts with tomorrow). */
export const firstDue = (p: Pick<ZeroPeriod, 'from' | 'to' | 'cutoff' | 'timezone'>, now: Date): string | undefined =>
  zeroSteps(p)
    .find((s) => s.at >= now)
    ?.at.toISOString();

/** A unit's state on a day: a report that day counts, else its zero report, else missing. */
export function unitState(reported: boolean, filed: boolean): UnitState {
  return reported ? 'reported' : filed ? 'zero' : 'missing';
}
