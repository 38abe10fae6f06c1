import * as z from 'zod';
import { SEVERITIES } from '../../org/index.ts';
import { casualtiesSchema, instant, optionalText, text, typeError } from '../../platform/kernel/fields.ts';

/** Issue 14 item 7: where the report came from (信息来源, POLICY §3.3 "source (who reported it to the unit)"). */
export const reportSourceFields = {
  source: optionalText(200, '信息来源'),
};

/** The body of `POST /api/reports` (API.md), the single source of its type and of its OpenAPI schema. */
export const submitReportSchema = z
  .object({
    ...reportSourceFields,
    departmentId: z.string({ error: '请选择部门' }).min(1, { error: '请选择部门' }),
    category: z.string({ error: '请选择类别' }).min(1, { error: '请选择类别' }),
    severity: z.enum(SEVERITIES, {
      error: (iss) => (iss.input === undefined ? '请选择等级' : '等级必须是 I、II、III 或 IV'),
    }),
    title: text(100, '标题'),
    occurredAt: instant('发生时间'),
    learnedAt: instant('获知时间').optional(),
    place: text(200, '地点'),
    summary: text(5000, '基本情况'),
    casualties: casualtiesSchema.optional(),
    losses: optionalText(2000, '损失情况'),
    impact: optionalText(2000, '影响范围及发展趋势'),
    leadersOnSite: optionalText(1000, '领导到位情况'),
    measuresTaken: text(3000, '已采取的措施'),
    requests: optionalText(2000, '请求事项和建议'),
    contact: z.strictObject(
      {
        name: text(40, '现场联系人姓名'),
        post: optionalText(40, '现场联系人职务'),
        phone: z
          .string({ error: typeError('联系电话') })
          .trim()
          .regex(/^[0-9+\-() ]{5,20}$/, { error: '联系电话格式不正确' }),
      },
      { error: '请填写现场联系人' },
    ),
    confidentiality: z
      .enum(['internal', 'restricted'], { error: '密级必须是 internal 或 restricted' })
      .default('internal'),
  })
  .strict();
export type SubmitReportInput = z.infer<typeof submitReportSchema>;

export const ackResponseSchema = z.object({});

/** The body of the sign-off (签发): forward to the parent organisation, or keep. */
export const signOffSchema = z
  .object({
    decision: z.enum(['forward', 'keep'], {
      error: (iss) => (iss.input === undefined ? '请选择是否上报' : 'decision 必须是 forward 或 keep'),
    }),
    note: z.string().trim().max(1000, { error: '签发意见不能超过 1000 字' }).optional(),
  })
  .strict();
export type SignOffInput = z.infer<typeof signOffSchema>;
