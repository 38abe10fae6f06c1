import * as z from 'zod';
import { DEFAULT_WORKING_HOURS } from './calendar.ts';
import { valuesOf } from '../../platform/kernel/labelled.ts';

/** Severity levels of POLICY.md §3.2: I 特别重大, II 重大, III 较大, IV 一般. */
export const SEVERITY_LABELS = {
  I: 'I级（特别重大）',
  II: 'II级（重大）',
  III: 'III级（较大）',
  IV: 'IV级（一般）',
};
export const SEVERITIES = valuesOf(SEVERITY_LABELS);
export type Severity = (typeof SEVERITIES)[number];

const hhmm = z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, '时间格式应为 HH:MM');

export const categorySchema = z.object({
  code: z.string().regex(/^[a-zA-Z][a-zA-Z0-9]{0,39}$/, '类别代码只能包含字母和数字'),
  label: z.string().min(1).max(40),
  officeSecurity: z.boolean().default(false),
});

export const severityRuleSchema = z.object({
  /** Minutes from learning of the event to the written report (迟报 after that). */
  reportLimitMinutes: z
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60),
  /** Minutes each chain level has to acknowledge before the report moves up. */
  ackTimeoutMinutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60),
  /** Minutes the principal leader has to sign a report off (签发); default 30 for I–II, 120 otherwise (issue 17). */
  signOffMinutes: z
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60)
    .optional(),
  /**
   * Phoned-in reports (电话报告, issue 14): minutes from learning of the event to the telephone report, the call's
   * own clock; default 30 for I–II (POLICY §3.2), and `reportLimitMinutes` for III–IV.
   */
  phoneLimitMinutes: z
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60)
    .optional(),
  /** Minutes from learning of the event to the written version of a phoned-in report; default `reportLimitMinutes`. */
  writtenLimitMinutes: z
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60)
    .optional(),
});

/** When follow-up reports (续报) are due until the final report (终报), POLICY.md §3.5. */
export const followupRulesSchema = z.object({
  /** Severities that owe follow-ups on a schedule; the others owe only a final report within `finalReportDays`. */
  severities: z.array(z.enum(SEVERITIES)),
  /** Local times each day (e.g. 08:00 and 17:00; one time = daily), or every N hours from the last follow-up. */
  schedule: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('times'), times: z.array(hhmm).min(1).max(6) }),
    z.object({ kind: z.literal('everyHours'), hours: z.number().int().min(1).max(72) }),
  ]),
  /** The first follow-up is due at the first scheduled time at least this long after submission. */
  minGapMinutes: z
    .number()
    .int()
    .min(0)
    .max(24 * 60),
  finalReportDays: z.number().int().min(1).max(90),
});
export type FollowupRules = z.infer<typeof followupRulesSchema>;
export const DEFAULT_FOLLOWUP_RULES: FollowupRules = {
  severities: ['I', 'II', 'III'],
  schedule: { kind: 'times', times: ['08:00', '17:00'] },
  minGapMinutes: 60,
  finalReportDays: 3,
};

export const orgConfigSchema = z.object({
  categories: z.array(categorySchema).min(1),
  followups: followupRulesSchema.default(DEFAULT_FOLLOWUP_RULES),
  severities: z.object({
    I: severityRuleSchema,
    II: severityRuleSchema,
    III: severityRuleSchema,
    IV: severityRuleSchema,
  }),
  /** Severities whose reports also go to the principal leader at once, in parallel with the first level. */
  parallelPrincipalSeverities: z.array(z.enum(SEVERITIES)),
  /**
   * Severities whose chain steps also go out as text messages (短信, issue 15): each step, the top of the chain when
   * it stays silent, the office when nobody acknowledges. Default I–II (a phone contact within 15–30 minutes);
   * configurations saved before it read as the default.
   */
  smsSeverities: z
    .array(z.enum(SEVERITIES, { error: `等级必须是以下之一：${SEVERITIES.join('、')}` }), {
      error: '短信等级必须是列表',
    })
    .max(SEVERITIES.length)
    .refine((l) => new Set(l).size === l.length, { error: '短信等级不能重复' })
    .default(['I', 'II']),
  /** Who may sign off reporting upward (签发): the principal leader, and supervising leaders if listed. */
  signOffRoles: z
    .array(z.enum(['principalLeader', 'supervisingLeader']))
    .min(1)
    .default(['principalLeader']),
  workingHours: z.object({
    days: z.array(z.number().int().min(1).max(7)),
    periods: z.array(z.object({ start: hhmm, end: hhmm })),
  }),
});
export type OrgConfig = z.infer<typeof orgConfigSchema>;

