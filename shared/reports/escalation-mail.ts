import type { MailIntent } from './rules/escalation.ts';
import type { ChainLevel, Report } from './rules/model.ts';
import { SEVERITY_LABELS } from '../org/index.ts';
import { formatLocal } from '../platform/kernel/time.ts';
import { esc, html, multiline, raw } from '../platform/pages/html.ts';
import { headerSafe, type Mail } from '../platform/mail/mailer.ts';

const STATE_LABEL: Record<ChainLevel['state'], string> = {
  pending: '待通知',
  notified: '已通知，未确认',
  acknowledged: '已确认',
  skipped: '已跳过',
  timedOut: '超时未确认',
};

const OPENING: Record<MailIntent['kind'], (r: Report, m: MailIntent) => string> = {
  notify: (r) =>
    r.forwardedFrom
      ? `下级单位 ${r.forwardedFrom.orgName} 报来紧急信息（${r.signOff?.byName ?? ''} 签发），请立即阅知并点击下方按钮确认接报。`
      : '您收到一份紧急信息报告，请立即阅知并点击下方按钮确认接报。',
  parallel: (r) => `这是一份${SEVERITY_LABELS[r.severity]}紧急信息，按规定同时报送主要领导，请立即阅知并确认接报。`,
  escalation: (_r, m) => `${m.unanswered.join('、')} 未在时限内确认接报，现直接报送您，请立即阅知并确认接报。`,
  reminder: () => '这份紧急信息仍未得到您的确认，请立即阅知并确认接报。',
  unanswered: (_r, m) => `这份紧急信息的报送链在最高一级仍无人确认（${m.unanswered.join('、')}），请设法联系相关领导。`,
  followup: (_r, m) => `${m.notice?.filedByName ?? ''} 报送了${m.notice?.label ?? '续报'}，请阅知。`,
  followupReminder: (r, m) =>
    `按规定应于 ${m.missedDue ? formatLocal(m.missedDue, r.timezone) : ''} 前报送续报（或终报），目前尚未报送，请尽快报送最新进展。`,
  followupOverdue: (r, m) =>
    `这份紧急信息已多次未按时续报（最近一次应于 ${m.missedDue ? formatLocal(m.missedDue, r.timezone) : ''} 报送），请督促相关部门。`,
};

const SUBJECT_PREFIX: Record<MailIntent['kind'], string> = {
  notify: '【紧急信息】',
  parallel: '【紧急信息】',
  escalation: '【紧急信息·逐级上报】',
  reminder: '【催办·紧急信息】',
  unanswered: '【无人接报·紧急信息】',
  followup: '【续报】',
  followupReminder: '【催报】',
  followupOverdue: '【续报逾期】',
};

/** One template per situation (first notice, parallel notice, escalation after a timeout, reminder, nobody answering). */
export function renderEscalationMail(
  report: Report,
  intent: MailIntent,
  recipient: { name: string; email: string },
  link: string | undefined,
): Mail {
  const tz = report.timezone;
  const prefix =
    intent.kind === 'followup' && intent.notice
      ? `【${intent.notice.label}】`
      : report.forwardedFrom && intent.kind === 'notify'
        ? '【下级报送·紧急信息】'
        : SUBJECT_PREFIX[intent.kind];
  const subject = headerSafe(`${prefix}${report.severity}级 ${report.title}`);
  const opening = OPENING[intent.kind](report, intent);
  const c = report.casualties;
  const facts: [string, string][] = [
    ['等级', SEVERITY_LABELS[report.severity]],
    ['类别', report.categoryLabel],
    ['发生时间', formatLocal(report.occurredAt, tz)],
    ['获知时间', formatLocal(report.learnedAt, tz)],
    ['地点', report.place],
    ['报告人', report.reporterName],
    ...(report.forwardedFrom
      ? ([['报送单位', `${report.forwardedFrom.orgName}（${report.signOff?.byName ?? ''} 签发）`]] as [
          string,
          string,
        ][])
      : []),
    ['报送时间', formatLocal(report.submittedAt, tz) + (report.late ? `（迟报 ${report.lateByMinutes} 分钟）` : '')],
  ];
  if (c) facts.push(['伤亡情况', `死亡 ${c.dead} 人，受伤 ${c.injured} 人，失踪 ${c.missing} 人`]);
  facts.push([
    '现场联系人',
    `${report.contact.name}${report.contact.post ? `（${report.contact.post}）` : ''} ${report.contact.phone}`,
  ]);
  const chainRows = report.chain.map(
    (l) =>
      `${l.level}. ${l.name || '（空缺）'}：${STATE_LABEL[l.state]}${l.acknowledgedAt ? ` ${formatLocal(l.acknowledgedAt, tz)}` : ''}`,
  );

  const body = html`<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${subject}</title></head>
<body style="font-family:'PingFang SC','Microsoft YaHei',sans-serif;line-height:1.6;color:#1a1a1a">
<p>${recipient.name}：</p>
<p><strong>${opening}</strong></p>
<h2 style="font-size:18px">${report.title}</h2>
${intent.notice ? html`<h3 style="font-size:15px">${intent.notice.label}（${formatLocal(intent.notice.filedAt, tz)}）</h3><p>${multiline(intent.notice.summary)}</p>` : raw('')}
<table style="border-collapse:collapse">${facts.map(([k, v]) => html`<tr><th style="text-align:left;padding:2px 12px 2px 0;vertical-align:top">${k}</th><td>${v}</td></tr>`)}</table>
<h3 style="font-size:15px">基本情况</h3><p>${multiline(report.summary)}</p>
<h3 style="font-size:15px">已采取的措施</h3><p>${multiline(report.measuresTaken)}</p>
<h3 style="font-size:15px">接报情况</h3><ul>${chainRows.map((r) => html`<li>${r}</li>`)}</ul>
${link ? html`<p><a href="${link}" style="display:inline-block;background:#b71c1c;color:#fff;padding:10px 20px;text-decoration:none;border-radius:4px">确认接报</a></p><p style="color:#666;font-size:12px">链接仅限本人使用一次，${esc('24 小时内有效')}。打开后须在页面上点击按钮才会确认。</p>` : raw('')}
</body></html>`;

  const text = [
    `${recipient.name}：`,
    '',
    opening,
    '',
    ...(intent.notice
      ? [`${intent.notice.label}（${formatLocal(intent.notice.filedAt, tz)}）：${intent.notice.summary}`, '']
      : []),
    `标题：${report.title}`,
    ...facts.map(([k, v]) => `${k}：${v}`),
    '',
    `基本情况：${report.summary}`,
    `已采取的措施：${report.measuresTaken}`,
    '',
    '接报情况：',
    ...chainRows,
    ...(link ? ['', `确认接报（打开后点击按钮，仅限本人使用一次）：${link}`] : []),
  ].join('\n');

  return { to: recipient.email, subject, html: body.value, text };
}
