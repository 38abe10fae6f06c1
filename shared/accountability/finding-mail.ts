import type { Circular } from './rules/circular.ts';
import { DEFAULT_TIMEZONE } from '../org/index.ts';
import { FINDING_KIND_LABELS, FINDING_STATE_LABELS, type Finding } from './rules/finding.ts';
import { formatLocal } from '../platform/kernel/time.ts';
import { circularDocument, circularNo, CIRCULAR_STYLE } from './circular-doc.ts';
import { html, multiline, raw } from '../platform/pages/html.ts';
import { headerSafe, type Mail } from '../platform/mail/mailer.ts';

export type FindingMailKind = 'proposed' | 'explained' | 'decided';

/**
 * The mail of one step of a finding: to the responsible unit (proposed, decided) or the judging office (explained);
 * every value escaped, times in `timeZone` (the judging organisation's).
 */
export function renderFindingMail(
  kind: FindingMailKind,
  f: Finding,
  recipient: { name: string; email: string },
  link: string,
  timeZone = DEFAULT_TIMEZONE,
): Mail {
  const label = FINDING_KIND_LABELS[f.kind];
  const due = formatLocal(f.explanationDueAt, timeZone);
  const what = {
    proposed: {
      prefix: `【${label}·请说明】`,
      opening: `${f.orgName}办公室登记了一条${label}记录，涉及贵单位。请在 ${due} 前提交说明（逾期视为无说明）。`,
      button: '查看并提交说明',
    },
    explained: {
      prefix: `【${label}·已说明】`,
      opening: `${f.explanation?.byName ?? '责任单位'} 对这条${label}记录提交了说明，请审核后认定或不予认定。`,
      button: '查看并认定',
    },
    decided: {
      prefix: `【${label}·${FINDING_STATE_LABELS[f.state]}】`,
      opening: `${f.orgName}办公室对这条${label}记录作出结论：${FINDING_STATE_LABELS[f.state]}。${f.decision ? `理由：${f.decision.reason}` : ''}`,
      button: '查看',
    },
  }[kind];
  const subject = headerSafe(`${what.prefix}${f.reportTitle ?? f.responsibleOrgName}`);
  const facts: [string, string][] = [
    ['类型', label],
    ['责任单位', [f.responsibleOrgName, f.responsibleDepartmentName].filter(Boolean).join(' ')],
    ['责任人', f.responsiblePersonName ?? '—'],
    ['发生时间', formatLocal(f.occurredAt, timeZone)],
    ...(f.reportTitle ? ([['所涉报告', f.reportTitle]] as [string, string][]) : []),
    ['说明期限', due],
  ];
  const body = html`<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${subject}</title></head>
<body style="font-family:'PingFang SC','Microsoft YaHei',sans-serif;line-height:1.6;color:#1a1a1a">
<p>${recipient.name}：</p><p><strong>${what.opening}</strong></p>
<table>${facts.map(([k, v]) => html`<tr><th style="text-align:left;padding-right:12px">${k}</th><td>${v}</td></tr>`)}</table>
<p>事实与证据：${multiline(f.note)}</p>
${f.explanation ? html`<p>说明：${multiline(f.explanation.text)}</p>` : raw('')}
<p><a href="${link}" style="display:inline-block;background:#b71c1c;color:#fff;padding:10px 20px;text-decoration:none;border-radius:4px">${what.button}</a></p>
</body></html>`;
  const text = [
    `${recipient.name}：`,
    '',
    what.opening,
    '',
    ...facts.map(([k, v]) => `${k}：${v}`),
    '',
    `事实与证据：${f.note}`,
    ...(f.explanation ? [`说明：${f.explanation.text}`] : []),
    '',
    `${what.button}：${link}`,
  ].join('\n');
  return { to: recipient.email, subject, html: body.value, text };
}

/** The circular itself as the mail to the distribution list. */
export function renderCircularMail(c: Circular, recipient: { name: string; email: string }, link: string): Mail {
  const subject = headerSafe(`【通报】${c.orgName}通报${circularNo(c)} ${c.title}`);
  const body = html`<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${subject}</title><style>${raw(CIRCULAR_STYLE)}</style></head>
<body><p>${recipient.name}：</p><p>${c.orgName}通报${circularNo(c)}已印发，全文如下。打印版：<a href="${link}">${link}</a></p>
${circularDocument(c)}</body></html>`;
  const lines =
    c.kind === 'criticism'
      ? c.findings.map(
          (f, i) =>
            `${i + 1}. ${f.kindLabel}：${[f.responsibleOrgName, f.responsibleDepartmentName, f.responsiblePersonName].filter(Boolean).join(' ')}${f.reportTitle ? `，《${f.reportTitle}》` : ''}。${f.note}`,
        )
      : c.praised.map((p, i) => `${i + 1}. ${p.name}：${p.reason}`);
  const text = [
    `${recipient.name}：`,
    '',
    `${c.orgName}通报${circularNo(c)}《${c.title}》已印发。打印版：${link}`,
    '',
    ...lines,
    '',
    `报：${c.distribution.leaders.join('、')}`,
    `送：${[...c.distribution.departments, ...c.distribution.orgs].join('、')}`,
  ].join('\n');
  return { to: recipient.email, subject, html: body.value, text };
}
