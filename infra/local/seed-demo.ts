import type { OrgRepo } from '../../shared/org/org-repo.ts';
import { DEFAULT_ORG_CONFIG } from '../../shared/org/rules/config.ts';
import { DEFAULT_TIMEZONE, type Department, type Person, type Role } from '../../shared/org/rules/model.ts';
import { localInputToIso, monthBefore, monthOf, nextMonth } from '../../shared/platform/kernel/time.ts';
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ScoreRepo } from '../../shared/scores/score-repo.ts';
import type { MonthFigures } from '../../shared/scores/rules/dashboard.ts';
import {
  scoringConfigOf,
  weeksInMonth,
  type DepartmentScore,
  type MonthScores,
} from '../../shared/scores/rules/scoring.ts';

/** The demo organisations keep the default zone (Beijing time). */
const TZ = DEFAULT_TIMEZONE;
export const DEMO = { county: 'demo-county', city: 'demo-city' } as const;

type Account = { email: string; name: string; roles: Role[]; org: string; dept?: string; note: string };

/** The demo accounts, as `npm start` prints them. */
export const DEMO_ACCOUNTS: Account[] = [
  { email: 'admin@demo.local', name: '管理员', roles: ['admin'], org: DEMO.county, dept: 'office', note: '管理员' },
  {
    email: 'office@demo.local',
    name: '王办公',
    roles: ['officeHead'],
    org: DEMO.county,
    dept: 'office',
    note: '办公室负责人',
  },
  {
    email: 'reporter@demo.local',
    name: '李信息',
    roles: ['reporter'],
    org: DEMO.county,
    dept: 'news',
    note: '新闻部信息员',
  },
  {
    email: 'head@demo.local',
    name: '张部长',
    roles: ['departmentHead'],
    org: DEMO.county,
    dept: 'news',
    note: '新闻部负责人',
  },
  {
    email: 'leader@demo.local',
    name: '赵分管',
    roles: ['supervisingLeader'],
    org: DEMO.county,
    note: '分管新闻部、技术部、办公室的领导',
  },
  {
    email: 'chief@demo.local',
    name: '陈主任',
    roles: ['principalLeader'],
    org: DEMO.county,
    note: '主要领导（中心主任）',
  },
  { email: 'duty@demo.local', name: '刘值班', roles: ['dutyLeader'], org: DEMO.county, note: '值班领导（常设值班）' },
  {
    email: 'reviewer@demo.local',
    name: '孙审核',
    roles: ['reviewer'],
    org: DEMO.county,
    dept: 'office',
    note: '信息审核小组',
  },
  {
    email: 'tech@demo.local',
    name: '周技术',
    roles: ['departmentHead'],
    org: DEMO.county,
    dept: 'tech',
    note: '技术部负责人',
  },
  {
    email: 'city-office@demo.local',
    name: '吴市办',
    roles: ['officeHead'],
    org: DEMO.city,
    dept: 'office',
    note: '市委办公室负责人',
  },
  { email: 'city-chief@demo.local', name: '郑市领导', roles: ['principalLeader'], org: DEMO.city, note: '市主要领导' },
  { email: 'city-duty@demo.local', name: '钱市值班', roles: ['dutyLeader'], org: DEMO.city, note: '市值班领导' },
];

const personId = (email: string) => `demo-${email.split('@')[0]}`;

/**
 * Creates the demo organisations (a county media centre under a city office) on first start, never twice:
 * every id is fixed and every write conditional. Each start tops up the standing duty rotation so it always
 * covers the present.
 */
