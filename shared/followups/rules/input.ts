import * as z from 'zod';
import { casualtiesSchema, optionalText, text } from '../../platform/kernel/fields.ts';
import { ID_PATTERN } from '../../platform/kernel/ids.ts';

/** Bodies of the follow-up endpoints (API.md "Follow-ups"): the single source of their types and OpenAPI schemas. */

/** Whom a 批示 or a 转办 goes to: people's ids, checked by shape before any of them is looked up. */
const assigneeIdsSchema = z
  .array(z.string().regex(ID_PATTERN, { error: '承办人编号格式不正确' }), { error: '请选择承办人' })
  .min(1, { error: '请至少选择一位承办人' })
  .max(20, { error: '承办人不能超过 20 位' });

/** A follow-up (续报) or the final report (终报): only what changed since the last one. */
export const followupSchema = z
  .object({
    kind: z.enum(['followup', 'final'], {
      error: (iss) => (iss.input === undefined ? '请选择续报或终报' : 'kind 必须是 followup 或 final'),
    }),
    summary: text(5000, '新进展'),
    measures: optionalText(3000, '新采取的措施'),
    currentState: optionalText(2000, '目前状态'),
    casualties: casualtiesSchema.optional(),
    /** Only on the final report (终报): 善后情况 and 下步打算 (issue 14 item 7). */
    aftermath: optionalText(3000, '善后情况'),
    nextSteps: optionalText(3000, '下步打算'),
  })
  .strict()
  .superRefine((v, ctx) => {
    for (const [k, label] of [
      ['aftermath', '善后情况'],
      ['nextSteps', '下步打算'],
    ] as const)
      if (v[k] && v.kind !== 'final') ctx.addIssue({ code: 'custom', path: [k], message: `${label}只在终报中填写` });
  });
export type FollowupInput = z.infer<typeof followupSchema>;

/** A leader's instruction (批示): what to do, by whom, by when. */
export const instructionSchema = z
  .object({
    text: z
      .string({ error: '请填写批示内容' })
      .trim()
      .min(1, { error: '请填写批示内容' })
      .max(3000, { error: '批示内容不能超过 3000 字' }),
    assigneeIds: assigneeIdsSchema,
    dueAt: z.iso.datetime({ offset: true, error: '办结时限必须是带时区的 ISO 8601 时间' }),
  })
  .strict();
export const progressSchema = z
  .object({
    text: z
      .string({ error: '请填写落实情况' })
      .trim()
      .min(1, { error: '请填写落实情况' })
      .max(3000, { error: '落实情况不能超过 3000 字' }),
    done: z.boolean({ error: 'done 必须是 true 或 false' }).optional(),
  })
  .strict();
export type InstructionInput = z.infer<typeof instructionSchema>;
export type ProgressInput = z.infer<typeof progressSchema>;

/** 催办: the office chases the people who have not acknowledged, with an optional word of its own. */
export const chaseSchema = z.object({ note: optionalText(500, '催办说明') }).strict();
export type ChaseInput = z.infer<typeof chaseSchema>;

/** 转办: the lower office passes an instruction from the parent on to its own people. */
export const delegateSchema = z
  .object({
    assigneeIds: assigneeIdsSchema,
    note: optionalText(500, '转办说明'),
  })
  .strict();
export type DelegateInput = z.infer<typeof delegateSchema>;
