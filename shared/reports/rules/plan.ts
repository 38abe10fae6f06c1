import { planEscalation, type MailIntent, type Watchers } from './escalation.ts';
import { dueAfterMiss, type FollowupSchedule } from './followup-schedule.ts';
import type { Report, ReportChange } from './model.ts';
import { DEFAULT_FOLLOWUP_RULES } from '../../org/index.ts';
import { earliest, formatLocal } from '../../platform/kernel/time.ts';

export type ReportPlan = {
  change: ReportChange;
  mails: MailIntent[];
  events: { type: string; detail: string }[];
  needsWatchers: boolean;
};

/** Default minutes to sign a report off (签发) when the organisation's severity rule names none. */
export const DEFAULT_SIGN_OFF_MINUTES: Record<Report['severity'], number> = { I: 30, II: 30, III: 120, IV: 120 };

/** When the report's sign-off falls due, while it is still waited for and not yet reminded. */
export function signOffPending(
  r: Pick<Report, 'signOff' | 'forwardedFrom' | 'signOffDueAt' | 'signOffRemindedAt'>,
): string | undefined {
  return !r.signOff && !r.forwardedFrom && !r.signOffRemindedAt ? r.signOffDueAt : undefined;
}

export const scheduleOf = (
  r: Pick<Report, 'severity' | 'timezone'>,
  rules = DEFAULT_FOLLOWUP_RULES,
): FollowupSchedule => ({ rules, severity: r.severity, timeZone: r.timezone });

/**
 * Everything a report needs at `now`, decided in one pure step so that every worker decides the same:
 * 1. the escalation of its chain (planEscalation);
 * 2. filed follow-ups sent to everyone the chain has reached so far;
 * 3. follow-up obligations: a due follow-up that was not filed is recorded as missed, the reporter and department
 *    head are reminded (催报), and from the second miss on the office head is told; the next one falls due.
 */
export function planReport(
  report: Report,
  now: Date,
  watchers: Watchers = {},
  rules = report.followupRules ?? DEFAULT_FOLLOWUP_RULES,
): ReportPlan {
  const esc = planEscalation(report, now, watchers);
  const mails = [...esc.mails];
  const events = [...esc.events];
  let needsWatchers = esc.mails.some((m) => m.kind === 'reminder');

  const told = [
    ...new Set(
      esc.chain
        .filter((l) => l.personId && (l.state === 'notified' || l.state === 'acknowledged' || l.state === 'timedOut'))
        .map((l) => l.personId!),
    ),
  ];
  for (const notice of report.pendingNotices ?? []) {
    for (const personId of told)
      mails.push({ key: `${notice.key}#${personId}`, kind: 'followup', level: 0, personId, unanswered: [], notice });
  }

  let followupDueAt = report.followupDueAt;
  const missed = [...(report.missedFollowups ?? [])];
  if (!report.closedAt && followupDueAt && new Date(followupDueAt) <= now) {
    const schedule = scheduleOf(report, rules);
    let lastMissed = followupDueAt;
    while (followupDueAt && new Date(followupDueAt) <= now && missed.length < 1000) {
      lastMissed = followupDueAt;
      missed.push(followupDueAt);
      events.push({
        type: 'followupMissed',
        detail: `应于 ${formatLocal(followupDueAt, report.timezone)} 报送的${schedule.rules.severities.includes(report.severity) ? '续报' : '终报'}未按时报送（累计 ${missed.length} 次）`,
      });
      followupDueAt = dueAfterMiss(new Date(followupDueAt), schedule).toISOString();
    }
    for (const personId of new Set([report.reporterId, report.departmentHeadId].filter((x): x is string => !!x))) {
      mails.push({
        key: `followupReminder#${lastMissed}#${personId}`,
        kind: 'followupReminder',
        level: 0,
        personId,
        unanswered: [],
        missedDue: lastMissed,
      });
    }
    if (missed.length >= 2) {
      needsWatchers = true;
      if (watchers.officeHeadId)
        mails.push({
          key: `followupOverdue#${lastMissed}#${watchers.officeHeadId}`,
          kind: 'followupOverdue',
          level: 0,
          personId: watchers.officeHeadId,
          unanswered: [],
          missedDue: lastMissed,
        });
    }
  }

  // 4. The sign-off's clock: once past it, the signers and the office head are reminded, once.
  let signOffRemindedAt: string | undefined;
  const signOffDue = signOffPending(report);
  if (signOffDue && new Date(signOffDue) <= now) {
    needsWatchers = true;
    signOffRemindedAt = now.toISOString();
    const to = new Set([...(report.signerIds ?? []), ...(watchers.officeHeadId ? [watchers.officeHeadId] : [])]);
    for (const personId of to)
      mails.push({ key: `signOffOverdue#${personId}`, kind: 'signOffOverdue', level: 0, personId, unanswered: [] });
    events.push({
      type: 'signOffOverdue',
      detail: `应于 ${formatLocal(signOffDue, report.timezone)} 前签发，尚未签发，已提醒签发人和办公室`,
    });
  }

  const change: ReportChange = {
    chain: esc.chain,
    status: esc.status,
    nextDueAt: earliest(
      esc.nextDueAt,
      report.closedAt ? undefined : followupDueAt,
      signOffRemindedAt ? undefined : signOffDue,
    ),
    ...(signOffRemindedAt ? { signOffRemindedAt } : {}),
    ...(report.pendingNotices?.length ? { pendingNotices: [] } : {}),
    ...(followupDueAt !== report.followupDueAt
      ? { followupDueAt: followupDueAt ?? null, missedFollowups: missed }
      : {}),
  };
  return { change, mails, events, needsWatchers };
}
