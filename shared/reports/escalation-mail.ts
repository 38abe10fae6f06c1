import type { MailIntent } from './rules/escalation.ts';
import type { ChainLevel, Notice, Report } from './rules/model.ts';
import { SEVERITY_LABELS } from '../org/index.ts';
import { formatLocal, localParts } from '../platform/kernel/time.ts';
import { html, multiline, raw, type Raw } from '../platform/pages/html.ts';
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
      ? `下级单位 ${r.forwardedFrom.orgName} 报来紧急信息（${r.signOff?.byName ?? ''} 签发），请立即阅知并确认接报。`
      : '您收到一份紧急信息报告，请立即阅知并确认接报。',
  parallel: (r) => `这是一份${SEVERITY_LABELS[r.severity]}紧急信息，按规定同时报送主要领导，请立即阅知并确认接报。`,
  escalation: (_r, m) => `${m.unanswered.join('、')} 未在时限内确认接报，现直接报送您，请立即阅知并确认接报。`,
  reminder: () => '这份紧急信息仍未得到您的确认，请立即阅知并确认接报。',
  unanswered: (_r, m) => `这份紧急信息的报送链在最高一级仍无人确认（${m.unanswered.join('、')}），请设法联系相关领导。`,
  followup: (_r, m) => `${m.notice?.filedByName ?? ''} 报送了${m.notice?.label ?? '续报'}，请阅知。`,
  followupReminder: (r, m) =>
    `按规定应于 ${m.missedDue ? formatLocal(m.missedDue, r.timezone) : ''} 前报送续报（或终报），目前尚未报送，请尽快报送最新进展。`,
  followupOverdue: (r, m) =>
    `这份紧急信息已多次未按时续报（最近一次应于 ${m.missedDue ? formatLocal(m.missedDue, r.timezone) : ''} 报送），请督促相关部门。`,
  // The signers are asked to sign; the office head (who cannot) to see that it is signed.
  signOffOverdue: (r, m) =>
    `这份紧急信息应于 ${r.signOffDueAt ? formatLocal(r.signOffDueAt, r.timezone) : ''} 前签发（是否上报上级单位），目前尚未签发，${
      (r.signerIds ?? []).includes(m.personId) ? '请打开报告，在页面顶部签发。' : '请督促签发人尽快签发。'
    }`,
  writtenReminder: (r) =>
    `这份电话报告的书面报告应于 ${r.writtenDueAt ? formatLocal(r.writtenDueAt, r.timezone) : ''} 前报送，目前尚未报送，请立即补报书面报告。`,
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
  signOffOverdue: '【待签发·已超时】',
  writtenReminder: '【催报·书面报告】',
};

/** The final report's 善后情况 and 下步打算 (issue 14 item 7), as the follow-up mail shows them. */
function finalLines(n: Notice): [string, string][] {
  return [
    ...(n.aftermath ? [['善后情况', n.aftermath] as [string, string]] : []),
    ...(n.nextSteps ? [['下步打算', n.nextSteps] as [string, string]] : []),
  ];
}

/** "21:35", or "12月3日 08:00" when the deadline is on another local day than `from`. */
export function clockTime(iso: string, from: string, timeZone: string): string {
  const p = localParts(new Date(iso), timeZone);
  const hhmm = `${String(Math.floor(p.minutes / 60)).padStart(2, '0')}:${String(p.minutes % 60).padStart(2, '0')}`;
  if (p.date === localParts(new Date(from), timeZone).date) return hhmm;
  const [, m, d] = p.date.split('-');
  return `${Number(m)}月${Number(d)}日 ${hhmm}`;
}

/** The line under the button: by when to acknowledge, in the report's zone. */
function deadlineLine(report: Report, intent: MailIntent): string | undefined {
  const level = report.chain.find((l) => l.level === intent.level && l.personId === intent.personId);
  if (!level?.ackDeadline) return undefined;
  const by = clockTime(level.ackDeadline, level.notifiedAt ?? report.submittedAt, report.timezone);
  return intent.kind === 'reminder' ? `已超过确认时限（${by}），请立即确认。` : `请于 ${by} 前确认，逾时将报送上一级。`;
}

