import * as z from 'zod';
import { DEFAULT_WORK_INFO, workInfoRulesSchema, type WorkInfoRules } from '../../org/index.ts';
import { localDayBound, localParts } from '../../platform/kernel/time.ts';

/** What these rules read of a ledger line (the store's `LedgerEntry`): which item, which department, what happened. */
type LedgerEntry = { type: string; itemId: string; departmentId: string };

/**
 * The department's weekly quota during the week (POLICY.md §5: "a department still short on Friday afternoon is
 * reminded"), and the organisation's target set by its parent (报送任务, 篇三 §二). Pure: time and facts come in.
 *
 * Decisions (README "Work information"):
 * - The week is Monday 00:00 to Sunday 24:00 in the organisation's zone; it is named by its Monday (YYYY-MM-DD).
 * - An item counts toward the week, as toward the month's quota in scoring, when its reviewing leader approves it to
 *   the office (审核把关) in that week; an item approved twice (returned by nobody after approval cannot happen) counts once.
 * - The reminder is due from the configured weekday and local time (Friday 15:00 by default) to the end of that day;
 *   the schedule runs hourly, so a run in that window finds it due; send-once per department, week and person.
 * - The office department is never reminded (its items are the office's own, as in scoring).
 */

/** The work-information settings inside a stored configuration (defaults for what an older version lacks). */
export function workInfoRulesOf(config: unknown): WorkInfoRules {
  const c = (config ?? {}) as Record<string, unknown>;
  const parsed = workInfoRulesSchema.safeParse(c.workInfo ?? DEFAULT_WORK_INFO);
  return parsed.success ? parsed.data : DEFAULT_WORK_INFO;
}

/** Items per week each department owes (the configuration's quotas; 1 by default). */
export function weeklyQuotaOf(config: unknown): number {
  const q = ((config ?? {}) as { quotas?: { departmentItemsPerWeek?: unknown } }).quotas?.departmentItemsPerWeek;
  return typeof q === 'number' && Number.isInteger(q) && q >= 0 ? q : 1;
}

const addDays = (date: string, n: number) => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};

/** The local week containing `now`: its Monday (the week's name), and its start and end as instants. */
export function weekOf(now: Date, timeZone: string): { monday: string; from: string; to: string; weekday: number } {
  const { date, weekday } = localParts(now, timeZone); // weekday: 1 = Monday
  const monday = addDays(date, 1 - weekday);
  const from = localDayBound(monday, timeZone, false).toISOString();
  const to = localDayBound(addDays(monday, 6), timeZone, true).toISOString();
  return { monday, from, to, weekday };
}

/** Whether the weekly reminder is due at `now`: its weekday, from its local time to the end of that day. */
export function reminderDue(now: Date, timeZone: string, rules: WorkInfoRules): boolean {
  const r = rules.weeklyReminder;
  if (!r.enabled) return false;
  const { weekday, minutes } = localParts(now, timeZone);
  const [h, m] = r.at.split(':').map(Number) as [number, number];
  return weekday === r.weekday && minutes >= h * 60 + m;
}

export type DepartmentWeek = { departmentId: string; name: string; sent: number; quota: number; short: number };

/**
 * Each department's week from the ledger of the week so far: items approved to the office, once each. Those with
 * `short > 0` are the ones to remind. The office department is left out.
 */
export function departmentWeeks(
  departments: { departmentId: string; name: string; isOffice?: boolean }[],
  ledger: Pick<LedgerEntry, 'type' | 'departmentId' | 'itemId'>[],
  quota: number,
): DepartmentWeek[] {
  const sent = new Map<string, Set<string>>();
  for (const e of ledger) {
    if (e.type !== 'approved') continue;
    const s = sent.get(e.departmentId) ?? new Set<string>();
    s.add(e.itemId);
    sent.set(e.departmentId, s);
  }
  return departments
    .filter((d) => !d.isOffice)
    .map((d) => {
      const n = sent.get(d.departmentId)?.size ?? 0;
      return { departmentId: d.departmentId, name: d.name, sent: n, quota, short: Math.max(0, quota - n) };
    });
}

