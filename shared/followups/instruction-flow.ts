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
import {
  assigneeName,
  assigneesWithStandIns,
  planInstruction,
  type InstructionReminder,
} from './rules/instructions.ts';
import type { DelegateInput, InstructionInput, ProgressInput } from './rules/input.ts';
import { zoneOf } from '../org/index.ts';
import {
  reportNotFound,
  type Instruction,
  type InstructionAlso,
  type ParentCopy,
  type Report,
} from '../reports/index.ts';
import { formatLocal } from '../platform/kernel/time.ts';

const { authorize } = followupAccess;

/**
 * A leader in the chain writes an instruction on a report (批示, POLICY.md §3.5).
 * 1. Only someone the report reached may instruct; the due time must be in the future; assignees must be people of the
 *    same organisation, or, on a parent's copy of a forwarded report, of the organisation that sent it as well
 *    (anyone else: 400 naming `assigneeIds`).
 * 2. An instruction naming people of the lower organisation comes down (上级批示): the lower report holds it (its
 *    assignees, reminders, 待办 and 督办 are the lower organisation's), with `fromOrgId`, and the copy mirrors it.
 * 3. Writes the instruction, its lookup, each assignee's entry and the timeline event(s) in one transaction.
 * 4. The assignment mail and the reminders go out from the due index (nudged now; the check covers a lost nudge).
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
  const lowerOrgId = report.forwardedFrom?.orgId;
  const orgOf = (id: string) => people.get(id)?.orgId;
  const details = input.assigneeIds
    .filter((id) => orgOf(id) !== report.orgId && (!lowerOrgId || orgOf(id) !== lowerOrgId))
    .map((id) => ({
      field: 'assigneeIds',
      code: 'unknown',
      message: lowerOrgId ? `本单位和报送单位都没有承办人 ${id}` : `本单位没有承办人 ${id}`,
    }));
  if (new Date(input.dueAt) <= now) details.push({ field: 'dueAt', code: 'in_past', message: '办结时限必须晚于现在' });
  if (details.length) throw new ValidationError(details);
  const deputyIds = [...people.values()].flatMap((p) => (p.deputyId && !people.has(p.deputyId) ? [p.deputyId] : []));
  if (deputyIds.length) for (const [id, p] of await deps.orgs.getPeople(deputyIds)) people.set(id, p);
  const comesDown = !!lowerOrgId && input.assigneeIds.some((id) => orgOf(id) === lowerOrgId);
  const lower = comesDown ? await deps.reports.get(report.forwardedFrom!.reportId) : undefined;
  if (comesDown && !lower) throw reportNotFound();
  const holder: Report = lower ?? report;
  const at = now.toISOString();
  const ins: Instruction = {
    instructionId: deps.ids(),
    reportId: holder.reportId,
    orgId: holder.orgId,
    text: input.text,
    assignees: assigneesWithStandIns(input.assigneeIds, people, now),
    dueAt: new Date(input.dueAt).toISOString(),
    givenById: caller.personId,
    givenByName: caller.name,
    givenAt: at,
    status: 'open',
    progress: [],
    reminded: [],
    nextRemindAt: at,
    reportTitle: holder.title,
    version: 0,
    ...(lower ? { fromOrgId: org.orgId, fromOrgName: org.name, fromReportId: report.reportId } : {}),
  };
  const names = ins.assignees.map(assigneeName).join('、');
  const due = formatLocal(ins.dueAt, report.timezone);
  const event = actor(
    deps,
    caller,
    at,
    'instruction',
    `${caller.name} 批示：${input.text}（承办：${names}；时限 ${due}）`,
  );
  if (lower)
    await deps.reports.createInstruction(
      { ...ins },
      { ...event, detail: `上级单位 ${org.name} ${caller.name} 批示：${input.text}（承办：${names}；时限 ${due}）` },
      {
        ...actor(
          deps,
          caller,
          at,
          'instruction',
          `${caller.name} 批示，交 ${report.forwardedFrom!.orgName} 落实：${input.text}（承办：${names}；时限 ${due}）`,
        ),
      },
    );
  else await deps.reports.createInstruction(ins, event);
  await deps.queue
    .nudge({ reportId: ins.reportId, instructionId: ins.instructionId })
    .catch((err) => deps.log.warn('instruction nudge failed; the check covers it', { error: String(err) }));
  return ins;
}

/** What the access rule needs of an instruction: it, its organisation's office and, from the parent, the parent's. */
export async function instructionResource(deps: FollowupsDeps, ins: Instruction) {
  const [org, from] = await Promise.all([
    deps.orgs.getOrg(ins.orgId),
    ins.fromOrgId ? deps.orgs.getOrg(ins.fromOrgId) : Promise.resolve(undefined),
  ]);
  return {
    org,
    resource: {
      kind: 'instruction' as const,
      instruction: ins,
      officeDepartmentId: org?.officeDepartmentId,
      fromOfficeDepartmentId: from?.officeDepartmentId,
    },
  };
}