/** The chain level this mail is addressed to, when it is one (a stand-in's level says whom he acts for). */
function actingLevel(report: Report, intent: MailIntent): ChainLevel | undefined {
  return report.chain.find((l) => l.level === intent.level && l.personId === intent.personId);
}

/** Who has not answered, with the phone number to call (无人接报, 逐级上报). */
function silentLevels(report: Report, recipientId: string): string[] {
  return report.chain
    .filter((l) => l.personId && l.personId !== recipientId && (l.state === 'timedOut' || l.state === 'notified'))
    .map(
      (l) =>
        `${l.name}${l.standInFor ? `（代 ${l.standInFor.name}）` : ''}${l.phone ? ` ${l.phone}` : '（无电话）'}：${STATE_LABEL[l.state]}`,
    );
}

/**
 * One template per situation (first notice, parallel notice, escalation after a timeout, reminder, nobody answering,
 * follow-ups), laid out for a leader on a phone: the acknowledgement button first with its deadline, then the key
 * facts (losses, impact, leaders on site and requests among them), then the link to the report page; one narrow
 * column, and a text part with the same in the same order. A `restricted` (密级) report's mail carries its category,
 * severity, time and the link only: no title, summary or place.
 */
export function renderEscalationMail(
  report: Report,
  intent: MailIntent,
  recipient: { name: string; email: string },
  ackLink: string | undefined,
  reportLink?: string,
): Mail {
  const tz = report.timezone;
  const restricted = report.confidentiality === 'restricted';
  const prefix =
    intent.kind === 'followup' && intent.notice
      ? `【${intent.notice.label}】`
      : report.forwardedFrom && intent.kind === 'notify'
        ? '【下级报送·紧急信息】'
        : SUBJECT_PREFIX[intent.kind];
  const what = restricted ? `${report.categoryLabel}（密级）` : report.title;
  const subject = headerSafe(`${prefix}${report.severity}级 ${what}`);
  const standIn = actingLevel(report, intent)?.standInFor;
  const opening = OPENING[intent.kind](report, intent);
  // 代理: the stand-in is greeted as acting for the absent person (POLICY §2).
  const greeting = `${recipient.name}${standIn ? `（代 ${standIn.name}）` : ''}：`;
  const deadline = ackLink ? deadlineLine(report, intent) : undefined;
  const c = report.casualties;
  const facts: [string, string][] = [
    ['等级', SEVERITY_LABELS[report.severity]],
    ['类别', report.categoryLabel],
    ['发生时间', formatLocal(report.occurredAt, tz)],
  ];
  if (!restricted) {
    facts.push(['地点', report.place]);
    if (report.source) facts.push(['信息来源', report.source]);
    if (c) facts.push(['伤亡情况', `死亡 ${c.dead} 人，受伤 ${c.injured} 人，失踪 ${c.missing} 人`]);
    if (report.losses) facts.push(['损失情况', report.losses]);
    if (report.impact) facts.push(['影响范围', report.impact]);
    if (report.leadersOnSite) facts.push(['到场领导', report.leadersOnSite]);
    if (report.requests) facts.push(['请求事项', report.requests]);
    facts.push(
      [
        '现场联系人',
        `${report.contact.name}${report.contact.post ? `（${report.contact.post}）` : ''} ${report.contact.phone}`,
      ],
      ['报告人', report.reporterName],
    );
    if (report.forwardedFrom)
      facts.push(['报送单位', `${report.forwardedFrom.orgName}（${report.signOff?.byName ?? ''} 签发）`]);
  }
  facts.push([
    '报送时间',
    formatLocal(report.submittedAt, tz) + (report.late ? `（迟报 ${report.lateByMinutes} 分钟）` : ''),
  ]);
  const silent =
    intent.kind === 'unanswered' || intent.kind === 'escalation' ? silentLevels(report, intent.personId) : [];
  const chainRows = report.chain.map(
    (l) =>
      `${l.level}. ${l.name || '（空缺）'}${l.standInFor ? `（代 ${l.standInFor.name}）` : ''}：${STATE_LABEL[l.state]}${l.acknowledgedAt ? ` ${formatLocal(l.acknowledgedAt, tz)}` : ''}`,
  );
  const notice = intent.notice && !restricted ? intent.notice : undefined;
  const restrictedNote = '密级报告：标题、情况与地点不在邮件中，请打开报告页面查看。';

  const h2 = 'font-size:17px;margin:16px 0 4px';
  const section = (title: string, body: Raw) => html`<h3 style="${h2}">${title}</h3>${body}`;
  const body = html`<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${subject}</title></head>
<body style="margin:0;padding:0;background:#f2f2f2">
<div style="max-width:480px;margin:0 auto;background:#fff;padding:16px;font-family:'PingFang SC','Microsoft YaHei',sans-serif;font-size:16px;line-height:1.6;color:#1a1a1a">
${ackLink ? html`<p style="margin:0 0 8px"><a href="${ackLink}" style="display:block;background:#b71c1c;color:#fff;padding:14px 0;text-align:center;font-size:18px;font-weight:bold;text-decoration:none;border-radius:6px">确认接报</a></p>${deadline ? html`<p style="margin:0 0 12px;color:#b71c1c;font-weight:bold">${deadline}</p>` : raw('')}` : raw('')}
<p style="margin:8px 0">${greeting}</p>
<p style="margin:8px 0"><strong>${opening}</strong></p>
${restricted ? raw('') : html`<h2 style="font-size:19px;margin:12px 0 4px">${report.title}</h2>`}
${notice ? section(`${notice.label}（${formatLocal(notice.filedAt, tz)}）`, html`<p style="margin:0">${multiline(notice.summary)}</p>${finalLines(notice).map(([k, v]) => html`<p style="margin:4px 0 0"><span style="color:#555">${k}：</span>${multiline(v)}</p>`)}`) : raw('')}
${facts.map(([k, v]) => html`<p style="margin:2px 0"><span style="color:#555">${k}：</span>${v}</p>`)}
${restricted ? html`<p style="margin:12px 0;color:#555">${restrictedNote}</p>` : html`${section('基本情况', html`<p style="margin:0">${multiline(report.summary)}</p>`)}${section('已采取的措施', html`<p style="margin:0">${multiline(report.measuresTaken)}</p>`)}`}
${silent.length ? section('未确认的领导（请电话联系）', html`${silent.map((s) => html`<p style="margin:2px 0">${s}</p>`)}`) : raw('')}
${section('接报情况', html`${chainRows.map((r) => html`<p style="margin:2px 0">${r}</p>`)}`)}
${reportLink ? html`<p style="margin:16px 0"><a href="${reportLink}" style="color:#0b57d0">打开报告页面（需登录）</a></p>` : raw('')}
${ackLink ? html`<p style="color:#666;font-size:13px">确认链接仅限本人使用一次，24 小时内有效；打开后须在页面上点击按钮才会确认。</p>` : raw('')}
</div></body></html>`;

  const text = [
    ...(ackLink
      ? [`确认接报（打开后点击按钮，仅限本人使用一次）：${ackLink}`, ...(deadline ? [deadline] : []), '']
      : []),
    greeting,
    '',
    opening,
    '',
    ...(notice
      ? [
          `${notice.label}（${formatLocal(notice.filedAt, tz)}）：${notice.summary}`,
          ...finalLines(notice).map(([k, v]) => `${k}：${v}`),
          '',
        ]
      : []),
    ...(restricted ? [] : [`标题：${report.title}`]),
    ...facts.map(([k, v]) => `${k}：${v}`),
    '',
    ...(restricted ? [restrictedNote] : [`基本情况：${report.summary}`, `已采取的措施：${report.measuresTaken}`]),
    ...(silent.length ? ['', '未确认的领导（请电话联系）：', ...silent] : []),
    '',
    '接报情况：',
    ...chainRows,
    ...(reportLink ? ['', `打开报告页面（需登录）：${reportLink}`] : []),
  ].join('\n');

  return { to: recipient.email, subject, html: body.value, text };
}
