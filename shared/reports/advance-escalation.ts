import { sendOnce as sendMailOnce } from '../platform/mail/send-once.ts';
import type { StoredEvent } from '../platform/kernel/audit.ts';
import { retryStale, STALE } from '../platform/kernel/retry.ts';
import {
  actingFor,
  MAIL_UNDELIVERABLE_LABEL,
  officeDepartmentOf,
  ROLE_LABELS,
  smsSeveritiesOf,
  textable,
} from '../org/index.ts';
import { newAckToken, newShortAckToken, ACK_TOKEN_TTL_HOURS } from './ack-token.ts';
import { clockTime, renderEscalationMail } from './escalation-mail.ts';
import { escalationText, TEXTED_KINDS } from './rules/texts.ts';
import type { ReportsDeps } from './ports.ts';
import type { MailIntent, Watchers } from './rules/escalation.ts';
import { planReport } from './rules/plan.ts';
import { eventLabel } from './rules/event-labels.ts';
import type { ChainLevel, Report, ReportChange } from './rules/model.ts';
import { lateFindingWrites } from './submit-report.ts';
import { MailInFlight } from './errors.ts';

/**
 * Moves the escalation of one report forward to `now`. The queue consumer and the every-minute check both call it;
 * it is safe to call any number of times, concurrently.
 * 1. Reads the report; nothing to do unless it is due.
 * 2. Plans (pure): who is notified, who timed out, who is reminded.
 * 3. Sends each planned mail once (a send-once record per report, step and person guards against redelivery).
 * 4. Saves the new chain with an optimistic lock, with one timeline event per mail; a lost race re-plans from the new state.
 * 5. Nudges the queue with a delay when the next deadline is within SQS's 15 minutes, for second-level precision.
 */
export async function advanceEscalation(
  deps: ReportsDeps,
  reportId: string,
  now: Date = deps.clock(),
): Promise<{ mailsSent: number; saved: boolean }> {
  let mailsSent = 0;
  return retryStale(
    4,
    async () => {
      const stored = await deps.reports.get(reportId);
      if (!stored?.nextDueAt || new Date(stored.nextDueAt) > now) return { mailsSent, saved: false };
      // 代理 at send time: a level not yet reached goes to whoever acts for its person now (a leave that began after
      // the report was submitted, or one that ended); what is saved with the step is the chain as it was sent.
      // Whether the steps are also texted is read beside that (one round trip less before the first mail; a step
      // that texts nobody reads it for nothing).
      const [report, textsOn] = await Promise.all([withActingNow(deps, stored, now), textsFor(deps, stored)]);

      let plan = planReport(report, now);
      if (plan.needsWatchers) plan = planReport(report, now, await watchersOf(deps, report, now));

      const events: StoredEvent[] = plan.events.map((e) => ({
        eventId: deps.ids(),
        at: now.toISOString(),
        type: e.type,
        detail: e.detail,
      }));
      const texted = textsOn && plan.mails.some((m) => TEXTED_KINDS.has(m.kind));
      for (const intent of plan.mails) {
        const planned = { ...report, chain: plan.change.chain ?? report.chain };
        const sent = await sendIntent(deps, planned, intent, now);
        if (sent && !sent.rejected && !sent.skipped) mailsSent++;
        const type = sent?.rejected
          ? 'mailRejected'
          : sent?.skipped
            ? 'mailSkipped'
            : intent.kind === 'unanswered'
              ? 'watcherNotified'
              : intent.kind.startsWith('followup') || intent.kind === 'signOffOverdue'
                ? intent.kind
                : 'notified';
        events.push({
          eventId: deps.ids(),
          at: now.toISOString(),
          type,
          detail: sent ? sent.detail : `${eventLabel(type)}：已发送（重复投递，未重发）`,
        });
        if (texted && TEXTED_KINDS.has(intent.kind)) {
          const text = await textIntent(deps, planned, intent, now);
          if (text) events.push({ eventId: deps.ids(), at: now.toISOString(), ...text });
        }
      }

      // Whoever is told that nobody answers may open the report the mail links to (the visibility rule).
      const watchers = plan.mails.filter((m) => m.kind === 'unanswered').map((m) => m.personId);
      const newWatchers = watchers.filter((id) => !report.watcherIds?.includes(id));
      const change = newWatchers.length
        ? { ...plan.change, watcherIds: [...(report.watcherIds ?? []), ...new Set(newWatchers)] }
        : plan.change;
      // A phoned-in report whose written version is overdue has just become late: its finding is proposed with the save.
      const also = plan.becameLate ? await lateWrites(deps, report, change, now) : undefined;
      const saved = change.chain || report.chain === stored.chain ? change : { ...change, chain: report.chain };
      if (!(await deps.reports.saveEscalation(stored, stored.version, saved, events, also))) return STALE;
      if (plan.change.nextDueAt) {
        const inSeconds = (new Date(plan.change.nextDueAt).getTime() - now.getTime()) / 1000;
        if (inSeconds <= 900)
          await deps.queue
            .nudge({ reportId }, inSeconds)
            .catch((err) =>
              deps.log.warn('delayed nudge failed; the check covers it', { reportId, error: String(err) }),
            );
      }
      return { mailsSent, saved: true };
    },
    () => ({ mailsSent, saved: false }),
  );
}

