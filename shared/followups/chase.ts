import { sendOnce } from '../platform/mail/send-once.ts';
import { headerSafe } from '../platform/mail/mailer.ts';
import { html } from '../platform/pages/html.ts';
import { formatLocal } from '../platform/kernel/time.ts';
import type { Caller } from '../platform/auth/caller.ts';
import { reportNotFound, type Report } from '../reports/index.ts';
import { followupAccess } from './rules/access.ts';
import type { ChaseInput } from './rules/input.ts';
import type { FollowupsDeps } from './ports.ts';
import { nothingToChase } from './errors.ts';

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
  await deps.reports.appendEvent(report.reportId, {
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