type ChangeAction = 'instruction.progress' | 'instruction.close' | 'instruction.delegate' | 'instruction.chase';

async function loadForChange(deps: FollowupsDeps, caller: Caller, instructionId: string, action: ChangeAction) {
  const ins = await deps.reports.getInstruction(instructionId);
  if (!ins) throw instructionNotFound();
  const { org, resource } = await instructionResource(deps, ins);
  if (!org) throw instructionNotFound();
  authorize(caller, action, resource);
  if (ins.status === 'closed') throw instructionClosed();
  return ins;
}

type Change = { next: Instruction; event: StoredEvent; also?: InstructionAlso };

/** One change of an open instruction by the caller, saved under its lock (read again and redone on a lost race). */
function changeInstruction(
  deps: FollowupsDeps,
  caller: Caller,
  instructionId: string,
  action: ChangeAction,
  change: (ins: Instruction, at: string) => Change | Promise<Change>,
): Promise<Instruction> {
  return retryStale(
    4,
    async () => {
      const ins = await loadForChange(deps, caller, instructionId, action);
      const { next, event, also } = await change(ins, deps.clock().toISOString());
      return (await deps.reports.saveInstruction(next, ins.version, [event], also))
        ? { ...next, version: ins.version + 1 }
        : STALE;
    },
    () => {
      throw instructionBusy();
    },
  );
}

/** The same event on the parent's copy, for an instruction from the parent. */
const onCopy = (deps: FollowupsDeps, ins: Instruction, e: StoredEvent, detail: string): InstructionAlso =>
  ins.fromReportId ? { copyEvents: [{ ...e, eventId: deps.ids(), detail }] } : {};

const actor = (deps: FollowupsDeps, caller: Caller, at: string, type: string, detail: string): StoredEvent => ({
  eventId: deps.ids(),
  at,
  type,
  actorId: caller.personId,
  actorName: caller.name,
  sourceIp: caller.sourceIp,
  detail,
});

/**
 * An assignee reports what was done (落实情况); `done` marks it carried out and stops the reminders. On an instruction
 * from the parent the progress goes up in the same transaction: a follow-up `feedback` (反馈) on the parent's copy,
 * whose chain is told as of a 续报.
 */
