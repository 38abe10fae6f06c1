import { sendOnce as sendMailOnce } from '../platform/mail/send-once.ts';
import { newAckToken, ACK_TOKEN_TTL_HOURS } from './ack-token.ts';
import type { StoredEvent } from './report-repo.ts';
import { renderEscalationMail } from './escalation-mail.ts';
import type { Deps } from '../app/ports.ts';
import type { MailIntent, Watchers } from './rules/escalation.ts';
import { planReport } from './rules/plan.ts';
import { advanceInstruction } from '../followups/instruction-flow.ts';
import type { Report } from './rules/model.ts';

/** A mail that another worker is sending right now: the caller retries later (the message returns to the queue). */
export class MailInFlight extends Error {
  constructor(readonly mailKey: string) {
    super(`mail ${mailKey} is being sent by another worker`);
  }
}

const ROLE_LABEL: Record<string, string> = {
  departmentHead: '部门负责人',
  supervisingLeader: '分管领导',
  principalLeader: '主要领导',
  dutyLeader: '值班领导',
  officeHead: '办公室负责人',
};

/**
 * Moves the escalation of one report forward to `now`. The queue consumer and the every-minute check both call it;
 * it is safe to call any number of times, concurrently.
 * 1. Reads the report; nothing to do unless it is due.
 * 2. Plans (pure): who is notified, who timed out, who is reminded.
 * 3. Sends each planned mail once (a send-once record per report, step and person guards against redelivery).
 * 4. Saves the new chain with an optimistic lock, with one timeline event per mail; a lost race re-plans from the new state.
 * 5. Nudges the queue with a delay when the next deadline is within SQS's 15 minutes, for second-level precision.
 */
export async function advanceEscalation(deps: Deps, reportId: string, now: Date = deps.clock()): Promise<{ mailsSent: number; saved: boolean }> {
  let mailsSent = 0;
  for (let attempt = 0; attempt < 4; attempt++) {
    const report = await deps.reports.get(reportId);
    if (!report || !report.nextDueAt || new Date(report.nextDueAt) > now) return { mailsSent, saved: false };

    let plan = planReport(report, now);
    if (plan.needsWatchers) plan = planReport(report, now, await watchersOf(deps, report, now));

    const events: StoredEvent[] = plan.events.map((e) => ({ eventId: deps.ids(), at: now.toISOString(), type: e.type, detail: e.detail }));
    for (const intent of plan.mails) {
      const sent = await sendIntent(deps, { ...report, chain: plan.change.chain ?? report.chain }, intent, now);
      if (sent && !sent.rejected) mailsSent++;
      const type = sent?.rejected ? 'mailRejected' : intent.kind === 'unanswered' ? 'watcherNotified' : intent.kind.startsWith('followup') ? intent.kind : 'notified';
      events.push({ eventId: deps.ids(), at: now.toISOString(), type, detail: sent ? sent.detail : `${intent.kind} 已发送（重复投递，未重发）` });
    }

    const saved = await deps.reports.saveEscalation(report, report.version, plan.change, events);
    if (!saved) continue;
    if (plan.change.nextDueAt) {
      const inSeconds = (new Date(plan.change.nextDueAt).getTime() - now.getTime()) / 1000;
      if (inSeconds <= 900) await deps.queue.nudge({ reportId }, inSeconds).catch((err) => deps.log.warn('delayed nudge failed; the check covers it', { reportId, error: String(err) }));
    }
    return { mailsSent, saved: true };
  }
  return { mailsSent, saved: false };
}

async function watchersOf(deps: Deps, report: Report, now: Date): Promise<Watchers> {
  const [org, departments, shift] = await Promise.all([deps.orgs.getOrg(report.orgId), deps.orgs.listDepartments(report.orgId), deps.orgs.shiftAt(report.orgId, now)]);
  const office = departments.find((d) => d.isOffice || d.departmentId === org?.officeDepartmentId);
  return { officeHeadId: office?.headId, dutyOfficerId: shift?.dutyOfficerId };
}

