import { randomBytes } from 'node:crypto';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { monotonicFactory } from 'ulid';
import { expect } from 'vitest';
import type { Deps } from '../../shared/app/ports.ts';
import { DEFAULT_TIMEZONE } from '../../shared/org/rules/model.ts';
import type { WorkingHours } from '../../shared/org/rules/calendar.ts';
import { DEFAULT_ORG_CONFIG } from '../../shared/org/rules/config.ts';
import type { Person, Role } from '../../shared/org/rules/model.ts';
import type { Caller } from '../../shared/platform/auth/caller.ts';
import { keys } from '../../shared/platform/dynamo/keys.ts';
import { localParts } from '../../shared/platform/kernel/time.ts';
import {
  api,
  db,
  findingRepo,
  itemRepo,
  orgRepo,
  reportRepo,
  scoreRepo,
  signIn,
  signInAccounts,
  stack,
} from './stack.ts';

/** Given… steps: the data a test starts from, each test with an organisation of its own. */

export const ALWAYS: WorkingHours = { days: [1, 2, 3, 4, 5, 6, 7], periods: [{ start: '00:00', end: '24:00' }] };
export const NEVER: WorkingHours = { days: [], periods: [] };

export type RoleKey = 'reporter' | 'head' | 'leader' | 'chief' | 'office' | 'duty' | 'reviewer' | 'outsider';
const ROLE_KEYS: RoleKey[] = ['reporter', 'head', 'leader', 'chief', 'office', 'duty', 'reviewer', 'outsider'];

export type GivenOrg = {
  orgId: string;
  newsId: string;
  officeId: string;
  /** The organisation's time zone: what "today", "this month" and local form times mean for it. */
  tz: string;
  people: Record<RoleKey, Person>;
  email: (k: RoleKey) => string;
};

/**
 * A fresh organisation of its own for one test: ids and e-mails are unique, so tests never see each other's data.
 * 新闻部 (reporter, head, reviewer), 办公室 (office head), 技术部 (outsider); a supervising, a principal and a duty leader.
 * `hours` ALWAYS (the default) makes every moment working time, so the chain starts at the department head, whatever
 * the day or hour the test runs at (the days around today are working days, holidays or not); NEVER the opposite.
 * `withDuty` puts the duty leader on a shift from an hour ago to a day from now.
 */
