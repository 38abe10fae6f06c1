import { FINDING_KIND_LABELS, FINDING_KINDS } from './rules/finding.ts';
import { TIMELINESS_HEADERS, type SpeedStats, type TimelinessStats } from './rules/timeliness.ts';
import { formatLocal } from '../platform/kernel/time.ts';
import type { Sheet } from '../platform/xlsx/workbook.ts';

/**
 * The timeliness statistics as sheets: 各部门 (the CSV's columns, the share late as a percentage, the period's first
 * and last day as dates), 各级确认用时 (per chain level) and 问责记录 (findings by kind).
 */
export function timelinessSheets(s: TimelinessStats, timeZone: string, orgName?: string): Sheet[] {
  const from = formatLocal(s.from, timeZone).slice(0, 10);
  const to = formatLocal(s.to, timeZone).slice(0, 10);
  const title = `${orgName ? `${orgName} ` : ''}报送时效（${from} 至 ${to}）`;
  const line = (name: string, d: SpeedStats, findings: number) => [
    name,
    d.reports,
    d.late,
    d.lateShare,
    d.medianMinutes,
    d.p90Minutes,
    findings,
    from,
    to,
  ];
  const total = Object.values(s.findingsByKind).reduce((a, b) => a + b, 0);
  const [dept, reports, late, share, med, p90, findings] = TIMELINESS_HEADERS;
  return [
    {
      name: '各部门',
      title,
      columns: [
        { header: dept },
        { header: reports, kind: 'integer' },
        { header: late, kind: 'integer' },
        { header: share, kind: 'percent' },
        { header: med, kind: 'decimal' },
        { header: p90, kind: 'decimal' },
        { header: findings, kind: 'integer' },
        { header: '统计起始日', kind: 'date' },
        { header: '统计截止日', kind: 'date' },
      ],
      rows: [...s.departments.map((d) => line(d.name, d, d.findings)), line('合计', s, total)],
    },
    {
      name: '各级确认用时',
      title: `${title}：各级通知至确认用时`,
      columns: [
        { header: '报送链级别' },
        { header: '已通知', kind: 'integer' },
        { header: '已确认', kind: 'integer' },
        { header: '超时', kind: 'integer' },
        { header: '用时中位数（分钟）', kind: 'decimal' },
        { header: '用时第90百分位（分钟）', kind: 'decimal' },
      ],
      rows: s.levels.map((l) => [
        `第 ${l.level} 级`,
        l.notified,
        l.acknowledged,
        l.timedOut,
        l.medianAckMinutes,
        l.p90AckMinutes,
      ]),
    },
    {
      name: '问责记录',
      title: `${title}：问责记录`,
      columns: [{ header: '类别' }, { header: '件数', kind: 'integer' }],
      rows: FINDING_KINDS.map((k) => [FINDING_KIND_LABELS[k], s.findingsByKind[k]]),
    },
  ];
}
