import { FINDING_KIND_LABELS, FINDING_KINDS } from '../accountability/index.ts';
import { SEVERITIES, SEVERITY_LABELS } from '../org/index.ts';
import { EXTERNAL_LEVEL_LABELS } from '../work-info/index.ts';
import type { Dashboard } from './rules/dashboard.ts';
import type { QuarterStats } from './rules/quarter.ts';
import type { DepartmentScore, PersonScore } from './rules/scoring.ts';
import type { LowerOrgFigures, LowerOrgScore } from './rules/lower-orgs.ts';
import type { Sheet } from '../platform/xlsx/workbook.ts';

export const ROLE_LABELS: Record<PersonScore['role'], string> = {
  officer: '信息员',
  reviewingLeader: '审核领导',
  principalLeader: '主要领导',
};
export const monthLabel = (month: string) => `${month.slice(0, 4)}年${Number(month.slice(5))}月`;
export const quarterLabel = (quarter: string) =>
  `${quarter.slice(0, 4)}年第${'一二三四'[Number(quarter.slice(6)) - 1]}季度`;

/** A month's scores as two sheets (部门得分, 个人奖励): the same columns as the CSV, rewards in yuan as numbers. */
export function scoreSheets(
  m: { orgName?: string; month: string },
  departments: DepartmentScore[],
  people: PersonScore[],
  lower: LowerOrgScore[] = [],
): Sheet[] {
  const of = `${m.orgName ? `${m.orgName} ` : ''}${monthLabel(m.month)}`;
  return [
    {
      name: '部门得分',
      title: `${of}信息工作得分`,
      columns: [
        { header: '排名', kind: 'integer' },
        { header: '部门' },
        { header: '定额', kind: 'integer' },
        { header: '报送', kind: 'integer' },
        { header: '采用', kind: 'integer' },
        { header: '得分', kind: 'integer' },
        { header: '说明' },
      ],
      rows: departments.map((d) => [
        d.rank,
        d.name,
        d.quota,
        d.sent,
        d.adopted,
        d.score,
        d.parts.map((p) => p.label).join('；'),
      ]),
    },
    {
      name: '个人奖励',
      title: `${of}信息工作奖励`,
      columns: [
        { header: '姓名' },
        { header: '身份' },
        { header: '采用', kind: 'integer' },
        { header: '奖励（元）', kind: 'money' },
        { header: '说明' },
      ],
      rows: people.map((p) => [
        p.name,
        ROLE_LABELS[p.role],
        p.adopted,
        p.rewardFen / 100,
        p.parts.map((x) => x.label).join('；'),
      ]),
    },
    ...(lower.length ? [lowerScoreSheet(of, lower)] : []),
  ];
}

/** The lower organisations' reporting scores of a month (下级单位评分): one row each, ranked, the parts as numbers. */
export function lowerScoreSheet(of: string, lower: LowerOrgScore[]): Sheet {
  const part = (x: LowerOrgScore, rule: string) => x.parts.find((p) => p.rule === rule)?.points ?? null;
  return {
    name: '下级单位评分',
    title: `${of}下级单位信息报送评分`,
    columns: [
      { header: '排名', kind: 'integer' },
      { header: '单位' },
      { header: '报告', kind: 'integer' },
      { header: '迟报', kind: 'integer' },
      { header: '要素齐全', kind: 'percent' },
      { header: '逾期未续报', kind: 'integer' },
      { header: '问责记录', kind: 'integer' },
      { header: '报送及时（分）', kind: 'decimal' },
      { header: '要素完整（分）', kind: 'decimal' },
      { header: '按时续报（分）', kind: 'decimal' },
      { header: '问责记录（分）', kind: 'decimal' },
      { header: '得分', kind: 'decimal' },
      { header: '说明' },
    ],
    rows: lower.map((x) => [
      x.rank,
      x.name,
      x.reports,
      x.late,
      x.completeness,
      x.followupsMissed,
      x.findings.length,
      part(x, 'timeliness'),
      part(x, 'completeness'),
      part(x, 'followups'),
      part(x, 'findings'),
      x.score,
      x.parts.map((p) => p.label).join('；'),
    ]),
  };
}

/** The lower organisations' figures of a period side by side (下级单位), as on the dashboard. */
export function lowerOrgsSheets(d: Pick<Dashboard, 'from' | 'to' | 'lowerOrgs'>, orgName?: string): Sheet[] {
  const of = `${orgName ? `${orgName} ` : ''}${monthLabel(d.from)}至${monthLabel(d.to)}`;
  return [
    {
      name: '下级单位',
      title: `${of}下级单位统计`,
      columns: LOWER_COLUMNS,
      rows: d.lowerOrgs.map(lowerOrgRow),
    },
  ];
}

const LOWER_COLUMNS: Sheet['columns'] = [
  { header: '单位' },
  { header: '报告', kind: 'integer' },
  { header: '迟报', kind: 'integer' },
  { header: '迟报率', kind: 'percent' },
  { header: '获知至报送中位数（分钟）', kind: 'decimal' },
  { header: '获知至报送第90百分位（分钟）', kind: 'decimal' },
  { header: '第1级确认中位数（分钟）', kind: 'decimal' },
  { header: '逾期未续报（次）', kind: 'integer' },
  { header: '问责记录', kind: 'integer' },
  { header: '工作信息报送（条）', kind: 'integer' },
  { header: '工作信息采用（条）', kind: 'integer' },
  { header: '报送评分（月均）', kind: 'decimal' },
];
const lowerOrgRow = (x: LowerOrgFigures) => [
  x.name,
  x.reports,
  x.late,
  x.lateShare,
  x.minutesToReport.median,
  x.minutesToReport.p90,
  x.minutesToAcknowledge.median,
  x.followupsMissed,
  x.findings,
  x.itemsSent,
  x.itemsAdopted,
  x.score,
];

