import * as z from 'zod';
import type { Caller } from '../../platform/auth/caller.ts';
import { hasLeaderRole, isOfficeOf } from '../../org/index.ts';

/**
 * Commissioned items (约稿, 篇一 §三.三; issue 14): the office asks chosen departments for items on a topic by a
 * deadline. Each answer is an ordinary item linked to the request (`commissionId`), reviewed and adopted as usual; the
 * request shows who answered; a department with no answer when the deadline passed is reminded once. Pure.
 */
export type Commission = {
  commissionId: string;
  orgId: string;
  topic: string;
  details?: string;
  departments: { departmentId: string; name: string }[];
  dueAt: string;
  createdAt: string;
  createdBy: string;
  createdByName: string;
};
export type CommissionAnswer = { departmentId: string; itemId: string; at: string };

export const createCommissionSchema = z.strictObject({
  topic: z
    .string({ error: '请填写约稿主题' })
    .trim()
    .min(1, { error: '请填写约稿主题' })
    .max(100, { error: '约稿主题不能超过 100 个字' }),
  details: z
    .string({ error: '说明必须是文字' })
    .trim()
    .max(2000, { error: '说明不能超过 2000 个字' })
    .optional()
    .transform((v) => (v ? v : undefined)),
  departmentIds: z
    .array(z.string().min(1).max(100), { error: '请选择约稿的部门' })
    .min(1, { error: '请至少选择一个部门' })
    .max(50, { error: '一次最多向 50 个部门约稿' })
    .refine((ids) => new Set(ids).size === ids.length, { error: '同一个部门不能重复' }),
  dueAt: z.iso.datetime({ offset: true, error: '截止时间必须是带时区的 ISO 时间' }),
});
export type CreateCommissionInput = z.infer<typeof createCommissionSchema>;

/** Who answered: each asked department with its items, and whether it is overdue at `now`. */
export function commissionAnswers(c: Commission, answers: CommissionAnswer[], now: Date) {
  const overdue = now.getTime() > Date.parse(c.dueAt);
  return c.departments.map((d) => {
    const mine = answers.filter((a) => a.departmentId === d.departmentId).sort((a, b) => a.at.localeCompare(b.at));
    return {
      departmentId: d.departmentId,
      name: d.name,
      itemIds: mine.map((a) => a.itemId),
      answered: mine.length > 0,
      late: mine.length > 0 && mine[0]!.at > c.dueAt,
      overdue: overdue && mine.length === 0,
    };
  });
}

/** The office asks; the office, the review group and the leaders read, and the asked departments' people. */
export function mayOnCommission(
  caller: Caller,
  action: 'create' | 'read',
  org: { orgId: string; officeDepartmentId?: string },
  c?: Pick<Commission, 'departments'>,
): 'allow' | 'forbid' | 'hide' {
  if (caller.orgId !== org.orgId) return 'hide';
  if (action === 'create') return isOfficeOf(caller, org) ? 'allow' : 'forbid';
  const asked = !!c?.departments.some((d) => d.departmentId === caller.departmentId);
  return isOfficeOf(caller, org) || hasLeaderRole(caller) || caller.roles.includes('reviewer') || asked
    ? 'allow'
    : 'hide';
}
