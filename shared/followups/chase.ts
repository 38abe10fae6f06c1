import { sendOnce } from '../platform/mail/send-once.ts';
import { headerSafe } from '../platform/mail/mailer.ts';
import { html } from '../platform/pages/html.ts';
import { formatLocal } from '../platform/kernel/time.ts';
import type { Caller } from '../platform/auth/caller.ts';
import { reportNotFound, type Instruction, type Report } from '../reports/index.ts';
import type { StoredEvent } from '../platform/kernel/audit.ts';
import { zoneOf } from '../org/index.ts';
import { instructionResource, restrictedFacts } from './instruction-flow.ts';
import { followupAccess } from './rules/access.ts';
import type { ChaseInput } from './rules/input.ts';
import type { FollowupsDeps } from './ports.ts';
import { instructionNotFound, nothingToChase } from './errors.ts';

const { authorize } = followupAccess;

/** The levels a chase reaches: told and silent (notified, or timed out and still able to acknowledge). */
export function silentLevels(report: Pick<Report, 'status' | 'chain'>) {
  if (report.status !== 'escalating') return [];
  return report.chain.filter(
    (l): l is typeof l & { personId: string } => !!l.personId && (l.state === 'notified' || l.state === 'timedOut'),
  );
}

/**
 * 催办 (POLICY.md §3.5): the office mails the people of the chain who were told and have not acknowledged, again.
 * 1. Only the office may chase (403 for others who see the report, 404 for the rest); nobody silent is 409.
 * 2. Each chase is one: its id is in each mail's send-once key, so a retried request does not mail twice, a
 *    later chase mails again.
 * 3. The timeline records who chased whom, which the office's statistics read (`chased` events).
 */
export async function chaseReport(
  deps: FollowupsDeps,
  caller: Caller,
  reportId: string,
  input: ChaseInput,
): Promise<{ chased: { personId: string; name: string }[] }> {
  const now = deps.clock();
  const report = await deps.reports.get(reportId);
  const org = report && (await deps.orgs.getOrg(report.orgId));
  if (!report || !org) throw reportNotFound();
  authorize(caller, 'report.chase', { kind: 'report', report, officeDepartmentId: org.officeDepartmentId });
  const silent = silentLevels(report);
  if (!silent.length) throw nothingToChase();
  const chaseId = deps.ids();
  const link = `${deps.appUrl.replace(/\/$/, '')}/reports/${report.reportId}`;
  const chased: { personId: string; name: string }[] = [];
  const failed: string[] = [];
  for (const level of silent) {
    const person = level.email ? { name: level.name, email: level.email } : await deps.orgs.getPerson(level.personId);
    if (!person?.email) continue;
    const mail = chaseMail(report, { name: person.name, email: person.email }, caller.name, input.note, link);
    const slot = deps.reports.mailSlot(report.reportId, `chase#${chaseId}#${level.personId}`);
    const sent = await sendOnce(deps.mailer, slot, now, mail, () => mail);
    if (sent.status === 'rejected') failed.push(`${person.name}（${sent.reason}）`);
    else chased.push({ personId: level.personId, name: person.name });
  }
  await countChase(deps, report.reportId, {
    eventId: deps.ids(),
    at: now.toISOString(),
    type: 'chased',
    actorId: caller.personId,
    actorName: caller.name,
    sourceIp: caller.sourceIp,
    detail: `${caller.name} 催办接报：${chased.map((c) => c.name).join('、') || '无人送达'}${failed.length ? `；未能送达 ${failed.join('、')}` : ''}${input.note ? `。${input.note}` : ''}`,
  });
  return { chased };
}

/**
 * Records a chase on the report's timeline and counts it on the report (`chaseCount`, which the timeliness statistics
 * sum), under the report's lock; if the report keeps changing the event is still recorded, uncounted.
 */
async function countChase(deps: FollowupsDeps, reportId: string, event: StoredEvent): Promise<void> {
  for (let i = 0; i < 4; i++) {
    const report = await deps.reports.get(reportId);
    if (!report) return;
    const change = { nextDueAt: report.nextDueAt, chaseCount: (report.chaseCount ?? 0) + 1 };
    if (await deps.reports.saveEscalation(report, report.version, change, [event])) return;
  }
  await deps.reports.appendEvent(reportId, event);
}

/**
 * 催办 on an instruction (POLICY.md §3.5): the office (of the organisation holding it, or of the parent that gave it)
 * mails the assignees who have reported nothing yet, again, each once per chase; the instruction remembers the chase,
 * the report's timeline records it and its `chaseCount` counts it. A done or closed instruction, or one whose
 * assignees have all reported, has nobody to chase (409).
 */
