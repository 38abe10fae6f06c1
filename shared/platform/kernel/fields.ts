import * as z from 'zod';

/**
 * zod builders for the fields people fill in, with Chinese messages that name the field: "请填写…" when it is
 * absent, "…必须是文字" when it is of another type, and the limit when it is too long. Every body schema uses them.
 */
export const typeError =
  (label: string, kind = '文字') =>
  (iss: { input?: unknown }) =>
    iss.input === undefined ? `请填写${label}` : `${label}必须是${kind}`;

export const text = (max: number, label: string) =>
  z
    .string({ error: typeError(label) })
    .trim()
    .min(1, { error: `请填写${label}` })
    .max(max, { error: `${label}不能超过 ${max} 个字` });

/** Optional text: blank counts as absent. */
export const optionalText = (max: number, label: string) =>
  z
    .string({ error: typeError(label) })
    .trim()
    .max(max, { error: `${label}不能超过 ${max} 个字` })
    .optional()
    .transform((v) => (v ? v : undefined));

export const instant = (label: string) =>
  z.iso.datetime({ offset: true, error: `${label}必须是带时区的 ISO 8601 时间，例如 2026-11-28T20:30:00+08:00` });

/** A whole number of people or things, from JSON or a form field. */
export const count = (label: string) =>
  z.coerce
    .number({ error: typeError(label, '数字') })
    .int({ error: `${label}必须是整数` })
    .min(0, { error: `${label}不能为负数` })
    .max(100000);

export const casualtiesSchema = z.strictObject({
  dead: count('死亡人数'),
  injured: count('受伤人数'),
  missing: count('失踪人数'),
});