export async function postProgress(
  deps: FollowupsDeps,
  caller: Caller,
  instructionId: string,
  input: ProgressInput,
): Promise<Instruction> {
  const done = input.done === true;
  return changeInstruction(deps, caller, instructionId, 'instruction.progress', async (ins, at) => {
    const me = ins.assignees.find((a) => a.personId === caller.personId);
    const byName = me?.standInFor ? assigneeName(me) : caller.name;
    const detail = `${byName} 报告落实情况${done ? '（已办结）' : ''}：${input.text}`;
    const event = actor(deps, caller, at, 'progress', detail);
    const copy = ins.fromReportId ? await deps.reports.get(ins.fromReportId) : undefined;
    return {
      next: {
        ...ins,
        progress: [...ins.progress, { at, byId: caller.personId, byName, text: input.text, done }],
        ...(done ? { status: 'done', doneAt: at, nextRemindAt: undefined } : {}),
      },
      event,
      also: copy ? { feedback: feedbackOnCopy(deps, copy, ins, caller, input.text, done, at) } : {},
    };
  }).then(async (ins) => {
    if (!ins.fromReportId) return ins;
    await deps.queue.nudge({ reportId: ins.fromReportId }).catch(() => undefined); // the check covers a lost nudge
    // The giver in the parent hears of it whether or not the copy's chain has reached them yet (once per progress).
    const giver = await giverOf(deps, ins);
    if (giver?.email) {
      const copy = await deps.reports.get(ins.fromReportId);
      const mail = feedbackMail(ins, giver, caller.name, input.text, done, deps.appUrl, copy);
      const key = `instr#${ins.instructionId}#feedback#${ins.progress.length}#${giver.personId}`;
      await sendOnce(deps.mailer, deps.reports.mailSlot(ins.reportId, key), deps.clock(), mail, () => mail).catch(
        (err) => deps.log.warn('feedback mail to the giver failed', { error: String(err) }),
      );
    }
    return ins;
  });
}

/** The giver's mail about progress on an instruction from above: it links to the parent's copy. */
function feedbackMail(
  ins: Instruction,
  to: { name: string; email: string },
  byName: string,
  text: string,
  done: boolean,
  appUrl: string,
  copy: Report | undefined,
) {
  const secret = restrictedFacts(copy, zoneOf(copy));
  const link = `${appUrl.replace(/\/$/, '')}/reports/${ins.fromReportId}`;
  const subject = headerSafe(`【批示落实反馈】${secret?.what ?? ins.reportTitle}`);
  const lead = `下级单位 ${byName} 报告了您批示的落实情况${done ? '（已办结，请验收销号）' : ''}。`;
  const body = html`<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${subject}</title></head>
<body style="margin:0;background:#f2f2f2"><div style="max-width:480px;margin:0 auto;background:#fff;padding:16px;font-family:sans-serif;font-size:16px;line-height:1.6">
<p><a href="${link}" style="display:block;background:#b71c1c;color:#fff;padding:14px 0;text-align:center;font-weight:bold;text-decoration:none;border-radius:6px">${done ? '打开报告，验收销号' : '打开报告，查看落实情况'}</a></p>
<p>${to.name}：</p><p><strong>${lead}</strong></p>${secret ? secret.lines.map((l) => html`<p>${l}</p>`) : html`<p>落实情况：${multiline(text)}</p><p>批示：${ins.text}</p>`}</div></body></html>`;
  const facts = secret ? secret.lines : [`落实情况：${text}`, `批示：${ins.text}`];
  const plain = [`打开报告：${link}`, '', `${to.name}：`, '', lead, '', ...facts].join('\n');
  return { to: to.email, subject, html: body.value, text: plain };
}

/** Progress on the parent's instruction as the parent's copy shows it: a follow-up 反馈, told to the copy's chain. */
function feedbackOnCopy(
  deps: FollowupsDeps,
  copy: Report,
  ins: Instruction,
  caller: Caller,
  text: string,
  done: boolean,
  at: string,
): ParentCopy {
  const sequence = (copy.followupCount ?? 0) + 1;
  const label = '落实反馈';
  const summary = `对 ${ins.givenByName} 批示的落实情况${done ? '（已办结，待验收销号）' : ''}：${text}`;
  const org = copy.forwardedFrom?.orgName ?? '';
  return {
    parent: copy,
    record: {
      sequence,
      label,
      kind: 'feedback',
      summary,
      filedById: caller.personId,
      filedByName: `${org} ${caller.name}`,
      filedAt: at,
      fromReportId: ins.reportId,
      carriedUp: true,
    },
    event: {
      eventId: deps.ids(),
      at,
      type: 'feedback',
      actorId: caller.personId,
      actorName: caller.name,
      detail: `下级单位 ${org} ${caller.name} 报来批示落实情况${done ? '（已办结）' : ''}`,
    },
    notice: {
      key: `followup#${sequence}`,
      sequence,
      label,
      kind: 'followup',
      summary,
      filedByName: `${org} ${caller.name}`,
      filedAt: at,
    },
    now: new Date(at),
  };
}