export async function givenOrg(
  opts: { hours?: WorkingHours; withDuty?: boolean; tz?: string; parentOrgId?: string; phones?: boolean } = {},
): Promise<GivenOrg> {
  const tag = randomBytes(5).toString('hex');
  // `phones`: everyone a mobile of the organisation's own (+86 139, six random digits, two of the person's).
  const phoneBase = `+86139${String(randomBytes(4).readUInt32BE() % 1_000_000).padStart(6, '0')}`;
  let phoneIndex = 10;
  const orgId = `org-${tag}`;
  const tz = opts.tz ?? DEFAULT_TIMEZONE;
  const repo = orgRepo();
  const mk = (key: RoleKey, name: string, roles: Role[], dept?: string): Person => ({
    personId: `${tag}-${key}`,
    orgId,
    name,
    email: `${key}-${tag}@test.local`,
    roles,
    available: true,
    ...(dept ? { departmentId: dept } : {}),
    ...(opts.phones ? { phone: `${phoneBase}${phoneIndex++}` } : {}),
  });
  const newsId = `${orgId}-news`;
  const officeId = `${orgId}-office`;
  const people: Record<RoleKey, Person> = {
    reporter: mk('reporter', '报告人', ['reporter'], newsId),
    head: mk('head', '部门负责人', ['departmentHead'], newsId),
    leader: mk('leader', '分管领导', ['supervisingLeader']),
    chief: mk('chief', '主要领导', ['principalLeader']),
    office: mk('office', '办公室主任', ['officeHead'], officeId),
    duty: mk('duty', '值班领导', ['dutyLeader']),
    reviewer: mk('reviewer', '审核人', ['reviewer'], newsId),
    outsider: mk('outsider', '无关人员', ['reporter'], `${orgId}-tech`),
  };
  for (const p of Object.values(people)) await repo.createPerson(p);
  const leaderId = people.leader.personId;
  await repo.putDepartment({
    orgId,
    departmentId: newsId,
    name: '新闻部',
    headId: people.head.personId,
    supervisingLeaderId: leaderId,
  });
  await repo.putDepartment({
    orgId,
    departmentId: officeId,
    name: '办公室',
    headId: people.office.personId,
    supervisingLeaderId: leaderId,
    isOffice: true,
  });
  await repo.putDepartment({ orgId, departmentId: `${orgId}-tech`, name: '技术部' });
  const now = Date.now();
  const hours = opts.hours ?? ALWAYS;
  const aroundToday = [-1, 0, 1, 2, 3].map((d) => localParts(new Date(now + d * 86400_000), tz).date);
  await repo.createOrg({
    orgId,
    name: `测试单位 ${tag}`,
    ...(opts.parentOrgId ? { parentOrgId: opts.parentOrgId } : {}),
    timezone: tz,
    principalLeaderId: people.chief.personId,
    officeDepartmentId: officeId,
    config: { ...DEFAULT_ORG_CONFIG, workingHours: hours },
    calendarOverrides: hours === ALWAYS ? { holidays: [], workdays: aroundToday } : undefined,
    createdAt: new Date(now).toISOString(),
  });
  if (opts.withDuty) {
    await repo.putShift({
      orgId,
      shiftId: `${tag}-shift`,
      start: new Date(now - 3600_000).toISOString(),
      end: new Date(now + 24 * 3600_000).toISOString(),
      dutyLeaderId: people.duty.personId,
      dutyOfficerId: people.office.personId,
    });
  }
  return { orgId, newsId, officeId, tz, people, email: (k) => people[k].email };
}

export type Tokens = Record<RoleKey, string>;

/** Everyone of the organisation signed in: a token per role key. */
export async function tokensOf(g: GivenOrg): Promise<Tokens> {
  const entries = await Promise.all(ROLE_KEYS.map(async (k) => [k, await signIn(g.email(k))] as const));
  return Object.fromEntries(entries) as Tokens;
}

/** A person of the organisation as the use cases see a signed-in caller (for in-process calls). */
export function callerOf(g: GivenOrg, k: RoleKey): Caller {
  const p = g.people[k];
  return {
    personId: p.personId,
    orgId: g.orgId,
    name: p.name,
    roles: p.roles,
    ...(p.departmentId ? { departmentId: p.departmentId } : {}),
  };
}

/**
 * The use cases' dependencies over the stack's real table, for a test that calls a use case in-process to cause what
 * HTTP cannot (a queue that is down, a mail that SES refuses, a fixed clock). Mail and queue are the test's to give:
 * by default a queue that takes every nudge and a mailer that fails the test if anything is sent.
 */
export function tableDeps(over: Partial<Deps> = {}): Deps {
  return {
    orgs: orgRepo(),
    reports: reportRepo(),
    items: itemRepo(),
    findings: findingRepo(),
    scores: scoreRepo(),
    queue: { nudge: async () => undefined },
    mailer: { send: async (m) => Promise.reject(new Error(`this test sends no mail, yet "${m.subject}" was sent`)) },
    accounts: signInAccounts(),
    clock: () => new Date(),
    ids: monotonicFactory(),
    appUrl: stack().appUrl,
    log: { info() {}, warn() {}, error() {} },
    ...over,
  };
}

/** An emergency report's body: a severity-III fire in 新闻部 ten minutes ago, on time. */
export function reportBody(g: GivenOrg, over: Record<string, unknown> = {}) {
  return {
    departmentId: g.newsId,
    category: 'safety',
    severity: 'III',
    title: '演播室起火',
    occurredAt: new Date(Date.now() - 10 * 60_000).toISOString(),
    place: '二楼演播室',
    summary: '电线短路引发明火，已疏散人员。',
    measuresTaken: '已用灭火器扑灭，消防已到场。',
    contact: { name: '李信息', post: '信息员', phone: '13800000000' },
    ...over,
  };
}