export async function seedDemo(orgs: OrgRepo, now = new Date()): Promise<{ created: boolean }> {
  const created = !(await orgs.getOrg(DEMO.county));
  if (created) {
    for (const [i, a] of DEMO_ACCOUNTS.entries()) {
      const p: Person = {
        personId: personId(a.email),
        orgId: a.org,
        name: a.name,
        email: a.email,
        // A made-up mobile each (+86 138 0013 00NN), so a level I–II report's texts show in the SMS viewer.
        phone: `+86138001300${String(i).padStart(2, '0')}`,
        roles: a.roles,
        available: true,
        ...(a.dept ? { departmentId: `${a.org}-${a.dept}` } : {}),
      };
      await orgs.createPerson(p).catch((e: Error) => {
        if (e.name !== 'TransactionCanceledException') throw e;
      });
    }
    const depts: Department[] = [
      {
        orgId: DEMO.county,
        departmentId: `${DEMO.county}-office`,
        name: '办公室',
        headId: personId('office@demo.local'),
        supervisingLeaderId: personId('leader@demo.local'),
        isOffice: true,
      },
      {
        orgId: DEMO.county,
        departmentId: `${DEMO.county}-news`,
        name: '新闻部',
        headId: personId('head@demo.local'),
        supervisingLeaderId: personId('leader@demo.local'),
      },
      {
        orgId: DEMO.county,
        departmentId: `${DEMO.county}-tech`,
        name: '技术部',
        headId: personId('tech@demo.local'),
        supervisingLeaderId: personId('leader@demo.local'),
      },
      {
        orgId: DEMO.city,
        departmentId: `${DEMO.city}-office`,
        name: '市委办公室',
        headId: personId('city-office@demo.local'),
        isOffice: true,
      },
    ];
    for (const d of depts) await orgs.putDepartment(d);
    const at = now.toISOString();
    await orgs.createOrg({
      orgId: DEMO.city,
      name: '示范市委办公室',
      timezone: TZ,
      principalLeaderId: personId('city-chief@demo.local'),
      officeDepartmentId: `${DEMO.city}-office`,
      config: DEFAULT_ORG_CONFIG,
      createdAt: at,
    });
    await orgs.createOrg({
      orgId: DEMO.county,
      name: '示范县融媒体中心',
      parentOrgId: DEMO.city,
      timezone: TZ,
      principalLeaderId: personId('chief@demo.local'),
      officeDepartmentId: `${DEMO.county}-office`,
      config: DEFAULT_ORG_CONFIG,
      createdAt: at,
    });
  }
  // A standing rotation: one 24-hour shift a day from 08:30 local, from yesterday to 60 days ahead.
  for (const [org, leader] of [
    [DEMO.county, 'duty@demo.local'],
    [DEMO.city, 'city-duty@demo.local'],
  ] as const) {
    for (let d = -1; d <= 60; d++) {
      const day = new Date(now.getTime() + d * 86400_000).toLocaleDateString('en-CA', { timeZone: TZ });
      const start = new Date(localInputToIso(`${day}T08:30`, TZ));
      await orgs.putShift({
        orgId: org,
        shiftId: `demo-${day}`,
        start: start.toISOString(),
        end: new Date(start.getTime() + 86400_000).toISOString(),
        dutyLeaderId: personId(leader),
        dutyOfficerId: org === DEMO.county ? personId('office@demo.local') : undefined,
      });
    }
  }
  return { created };
}

/** The marker of the seeded history: written last, so a start that stopped half-way seeds again (every write is a put). */
const HISTORY_MARKER = { PK: `ORG#${DEMO.county}`, SK: 'SEED#HISTORY' };
const HISTORY_MONTHS = 11;

/** A small deterministic generator (mulberry32): the same history on every machine. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A plausible year of the demo county's history (issue 16): for the 11 months ending two months before `now` (the
 * last month is left to the real monthly job), each month's dashboard figures (`seeded: true`) and its scores. Pure and
 * deterministic. Nothing here is mailed: the months are stored as scored, never as mailed, and the dispatcher only
 * ever looks at the previous month.
 */
