import type { OrgRepo } from '../../shared/org/org-repo.ts';
import { DEFAULT_ORG_CONFIG } from '../../shared/org/rules/config.ts';
import { DEFAULT_TIMEZONE, type Department, type Person, type Role } from '../../shared/org/rules/model.ts';
import { localInputToIso } from '../../shared/platform/kernel/time.ts';

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
    for (const a of DEMO_ACCOUNTS) {
      const p: Person = {
        personId: personId(a.email),
        orgId: a.org,
        name: a.name,
        email: a.email,
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
