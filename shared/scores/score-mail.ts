import { EXTERNAL_LEVEL_LABELS } from '../work-info/index.ts';
import type { QuarterStats } from './rules/quarter.ts';
import { yuan, type DepartmentScore, type PersonScore } from './rules/scoring.ts';
import type { LowerOrgScore } from './rules/lower-orgs.ts';
import { html, raw, type Raw } from '../platform/pages/html.ts';
import { headerSafe, type Mail } from '../platform/mail/mailer.ts';
import type { Attachment } from '../platform/mail/mime.ts';

import { monthLabel, quarterLabel, ROLE_LABELS } from './score-sheets.ts';
import { XLSX_TYPE } from '../platform/http/download.ts';

/** The attachment of a table: the workbook when one was written, else the CSV. */
function tableAttachment(name: string, xlsx: Uint8Array | undefined, csv: () => string) {
  return xlsx
    ? { filename: `${name}.xlsx`, contentType: XLSX_TYPE, content: xlsx }
    : { filename: `${name}.csv`, contentType: 'text/csv; charset=UTF-8', content: csv() };
}

/**
 * A score mail as sent: the HTML letter and its plain-text twin, both opening with the greeting to `recipient`;
 * `content` is what follows it in each.
 */
function letter(
  recipient: { name: string; email: string },
  subject: string,
  content: { html: Raw; text: string[] },
  attachments?: Attachment[],
): Mail {
  const body = html`<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${subject}</title></head>
<body style="font-family:'PingFang SC','Microsoft YaHei',sans-serif;line-height:1.6;color:#1a1a1a">
<p>${recipient.name}：</p>
${content.html}
</body></html>`;
  const text = [`${recipient.name}：`, '', ...content.text].join('\n');
  return { to: recipient.email, subject, html: body.value, text, ...(attachments ? { attachments } : {}) };
}

