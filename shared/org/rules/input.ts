import * as z from 'zod';
import { DEFAULT_TIMEZONE, ROLES } from './model.ts';
import { fullOrgConfigSchema } from './config.ts';
import { isValidTimeZone } from '../../platform/kernel/time.ts';
import { instant, text, typeError } from '../../platform/kernel/fields.ts';
import { normalisePhone } from './phone.ts';

/** Bodies of the organisation endpoints (API.md "Organisation"): the single source of their types and OpenAPI schemas. */

const id = (label: string) =>
  z
    .string({ error: typeError(label) })
    .min(1, { error: `请选择${label}` })
    .max(100);
const date = z.iso.date({ error: '日期格式应为 YYYY-MM-DD' });

export const timezoneSchema = z.string().refine(isValidTimeZone, { error: `时区无效，例如 ${DEFAULT_TIMEZONE}` });
export const emailSchema = z
  .string({ error: typeError('邮箱') })
  .trim()
  .toLowerCase()
  .pipe(z.email({ error: '邮箱格式不正确，例如 zhang.san@example.gov.cn' }).max(254));
/** A person's phone, normalised to E.164 (`rules/phone.ts`): mainland mobiles as typed, landlines with the area code. */
export const phoneSchema = z
  .string({ error: typeError('电话') })
  .max(40, { error: '电话号码过长' })
  .transform((typed, ctx) => {
    const r = normalisePhone(typed);
    if (r.ok) return r.phone;
    ctx.issues.push({ code: 'custom', message: r.error, input: typed });
    return z.NEVER;
  });
export const rolesSchema = z
  .array(z.enum(ROLES, { error: `角色必须是以下之一：${ROLES.join('、')}` }), { error: '角色必须是列表' })
  .max(ROLES.length);

export const createOrgSchema = z.strictObject({
  name: text(80, '单位名称'),
  parentOrgId: id('上级单位').optional(),
  timezone: timezoneSchema.optional(),
});
export type CreateOrgInput = z.infer<typeof createOrgSchema>;

export const updateOrgSchema = z.strictObject({
  name: text(80, '单位名称').optional(),
  timezone: timezoneSchema.optional(),
  principalLeaderId: id('主要领导').optional(),
  officeDepartmentId: id('办公室').optional(),
});
export type UpdateOrgInput = z.infer<typeof updateOrgSchema>;

/** `PUT /api/orgs/{orgId}/config`: any part of the configuration (the rest is kept), and the month it takes effect. */
export const putConfigSchema = fullOrgConfigSchema
  .partial()
  .extend({
    effectiveMonth: z
      .string()
      .regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: '生效月份格式应为 YYYY-MM' })
      .optional(),
  })
  .strict();
export type PutConfigInput = z.infer<typeof putConfigSchema>;

export const createDepartmentSchema = z.strictObject({
  name: text(40, '部门名称'),
  headId: id('部门负责人').optional(),
  supervisingLeaderId: id('分管领导').optional(),
  /** Make this department the organisation's office (办公室). */
  isOffice: z.boolean().optional(),
});
export type CreateDepartmentInput = z.infer<typeof createDepartmentSchema>;

export const patchDepartmentSchema = z.strictObject({
  name: text(40, '部门名称').optional(),
  headId: id('部门负责人').nullable().optional(),
  supervisingLeaderId: id('分管领导').nullable().optional(),
  isOffice: z.literal(true, { error: 'isOffice 只能设为 true（把另一个部门设为办公室即可更换）' }).optional(),
});
export type PatchDepartmentInput = z.infer<typeof patchDepartmentSchema>;

export const createPersonSchema = z.strictObject({
  name: text(40, '姓名'),
  email: emailSchema,
  phone: z.union([z.literal('').transform(() => undefined), phoneSchema]).optional(),
  roles: rolesSchema,
  departmentId: id('部门').optional(),
});
export type CreatePersonInput = z.infer<typeof createPersonSchema>;

export const patchPersonSchema = z
  .strictObject({
    name: text(40, '姓名').optional(),
    email: emailSchema.optional(),
    /** null or '' removes it. */
    phone: z
      .union([z.literal('').transform(() => null), phoneSchema])
      .nullable()
      .optional(),
    roles: rolesSchema.optional(),
    departmentId: id('部门').nullable().optional(),
    /** false for leave or a business trip: the chain skips the person until `until` (or until set back to true). */
    available: z.boolean({ error: 'available 必须是 true 或 false' }).optional(),
    until: instant('截止时间').nullable().optional(),
    /** 代理人 for the leave (with `available: false`): chain steps, sign-offs and the rest reach him, marked 代 X. */
    deputyId: id('代理人').nullable().optional(),
    /** true: 停用 (left the organisation): cannot sign in, its sign-in account disabled; false enables it again. */
    disabled: z.boolean({ error: 'disabled 必须是 true 或 false' }).optional(),
  })
  .refine((p) => !(p.until && p.available !== false), {
    path: ['until'],
    error: '只有设为不可用（available: false）时才能填写截止时间',
  })
  .refine((p) => !(p.deputyId && p.available !== false), {
    path: ['deputyId'],
    error: '只有设为不可用（available: false）时才能指定代理人',
  });
export type PatchPersonInput = z.infer<typeof patchPersonSchema>;

export const shiftInputSchema = z.strictObject({
  start: instant('开始时间'),
  end: instant('结束时间'),
  dutyLeaderId: id('值班领导'),
  dutyOfficerId: id('值班员').optional(),
});
export type ShiftInput = z.infer<typeof shiftInputSchema>;

/**
 * `PUT /api/orgs/{orgId}/duty-roster`: the shifts of a period. Shifts starting in [from, to) are replaced by these;
 * `from`/`to` default to the earliest start and the latest end of the shifts given.
 */
export const putRosterSchema = z.strictObject({
  from: instant('起始时间').optional(),
  to: instant('截止时间').optional(),
  shifts: z.array(shiftInputSchema, { error: '请提供班次列表 shifts' }).max(60, { error: '一次最多提交 60 个班次' }),
});
export type PutRosterInput = z.infer<typeof putRosterSchema>;

/** `PUT /api/orgs/{orgId}/calendar/{year}`: the organisation's own holidays and working days for that year. */
export const putCalendarSchema = z.strictObject({
  holidays: z.array(date).max(366).default([]),
  workdays: z.array(date).max(366).default([]),
});
export type PutCalendarInput = z.infer<typeof putCalendarSchema>;