/**
 * The report with each level still `pending` reaching whoever acts for its person at `now` (org rule `actingFor`): the
 * person himself when available, else his stand-in (代 X). A level with nobody acting keeps its person (the timeout
 * moves the report up as before). The same report object when nothing changes.
 */
export async function withActingNow(deps: Pick<ReportsDeps, 'orgs'>, report: Report, now: Date): Promise<Report> {
  const pending = report.chain.filter((l) => l.state === 'pending' && l.personId);
  if (!pending.length) return report;
  const principals = [...new Set(pending.map((l) => l.standInFor?.personId ?? l.personId!))];
  const people = new Map(await deps.orgs.getPeople(principals));
  const deputies = [...people.values()].flatMap((p) => (p.deputyId && !people.has(p.deputyId) ? [p.deputyId] : []));
  if (deputies.length) for (const [id, p] of await deps.orgs.getPeople(deputies)) people.set(id, p);
  const taken = new Set(report.chain.filter((l) => l.state !== 'pending' && l.personId).map((l) => l.personId));
  taken.add(report.reporterId);
  let changed = false;
  const chain = report.chain.map((l): ChainLevel => {
    if (l.state !== 'pending' || !l.personId) return l;
    const principal = people.get(l.standInFor?.personId ?? l.personId);
    const acting = principal && actingFor(principal, people, now);
    if (!acting || acting.person.personId === l.personId || taken.has(acting.person.personId)) return l;
    changed = true;
    const { standInFor: _s, phone: _p, ...rest } = l;
    const p = acting.person;
    return {
      ...rest,
      personId: p.personId,
      name: p.name,
      email: p.email,
      ...(p.phone ? { phone: p.phone } : {}),
      ...(acting.standInFor ? { standInFor: acting.standInFor } : {}),
    };
  });
  return changed ? { ...report, chain } : report;
}

/** Whether this report's steps are also texted: a texter is wired and its severity is one of the organisation's. */
async function textsFor(deps: ReportsDeps, report: Report): Promise<boolean> {
  if (!deps.texter) return false;
  const org = await deps.orgs.getOrg(report.orgId);
  return !!org && smsSeveritiesOf(org.config).includes(report.severity);
}

/**
 * Texts one planned step once, besides its mail (its own send-once record: the mail's key + `#sms`), to the
 * person's mobile. A text never holds the chain: a refusal or a failure is written to the timeline and logged, the
 * step is saved as planned, and the mail has gone out. A failed text's record is given back by `sendOnce`; until the
 * outbox retries it (issue 15 item 1), it is not sent again once the step is saved.
 */
async function textIntent(
  deps: ReportsDeps,
  report: Report,
  intent: MailIntent,
  now: Date,
): Promise<{ type: string; detail: string } | undefined> {
  const texter = deps.texter;
  if (!texter) return undefined;
  const person = await deps.orgs.getPerson(intent.personId);
  if (!person || !textable(person.phone)) return undefined;
  const phone = person.phone;
  const base = deps.appUrl.replace(/\/$/, '');
  const level = report.chain.find((l) => l.level === intent.level && l.personId === intent.personId);
  const inChain = !!level && intent.kind !== 'unanswered';
  const by =
    inChain && level.ackDeadline && intent.kind !== 'reminder'
      ? clockTime(level.ackDeadline, now.toISOString(), report.timezone)
      : undefined;
  const key = `${intent.key}#sms`;
  try {
    const sent = await sendMailOnce(
      texter,
      deps.reports.mailSlot(report.reportId, key),
      now,
      { to: phone, subject: `短信 ${intent.kind}` },
      async () => {
        let link = `${base}/reports/${report.reportId}`;
        if (inChain) link = `${base}/a/${await mintAckToken(deps, report, intent, now, newShortAckToken)}`;
        return {
          to: phone,
          body: escalationText(intent, report, link, by),
          personId: person.personId,
          orgId: report.orgId,
        };
      },
    );
    if (sent.status === 'sent') return { type: 'smsSent', detail: `已发短信给 ${person.name}（${phone}）` };
    if (sent.status === 'rejected' && sent.now) {
      deps.log.error('escalation text rejected', { reportId: report.reportId, key, reason: sent.reason });
      return { type: 'smsRejected', detail: `短信被拒收，未能送达 ${person.name}（${phone}）：${sent.reason}` };
    }
    return undefined;
  } catch (err) {
    deps.log.error('escalation text failed; the chain goes on by mail', {
      reportId: report.reportId,
      key,
      error: String(err),
    });
    return { type: 'smsFailed', detail: `短信未能发出（${person.name}，${phone}），已照常发送邮件` };
  }
}

async function lateWrites(deps: ReportsDeps, report: Report, change: ReportChange, now: Date) {
  const [org, department] = await Promise.all([
    deps.orgs.getOrg(report.orgId),
    deps.orgs.getDepartment(report.orgId, report.departmentId),
  ]);
  return org ? lateFindingWrites(deps, org, { ...report, ...change } as Report, department?.name, now) : undefined;
}