/**
 * The leader who gave it (or the office) closes the instruction (销号): it leaves every open list. An instruction
 * from the parent is closed only by its giver or the parent's office (验收), never by the lower organisation.
 */
export async function closeInstruction(
  deps: FollowupsDeps,
  caller: Caller,
  instructionId: string,
): Promise<Instruction> {
  return changeInstruction(deps, caller, instructionId, 'instruction.close', (ins, at) => {
    const word = ins.fromOrgId ? '验收销号' : '销号';
    const event = actor(deps, caller, at, 'instructionClosed', `${caller.name} 对批示${word}：${ins.text}`);
    return {
      next: { ...ins, status: 'closed', closedAt: at, closedByName: caller.name, nextRemindAt: undefined },
      event: ins.fromOrgId ? { ...event, detail: `上级单位 ${ins.fromOrgName} ${event.detail}` } : event,
      also: onCopy(deps, ins, event, `${caller.name} 对交 下级单位 的批示验收销号：${ins.text}`),
    };
  });
}

/**
 * 转办: the lower office passes an instruction from the parent on to its own people (its departments). They join the
 * assignees (their 待办, the reminders, the right to open the report and report progress) and are mailed at once,
 * each once; the instruction stays the parent's to close.
 */
export async function delegateInstruction(
  deps: FollowupsDeps,
  caller: Caller,
  instructionId: string,
  input: DelegateInput,
): Promise<Instruction> {
  const people = await deps.orgs.getPeople(input.assigneeIds);
  let added: Instruction['assignees'] = [];
  const saved = await changeInstruction(deps, caller, instructionId, 'instruction.delegate', (ins, at) => {
    const wrong = input.assigneeIds
      .filter((id) => people.get(id)?.orgId !== ins.orgId)
      .map((id) => ({ field: 'assigneeIds', code: 'unknown', message: `本单位没有承办人 ${id}` }));
    if (wrong.length) throw new ValidationError(wrong);
    const known = new Set(ins.assignees.map((a) => a.personId));
    added = [...new Set(input.assigneeIds)]
      .filter((id) => !known.has(id))
      .map((id) => ({ personId: id, name: people.get(id)!.name, email: people.get(id)!.email }));
    const names = added.map((a) => a.name);
    const delegation = {
      at,
      byId: caller.personId,
      byName: caller.name,
      names,
      ...(input.note ? { note: input.note } : {}),
    };
    const detail = `${caller.name} 转办批示：交 ${names.join('、') || '（已在承办人中）'}${input.note ? `。${input.note}` : ''}`;
    const event = actor(deps, caller, at, 'instructionDelegated', detail);
    return {
      next: { ...ins, assignees: [...ins.assignees, ...added], delegations: [...(ins.delegations ?? []), delegation] },
      event,
      also: {
        ...onCopy(deps, ins, event, `下级单位 ${caller.name} 转办批示：交 ${names.join('、')}`),
        newAssigneeIds: added.map((a) => a.personId),
      },
    };
  });
  const held = await deps.reports.get(saved.reportId);
  const tz = zoneOf(held);
  const n = saved.delegations?.length ?? 0;
  for (const person of added.filter((p) => p.email)) {
    const mail = instructionMail(
      saved,
      { key: 'delegated', at: saved.givenAt, kind: 'assigned', toGiver: false },
      person,
      tz,
      deps.appUrl,
      `${caller.name} 转办`,
      false,
      held,
    );
    const key = `instr#${saved.instructionId}#delegated#${n}#${person.personId}`;
    await sendOnce(deps.mailer, deps.reports.mailSlot(saved.reportId, key), deps.clock(), mail, () => mail);
  }
  return saved;
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
      const stored = await deps.reports.getInstruction(instructionId);
      if (!stored || stored.reportId !== reportId || !stored.nextRemindAt || new Date(stored.nextRemindAt) > now)
        return { mailsSent: 0, saved: false };
      const plan = planInstruction(stored, now);
      // 代理 at send time: an assignee away now whose stand-in is available has the stand-in added (代 X), so a
      // leave that began after the instruction was given still reaches someone who may act on it.
      const ins = plan.send.length && stored.status === 'open' ? await withStandInsNow(deps, stored, now) : stored;
      const added = ins.assignees.filter((a) => !stored.assignees.some((s) => s.personId === a.personId));
      let mailsSent = 0;
      const events: StoredEvent[] = [];
      const held = await deps.reports.get(reportId);
      const tz = zoneOf(held);
      if (added.length)
        events.push({
          eventId: deps.ids(),
          at: now.toISOString(),
          type: 'instructionStandIn',
          detail: `承办人请假，由代理人承办：${added.map(assigneeName).join('、')}`,
        });
      for (const reminder of plan.send) {
        const recipients = [...ins.assignees, ...(reminder.toGiver ? [await giverOf(deps, ins)] : [])].filter(
          (p): p is { personId: string; name: string; email: string } => !!p?.email,
        );
        for (const person of recipients) {
          const key = `instr#${ins.instructionId}#${reminder.key}#${person.personId}`;
          const mail = instructionMail(
            ins,
            reminder,
            person,
            tz,
            deps.appUrl,
            undefined,
            person.personId === ins.givenById,
            held,
          );
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
          detail: `${reminder.kind === 'assigned' ? '批示已送达' : reminder.kind === 'before' ? '批示到期前提醒' : '批示逾期催办'}：${ins.assignees.map(assigneeName).join('、')}`,
        });
      }
      const next: Instruction = {
        ...ins,
        reminded: [...new Set([...ins.reminded, ...plan.reached])],
        nextRemindAt: plan.nextRemindAt,
      };
      const newAssigneeIds = added.map((a) => a.personId);
      if (!(await deps.reports.saveInstruction(next, stored.version, events, { newAssigneeIds }))) return STALE;
      if (plan.nextRemindAt) {
        const inSeconds = (new Date(plan.nextRemindAt).getTime() - now.getTime()) / 1000;
        if (inSeconds <= 900) await deps.queue.nudge({ reportId, instructionId }, inSeconds).catch(() => undefined);
      }
      return { mailsSent, saved: true };
    },
    () => ({ mailsSent: 0, saved: false }),
  );
}