/** The lower organisations' table as CSV (UTF-8 with BOM; a leading =, +, - or @ in a name is defused). */
export function lowerOrgsCsv(d: Pick<Dashboard, 'lowerOrgs'>): string {
  const cell = (v: string | number | null) => {
    if (v === null) return '';
    let s = String(v);
    if (typeof v === 'string' && /^[=+\-@]/.test(s)) s = `'${s}`;
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const lines = [LOWER_COLUMNS.map((c) => cell(c.header)).join(',')];
  for (const x of d.lowerOrgs) lines.push(lowerOrgRow(x).map(cell).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** A quarter's adoption statistics as one sheet (采用统计): the adoption rate as a percentage. */
export function statsSheets(s: Pick<QuarterStats, 'quarter' | 'departments'>, orgName?: string): Sheet[] {
  const L = EXTERNAL_LEVEL_LABELS;
  return [
    {
      name: '采用统计',
      title: `${orgName ? `${orgName} ` : ''}${quarterLabel(s.quarter)}信息采用统计`,
      columns: [
        { header: '排名', kind: 'integer' },
        { header: '部门' },
        { header: '报送', kind: 'integer' },
        { header: '采用', kind: 'integer' },
        { header: '采用率', kind: 'percent' },
        { header: `${L.municipal}采用`, kind: 'integer' },
        { header: `${L.provincial}采用`, kind: 'integer' },
        { header: `${L.central}采用`, kind: 'integer' },
      ],
      rows: s.departments.map((d) => [
        d.rank,
        d.name,
        d.submitted,
        d.adopted,
        d.adoptionRate / 100,
        d.external.municipal,
        d.external.provincial,
        d.external.central,
      ]),
    },
  ];
}

/** The dashboard as sheets: 按月, 按类别, 按级别, 用时, 问责记录, 各部门 — the numbers of its charts. */
export function dashboardSheets(d: Dashboard, orgName?: string): Sheet[] {
  const of = `${orgName ? `${orgName} ` : ''}${monthLabel(d.from)}至${monthLabel(d.to)}`;
  return [
    {
      name: '按月',
      title: `${of}统计分析（按月）`,
      columns: [
        { header: '月份', kind: 'month' },
        { header: '报告数', kind: 'integer' },
        { header: '迟报数', kind: 'integer' },
        { header: '迟报率', kind: 'percent' },
        { header: '逾期未续报（次）', kind: 'integer' },
        { header: '工作信息报送（条）', kind: 'integer' },
        { header: '工作信息采用（条）', kind: 'integer' },
      ],
      rows: d.months.map((m, i) => [
        m,
        d.lateShareByMonth[i]!.reports,
        d.lateShareByMonth[i]!.late,
        d.lateShareByMonth[i]!.share,
        d.followupsMissedByMonth[i]!.count,
        d.itemsByMonth[i]!.sent,
        d.itemsByMonth[i]!.adopted,
      ]),
    },
    {
      name: '按类别',
      title: `${of}紧急信息按类别`,
      columns: [{ header: '类别' }, { header: '件数', kind: 'integer' }],
      rows: d.reportsByCategory.map((c) => [c.label, c.count]),
    },
    {
      name: '按级别',
      title: `${of}紧急信息按级别`,
      columns: [{ header: '级别' }, { header: '件数', kind: 'integer' }],
      rows: SEVERITIES.map((s) => [SEVERITY_LABELS[s], d.reportsBySeverity[s]]),
    },
    {
      name: '用时',
      title: `${of}报送与确认用时（分钟）`,
      columns: [
        { header: '环节' },
        { header: '件数', kind: 'integer' },
        { header: '用时中位数（分钟）', kind: 'decimal' },
        { header: '用时第90百分位（分钟）', kind: 'decimal' },
      ],
      rows: [
        ['获知至报送', d.minutesToReport.count, d.minutesToReport.median, d.minutesToReport.p90],
        ...d.minutesToAcknowledge.map((l) => [`第${l.level}级 通知至确认`, l.count, l.median, l.p90]),
      ],
    },
    {
      name: '问责记录',
      title: `${of}问责记录按类别`,
      columns: [{ header: '类别' }, { header: '件数', kind: 'integer' }],
      rows: FINDING_KINDS.map((k) => [FINDING_KIND_LABELS[k], d.findingsByKind[k]]),
    },
    {
      name: '各部门',
      title: `${of}各部门工作信息报送与采用`,
      columns: [
        { header: '部门' },
        { header: '报送（条）', kind: 'integer' },
        { header: '采用（条）', kind: 'integer' },
        { header: '采用率', kind: 'percent' },
      ],
      rows: d.itemsByDepartment.map((x) => [x.name, x.sent, x.adopted, x.sent ? x.adopted / x.sent : null]),
    },
    ...(d.lowerOrgs.length ? lowerOrgsSheets(d, orgName) : []),
  ];
}

/** The dashboard's monthly table as CSV (UTF-8 with BOM). */
export function dashboardCsv(d: Dashboard): string {
  const [sheet] = dashboardSheets(d);
  const lines = [sheet!.columns.map((c) => c.header).join(',')];
  for (const r of sheet!.rows) lines.push(r.map((v) => (v === null || v === undefined ? '' : String(v))).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