/**
 * Sends one planned mail once. A mail SES refuses for good (`rejected`) does not hold the report back: the step is
 * saved as planned with a 'mailRejected' event naming who was not reached, so an unanswered level still times out
 * and the chain moves up; a transient failure throws and the whole step is retried.
 */
async function sendIntent(deps: Deps, report: Report, intent: MailIntent, now: Date): Promise<{ detail: string; rejected?: boolean } | undefined> {
  const level = report.chain.find((l) => l.level === intent.level);
  const inChain = !!level && level.personId === intent.personId && ['notify', 'escalation', 'parallel', 'reminder'].includes(intent.kind);
  const person = inChain ? { name: level.name, email: level.email } : await deps.orgs.getPerson(intent.personId);
  if (!person?.email) {
    deps.log.warn('mail recipient has no address', { reportId: report.reportId, intent });
    return undefined;
  }
  const mailKey = intent.key;
  const to = { name: person.name, email: person.email };
  const subjectPreview = renderEscalationMail(report, intent, to, undefined).subject;
  const sent = await sendMailOnce(deps.mailer, deps.reports.mailSlot(report.reportId, mailKey), now, { to: to.email, subject: subjectPreview }, async () => {
    let link: string | undefined;
    if (inChain) {
      const { token, hash } = newAckToken();
      await deps.reports.putAckToken({
        tokenHash: hash,
        reportId: report.reportId,
        level: intent.level,
        personId: intent.personId,
        expiresAt: new Date(now.getTime() + ACK_TOKEN_TTL_HOURS * 3600_000).toISOString(),
      });
      link = `${deps.appUrl.replace(/\/$/, '')}/ack/${token}`;
    }
    return renderEscalationMail(report, intent, to, link);
  });
  if (sent.status === 'alreadySent') return undefined;
  if (sent.status === 'busy') throw new MailInFlight(mailKey);
  const role = level && inChain ? ROLE_LABEL[level.role] ?? '' : '';
  if (sent.status === 'rejected') {
    if (!sent.now) return undefined;
    deps.log.error('escalation mail rejected', { reportId: report.reportId, mailKey, to: to.email, reason: sent.reason });
    return { detail: `邮件被退回，未能送达${role} ${person.name}（${person.email}）：${sent.reason}。请核对其邮箱地址；未确认的层级仍将按时上报。`, rejected: true };
  }
  const what = intent.kind === 'followup' ? `${intent.notice?.label ?? '续报'}已发送` : intent.kind === 'followupReminder' ? '已催报' : intent.kind === 'followupOverdue' ? '已告知续报逾期' : '已通知';
  return { detail: `${what}${role} ${person.name}（${person.email}）` };
}

/**
 * The every-minute check: reads only the reports that are due (sparse, sharded index; no Scan) and advances each.
 * A failure on one report is logged and left for the next minute; the others go on.
 */
export async function checkOverdue(deps: Deps, now: Date = deps.clock(), concurrency = 8): Promise<{ due: number; advanced: number; inFlight: number; failed: number; itemsRead: number }> {
  const { ids: reportIds, instructions, itemsRead } = await deps.reports.dueReportIds(now);
  const ids = [...new Set(reportIds)];
  const work: (() => Promise<{ saved: boolean }>)[] = [
    ...ids.map((id) => () => advanceEscalation(deps, id, now)),
    ...instructions.map((i) => () => advanceInstruction(deps, i.reportId, i.instructionId, now)),
  ];
  let advanced = 0;
  let failed = 0;
  let inFlight = 0;
  let next = 0;
  const worker = async () => {
    while (next < work.length) {
      const id = next;
      const step = work[next++]!;
      try {
        const r = await step();
        if (r.saved) advanced++;
      } catch (err) {
        // Another worker is sending this report's mail right now; it finishes the step.
        if (err instanceof MailInFlight) inFlight++;
        else {
          failed++;
          deps.log.error('advancing a due report or instruction failed', { item: ids[id] ?? instructions[id - ids.length], error: String(err) });
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, work.length) }, worker));
  return { due: work.length, advanced, inFlight, failed, itemsRead };
}
