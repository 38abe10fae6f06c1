import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { OrgRepo } from '../../shared/org/org-repo.ts';
import { ReportRepo } from '../../shared/reports/report-repo.ts';
import { ItemRepo } from '../../shared/work-info/item-repo.ts';
import { ScoreRepo } from '../../shared/scores/score-repo.ts';
import type { ScoreHeader } from '../../shared/scores/ports.ts';
import { DEFAULT_ORG_CONFIG } from '../../shared/org/rules/config.ts';
import type { Person, Role } from '../../shared/org/rules/model.ts';
import type { WorkingHours } from '../../shared/org/rules/calendar.ts';

/** Scenario helpers (given… / when… / then…) that drive the running local stack over HTTP and read its emulators. */
export const stack = () => inject('stack');

let doc: DynamoDBDocumentClient | undefined;
export function db(): DynamoDBDocumentClient {
  doc ??= DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: stack().dynamoEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }), {
    marshallOptions: { removeUndefinedValues: true },
  });
  return doc;
}
export const orgRepo = () => new OrgRepo(db(), stack().tableName);
export const reportRepo = () => new ReportRepo(db(), stack().tableName);
export const itemRepo = () => new ItemRepo(db(), stack().tableName);
export const scoreRepo = () => new ScoreRepo(db(), stack().tableName);

export const ALWAYS: WorkingHours = { days: [1, 2, 3, 4, 5, 6, 7], periods: [{ start: '00:00', end: '24:00' }] };
export const NEVER: WorkingHours = { days: [], periods: [] };

type RoleKey = 'reporter' | 'head' | 'leader' | 'chief' | 'office' | 'duty' | 'reviewer' | 'outsider';
export type GivenOrg = {
  orgId: string;
  newsId: string;
  officeId: string;
  people: Record<RoleKey, Person>;
  email: (k: RoleKey) => string;
};

/**
 * A fresh organisation of its own for one test: ids and e-mails are unique, so tests never see each other's data.
 * `hours` ALWAYS makes every moment working time (the chain starts at the department head), NEVER the opposite.
 */
export async function givenOrg(opts: { hours?: WorkingHours; withDuty?: boolean; tz?: string; parentOrgId?: string } = {}): Promise<GivenOrg> {
  const tag = randomBytes(5).toString('hex');
  const orgId = `org-${tag}`;
  const repo = orgRepo();
  const mk = (key: RoleKey, name: string, roles: Role[], dept?: string): Person => ({
    personId: `${tag}-${key}`,
    orgId,
    name,
    email: `${key}-${tag}@test.local`,
    roles,
    available: true,
    ...(dept ? { departmentId: dept } : {}),
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
  await repo.putDepartment({ orgId, departmentId: newsId, name: '新闻部', headId: people.head.personId, supervisingLeaderId: people.leader.personId });
  await repo.putDepartment({ orgId, departmentId: officeId, name: '办公室', headId: people.office.personId, supervisingLeaderId: people.leader.personId, isOffice: true });
  await repo.putDepartment({ orgId, departmentId: `${orgId}-tech`, name: '技术部' });
  const today = new Date();
  const overrides = opts.hours === ALWAYS ? { holidays: [], workdays: [-1, 0, 1, 2].map((d) => new Date(today.getTime() + d * 86400_000).toISOString().slice(0, 10)) } : undefined;
  await repo.createOrg({
    orgId,
    name: `测试单位 ${tag}`,
    ...(opts.parentOrgId ? { parentOrgId: opts.parentOrgId } : {}),
    timezone: opts.tz ?? 'Asia/Shanghai',
    principalLeaderId: people.chief.personId,
    officeDepartmentId: officeId,
    config: { ...DEFAULT_ORG_CONFIG, workingHours: opts.hours ?? ALWAYS },
    calendarOverrides: overrides,
    createdAt: today.toISOString(),
  });
  if (opts.withDuty) {
    await repo.putShift({ orgId, shiftId: `${tag}-shift`, start: new Date(today.getTime() - 3600_000).toISOString(), end: new Date(today.getTime() + 24 * 3600_000).toISOString(), dutyLeaderId: people.duty.personId, dutyOfficerId: people.office.personId });
  }
  return { orgId, newsId, officeId, people, email: (k) => people[k].email };
}

export async function signIn(email: string): Promise<string> {
  const r = await fetch(`${stack().appUrl}/api/auth/dev-login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email }) });
  if (r.status !== 200) throw new Error(`dev-login ${email}: ${r.status} ${await r.text()}`);
  return ((await r.json()) as { token: string }).token;
}

export type ApiResponse<T = any> = { status: number; body: T; headers: Headers };
export async function api<T = any>(method: string, path: string, opts: { token?: string; body?: unknown; raw?: string; headers?: Record<string, string> } = {}): Promise<ApiResponse<T>> {
  const r = await fetch(`${stack().appUrl}${path}`, {
    method,
    headers: { ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}), ...(opts.body !== undefined || opts.raw !== undefined ? { 'content-type': 'application/json' } : {}), ...opts.headers },
    body: opts.raw ?? (opts.body !== undefined ? JSON.stringify(opts.body) : undefined),
  });
  const text = await r.text();
  let body: any = text;
  try {
    body = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: r.status, body, headers: r.headers };
}

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

export type StoredMail = { messageId: string; subject: string; destination: { to: string[] }; body: { html: string; text: string }; at: number };
export async function mailsTo(email: string): Promise<StoredMail[]> {
  const r = await fetch(`${stack().mailUrl}/store`);
  const store = (await r.json()) as { emails: StoredMail[] };
  return store.emails.filter((m) => m.destination.to.includes(email));
}

export async function waitFor<T>(what: string, fn: () => Promise<T | undefined | false>, timeoutMs = 10_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function waitForMail(email: string, count = 1, timeoutMs = 10_000): Promise<StoredMail[]> {
  return waitFor(`${count} mail(s) to ${email}`, async () => {
    const m = await mailsTo(email);
    return m.length >= count ? m : undefined;
  }, timeoutMs);
}

export function ackLinkIn(mail: StoredMail): string {
  const m = /(https?:\/\/[^\s"<>]+\/ack\/[A-Za-z0-9_-]+)/.exec(mail.body.text);
  if (!m) throw new Error(`no acknowledgement link in mail "${mail.subject}"`);
  return m[1]!;
}

export async function invokeFunction(name: string, event: unknown = {}): Promise<any> {
  const r = await fetch(`${stack().appUrl}/__local/functions/${name}/invoke`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(event) });
  const body = await r.json();
  if (r.status !== 200) throw new Error(`invoke ${name}: ${JSON.stringify(body)}`);
  return body;
}

/**
 * Runs the monthly scores dispatcher through the local scheduler path and waits for the scoring worker to finish the
 * organisation's month: stored and mailed, and (for a recompute) computed again (at another instant than before).
 */
export async function runMonthlyScores(orgId: string, month: string, event: { time: string; recompute?: boolean }): Promise<{ run: any; header: ScoreHeader }> {
  const before = (await scoreRepo().getHeader(orgId, month))?.lastComputedAt;
  const run = await invokeFunction('MonthlyScores', { 'detail-type': 'Scheduled Event', time: event.time, detail: { orgIds: [orgId], ...(event.recompute ? { month } : {}) } });
  const header = await waitFor(`the scores of ${orgId} ${month}`, async () => {
    const h = await scoreRepo().getHeader(orgId, month);
    return h?.mailedAt && (!event.recompute || h.lastComputedAt !== before) ? h : undefined;
  }, 20_000);
  return { run, header };
}
