import { sendOnce } from '../platform/mail/send-once.ts';
import { followupAccess } from './rules/access.ts';
import type { StoredEvent } from '../platform/kernel/audit.ts';
import { ValidationError } from '../platform/kernel/errors.ts';
import { retryStale, STALE } from '../platform/kernel/retry.ts';
import { html, multiline } from '../platform/pages/html.ts';
import { headerSafe } from '../platform/mail/mailer.ts';
import type { Caller } from '../platform/auth/caller.ts';
import type { FollowupsDeps } from './ports.ts';
import { instructionBusy, instructionClosed, instructionNotFound } from './errors.ts';
import { planInstruction, type InstructionReminder } from './rules/instructions.ts';
import type { InstructionInput, ProgressInput } from './rules/input.ts';
import { zoneOf } from '../org/index.ts';
import { reportNotFound, type Instruction } from '../reports/index.ts';
import { formatLocal } from '../platform/kernel/time.ts';

const { authorize } = followupAccess;

/**
 * A leader in the chain writes an instruction on a report (批示, POLICY.md §3.5).
 * 1. Only someone the report reached may instruct; assignees must be people of the same organisation; the due
 *    time must be in the future.
 * 2. Writes the instruction, its lookup, each assignee's entry and the report's timeline event in one transaction.
 * 3. The assignment mail and the reminders go out from the due index (nudged now; the check covers a lost nudge).
 */
export async function giveInstruction(
  deps: FollowupsDeps,
  caller: Caller,
  reportId: string,
  input: InstructionInput,
): Promise<Instruction> {
  const now = deps.clock();
  const report = await deps.reports.get(reportId);
  const org = report && (await deps.orgs.getOrg(report.orgId));
  if (!report || !org) throw reportNotFound();
  authorize(caller, 'report.instruct', { kind: 'report', report, officeDepartmentId: org.officeDepartmentId });
  const people = await deps.orgs.getPeople(input.assigneeIds);
  const details = input.assigneeIds
    .filter((id) => people.get(id)?.orgId !== report.orgId)
    .map((id) => ({ field: 'assigneeIds', code: 'unknown', message: `本单位没有承办人 ${id}` }));
  if (new Date(input.dueAt) <= now) details.push({ field: 'dueAt', code: 'in_past', message: '办结时限必须晚于现在' });
  if (details.length) throw new ValidationError(details);
  const at = now.toISOString();
  const ins: Instruction = {
    instructionId: deps.ids(),
    reportId,
    orgId: report.orgId,
    text: input.text,
    assignees: [...new Set(input.assigneeIds)].map((id) => ({
      personId: id,
      name: people.get(id)!.name,
      email: people.get(id)!.email,
    })),
    dueAt: new Date(input.dueAt).toISOString(),
    givenById: caller.personId,
    givenByName: caller.name,
    givenAt: at,
    status: 'open',
    progress: [],
    reminded: [],
    nextRemindAt: at,
    reportTitle: report.title,
    version: 0,
  };
  await deps.reports.createInstruction(ins, {
    eventId: deps.ids(),
    at,
    type: 'instruction',
    actorId: caller.personId,
    actorName: caller.name,
    sourceIp: caller.sourceIp,
    detail: `${caller.name} 批示：${input.text}（承办：${ins.assignees.map((a) => a.name).join('、')}；时限 ${formatLocal(ins.dueAt, report.timezone)}）`,
  });
  await deps.queue
    .nudge({ reportId, instructionId: ins.instructionId })
    .catch((err) => deps.log.warn('instruction nudge failed; the check covers it', { error: String(err) }));
  return ins;
}

async function loadForChange(
  deps: FollowupsDeps,
  caller: Caller,
  instructionId: string,
  action: 'instruction.progress' | 'instruction.close',
) {
  const ins = await deps.reports.getInstruction(instructionId);
  const org = ins && (await deps.orgs.getOrg(ins.orgId));
  if (!ins || !org) throw instructionNotFound();
  authorize(caller, action, { kind: 'instruction', instruction: ins, officeDepartmentId: org.officeDepartmentId });
  if (ins.status === 'closed') throw instructionClosed();
  return ins;
}

/** One change of an open instruction by the caller, saved under its lock (read again and redone on a lost race). */
function changeInstruction(
  deps: FollowupsDeps,
  caller: Caller,
  instructionId: string,
  action: 'instruction.progress' | 'instruction.close',
  change: (ins: Instruction, at: string) => { next: Instruction; event: StoredEvent },
): Promise<Instruction> {
  return retryStale(
    4,
    async () => {
      const ins = await loadForChange(deps, caller, instructionId, action);
      const { next, event } = change(ins, deps.clock().toISOString());
      return (await deps.reports.saveInstruction(next, ins.version, [event]))
        ? { ...next, version: ins.version + 1 }
        : STALE;
    },
    () => {
      throw instructionBusy();
    },
  );
}

const actor = (deps: FollowupsDeps, caller: Caller, at: string, type: string, detail: string): StoredEvent => ({
  eventId: deps.ids(),
  at,
  type,
  actorId: caller.personId,
  actorName: caller.name,
  sourceIp: caller.sourceIp,
  detail,
});

/** An assignee reports what was done (落实情况); `done` marks it carried out and stops the reminders. */
export async function postProgress(
  deps: FollowupsDeps,
  caller: Caller,
  instructionId: string,
  input: ProgressInput,
): Promise<Instruction> {
  const done = input.done === true;
  return changeInstruction(deps, caller, instructionId, 'instruction.progress', (ins, at) => ({
    next: {
      ...ins,
      progress: [...ins.progress, { at, byId: caller.personId, byName: caller.name, text: input.text, done }],
      ...(done ? { status: 'done', doneAt: at, nextRemindAt: undefined } : {}),
    },
    event: actor(deps, caller, at, 'progress', `${caller.name} 报告落实情况${done ? '（已办结）' : ''}：${input.text}`),
  }));
}