/** The instruction with the stand-ins of its assignees away at `now` added (org rule `actingFor`), once each. */
async function withStandInsNow(deps: FollowupsDeps, ins: Instruction, now: Date): Promise<Instruction> {
  const principals = ins.assignees.filter((a) => !a.standInFor).map((a) => a.personId);
  const people = new Map(await deps.orgs.getPeople(principals));
  const deputies = [...people.values()].flatMap((p) => (p.deputyId && !people.has(p.deputyId) ? [p.deputyId] : []));
  if (!deputies.length) return ins;
  for (const [id, p] of await deps.orgs.getPeople(deputies)) people.set(id, p);
  const fresh = assigneesWithStandIns(
    principals.filter((id) => people.has(id)),
    people,
    now,
  ).filter((a) => a.standInFor && !ins.assignees.some((c) => c.personId === a.personId));
  return fresh.length ? { ...ins, assignees: [...ins.assignees, ...fresh] } : ins;
}

async function giverOf(deps: FollowupsDeps, ins: Instruction) {
  const p = await deps.orgs.getPerson(ins.givenById);
  return p ? { personId: p.personId, name: p.name, email: p.email } : undefined;
}

/** What a mail about an instruction may say of the report that holds it. */
export type RestrictedFacts = Pick<Report, 'confidentiality' | 'categoryLabel' | 'severity' | 'occurredAt'>;

/**
 * A `restricted` (密级) report's mails carry its category, severity, time and the link only (issue 17 item 8, as the
 * escalation mail): no title, summary, place, nor the instruction's words, which may repeat them. Undefined otherwise.
 */
