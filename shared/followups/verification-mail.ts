import { headerSafe, type Mail } from '../platform/mail/mailer.ts';
import { formatLocal } from '../platform/kernel/time.ts';
import { html, multiline } from '../platform/pages/html.ts';
import type { VerificationRequest } from './rules/verification.ts';

const shell = (subject: string, inner: ReturnType<typeof html>) =>
  html`<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${subject}</title></head>
<body style="margin:0;background:#f2f2f2"><div style="max-width:480px;margin:0 auto;background:#fff;padding:16px;font-family:sans-serif;font-size:16px;line-height:1.6">${inner}</div></body></html>`;

const button = (link: string, label: string) =>
  html`<p><a href="${link}" style="display:block;background:#b71c1c;color:#fff;padding:14px 0;text-align:center;font-weight:bold;text-decoration:none;border-radius:6px">${label}</a></p>`;

/** 【核报】 to the asked organisation's office head and principal leader: the button, the deadline, the facts. */
export function verificationAskMail(r: VerificationRequest, to: { name: string; email: string }, link: string): Mail {
  const subject = headerSafe(`【核报】${r.orgName}请核实：${r.subject}`);
  const due = formatLocal(r.dueAt, r.timezone);
  const lead = `${r.orgName}办公室获悉以下情况，请贵单位核实，并于 ${due} 前报送报告或答复“经核实无此事”。逾期未答复的，按漏报处理。`;
  const body = shell(
    subject,
    html`${button(link, '打开核报，答复')}<p style="color:#b71c1c;font-weight:bold">请于 ${due} 前答复</p>
<p>${to.name}：</p><p>${lead}</p><p><strong>事由：</strong>${r.subject}</p><p><strong>详细情况：</strong>${multiline(r.details)}</p>
${r.heardFrom ? html`<p><strong>信息来源：</strong>${r.heardFrom}</p>` : ''}<p>提出：${r.createdByName}（${r.orgName}）</p>`,
  );
  const text = [
    `打开核报，答复：${link}`,
    `请于 ${due} 前答复`,
    '',
    `${to.name}：`,
    '',
    lead,
    '',
    `事由：${r.subject}`,
    `详细情况：${r.details}`,
    ...(r.heardFrom ? [`信息来源：${r.heardFrom}`] : []),
    `提出：${r.createdByName}（${r.orgName}）`,
  ].join('\n');
  return { to: to.email, subject, html: body.value, text };
}

/** 【核报已答复】 to whoever asked: what the lower organisation answered. */
export function verificationAnsweredMail(
  r: VerificationRequest,
  to: { name: string; email: string },
  link: string,
): Mail {
  const a = r.answer!;
  const subject = headerSafe(`【核报已答复】${r.targetOrgName}：${r.subject}`);
  const what = a.noSuchEvent ? `经核实无此事：${a.explanation ?? ''}` : `以报告《${a.reportTitle ?? ''}》答复。`;
  const lead = `${r.targetOrgName} ${a.byName} 于 ${formatLocal(a.at, r.timezone)} 答复${a.late ? '（已过核报时限）' : ''}。`;
  const body = shell(
    subject,
    html`${button(link, '打开核报')}<p>${to.name}：</p><p>${lead}</p><p><strong>${what}</strong></p><p>事由：${r.subject}</p>`,
  );
  const text = [`打开核报：${link}`, '', `${to.name}：`, '', lead, what, '', `事由：${r.subject}`].join('\n');
  return { to: to.email, subject, html: body.value, text };
}