export function demoHistory(now: Date): { figures: MonthFigures[]; scores: MonthScores[] } {
  const rules = scoringConfigOf(DEFAULT_ORG_CONFIG);
  const cats = DEFAULT_ORG_CONFIG.categories;
  const depts = [
    { departmentId: `${DEMO.county}-news`, name: '新闻部', strength: 1.4 },
    { departmentId: `${DEMO.county}-tech`, name: '技术部', strength: 0.8 },
    { departmentId: `${DEMO.county}-office`, name: '办公室', strength: 1 },
  ];
  let month = monthBefore(monthOf(now, TZ));
  const months: string[] = [];
  for (let i = 0; i < HISTORY_MONTHS; i++) {
    month = monthBefore(month);
    months.unshift(month);
  }
  const figures: MonthFigures[] = [];
  const scores: MonthScores[] = [];
  months.forEach((m, i) => {
    const rnd = random(20261 + i * 7919);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
    const n = 3 + Math.floor(rnd() * 7);
    const minutesToReport: number[] = [];
    const byCategory = new Map<string, { code: string; label: string; count: number }>();
    const bySeverity = { I: 0, II: 0, III: 0, IV: 0 };
    const l1: number[] = [];
    const l2: number[] = [];
    let late = 0;
    let timedOut = 0;
    const perDept = new Map<string, { departmentId: string; reports: number; late: number }>();
    for (let k = 0; k < n; k++) {
      const c = pick(cats.slice(0, 6));
      const row = byCategory.get(c.code) ?? { code: c.code, label: c.label, count: 0 };
      row.count++;
      byCategory.set(c.code, row);
      const sev = pick(['II', 'III', 'III', 'III', 'IV', 'IV'] as const);
      bySeverity[sev]++;
      // Learning → report: mostly within half an hour, now and then past the hour (late).
      const minutes = Math.round((rnd() < 0.12 ? 65 + rnd() * 90 : 6 + rnd() * 40) * 10) / 10;
      if (minutes > 60) late++;
      minutesToReport.push(minutes);
      l1.push(Math.round((2 + rnd() * 18) * 10) / 10);
      if (rnd() < 0.4) l2.push(Math.round((5 + rnd() * 30) * 10) / 10);
      if (rnd() < 0.08) timedOut++;
      const d = pick(depts);
      const pd = perDept.get(d.departmentId) ?? { departmentId: d.departmentId, reports: 0, late: 0 };
      pd.reports++;
      if (minutes > 60) pd.late++;
      perDept.set(d.departmentId, pd);
    }
    const weeks = weeksInMonth(m);
    const items = depts.map((d) => {
      const sent = Math.max(0, Math.round(weeks * d.strength + (rnd() - 0.5) * 3));
      return {
        departmentId: d.departmentId,
        name: d.name,
        sent,
        adopted: Math.min(sent, Math.round(sent * (0.3 + rnd() * 0.4))),
      };
    });
    figures.push({
      orgId: DEMO.county,
      month: m,
      reporting: {
        reports: n,
        late,
        byCategory: [...byCategory.values()],
        bySeverity,
        minutesToReport,
        levels: [
          { level: 1, notified: n, timedOut, minutes: l1 },
          { level: 2, notified: l2.length, timedOut: 0, minutes: l2 },
        ],
        followupsMissed: rnd() < 0.3 ? 1 : 0,
        findingsByKind: { late, missed: rnd() < 0.1 ? 1 : 0, false: 0, concealed: 0 },
        departments: [...perDept.values()],
      },
      items,
      computedAt: new Date(localInputToIso(`${nextMonth(m)}-01T01:00`, TZ)).toISOString(),
      seeded: true,
    });
    const departments: DepartmentScore[] = items.map((it) => {
      const quota = weeks * rules.quotas.departmentItemsPerWeek;
      const base = it.sent >= quota ? 5 : -(quota - it.sent);
      const extra = Math.max(0, it.sent - quota);
      const adoptedPoints = it.adopted * 2;
      return {
        departmentId: it.departmentId,
        name: it.name,
        weeks,
        quota,
        sent: it.sent,
        sentItemIds: [],
        adopted: it.adopted,
        adoptedItemIds: [],
        score: base + extra + adoptedPoints,
        parts: [
          {
            rule: it.sent >= quota ? 'quotaMet' : 'quotaShort',
            label: it.sent >= quota ? `完成定额 ${quota} 条 +5` : `差 ${quota - it.sent} 条 × −1 = ${base}`,
            points: base,
          },
          ...(extra ? [{ rule: 'beyondQuota', label: `超出定额 ${extra} 条 × 1 = +${extra}`, points: extra }] : []),
          {
            rule: 'adopted',
            label: `采用工作信息 ${it.adopted} 条 × 2 = +${adoptedPoints}（演示数据）`,
            points: adoptedPoints,
          },
        ],
        rank: 0,
      };
    });
    departments
      .sort((a, b) => b.score - a.score)
      .forEach((d, k, all) => {
        d.rank = k && all[k - 1]!.score === d.score ? all[k - 1]!.rank : k + 1;
      });
    const news = items[0]!;
    const paid = Math.max(0, news.adopted - 1);
    scores.push({
      month: m,
      weeks,
      rules,
      departments,
      people: [
        {
          personId: 'demo-reporter',
          name: '李信息',
          role: 'officer',
          departmentIds: [news.departmentId],
          quota: 1,
          adopted: news.adopted,
          adoptedItemIds: [],
          quotaMet: news.adopted >= 1,
          rewardFen: paid * 5000,
          parts: [{ rule: 'reward', label: `定额外采用 ${paid} 条 × 50.00 元（演示数据）`, fen: paid * 5000 }],
        },
      ],
      unassignedFindings: [],
    });
  });
  return { figures, scores };
}

/** Seeds the history once (`SEED#HISTORY` says it was), into the table the stack plays; mails nothing. */
export async function seedDemoHistory(
  db: DynamoDBDocumentClient,
  table: string,
  now = new Date(),
): Promise<{ seeded: boolean; months: number }> {
  const marker = await db.send(new GetCommand({ TableName: table, Key: HISTORY_MARKER }));
  if (marker.Item) return { seeded: false, months: 0 };
  const repo = new ScoreRepo(db, table);
  const { figures, scores } = demoHistory(now);
  for (const s of scores) await repo.saveMonth(DEMO.county, s, now.toISOString(), 0);
  for (const f of figures) await repo.saveFigures(f);
  await db.send(
    new PutCommand({
      TableName: table,
      Item: { ...HISTORY_MARKER, entity: 'seedMarker', months: scores.map((s) => s.month), at: now.toISOString() },
    }),
  );
  return { seeded: true, months: scores.length };
}
