import { EXTERNAL_LEVEL_LABELS } from '../work-info/index.ts';
import type { QuarterStats } from './rules/quarter.ts';
import type { DepartmentScore, PersonScore } from './rules/scoring.ts';
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
  ];
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
