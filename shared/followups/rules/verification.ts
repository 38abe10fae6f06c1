import * as z from 'zod';
import type { Caller } from '../../platform/auth/caller.ts';
import { accessControl, type Rule } from '../../platform/auth/decision.ts';
import { ConflictError } from '../../platform/kernel/errors.ts';
import { instant, optionalText, text } from '../../platform/kernel/fields.ts';
import { hasLeaderRole, isOfficeOf } from '../../org/index.ts';

/**
 * 核报 (POLICY.md §3.5): the upper office asks a lower organisation to verify and report an event it heard of
 * elsewhere, by a deadline; no answer by then is treated as a missed report (§3.6). Pure rules: the record, its
 * states, who may do what, what is due when, and the request bodies.
 */
export type VerificationState = 'open' | 'answered';

export type VerificationRequest = {
  requestId: string;
  /** The asking (parent) organisation and its office. */
  orgId: string;
  orgName: string;
  /** The lower organisation asked. */
  targetOrgId: string;
  targetOrgName: string;
  subject: string;
  details: string;
  heardFrom?: string;
  dueAt: string;
  /** The asking organisation's time zone (what the pages and mails show). */
  timezone: string;
  createdAt: string;
  createdById: string;
  createdByName: string;
  state: VerificationState;
  /** The target's office heads and principal leader, mailed at creation (send-once per person). */
  recipients: { personId: string; name: string; email: string }[];
  mailedAt?: string;
  /** Set once the deadline passed unanswered: the proposed missed-report finding in the asking organisation. */
  overdueAt?: string;
  findingId?: string;
  answer?: {
    at: string;
    byId: string;
    byName: string;
    /** Answered by a report of the target organisation (new or existing)… */
    reportId?: string;
    reportTitle?: string;
    /** …or as "经核实无此事" with the explanation. */
    noSuchEvent?: boolean;
    explanation?: string;
    /** Answered after the deadline. */
    late: boolean;
  };
  version: number;
};

export const VERIFICATION_STATE_LABELS: Record<VerificationState, string> = { open: '待核报', answered: '已答复' };

/** What the request waits for next, as an instant: its mails (at once, until sent), then its deadline; none when done. */
export function nextDueOf(r: Pick<VerificationRequest, 'state' | 'mailedAt' | 'createdAt' | 'dueAt' | 'findingId'>) {
  if (r.state !== 'open') return undefined;
  if (!r.mailedAt) return r.createdAt;
  return r.findingId ? undefined : r.dueAt;
}

/** Whether the request went past its deadline unanswered at `now`. */
export const isOverdue = (r: Pick<VerificationRequest, 'state' | 'dueAt'>, now: Date) =>
  r.state === 'open' && new Date(r.dueAt) <= now;

/** A request is answered once (409 the second time). */
export function assertAnswerable(r: Pick<VerificationRequest, 'state'>): void {
  if (r.state === 'answered') throw new ConflictError('ALREADY_ANSWERED', '这条核报已答复，不能再次答复。');
}

/** What the decisions read: the request, and each organisation's office and principal leader. */
export type VerificationResource = {
  kind: 'verification';
  request: Pick<VerificationRequest, 'orgId' | 'targetOrgId' | 'createdById'>;
  asking: { orgId: string; officeDepartmentId?: string };
  target: { orgId: string; officeDepartmentId?: string; principalLeaderId?: string };
};

/** The lower organisation answers for itself: its office or its principal leader. */
export function answersFor(caller: Caller, target: VerificationResource['target']): boolean {
  if (caller.orgId !== target.orgId) return false;
  return (
    isOfficeOf(caller, target) ||
    caller.personId === target.principalLeaderId ||
    caller.roles.includes('principalLeader')
  );
}

/** Reading: the asking office and leaders, the target's office and principal leader. Anyone else 404. */
const read: Rule<VerificationResource> = (caller, r) => {
  if (answersFor(caller, r.target)) return 'allow';
  if (caller.orgId === r.asking.orgId && (isOfficeOf(caller, r.asking) || hasLeaderRole(caller))) return 'allow';
  return caller.personId === r.request.createdById ? 'allow' : 'hide';
};

/** Answering: the target's office or principal leader; others who may read it are refused (403). */
const answer: Rule<VerificationResource> = (caller, r) => {
  const seen = read(caller, r);
  if (seen !== 'allow') return seen;
  return answersFor(caller, r.target) ? 'allow' : 'forbid';
};

export const VERIFICATION_ACTIONS = {
  'verification.read': read,
  'verification.answer': answer,
} satisfies Record<string, Rule<VerificationResource>>;

export const verificationAccess = accessControl<VerificationResource, typeof VERIFICATION_ACTIONS>(
  VERIFICATION_ACTIONS,
  { verification: ['核报', 'VERIFICATION_NOT_FOUND'] },
);

/** Who may ask (the office of the asking organisation), as a decision on the organisation. */
export function mayAskVerification(caller: Caller, org: { orgId: string; officeDepartmentId?: string }) {
  if (caller.orgId !== org.orgId) return 'hide' as const;
  return isOfficeOf(caller, org) ? ('allow' as const) : ('forbid' as const);
}

// ----- request bodies (API.md "Events across people and organisations") -----

export const createVerificationSchema = z
  .object({
    targetOrgId: z
      .string({ error: '请选择核报单位' })
      .trim()
      .min(1, { error: '请选择核报单位' })
      .max(100, { error: '核报单位不存在' }),
    subject: text(200, '事由'),
    details: text(4000, '详细情况'),
    heardFrom: optionalText(500, '信息来源'),
    dueAt: instant('核报时限'),
  })
  .strict();
export type CreateVerificationInput = z.infer<typeof createVerificationSchema>;

export const answerVerificationSchema = z
  .object({
    reportId: z.string({ error: '报告必须是文字' }).trim().min(1, { error: '请选择报告' }).max(100).optional(),
    noSuchEvent: z.literal(true, { error: 'noSuchEvent 只能是 true' }).optional(),
    explanation: optionalText(4000, '核实情况说明'),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.reportId && v.noSuchEvent)
      ctx.addIssue({ code: 'custom', path: ['reportId'], message: '以报告答复时不能同时选择“经核实无此事”' });
    else if (!v.reportId && !v.noSuchEvent)
      ctx.addIssue({ code: 'custom', path: ['reportId'], message: '请选择答复的报告，或选择“经核实无此事”' });
    if (v.noSuchEvent && !v.explanation)
      ctx.addIssue({ code: 'custom', path: ['explanation'], message: '经核实无此事的，请填写核实情况说明' });
  });
export type AnswerVerificationInput = z.infer<typeof answerVerificationSchema>;