export async function chaseInstruction(
  deps: FollowupsDeps,
  caller: Caller,
  instructionId: string,
  input: ChaseInput,
): Promise<{ chased: { personId: string; name: string }[] }> {
  const now = deps.clock();
  const ins = await deps.reports.getInstruction(instructionId);
  if (!ins) throw instructionNotFound();
  const { org, resource } = await instructionResource(deps, ins);
  if (!org) throw instructionNotFound();
  authorize(caller, 'instruction.chase', resource);
  const silent = ins.status === 'open' ? silentAssignees(ins) : [];
  if (!silent.length) throw nothingToChase();
  const chaseId = deps.ids();
  const report = await deps.reports.get(ins.reportId);
  const tz = zoneOf(report);
  const chased: { personId: string; name: string }[] = [];
  const failed: string[] = [];
  for (const a of silent) {
    if (!a.email) continue;
    const mail = instructionChaseMail(ins, a, caller.name, input.note, tz, deps.appUrl, report);
    const sent = await sendOnce(
      deps.mailer,
      deps.reports.mailSlot(ins.reportId, `chase#${chaseId}#${a.personId}`),
      now,
      mail,
      () => mail,
    );
    if (sent.status === 'rejected') failed.push(`${a.name}（${sent.reason}）`);
    else chased.push({ personId: a.personId, name: a.name });
  }
  const at = now.toISOString();
  const names = chased.map((c) => c.name);
  const detail = `${caller.name} 催办批示落实：${names.join('、') || '无人送达'}${failed.length ? `；未能送达 ${failed.join('、')}` : ''}${input.note ? `。${input.note}` : ''}`;
  const event: StoredEvent = {
    eventId: deps.ids(),
    at,
    type: 'chased',
    actorId: caller.personId,
    actorName: caller.name,
    sourceIp: caller.sourceIp,
    detail,
  };
  // The chase is remembered on the instruction (its page says how often), best effort against a concurrent change.
  for (let i = 0; i < 4; i++) {
    const cur = i === 0 ? ins : await deps.reports.getInstruction(instructionId);
    if (!cur) break;
    const next = { ...cur, chases: [...(cur.chases ?? []), { at, byName: caller.name, names }] };
    const copyEvents = cur.fromReportId ? [{ ...event, eventId: deps.ids() }] : undefined;
    if (await deps.reports.saveInstruction(next, cur.version, [], copyEvents ? { copyEvents } : {})) break;
  }
  await countChase(deps, ins.reportId, event);
  return { chased };
}

/** Who a chase of an instruction reaches: the assignees who have reported no progress on it yet. */
export function silentAssignees(ins: Pick<Instruction, 'assignees' | 'progress'>) {
  const reported = new Set(ins.progress.map((p) => p.byId));
  return ins.assignees.filter((a) => !reported.has(a.personId));
}

export function instructionChaseMail(
  ins: Instruction,
  to: { name: string; email: string },
  byName: string,
  note: string | undefined,
  tz: string,
  appUrl: string,
  held: Report | undefined,
) {
  const secret = restrictedFacts(held, tz);
  const link = `${appUrl.replace(/\/$/, '')}/reports/${ins.reportId}`;
  const subject = headerSafe(`【催办·批示落实】${secret?.what ?? ins.reportTitle}`);
  const giver = ins.fromOrgId ? `上级单位 ${ins.fromOrgName} ${ins.givenByName}` : ins.givenByName;
  const lead = `${byName}（办公室）催办：${giver} 的批示请于 ${formatLocal(ins.dueAt, tz)} 前落实，您尚未报告落实情况。`;
  const body = html`<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${subject}</title></head>
<body style="margin:0;background:#f2f2f2"><div style="max-width:480px;margin:0 auto;background:#fff;padding:16px;font-family:sans-serif;font-size:16px;line-height:1.6">
<p><a href="${link}" style="display:block;background:#b71c1c;color:#fff;padding:14px 0;text-align:center;font-weight:bold;text-decoration:none;border-radius:6px">打开报告，报告落实情况</a></p>
<p>${to.name}：</p><p><strong>${lead}</strong></p>${note ? html`<p>${note}</p>` : ''}${secret ? secret.lines.map((l) => html`<p>${l}</p>`) : html`<p>批示：${ins.text}</p>`}</div></body></html>`;
  const text = [
    `打开报告，报告落实情况：${link}`,
    '',
    `${to.name}：`,
    '',
    lead,
    ...(note ? [note] : []),
    '',
    ...(secret ? secret.lines : [`批示：${ins.text}`]),
  ].join('\n');
  return { to: to.email, subject, html: body.value, text };
}

function chaseMail(
  report: Report,
  to: { name: string; email: string },
  byName: string,
  note: string | undefined,
  link: string,
) {
  const restricted = report.confidentiality === 'restricted';
  const what = restricted ? `${report.categoryLabel}（密级）` : report.title;
  const subject = headerSafe(`【催办·请确认接报】${report.severity}级 ${what}`);
  const lead = `${byName}（办公室）催办：这份紧急信息 ${formatLocal(report.submittedAt, report.timezone)} 报送，您尚未确认接报，请立即打开报告确认。`;
  const body = html`<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${subject}</title></head>
<body style="margin:0;background:#f2f2f2"><div style="max-width:480px;margin:0 auto;background:#fff;padding:16px;font-family:sans-serif;font-size:16px;line-height:1.6">
<p><a href="${link}" style="display:block;background:#b71c1c;color:#fff;padding:14px 0;text-align:center;font-weight:bold;text-decoration:none;border-radius:6px">打开报告，确认接报</a></p>
<p>${to.name}：</p><p><strong>${lead}</strong></p>${note ? html`<p>${note}</p>` : ''}<p>${what}</p></div></body></html>`;
  const text = [`打开报告，确认接报：${link}`, '', `${to.name}：`, '', lead, ...(note ? [note] : []), '', what].join(
    '\n',
  );
  return { to: to.email, subject, html: body.value, text };
}