async function watchersOf(deps: ReportsDeps, report: Report, now: Date): Promise<Watchers> {
  const [org, departments, shift] = await Promise.all([
    deps.orgs.getOrg(report.orgId),
    deps.orgs.listDepartments(report.orgId),
    deps.orgs.shiftAt(report.orgId, now),
  ]);
  const office = officeDepartmentOf(org, departments);
  return { officeHeadId: office?.headId, dutyOfficerId: shift?.dutyOfficerId };
}

/**
 * Sends one planned mail once. A mail SES refuses for good (`rejected`) does not hold the report back: the step is
 * saved as planned with a 'mailRejected' event naming who was not reached, so an unanswered level still times out
 * and the chain moves up; a transient failure throws and the whole step is retried.
 */
async function sendIntent(
  deps: ReportsDeps,
  report: Report,
  intent: MailIntent,
  now: Date,
): Promise<{ detail: string; rejected?: boolean; skipped?: boolean } | undefined> {
  const level = report.chain.find((l) => l.level === intent.level);
  const inChain =
    !!level &&
    level.personId === intent.personId &&
    ['notify', 'escalation', 'parallel', 'reminder'].includes(intent.kind);
  const person = inChain ? { name: level.name, email: level.email } : await deps.orgs.getPerson(intent.personId);
  if (!person?.email) {
    deps.log.warn('mail recipient has no address', { reportId: report.reportId, intent });
    return undefined;
  }
  // An address SES reported as bouncing for good (or complained of) is not mailed: the step is saved as planned, so
  // the level still times out and the chain moves up; the timeline says why. Mail only: a text is another send.
  // The link's token is written beside that look-up (one round trip less before the mail). A token whose mail is then
  // skipped, or was sent already by an earlier delivery, is never linked and lapses (ACK_TOKEN_TTL_HOURS).
  const [marked, token] = await Promise.all([
    inChain ? deps.orgs.getPerson(intent.personId) : person,
    inChain ? mintAckToken(deps, report, intent, now, newAckToken) : undefined,
  ]);
  const mark = marked && 'mailUndeliverable' in marked ? marked.mailUndeliverable : undefined;
  if (mark) {
    const who = `${level && inChain ? (ROLE_LABELS[level.role] ?? '') : ''} ${person.name}（${person.email}）`;
    return {
      detail: `未发邮件给${who}：${MAIL_UNDELIVERABLE_LABEL}（${mark.reason}）。未确认的层级仍将按时上报。`,
      skipped: true,
    };
  }
  const mailKey = intent.key;
  const to = { name: person.name, email: person.email };
  const reportLink = `${deps.appUrl.replace(/\/$/, '')}/reports/${report.reportId}`;
  const subjectPreview = renderEscalationMail(report, intent, to, undefined).subject;
  const sent = await sendMailOnce(
    deps.mailer,
    deps.reports.mailSlot(report.reportId, mailKey),
    now,
    { to: to.email, subject: subjectPreview },
    async () => {
      const link = token && `${deps.appUrl.replace(/\/$/, '')}/ack/${token}`;
      return renderEscalationMail(report, intent, to, link, reportLink);
    },
  );
  if (sent.status === 'alreadySent') return undefined;
  if (sent.status === 'busy') throw new MailInFlight(mailKey);
  const role = level && inChain ? (ROLE_LABELS[level.role] ?? '') : '';
  if (sent.status === 'rejected') {
    if (!sent.now) return undefined;
    deps.log.error('escalation mail rejected', {
      reportId: report.reportId,
      mailKey,
      to: to.email,
      reason: sent.reason,
    });
    return {
      detail: `邮件被退回，未能送达${role} ${person.name}（${person.email}）：${sent.reason}。请核对其邮箱地址；未确认的层级仍将按时上报。`,
      rejected: true,
    };
  }
  const what =
    intent.kind === 'followup'
      ? `${intent.notice?.label ?? '续报'}已发送`
      : intent.kind === 'followupReminder'
        ? '已催报'
        : intent.kind === 'followupOverdue'
          ? '已告知续报逾期'
          : intent.kind === 'signOffOverdue'
            ? '已提醒签发'
            : '已通知';
  const acting = inChain && level?.standInFor ? `（代 ${level.standInFor.name}）` : '';
  return { detail: `${what}${role} ${person.name}${acting}（${person.email}）` };
}

/** A one-time acknowledgement token for one step's person, stored by its hash (the mail's link or the text's short one). */
async function mintAckToken(
  deps: ReportsDeps,
  report: Report,
  intent: MailIntent,
  now: Date,
  mint: () => { token: string; hash: string },
): Promise<string> {
  const { token, hash } = mint();
  await deps.reports.putAckToken({
    tokenHash: hash,
    reportId: report.reportId,
    level: intent.level,
    personId: intent.personId,
    expiresAt: new Date(now.getTime() + ACK_TOKEN_TTL_HOURS * 3600_000).toISOString(),
  });
  return token;
}
