import { chronological, type StoredEvent } from '../platform/kernel/audit.ts';
import type { MailRecord } from '../platform/mail/ledger.ts';
import type { FollowupRecord, Instruction, Report } from './rules/model.ts';

/** The report as API.md shows it: its fields, `chain` and `timeline`. Internal bookkeeping stays out. */
export type ReportView = Omit<
  Report,
  'version' | 'nextDueAt' | 'ackTimeoutMinutes' | 'pendingNotices' | 'followupRules'
> & {
  followups: FollowupRecord[];
  instructions: (Omit<Instruction, 'version' | 'reminded' | 'nextRemindAt' | 'assignees'> & {
    assignees: { personId: string; name: string; standInFor?: { personId: string; name: string } }[];
  })[];
  timeline: { at: string; type: string; actorName?: string; detail: string }[];
  mails?: { to: string; subject: string; status: string; sentAt?: string }[];
};

export function toReportView(
  report: Report,
  events: StoredEvent[],
  mails: MailRecord[],
  followups: FollowupRecord[] = [],
  instructions: Instruction[] = [],
): ReportView {
  const { version: _v, nextDueAt: _n, ackTimeoutMinutes: _a, pendingNotices: _p, followupRules: _f, ...rest } = report;
  return {
    ...rest,
    followups: [...followups].sort((a, b) => a.sequence - b.sequence),
    instructions: instructions.map(({ version: _iv, reminded: _r, nextRemindAt: _nr, assignees, ...i }) => ({
      ...i,
      assignees: assignees.map(({ email: _e, ...a }) => a),
    })),
    chain: report.chain.map(({ email: _e, ...l }) => l),
    timeline: chronological(events).map((e) => ({ at: e.at, type: e.type, actorName: e.actorName, detail: e.detail })),
    ...(mails.length
      ? { mails: mails.map((m) => ({ to: m.to, subject: m.subject, status: m.status, sentAt: m.sentAt })) }
      : {}),
  };
}
