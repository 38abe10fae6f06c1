import { z } from 'zod';
import { DEFAULT_WORKING_HOURS } from './calendar.ts';

/** Severity levels of POLICY.md §3.2: I 特别重大, II 重大, III 较大, IV 一般. */
export const SEVERITIES = ['I', 'II', 'III', 'IV'] as const;
export type Severity = (typeof SEVERITIES)[number];
export const SEVERITY_LABELS: Record<Severity, string> = { I: 'I级（特别重大）', II: 'II级（重大）', III: 'III级（较大）', IV: 'IV级（一般）' };

const hhmm = z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, '时间格式应为 HH:MM');

export const categorySchema = z.object({
  code: z.string().regex(/^[a-zA-Z][a-zA-Z0-9]{0,39}$/, '类别代码只能包含字母和数字'),
  label: z.string().min(1).max(40),
  officeSecurity: z.boolean().default(false),
});

export const severityRuleSchema = z.object({
  /** Minutes from learning of the event to the written report (迟报 after that). */
  reportLimitMinutes: z.number().int().min(1).max(7 * 24 * 60),
  /** Minutes each chain level has to acknowledge before the report moves up. */
  ackTimeoutMinutes: z.number().int().min(1).max(24 * 60),
});

export const orgConfigSchema = z.object({
  categories: z.array(categorySchema).min(1),
  severities: z.object({ I: severityRuleSchema, II: severityRuleSchema, III: severityRuleSchema, IV: severityRuleSchema }),
  /** Severities whose reports also go to the principal leader at once, in parallel with the first level. */
  parallelPrincipalSeverities: z.array(z.enum(SEVERITIES)),
  workingHours: z.object({
    days: z.array(z.number().int().min(1).max(7)),
    periods: z.array(z.object({ start: hhmm, end: hhmm })),
  }),
});
export type OrgConfig = z.infer<typeof orgConfigSchema>;
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
  workingHours: DEFAULT_WORKING_HOURS,
};