export type SubmittedReport = {
  reportId: string;
  followupDueAt: string;
  chain: { role: string; personId: string; state: string; parallel?: boolean; skipReason?: string }[];
  [k: string]: any;
};

/** A report submitted by the organisation's reporter through the API (`over` changes the body). */
export async function givenReport(g: GivenOrg, over: Record<string, unknown> = {}): Promise<SubmittedReport> {
  const r = await api('POST', '/api/reports', { token: await signIn(g.email('reporter')), body: reportBody(g, over) });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body;
}

/** A city and a county under it, both with every moment working time (`givenOrg`'s ALWAYS). */
export async function givenCityAndCounty(): Promise<{ city: GivenOrg; county: GivenOrg }> {
  const city = await givenOrg({ hours: ALWAYS });
  const county = await givenOrg({ hours: ALWAYS, parentOrgId: city.orgId });
  return { city, county };
}

/** A county report its chief signed off to the city: the county's report and the city's copy. */
export async function givenForwardedReport() {
  const { city, county } = await givenCityAndCounty();
  const { reportId } = await givenReport(county);
  const signed = await api('POST', `/api/reports/${reportId}/sign-off`, {
    token: await signIn(county.email('chief')),
    body: { decision: 'forward' },
  });
  expect(signed.status).toBe(200);
  return { city, county, reportId, copyId: signed.body.forwardedReportId as string };
}

/**
 * `n` reports of the organisation newer than anything it has, written straight into its list (no one is in their
 * chains, so they add no 待办 rows): what a reader that pages the list would have to get past. `extra` adds fields to
 * each, given its submission time.
 */
export async function givenNewerReports(
  g: GivenOrg,
  n: number,
  extra: (submittedAt: string) => Record<string, unknown> = () => ({}),
): Promise<void> {
  const rows = Array.from({ length: n }, (_, i) => {
    const reportId = `${g.orgId}-filler-${String(i).padStart(4, '0')}`;
    const submittedAt = new Date(Date.now() + 60_000 + i * 1000).toISOString();
    return {
      ...keys.report(reportId),
      GSI1PK: keys.orgReports(g.orgId),
      GSI1SK: `${submittedAt}#${reportId}`,
      entity: 'report',
      reportId,
      orgId: g.orgId,
      reporterId: 'nobody',
      title: '其他报告',
      chain: [],
      status: 'acknowledged',
      ...extra(submittedAt),
      submittedAt,
    };
  });
  for (let i = 0; i < rows.length; i += 25)
    await db().send(
      new BatchWriteCommand({
        RequestItems: { [stack().tableName]: rows.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) },
      }),
    );
}

/** A work-information item's body: a work item of 新闻部. */
export function itemBody(g: GivenOrg, over: Record<string, unknown> = {}) {
  const body = '本月新闻部完成两会报道 36 篇。\n\n- 电视新闻 20 条\n- 网络稿件 16 篇';
  return { kind: 'work', title: '新闻部完成全县两会报道', body, departmentId: g.newsId, ...over };
}

/** A draft item written by the reporter through the API. */
export async function draftItem(g: GivenOrg, t: Tokens, over: Record<string, unknown> = {}): Promise<string> {
  const r = await api('POST', '/api/items', { token: t.reporter, body: itemBody(g, over) });
  expect(r.status).toBe(201);
  return r.body.itemId;
}

/** An item taken through submit → approve → adopt by the API; `important` items then wait for a sign-off. */
export async function adoptedItem(g: GivenOrg, t: Tokens, title: string, opts: { important?: boolean } = {}) {
  const id = await draftItem(g, t, { title });
  expect((await api('POST', `/api/items/${id}/submit`, { token: t.reporter })).status).toBe(200);
  const approve = { decision: 'approve' };
  expect((await api('POST', `/api/items/${id}/review`, { token: t.head, body: approve })).status).toBe(200);
  const adopt = { decision: 'adopt', important: opts.important ?? false };
  expect((await api('POST', `/api/items/${id}/adopt`, { token: t.reviewer, body: adopt })).status).toBe(200);
  return id;
}