/** A CSV cell: quoted when needed; a leading =, +, - or @ is defused so a spreadsheet never runs it as a formula. */
function cell(v: string | number): string {
  let s = String(v);
  if (typeof v === 'string' && /^[=+\-@]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The ranked table of all departments as CSV (UTF-8 with BOM so spreadsheet programs read the Chinese). */
export function scoresCsv(departments: DepartmentScore[], people: PersonScore[]): string {
  const lines = [['排名', '部门', '定额', '报送', '采用', '得分', '说明'].map(cell).join(',')];
  for (const d of departments)
    lines.push(
      [d.rank, d.name, d.quota, d.sent, d.adopted, d.score, d.parts.map((p) => p.label).join('；')].map(cell).join(','),
    );
  lines.push('');
  lines.push(['姓名', '身份', '采用', '奖励（元）', '说明'].map(cell).join(','));
  for (const p of people)
    lines.push(
      [p.name, ROLE_LABELS[p.role], p.adopted, yuan(p.rewardFen), p.parts.map((x) => x.label).join('；')]
        .map(cell)
        .join(','),
    );
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** A quarter's adoption statistics as CSV (UTF-8 with BOM). */
export function statsCsv(s: Pick<QuarterStats, 'departments'>): string {
  const lines = [
    [
      '排名',
      '部门',
      '报送',
      '采用',
      '采用率（%）',
      `${EXTERNAL_LEVEL_LABELS.municipal}采用`,
      `${EXTERNAL_LEVEL_LABELS.provincial}采用`,
      `${EXTERNAL_LEVEL_LABELS.central}采用`,
    ]
      .map(cell)
      .join(','),
  ];
  for (const d of s.departments)
    lines.push(
      [
        d.rank,
        d.name,
        d.submitted,
        d.adopted,
        d.adoptionRate,
        d.external.municipal,
        d.external.provincial,
        d.external.central,
      ]
        .map(cell)
        .join(','),
    );
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/**
 * The quarter's adoption statistics as published to a leader or the office: the ranked table, with the workbook
 * attached (`xlsx`, written once per run by the caller), or the CSV without one.
 */
export function renderQuarterMail(
  m: { orgName: string; link: string },
  recipient: { name: string; email: string },
  s: Pick<QuarterStats, 'quarter' | 'departments'>,
  xlsx?: Uint8Array,
): Mail {
  const attached = xlsx ? 'Excel 表格' : 'CSV';
  const subject = headerSafe(`【信息采用季度统计】${m.orgName} ${quarterLabel(s.quarter)}`);
  const L = EXTERNAL_LEVEL_LABELS;
  const content = html`<p>${quarterLabel(s.quarter)}各部门信息报送与采用情况如下（采用率 = 采用 ÷ 报送）。</p>
<table border="1" cellpadding="4" style="border-collapse:collapse">
<tr><th>排名</th><th>部门</th><th>报送</th><th>采用</th><th>采用率</th><th>${L.municipal}采用</th><th>${L.provincial}采用</th><th>${L.central}采用</th></tr>
${s.departments.map((d) => html`<tr><td>${d.rank}</td><td>${d.name}</td><td>${d.submitted}</td><td>${d.adopted}</td><td>${d.adoptionRate}%</td><td>${d.external.municipal}</td><td>${d.external.provincial}</td><td>${d.external.central}</td></tr>`)}
</table>
<p>明细见附件 ${attached}。<a href="${m.link}">在系统中查看</a></p>`;
  const text = [
    `${quarterLabel(s.quarter)}各部门信息报送与采用情况如下（采用率 = 采用 ÷ 报送）。`,
    '',
    ...s.departments.map(
      (d) =>
        `${d.rank}. ${d.name}：报送 ${d.submitted}，采用 ${d.adopted}，采用率 ${d.adoptionRate}%；${L.municipal} ${d.external.municipal}、${L.provincial} ${d.external.provincial}、${L.central} ${d.external.central}`,
    ),
    '',
    `明细见附件 ${attached}。`,
    `在系统中查看：${m.link}`,
  ];
  return letter(recipient, subject, { html: content, text }, [
    tableAttachment(`信息采用统计-${s.quarter}`, xlsx, () => statsCsv(s)),
  ]);
}

const deptBlock = (
  d: DepartmentScore,
  total: number,
): Raw => html`<h3 style="font-size:16px">${d.name}：${d.score} 分（第 ${d.rank} 名，共 ${total} 个部门）</h3>
<ul>${d.parts.map((p) => html`<li>${p.label}</li>`)}</ul>`;
const personBlock = (
  p: PersonScore,
): Raw => html`<h3 style="font-size:16px">${p.name}（${ROLE_LABELS[p.role]}）奖励：${yuan(p.rewardFen)} 元</h3>
<ul>${p.parts.map((x) => html`<li>${x.label}</li>`)}</ul>`;

/** The lower organisations' reporting scores of the month (upper office and leaders). */
const lowerTable = (lower: LowerOrgScore[]): Raw =>
  html`<h3 style="font-size:16px">下级单位信息报送评分</h3><table border="1" cellpadding="4" style="border-collapse:collapse">
<tr><th>排名</th><th>单位</th><th>报告</th><th>迟报</th><th>逾期未续报</th><th>问责记录</th><th>得分</th></tr>
${lower.map((x) => html`<tr><td>${x.rank}</td><td>${x.name}</td><td>${x.reports}</td><td>${x.late}</td><td>${x.followupsMissed}</td><td>${x.findings.length}</td><td>${x.score}</td></tr>`)}
</table>`;

/**
 * One person's monthly mail: the lines of their own department (heads and officers), their own reward, and for leaders
 * the ranked table of all departments with the workbook attached (`ranked.xlsx`, written once per run), or the CSV.
 */
export function renderScoreMail(
  m: { orgName: string; month: string; link: string },
  recipient: { name: string; email: string },
  parts: {
    departments: DepartmentScore[];
    selves: PersonScore[];
    ranked?: { departments: DepartmentScore[]; people: PersonScore[]; lower?: LowerOrgScore[]; xlsx?: Uint8Array };
    calendarNotice?: string;
  },
  totalDepartments: number,
): Mail {
  const subject = headerSafe(`【信息工作月度得分】${m.orgName} ${monthLabel(m.month)}`);
  const ranked = parts.ranked;
  const attached = ranked?.xlsx ? 'Excel 表格' : 'CSV';
  const content = html`${parts.calendarNotice ? html`<p style="background:#fff3e0;border:1px solid #ffb74d;padding:8px 12px"><strong>请注意工作日历：</strong>${parts.calendarNotice}</p>` : raw('')}
<p>${monthLabel(m.month)}信息工作得分与奖励如下。</p>
${parts.departments.map((d) => deptBlock(d, totalDepartments))}
${parts.selves.map(personBlock)}
${
  ranked
    ? html`<h3 style="font-size:16px">各部门排名</h3><table border="1" cellpadding="4" style="border-collapse:collapse">
<tr><th>排名</th><th>部门</th><th>定额</th><th>报送</th><th>采用</th><th>得分</th></tr>
${ranked.departments.map((d) => html`<tr><td>${d.rank}</td><td>${d.name}</td><td>${d.quota}</td><td>${d.sent}</td><td>${d.adopted}</td><td>${d.score}</td></tr>`)}
</table>${ranked.lower?.length ? lowerTable(ranked.lower) : raw('')}<p>明细见附件 ${attached}。</p>`
    : raw('')
}
<p><a href="${m.link}">查看得分明细</a></p>`;
  const text = [
    ...(parts.calendarNotice ? [`请注意工作日历：${parts.calendarNotice}`, ''] : []),
    `${monthLabel(m.month)}信息工作得分与奖励如下。`,
    ...parts.departments.flatMap((d) => [
      '',
      `${d.name}：${d.score} 分（第 ${d.rank} 名，共 ${totalDepartments} 个部门）`,
      ...d.parts.map((p) => `- ${p.label}`),
    ]),
    ...parts.selves.flatMap((self) => [
      '',
      `${self.name}（${ROLE_LABELS[self.role]}）奖励：${yuan(self.rewardFen)} 元`,
      ...self.parts.map((x) => `- ${x.label}`),
    ]),
    ...(ranked
      ? [
          '',
          '各部门排名：',
          ...ranked.departments.map((d) => `${d.rank}. ${d.name} ${d.score} 分`),
          ...(ranked.lower?.length
            ? ['', '下级单位信息报送评分：', ...ranked.lower.map((x) => `${x.rank}. ${x.name} ${x.score} 分`)]
            : []),
          `明细见附件 ${attached}。`,
        ]
      : []),
    '',
    `查看得分明细：${m.link}`,
  ];
  return letter(
    recipient,
    subject,
    { html: content, text },
    ranked && [
      tableAttachment(`信息工作得分-${m.month}`, ranked.xlsx, () => scoresCsv(ranked.departments, ranked.people)),
    ],
  );
}
