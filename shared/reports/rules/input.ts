import * as z from 'zod';
import { SEVERITIES } from '../../org/index.ts';
import { casualtiesSchema, instant, optionalText, text, typeError } from '../../platform/kernel/fields.ts';

// ── Phoned-in reports (电话报告, issue 14 item 1; POLICY §3.2) ──────────────────────────────────────────────────
const phone = (label: string) =>
  z
    .string({ error: typeError(label) })
    .trim()
    .regex(/^[0-9+\-() ]{5,20}$/, { error: `${label}格式不正确` });

/**
 * `intake` of a report taken by telephone (the duty office's 值班电话记录簿): who called (a name, or a person of the
 * organisation), from which unit and post, on which number, when the call came, whom the caller had already told, and
 * when the recorder took it down (the recorder is the signed-in person). Caller and call time are required.
 */
export const phoneIntakeSchema = z
  .strictObject(
    {
      channel: z.literal('phone', { error: '报告方式必须是 phone' }),
      callerName: optionalText(40, '来电人姓名'),
      callerPersonId: z
        .string({ error: typeError('来电人') })
        .min(1)
        .optional(),
      callerUnit: optionalText(100, '来电人单位'),
      callerPost: optionalText(40, '来电人职务'),
      callerPhone: phone('来电号码').optional(),
      calledAt: instant('来电时间'),
      alreadyTold: optionalText(500, '来电人已报告何人'),
      takenAt: instant('记录时间').optional(),
    },
    { error: '电话报告须写明来电人和来电时间' },
  )
  .superRefine((v, ctx) => {
    if (!v.callerName && !v.callerPersonId)
      ctx.addIssue({
        code: 'invalid_type',
        expected: 'string',
        input: undefined,
        path: ['callerName'],
        message: '请填写来电人姓名',
      });
  });
export type PhoneIntake = z.infer<typeof phoneIntakeSchema>;
const phoneIntakeField = { intake: phoneIntakeSchema.optional() };

/**
 * A written report needs place, summary, measures and contact; a phoned-in one (with `intake`) only what the caller
 * said: its summary. A missing field is named as `required`, in the order of the form.
 */
function requireWrittenFields(
  v: { intake?: PhoneIntake; place?: string; summary?: string; measuresTaken?: string; contact?: object },
  ctx: z.RefinementCtx,
) {
  const need: [keyof typeof v, string][] = v.intake
    ? [['summary', '请填写来电所述情况']]
    : [
        ['place', '请填写地点'],
        ['summary', '请填写基本情况'],
        ['measuresTaken', '请填写已采取的措施'],
        ['contact', '请填写现场联系人'],
      ];
  for (const [field, message] of need)
    if (v[field] === undefined)
      ctx.addIssue({ code: 'invalid_type', expected: 'string', input: undefined, path: [field], message });
}

/** The body of `POST /api/reports/{reportId}/written`: the written version of a phoned-in report, its fields in full. */
export const writtenReportSchema = z
  .object({
    title: text(100, '标题'),
    occurredAt: instant('发生时间').optional(),
    place: text(200, '地点'),
    summary: text(5000, '基本情况'),
    casualties: casualtiesSchema.optional(),
    losses: optionalText(2000, '损失情况'),
    impact: optionalText(2000, '影响范围及发展趋势'),
    leadersOnSite: optionalText(1000, '领导到位情况'),
    measuresTaken: text(3000, '已采取的措施'),
    requests: optionalText(2000, '请求事项和建议'),
    contact: z.strictObject(
      { name: text(40, '现场联系人姓名'), post: optionalText(40, '现场联系人职务'), phone: phone('联系电话') },
      { error: '请填写现场联系人' },
    ),
  })
  .strict();
export type WrittenReportInput = z.infer<typeof writtenReportSchema>;
// ── end of phoned-in reports ─────────────────────────────────────────────────────────────────────────────────────

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
    place: optionalText(200, '地点'),
    summary: optionalText(5000, '基本情况'),
    casualties: casualtiesSchema.optional(),
    losses: optionalText(2000, '损失情况'),
    impact: optionalText(2000, '影响范围及发展趋势'),
    leadersOnSite: optionalText(1000, '领导到位情况'),
    measuresTaken: optionalText(3000, '已采取的措施'),
    requests: optionalText(2000, '请求事项和建议'),
    contact: z
      .strictObject(
        {
          name: text(40, '现场联系人姓名'),
          post: optionalText(40, '现场联系人职务'),
          phone: z
            .string({ error: typeError('联系电话') })
            .trim()
            .regex(/^[0-9+\-() ]{5,20}$/, { error: '联系电话格式不正确' }),
        },
        { error: '请填写现场联系人' },
      )
      .optional(),
    confidentiality: z
      .enum(['internal', 'restricted'], { error: '密级必须是 internal 或 restricted' })
      .default('internal'),
    ...phoneIntakeField,
  })
  .strict()
  .superRefine(requireWrittenFields, {
    // Run beside the other fields' issues, so that an empty body names every required field at once.
    when: (payload) => typeof payload.value === 'object' && payload.value !== null,
  })
  .meta({
    description:
      'place, summary, measuresTaken and contact are required, except for a phoned-in report (with intake), ' +
      'which needs only summary (what the caller said) until its written version (POST /api/reports/{reportId}/written).',
  });
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