export function restrictedFacts(report: RestrictedFacts | undefined, tz: string) {
  if (report?.confidentiality !== 'restricted') return undefined;
  return {
    what: `${report.severity}级 ${report.categoryLabel}（密级）`,
    lines: [
      `等级：${report.severity}级`,
      `类别：${report.categoryLabel}`,
      `发生时间：${formatLocal(report.occurredAt, tz)}`,
      '密级报告：标题、情况、地点与批示内容不在邮件中，请打开报告页面查看。',
    ],
  };
}

/**
 * The mail of an instruction: assignment (or 转办 when `passedOnBy`), 24 hours before, overdue. Its link opens the
 * report that holds it, or for the giver of an instruction from the parent, the parent's copy.
 */
export function instructionMail(
  ins: Instruction,
  reminder: InstructionReminder,
  to: { name: string; email: string; standInFor?: { name: string } },
  tz: string,
  appUrl: string,
  passedOnBy?: string,
  toGiver = false,
  held?: RestrictedFacts,
) {
  const secret = restrictedFacts(held, tz);
  const prefix =
    reminder.kind === 'assigned'
      ? ins.fromOrgId
        ? '【上级批示】'
        : '【领导批示】'
      : reminder.kind === 'before'
        ? '【批示将到期】'
        : '【批示已逾期】';
  const subject = headerSafe(`${prefix}${secret?.what ?? ins.reportTitle}`);
  const giver = ins.fromOrgId ? `上级单位 ${ins.fromOrgName} ${ins.givenByName}` : ins.givenByName;
  const lead =
    reminder.kind === 'assigned'
      ? `${giver} 对紧急信息作出批示${passedOnBy ? `，${passedOnBy}给您` : ''}，请您${to.standInFor ? `（代 ${to.standInFor.name}）` : ''}承办，并按时报告落实情况。`
      : reminder.kind === 'before'
        ? `批示将于 ${formatLocal(ins.dueAt, tz)} 到期，请抓紧落实并报告落实情况。`
        : `批示已于 ${formatLocal(ins.dueAt, tz)} 到期，尚未办结，请立即落实并报告。`;
  const reportId = toGiver && ins.fromReportId ? ins.fromReportId : ins.reportId;
  const link = `${appUrl.replace(/\/$/, '')}/reports/${reportId}`;
  const action = toGiver ? '打开报告，查看落实情况' : '打开报告，报告落实情况';
  const body = html`<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${subject}</title></head>
<body style="margin:0;background:#f2f2f2"><div style="max-width:480px;margin:0 auto;background:#fff;padding:16px;font-family:sans-serif;font-size:16px;line-height:1.6">
<p><a href="${link}" style="display:block;background:#b71c1c;color:#fff;padding:14px 0;text-align:center;font-weight:bold;text-decoration:none;border-radius:6px">${action}</a></p>
<p>${to.standInFor ? `${to.name}（代 ${to.standInFor.name}）` : to.name}：</p><p><strong>${lead}</strong></p>${secret ? html`${secret.lines.map((l) => html`<p>${l}</p>`)}` : html`<p>报告：${ins.reportTitle}</p><p>批示（${giver}）：</p><blockquote style="margin:0 0 0 8px;padding-left:8px;border-left:3px solid #ccc">${multiline(ins.text)}</blockquote>`}
<p>办结时限：<strong>${formatLocal(ins.dueAt, tz)}</strong></p></div></body></html>`;
  const text = [
    `${action}：${link}`,
    '',
    `${to.standInFor ? `${to.name}（代 ${to.standInFor.name}）` : to.name}：`,
    '',
    lead,
    '',
    ...(secret ? secret.lines : [`报告：${ins.reportTitle}`, `批示（${giver}）：${ins.text}`]),
    `办结时限：${formatLocal(ins.dueAt, tz)}`,
  ].join('\n');
  return { to: to.email, subject, html: body.value, text };
}