/** The leader who gave it (or the office) closes the instruction (销号): it leaves every open list. */
export async function closeInstruction(
  deps: FollowupsDeps,
  caller: Caller,
  instructionId: string,
): Promise<Instruction> {
  return changeInstruction(deps, caller, instructionId, 'instruction.close', (ins, at) => ({
    next: { ...ins, status: 'closed', closedAt: at, closedByName: caller.name, nextRemindAt: undefined },
    event: actor(deps, caller, at, 'instructionClosed', `${caller.name} 对批示销号：${ins.text}`),
  }));
}

/**
 * Sends what an open instruction is owed at `now` (assignment, 24 hours before, each overdue day; the giver on the
 * first overdue day), each mail once, then saves which reminders went and when the next is due.
 */
export async function advanceInstruction(
  deps: FollowupsDeps,
  reportId: string,
  instructionId: string,
  now: Date,
): Promise<{ mailsSent: number; saved: boolean }> {
  return retryStale(
    4,
    async () => {
      const ins = await deps.reports.getInstruction(instructionId);
      if (!ins || ins.reportId !== reportId || !ins.nextRemindAt || new Date(ins.nextRemindAt) > now)
        return { mailsSent: 0, saved: false };
      const plan = planInstruction(ins, now);
      let mailsSent = 0;
      const events: StoredEvent[] = [];
      const tz = zoneOf(await deps.reports.get(reportId));
      for (const reminder of plan.send) {
        const recipients = [...ins.assignees, ...(reminder.toGiver ? [await giverOf(deps, ins)] : [])].filter(
          (p): p is { personId: string; name: string; email: string } => !!p?.email,
        );
        for (const person of recipients) {
          const key = `instr#${ins.instructionId}#${reminder.key}#${person.personId}`;
          const mail = instructionMail(ins, reminder, person, tz, deps.appUrl);
          const sent = await sendOnce(deps.mailer, deps.reports.mailSlot(reportId, key), now, mail, () => mail);
          if (sent.status === 'busy') return { mailsSent, saved: false };
          if (sent.status === 'sent') mailsSent++;
          if (sent.status === 'rejected' && sent.now)
            events.push({
              eventId: deps.ids(),
              at: now.toISOString(),
              type: 'mailRejected',
              detail: `批示邮件被退回，未能送达 ${person.name}（${person.email}）：${sent.reason}`,
            });
        }
        events.push({
          eventId: deps.ids(),
          at: now.toISOString(),
          type: reminder.kind === 'assigned' ? 'instructionSent' : 'instructionReminded',
          detail: `${reminder.kind === 'assigned' ? '批示已送达' : reminder.kind === 'before' ? '批示到期前提醒' : '批示逾期催办'}：${ins.assignees.map((a) => a.name).join('、')}`,
        });
      }
      const next: Instruction = {
        ...ins,
        reminded: [...new Set([...ins.reminded, ...plan.reached])],
        nextRemindAt: plan.nextRemindAt,
      };
      if (!(await deps.reports.saveInstruction(next, ins.version, events))) return STALE;
      if (plan.nextRemindAt) {
        const inSeconds = (new Date(plan.nextRemindAt).getTime() - now.getTime()) / 1000;
        if (inSeconds <= 900) await deps.queue.nudge({ reportId, instructionId }, inSeconds).catch(() => undefined);
      }
      return { mailsSent, saved: true };
    },
    () => ({ mailsSent: 0, saved: false }),
  );
}

async function giverOf(deps: FollowupsDeps, ins: Instruction) {
  const p = await deps.orgs.getPerson(ins.givenById);
  return p ? { personId: p.personId, name: p.name, email: p.email } : undefined;
}

function instructionMail(
  ins: Instruction,
  reminder: InstructionReminder,
  to: { name: string; email: string },
  tz: string,
  appUrl: string,
) {
  const prefix =
    reminder.kind === 'assigned' ? '【领导批示】' : reminder.kind === 'before' ? '【批示将到期】' : '【批示已逾期】';
  const subject = headerSafe(`${prefix}${ins.reportTitle}`);
  const lead =
    reminder.kind === 'assigned'
      ? `${ins.givenByName} 对紧急信息作出批示，请您承办，并按时报告落实情况。`
      : reminder.kind === 'before'
        ? `批示将于 ${formatLocal(ins.dueAt, tz)} 到期，请抓紧落实并报告落实情况。`
        : `批示已于 ${formatLocal(ins.dueAt, tz)} 到期，尚未办结，请立即落实并报告。`;
  const link = `${appUrl.replace(/\/$/, '')}/reports/${ins.reportId}`;
  const body = html`<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${subject}</title></head><body style="font-family:sans-serif;line-height:1.6">
<p>${to.name}：</p><p><strong>${lead}</strong></p><p>报告：${ins.reportTitle}</p><p>批示（${ins.givenByName}）：</p><blockquote>${multiline(ins.text)}</blockquote>
<p>办结时限：${formatLocal(ins.dueAt, tz)}</p><p><a href="${link}">打开报告，报告落实情况</a></p></body></html>`;
  const text = [
    `${to.name}：`,
    '',
    lead,
    '',
    `报告：${ins.reportTitle}`,
    `批示（${ins.givenByName}）：${ins.text}`,
    `办结时限：${formatLocal(ins.dueAt, tz)}`,
    '',
    `打开报告：${link}`,
  ].join('\n');
  return { to: to.email, subject, html: body.value, text };
}