/** The severities texted (短信): a configuration saved before issue 15 has none stored and reads as the default. */
export function smsSeveritiesOf(config: Partial<Pick<OrgConfig, 'smsSeverities'>>): readonly Severity[] {
  return config.smsSeverities ?? ['I', 'II'];
}

/** Quotas, scores and rewards of POLICY.md §5 (used by the monthly scoring); part of the versioned configuration. */
export const quotaRulesSchema = z.object({
  /** Items each department sends at least per week (篇四 §六). */
  departmentItemsPerWeek: z.number().int().min(0).max(100),
  /** Published items each person reaches at least per month (篇三 §二). */
  personPublishedPerMonth: z.number().int().min(0).max(100),
});
export const scoringRulesSchema = z.object({
  quotaMet: z.number().min(-100).max(100),
  perItemShort: z.number().min(-100).max(100),
  perItemBeyond: z.number().min(-100).max(100),
  /** Points per adopted item by kind (篇四 §九.2); absent in versions saved before issue 7, hence the default. */
  adoption: z
    .object({
      work: z.number().min(0).max(100),
      research: z.number().min(0).max(100),
      suggestion: z.number().min(0).max(100),
      other: z.number().min(0).max(100),
      /** 图片影像资料 (篇三 §二, issue 16): absent in versions saved before it, hence its own default. */
      photo: z.number().min(0).max(100).default(2),
    })
    .default({ work: 2, research: 5, suggestion: 5, other: 5, photo: 2 }),
});
export const rewardRulesSchema = z.object({
  /** Yuan per adopted item beyond the quota, by the level that adopted it. */
  adopted: z.number().min(0).max(100_000),
  provincial: z.number().min(0).max(100_000),
  central: z.number().min(0).max(100_000),
});
/** Accountability (POLICY.md §3.6, issue 8): how long a unit has to explain a finding, and what a confirmed one costs. */
export const accountabilityRulesSchema = z.object({
  /** Working days the responsible unit has to explain (说明) a proposed finding. */
  explanationWorkingDays: z.number().int().min(1).max(30),
  /** Points deducted from the month's score per confirmed finding, by kind (zero or negative). */
  deductions: z.object({
    late: z.number().min(-100).max(0),
    missed: z.number().min(-100).max(0),
    false: z.number().min(-100).max(0),
    concealed: z.number().min(-100).max(0),
  }),
});
export type AccountabilityRules = z.infer<typeof accountabilityRulesSchema>;
/** Defaults (README "Accountability"): 3 working days to explain; late −2, missed −3, false −3, concealed −5 points. */
export const DEFAULT_ACCOUNTABILITY: AccountabilityRules = {
  explanationWorkingDays: 3,
  deductions: { late: -2, missed: -3, false: -3, concealed: -5 },
};
/**
 * The upper office's monthly reporting score of each lower organisation (POLICY.md §3.6, issue 16): points out of
 * the weights (together 100) for timeliness, completeness of the required elements, follow-ups on time and
 * findings, and what each confirmed finding against the lower organisation costs of the findings' points.
 */
export const lowerScoringRulesSchema = z.object({
  weights: z
    .object({
      timeliness: z.number().min(0).max(100),
      completeness: z.number().min(0).max(100),
      followups: z.number().min(0).max(100),
      findings: z.number().min(0).max(100),
    })
    .refine((w) => Math.abs(w.timeliness + w.completeness + w.followups + w.findings - 100) < 1e-9, {
      error: '四项权重之和须为 100',
    }),
  perFinding: z.number().min(0).max(100),
});
export type LowerScoringRules = z.infer<typeof lowerScoringRulesSchema>;
/** Defaults: timeliness 40, completeness 20, follow-ups 20, findings 20; each confirmed finding −5 of the findings' 20. */
export const DEFAULT_LOWER_SCORING: LowerScoringRules = {
  weights: { timeliness: 40, completeness: 20, followups: 20, findings: 20 },
  perFinding: 5,
};
export const DEFAULT_QUOTAS: z.infer<typeof quotaRulesSchema> = {
  departmentItemsPerWeek: 1,
  personPublishedPerMonth: 1,
};
export const DEFAULT_SCORING: z.infer<typeof scoringRulesSchema> = {
  quotaMet: 5,
  perItemShort: -1,
  perItemBeyond: 1,
  adoption: { work: 2, research: 5, suggestion: 5, other: 5, photo: 2 },
};
export const DEFAULT_REWARDS: z.infer<typeof rewardRulesSchema> = { adopted: 50, provincial: 100, central: 200 };

