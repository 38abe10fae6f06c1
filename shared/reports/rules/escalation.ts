import type { ChainLevel, Report } from './model.ts';
import { addMinutes } from '../../platform/kernel/time.ts';

/** What one mail is for. `key` is deterministic: the same step never produces two different keys. */
export type MailIntent = {
  key: string;
  kind:
    | 'notify'
    | 'escalation'
    | 'parallel'
    | 'reminder'
    | 'unanswered'
    | 'followup'
    | 'followupReminder'
    | 'followupOverdue'
    | 'signOffOverdue'
    /** Phoned-in reports: the written version is overdue (催报书面报告). */
    | 'writtenReminder';
  level: number;
  personId: string;
  /** Levels that timed out before this one, named in the mail. */
  unanswered: string[];
  /** For 'followup': the follow-up being sent. For follow-up reminders: the due instant missed. */
  notice?: import('./model.ts').Notice;
  missedDue?: string;
};

export type EscalationPlan = {
  chain: ChainLevel[];
  mails: MailIntent[];
  events: { type: string; detail: string }[];
  nextDueAt: string | undefined;
  status: Report['status'];
};

export type Watchers = { officeHeadId?: string; dutyOfficerId?: string };

const ACTIVE = (l: ChainLevel) => l.state !== 'skipped';

/**
 * Decides what the escalation of a report must do at `now`; pure, so that the queue consumer and the
 * every-minute check make exactly the same decision for the same state.
 * 1. Parallel levels (severities I–II) still pending are notified at once.
 * 2. The lowest level that is neither done nor skipped is the cursor: pending → notify it; notified and past its
 *    acknowledgement deadline → it times out and the next level is notified, naming who did not answer.
 * 3. The top level past its deadline is reminded every timeout interval, and the office head and duty officer are told.
 * 4. The next due instant is the earliest acknowledgement deadline or reminder still ahead.
 */
export function planEscalation(
  report: Pick<Report, 'reportId' | 'chain' | 'ackTimeoutMinutes' | 'status'>,
  now: Date,
  watchers: Watchers = {},
): EscalationPlan {
  const chain = report.chain.map((l) => ({ ...l }));
  const mails: MailIntent[] = [];
  const events: EscalationPlan['events'] = [];
  if (report.status === 'acknowledged') return { chain, mails, events, nextDueAt: undefined, status: 'acknowledged' };

  const timeout = report.ackTimeoutMinutes;
  const nowIso = now.toISOString();
  const notify = (l: ChainLevel, kind: MailIntent['kind'], unanswered: string[]) => {
    l.state = 'notified';
    l.notifiedAt = nowIso;
    l.ackDeadline = addMinutes(now, timeout).toISOString();
    mails.push({ key: `${kind}#${l.level}#${l.personId}`, kind, level: l.level, personId: l.personId!, unanswered });
  };
  const timedOutNames = () => chain.filter((l) => l.state === 'timedOut').map((l) => l.name);

  for (const l of chain) if (l.parallel && l.state === 'pending') notify(l, 'parallel', []);

  const active = chain.filter(ACTIVE);
  for (;;) {
    const cursor = active.find((l) => l.state === 'pending' || l.state === 'notified');
    if (!cursor) break;
    if (cursor.state === 'pending') {
      const names = timedOutNames();
      notify(cursor, names.length ? 'escalation' : 'notify', names);
      break;
    }
    const isTop = cursor === active[active.length - 1];
    if (new Date(cursor.ackDeadline!) > now) break;
    if (!isTop) {
      cursor.state = 'timedOut';
      cursor.timedOutAt = nowIso;
      events.push({ type: 'timedOut', detail: `${cursor.name} 未在时限内确认，已上报上一级` });
      continue;
    }
    // The top level did not answer: remind it every interval, and tell the office head and the duty officer.
    const due = Math.floor((now.getTime() - new Date(cursor.ackDeadline!).getTime()) / (timeout * 60_000)) + 1;
    const sent = cursor.reminders ?? 0;
    if (due > sent) {
      cursor.reminders = due;
      mails.push({
        key: `reminder#${cursor.level}#${cursor.personId}#${due}`,
        kind: 'reminder',
        level: cursor.level,
        personId: cursor.personId!,
        unanswered: timedOutNames(),
      });
      for (const watcher of new Set([watchers.officeHeadId, watchers.dutyOfficerId])) {
        if (watcher && watcher !== cursor.personId) {
          mails.push({
            key: `unanswered#${cursor.level}#${watcher}#${due}`,
            kind: 'unanswered',
            level: cursor.level,
            personId: watcher,
            unanswered: [...timedOutNames(), cursor.name],
          });
        }
      }
      events.push({ type: 'reminded', detail: `${cursor.name} 仍未确认，第 ${due} 次催促` });
    }
    break;
  }

  return { chain, mails, events, nextDueAt: nextDue(chain, timeout, now), status: 'escalating' };
}

function nextDue(chain: ChainLevel[], timeout: number, now: Date): string | undefined {
  const active = chain.filter(ACTIVE);
  const cursor = active.find((l) => l.state === 'pending' || l.state === 'notified');
  const candidates: number[] = [];
  for (const l of chain) if (l.state === 'pending' && (l.parallel || l === cursor)) candidates.push(now.getTime());
  if (cursor?.state === 'notified' && cursor.ackDeadline) {
    const base = new Date(cursor.ackDeadline).getTime();
    const isTop = cursor === active[active.length - 1];
    candidates.push(isTop && cursor.reminders ? base + cursor.reminders * timeout * 60_000 : base);
  }
  if (!candidates.length) return undefined;
  return new Date(Math.min(...candidates)).toISOString();
}

export type AckOutcome = {
  chain: ChainLevel[];
  status: Report['status'];
  nextDueAt: string | undefined;
  completed: number[];
};

/**
 * Records an acknowledgement by the person at `level`.
 * 1. Only a level that was told (notified or timed out) can acknowledge; a second acknowledgement is refused by the caller.
 * 2. Lower levels still waiting are completed by it (skipped, "上级已确认").
 * 3. When the top level has acknowledged, the escalation is over; otherwise the next level is told by the next plan.
 */
export function acknowledge(report: Pick<Report, 'chain' | 'ackTimeoutMinutes'>, level: number, now: Date): AckOutcome {
  const chain = report.chain.map((l) => ({ ...l }));
  const target = chain.find((l) => l.level === level);
  if (!target) throw new Error(`level ${level} is not in the chain`);
  target.state = 'acknowledged';
  target.acknowledgedAt = now.toISOString();
  const completed: number[] = [];
  for (const l of chain) {
    if (l.level < level && (l.state === 'pending' || l.state === 'notified')) {
      l.state = 'skipped';
      l.skipReason = '上级已确认';
      completed.push(l.level);
    }
  }
  const active = chain.filter(ACTIVE);
  const top = active[active.length - 1];
  const status: Report['status'] = top && top.state === 'acknowledged' ? 'acknowledged' : 'escalating';
  return {
    chain,
    status,
    nextDueAt: status === 'acknowledged' ? undefined : nextDue(chain, report.ackTimeoutMinutes, now),
    completed,
  };
}
