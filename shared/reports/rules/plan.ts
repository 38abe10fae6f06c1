import { planEscalation, type MailIntent, type Watchers } from './escalation.ts';
import { dueAfterMiss, type FollowupSchedule } from './followup-schedule.ts';
import type { Report, ReportChange } from './model.ts';
import { DEFAULT_FOLLOWUP_RULES, type Org, type Severity } from '../../org/index.ts';
import { addMinutes, earliest, formatLocal, minutesBetween } from '../../platform/kernel/time.ts';

export type ReportPlan = {
  change: ReportChange;
  mails: MailIntent[];
  events: { type: string; detail: string }[];
  needsWatchers: boolean;
  /** The report has just become late (its written version is overdue): propose its late finding with the save. */
  becameLate?: boolean;
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

  // 5. A phoned-in report's written version (POLICY §3.2): once past its due time the caller (in the system), the
  //    recorder and the office head are chased, once, and the report becomes late (its finding is proposed).
  const written = writtenOverdue(report, now);
  if (written.writtenDue) needsWatchers = true;
  const writtenTo = new Set(
    [report.reporterId, report.intake?.callerPersonId, report.intake?.recordedById, watchers.officeHeadId].filter(
      (x): x is string => !!x,
    ),
  );
  if (written.change.writtenRemindedAt) {
    for (const personId of writtenTo)
      mails.push({ key: `writtenReminder#${personId}`, kind: 'writtenReminder', level: 0, personId, unanswered: [] });
    events.push({
      type: 'writtenOverdue',
      detail: `电话报告的书面报告应于 ${formatLocal(written.writtenDue!, report.timezone)} 前报送，尚未报送，已催报来电人、记录人和办公室`,
    });
    if (written.change.late) events.push({ type: 'late', detail: '迟报：书面报告未在书面时限内报送' });
  }

  const change: ReportChange = {
    chain: esc.chain,
    status: esc.status,
    nextDueAt: earliest(
      esc.nextDueAt,
      report.closedAt ? undefined : followupDueAt,
      signOffRemindedAt ? undefined : signOffDue,
      written.change.writtenRemindedAt ? undefined : written.writtenDue,
    ),
    ...written.change,
    ...(signOffRemindedAt ? { signOffRemindedAt } : {}),
    ...(report.pendingNotices?.length ? { pendingNotices: [] } : {}),
    ...(followupDueAt !== report.followupDueAt
      ? { followupDueAt: followupDueAt ?? null, missedFollowups: missed }
      : {}),
  };
  return { change, mails, events, needsWatchers, ...(written.change.late ? { becameLate: true } : {}) };
}

// ── Phoned-in reports (电话报告, issue 14; POLICY §3.2): the phone clock and the written clock ────────────────────────

/** Default minutes from learning of the event to the telephone report, where the severity rule names none. */
export const DEFAULT_PHONE_LIMIT_MINUTES: Partial<Record<Severity, number>> = { I: 30, II: 30 };

export type PhonedClocks = {
  phoneLimitMinutes: number;
  writtenLimitMinutes: number;
  /** The call's own deadline, and by how many minutes the call missed it (0 on time). */
  callDeadline: Date;
  callLateByMinutes: number;
  /** When the written version is due. */
  writtenDueAt: Date;
};

/**
 * The two clocks of a report that came by telephone, both from when the unit learned of the event: the call is
 * judged on its own limit (`phoneLimitMinutes`, default 30 min for I–II, the report limit otherwise) and the written
 * version falls due by `writtenLimitMinutes` (default the report limit).
 */
export function phonedClocks(
  rule: Pick<Org['config']['severities'][Severity], 'reportLimitMinutes' | 'phoneLimitMinutes' | 'writtenLimitMinutes'>,
  severity: Severity,
  learnedAt: Date,
  calledAt: Date,
): PhonedClocks {
  const phoneLimitMinutes = rule.phoneLimitMinutes ?? DEFAULT_PHONE_LIMIT_MINUTES[severity] ?? rule.reportLimitMinutes;
  const writtenLimitMinutes = rule.writtenLimitMinutes ?? rule.reportLimitMinutes;
  const callDeadline = addMinutes(learnedAt, phoneLimitMinutes);
  return {
    phoneLimitMinutes,
    writtenLimitMinutes,
    callDeadline,
    callLateByMinutes: calledAt > callDeadline ? minutesBetween(callDeadline, calledAt) : 0,
    writtenDueAt: addMinutes(learnedAt, writtenLimitMinutes),
  };
}

/** When the written version of a phoned-in report falls due, while it is still owed and not yet chased. */
export function writtenPending(
  r: Pick<Report, 'phonedIn' | 'written' | 'writtenDueAt' | 'writtenRemindedAt'>,
): string | undefined {
  return r.phonedIn && !r.written && !r.writtenRemindedAt ? r.writtenDueAt : undefined;
}

/** The chase of an overdue written version at `now`: the change (reminded, late) or nothing; `writtenDue` while owed. */
export function writtenOverdue(
  r: Pick<Report, 'phonedIn' | 'written' | 'writtenDueAt' | 'writtenRemindedAt' | 'late' | 'lateByMinutes'>,
  now: Date,
): { writtenDue?: string; change: Partial<ReportChange> } {
  const writtenDue = writtenPending(r);
  if (!writtenDue || new Date(writtenDue) > now) return { writtenDue, change: {} };
  const by = minutesBetween(new Date(writtenDue), now);
  return {
    writtenDue,
    change: {
      writtenRemindedAt: now.toISOString(),
      writtenLateByMinutes: by,
      ...(r.late ? {} : { late: true, lateByMinutes: by }),
    },
  };
}

/**
 * The written version handed in at `now`: how late it is against its own clock, and the report's lateness, which
 * carries both clocks (the call's and the written one's, the larger counts).
 */
export function writtenLateness(
  r: Pick<Report, 'writtenDueAt' | 'late' | 'lateByMinutes' | 'callLateByMinutes'>,
  now: Date,
): { writtenLateByMinutes: number; late: boolean; lateByMinutes: number; becameLate: boolean } {
  const due = r.writtenDueAt ? new Date(r.writtenDueAt) : now;
  const writtenLateByMinutes = now > due ? minutesBetween(due, now) : 0;
  const late = r.late || writtenLateByMinutes > 0;
  return {
    writtenLateByMinutes,
    late,
    lateByMinutes: late ? Math.max(r.callLateByMinutes ?? 0, writtenLateByMinutes, r.lateByMinutes) : 0,
    becameLate: !r.late && late,
  };
}