/** Who is reminded for a department: its information officers and its head. */
export function reminderRecipients<P extends { personId: string; roles: readonly string[]; departmentId?: string }>(
  department: { departmentId: string; headId?: string },
  people: P[],
): P[] {
  return people.filter(
    (p) =>
      p.personId === department.headId ||
      (p.departmentId === department.departmentId &&
        (p.roles.includes('reporter') || p.roles.includes('departmentHead'))),
  );
}

// ----- the organisation's target (报送任务) -----

/** A target set by the parent's office: from `month` on, until another is set. */
export type ItemTarget = {
  orgId: string;
  month: string;
  items: number;
  note?: string;
  setByOrgId: string;
  setBy: string;
  setByName: string;
  setAt: string;
};

export const putTargetSchema = z.strictObject({
  month: z.string({ error: '请填写起始月份' }).regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: 'month 必须是 YYYY-MM' }),
  items: z
    .number({ error: '报送任务必须是数字' })
    .int({ error: '报送任务必须是整数' })
    .min(0, { error: '报送任务不能小于 0' })
    .max(10000, { error: '报送任务不能超过 10000 条' }),
  note: z
    .string({ error: '说明必须是文字' })
    .trim()
    .max(200, { error: '说明不能超过 200 个字' })
    .optional()
    .transform((v) => (v ? v : undefined)),
});
export type PutTargetInput = z.infer<typeof putTargetSchema>;

/** The month's count against the target: items sent to the office, adopted, and recommended upward. */
export type TargetProgress = {
  month: string;
  target?: { items: number; fromMonth: string; note?: string; setByName: string; setAt: string };
  sent: number;
  adopted: number;
  recommended: number;
  remaining?: number;
  met?: boolean;
};

export function targetProgress(
  month: string,
  target: ItemTarget | undefined,
  ledger: Pick<LedgerEntry, 'type' | 'itemId'>[],
): TargetProgress {
  const distinct = (type: string) => new Set(ledger.filter((e) => e.type === type).map((e) => e.itemId)).size;
  const sent = distinct('approved');
  const out: TargetProgress = {
    month,
    sent,
    adopted: distinct('adopted'),
    recommended: distinct('recommended'),
  };
  if (!target) return out;
  return {
    ...out,
    target: {
      items: target.items,
      fromMonth: target.month,
      note: target.note,
      setByName: target.setByName,
      setAt: target.setAt,
    },
    remaining: Math.max(0, target.items - sent),
    met: sent >= target.items,
  };
}

// ----- the periodical's recipients outside the organisation (市直相关单位, 篇四 §八) -----

export type OutsideRecipient = { name: string; email: string };

export const MAX_OUTSIDE_RECIPIENTS = 50;
export const putDistributionSchema = z.strictObject({
  outside: z
    .array(
      z.strictObject({
        name: z
          .string({ error: '请填写单位名称' })
          .trim()
          .min(1, { error: '请填写单位名称' })
          .max(60, { error: '单位名称不能超过 60 个字' }),
        email: z
          .string({ error: '请填写邮箱' })
          .trim()
          .toLowerCase()
          .pipe(z.email({ error: '邮箱格式不正确' }).max(254, { error: '邮箱不能超过 254 个字符' })),
      }),
      { error: 'outside 必须是列表' },
    )
    .max(MAX_OUTSIDE_RECIPIENTS, { error: `本单位以外最多 ${MAX_OUTSIDE_RECIPIENTS} 个收件单位` })
    .refine((l) => new Set(l.map((r) => r.email)).size === l.length, { error: '同一个邮箱不能重复' }),
});
export type PutDistributionInput = z.infer<typeof putDistributionSchema>;

/** "单位名称 <邮箱>" or "单位名称 邮箱", one a line (the page's text box), into the API's list; blank lines skipped. */
export function parseDistributionLines(text: string): { name: string; email: string }[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => {
      const m = /^(.*?)[\s,，]*<?([^\s<>,，]+@[^\s<>,，]+)>?$/.exec(l);
      return m ? { name: m[1]!.trim(), email: m[2]! } : { name: l, email: '' };
    });
}