/**
 * Work information's own settings (POLICY.md §4–5, issue 16): the weekly quota reminder (a department still short on
 * the given weekday from the given local time is mailed once that week) and the level an adoption by this organisation
 * counts as for the authors of the lower organisations whose items it adopts through 推荐报送.
 */
export const workInfoRulesSchema = z.object({
  weeklyReminder: z
    .object({
      enabled: z.boolean(),
      /** 1 = Monday … 7 = Sunday, in the organisation's zone. */
      weekday: z.number().int().min(1).max(7),
      at: hhmm,
    })
    .default({ enabled: true, weekday: 5, at: '15:00' }),
  recommendedAdoptionLevel: z.enum(['municipal', 'provincial', 'central']).default('municipal'),
});
export type WorkInfoRules = z.infer<typeof workInfoRulesSchema>;
export const DEFAULT_WORK_INFO: WorkInfoRules = {
  weeklyReminder: { enabled: true, weekday: 5, at: '15:00' },
  recommendedAdoptionLevel: 'municipal',
};

/**
 * The configuration an office saves (PUT /api/orgs/{orgId}/config): the escalation settings above plus quotas, scoring
 * and rewards (defaults from POLICY.md §5 when left out), and the month it takes effect.
 */
export const fullOrgConfigSchema = orgConfigSchema.extend({
  quotas: quotaRulesSchema.default(DEFAULT_QUOTAS),
  scoring: scoringRulesSchema.default(DEFAULT_SCORING),
  rewards: rewardRulesSchema.default(DEFAULT_REWARDS),
  accountability: accountabilityRulesSchema.default(DEFAULT_ACCOUNTABILITY),
  lowerScoring: lowerScoringRulesSchema.default(DEFAULT_LOWER_SCORING),
  workInfo: workInfoRulesSchema.default(DEFAULT_WORK_INFO),
});
export type FullOrgConfig = z.infer<typeof fullOrgConfigSchema>;
export type Category = z.infer<typeof categorySchema>;

/** Defaults from POLICY.md §3.1 and §3.2; each organisation can change them. */
export const DEFAULT_ORG_CONFIG: OrgConfig = {
  categories: [
    { code: 'safety', label: '安全事故（火灾、盗窃、破坏、重伤、交通事故）', officeSecurity: false },
    { code: 'officeSecurity', label: '办公区域安全事件', officeSecurity: true },
    { code: 'service', label: '播出或服务事故', officeSecurity: false },
    { code: 'falseReporting', label: '严重失实报道', officeSecurity: false },
    { code: 'sensitive', label: '法律、财务、民族、宗教、教育等敏感事项', officeSecurity: false },
    { code: 'directive', label: '上级领导指示、批示', officeSecurity: false },
    { code: 'massIncident', label: '群体性事件', officeSecurity: false },
    { code: 'disaster', label: '灾情', officeSecurity: false },
    { code: 'epidemic', label: '疫情', officeSecurity: false },
    { code: 'other', label: '其他需要领导知悉的事项', officeSecurity: false },
  ],
  severities: {
    I: { reportLimitMinutes: 60, ackTimeoutMinutes: 10 },
    II: { reportLimitMinutes: 60, ackTimeoutMinutes: 15 },
    III: { reportLimitMinutes: 60, ackTimeoutMinutes: 30 },
    IV: { reportLimitMinutes: 360, ackTimeoutMinutes: 60 },
  },
  parallelPrincipalSeverities: ['I', 'II'],
  smsSeverities: ['I', 'II'],
  signOffRoles: ['principalLeader'],
  followups: DEFAULT_FOLLOWUP_RULES,
  workingHours: DEFAULT_WORKING_HOURS,
};
