import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '../../../shared/app/routes.ts';
import { api, db, orgRepo, signIn, stack, untilIdle } from '../../support/stack.ts';
import { ALWAYS, givenOrg, reportBody, tokensOf, type GivenOrg } from '../../support/given.ts';
import { waitForMail } from '../../support/then.ts';

/**
 * Every /api endpoint, tried with no token, with every role of an organisation, and with the office of another
 * organisation: 401 without a token, 403 for a colleague without the role, 404 for what is invisible (another
 * organisation's data); and a rejected call writes nothing (the organisation's, the report's and the item's records are
 * compared before and after every rejected call).
 */
type Who =
  | 'none'
  | 'reporter'
  | 'head'
  | 'leader'
  | 'chief'
  | 'duty'
  | 'reviewer'
  | 'office'
  | 'clerk'
  | 'admin'
  | 'outsider';
const MEMBERS: Who[] = ['reporter', 'head', 'leader', 'chief', 'duty', 'reviewer', 'office', 'clerk', 'admin'];

type Ctx = {
  g: GivenOrg;
  childOrgId: string;
  reportId: string;
  itemId: string;
  instructionId: string;
  findingId: string;
  /** A 核报 the organisation's office sent to its lower organisation (nobody of the matrix is of that one). */
  requestId: string;
  n: () => number;
};
type Case = {
  name?: string;
  /** The method and path, as the route table has them. */
  route: string;
  /** What is called; by default the route's path with the fixture's ids in its parameters (`PARAMS`). */
  url?: (c: Ctx) => string;
  body?: (c: Ctx) => unknown;
  csv?: (c: Ctx) => string;
  expect: Partial<Record<Who, number>>;
};

/** What a path parameter stands for in the fixture; an id nothing has (`nope`, the ULID of Zs) is invisible to all. */
const PARAMS: Record<string, (c: Ctx) => string> = {
  orgId: (c) => c.g.orgId,
  departmentId: (c) => c.g.newsId,
  personId: (c) => c.g.people.reporter.personId,
  year: () => '2031',
  reportId: (c) => c.reportId,
  sequence: () => '1',
  itemId: (c) => c.itemId,
  attachmentId: () => '01JZZZZZZZZZZZZZZZZZZZZZZZ',
  periodId: () => 'nope',
  instructionId: (c) => c.instructionId,
  requestId: (c) => c.requestId,
  findingId: (c) => c.findingId,
  circularId: () => '2026-0001',
  periodicalId: () => '2026-0001',
  commissionId: () => 'nope',
};
const methodOf = (k: Case) => k.route.split(' ')[0]!;
const urlOf = (k: Case, c: Ctx) =>
  k.url?.(c) ??
  k.route.split(' ')[1]!.replace(/\{(\w+)\}/g, (_, p: string) => {
    const value = PARAMS[p];
    if (!value) throw new Error(`no fixture value for {${p}} in ${k.route}`);
    return value(c);
  });

/** Every member of the organisation answered `status` (a case names the exceptions after it). */
const members = (status: number) => Object.fromEntries(MEMBERS.map((w) => [w, status]));
/** Administration of the organisation: its office (office head, office department) and admins; colleagues 403; others 404. */
const manage = (ok: number): Partial<Record<Who, number>> => ({
  none: 401,
  ...members(403),
  office: ok,
  clerk: ok,
  admin: ok,
  outsider: 404,
});
/** Only the two outside the organisation tried: no token 401, another organisation's office 404. */
const OUTSIDE: Partial<Record<Who, number>> = { none: 401, outsider: 404 };
/** A report's own: those outside its chain (duty leader, reviewer, admin) and another organisation do not see it. */
const NOT_IN_CHAIN: Partial<Record<Who, number>> = { none: 401, duty: 404, reviewer: 404, admin: 404, outsider: 404 };
const future = (n: number) => new Date(Date.UTC(2031, 0, 1) + n * 86400_000);

const CASES: Case[] = [
  { route: 'GET /api/me', expect: { none: 401, ...members(200), outsider: 200 } },
  // Organisation
  {
    name: 'top-level',
    route: 'POST /api/orgs',
    body: (c) => ({ name: `顶级 ${c.n()}` }),
    expect: { none: 401, ...members(403), admin: 201, outsider: 403 },
  },
  {
    name: 'subordinate',
    route: 'POST /api/orgs',
    body: (c) => ({ name: `下级 ${c.n()}`, parentOrgId: c.g.orgId }),
    expect: manage(201),
  },
  { route: 'GET /api/orgs/{orgId}', expect: manage(200) },
  {
    name: 'upper level',
    route: 'GET /api/orgs/{orgId}',
    url: (c) => `/api/orgs/${c.childOrgId}`,
    expect: { none: 401, reporter: 404, chief: 404, office: 200, clerk: 200, admin: 200, outsider: 404 },
  },
  { route: 'PATCH /api/orgs/{orgId}', body: (c) => ({ name: `测试单位 ${c.n()}` }), expect: manage(200) },
  {
    route: 'PUT /api/orgs/{orgId}/config',
    body: () => ({ parallelPrincipalSeverities: ['I', 'II'] }),
    expect: manage(200),
  },
  { route: 'POST /api/orgs/{orgId}/departments', body: (c) => ({ name: `部门 ${c.n()}` }), expect: manage(201) },
  {
    route: 'PATCH /api/orgs/{orgId}/departments/{departmentId}',
    body: () => ({ name: '新闻部' }),
    expect: manage(200),
  },
  {
    route: 'POST /api/orgs/{orgId}/people',
    body: (c) => ({ name: '新人', email: `p${c.n()}-${c.g.orgId}@test.local`, roles: ['reporter'] }),
    expect: manage(201),
  },
  { route: 'PATCH /api/people/{personId}', body: () => ({ phone: '13800000001' }), expect: manage(200) },
  {
    route: 'PUT /api/orgs/{orgId}/duty-roster',
    body: (c) => ({
      shifts: [
        { start: future(0).toISOString(), end: future(1).toISOString(), dutyLeaderId: c.g.people.duty.personId },
      ],
    }),
    expect: manage(200),
  },
  { route: 'GET /api/orgs/{orgId}/duty-roster', expect: manage(200) },
  { route: 'GET /api/orgs/{orgId}/on-duty', expect: manage(200) },
  {
    route: 'PUT /api/orgs/{orgId}/calendar/{year}',
    body: () => ({ holidays: ['2031-01-02'], workdays: [] }),
    expect: manage(200),
  },
  { route: 'GET /api/orgs/{orgId}/calendar/{year}', expect: manage(200) },
  {
    route: 'POST /api/orgs/{orgId}/import',
    csv: (c) => `姓名,邮箱\n导入,i${c.n()}-${c.g.orgId}@test.local\n`,
    expect: manage(200),
  },
  // Emergency reports: seen by the reporter, the chain and the office; invisible (404) to everyone else.
  // Creating always happens in the caller's own organisation: another organisation's department is unknown there (400).
  { route: 'POST /api/reports', body: (c) => reportBody(c.g), expect: { none: 401, outsider: 400 } },
  { route: 'GET /api/reports', expect: { none: 401, reporter: 200, duty: 200, outsider: 200 } },
  {
    route: 'GET /api/reports/{reportId}',
    expect: {
      none: 401,
      reporter: 200,
      head: 200,
      leader: 200,
      chief: 200,
      office: 200,
      clerk: 200,
      duty: 404,
      reviewer: 404,
      admin: 404,
      outsider: 404,
    },
  },
  { route: 'POST /api/reports/{reportId}/ack', expect: NOT_IN_CHAIN },
  { route: 'POST /api/reports/{reportId}/sign-off', body: () => ({ decision: 'keep' }), expect: NOT_IN_CHAIN },
  // Attachments (issue 14): whoever may see the record asks for an upload and lists; the draft item is its author's
  // alone; the fixture has no follow-up (404 for all) and no attachment (confirm and download 404 for all).
  {
    route: 'POST /api/reports/{reportId}/attachments',
    body: () => ({ fileName: '现场.jpg', contentType: 'image/jpeg', size: 10 }),
    expect: { none: 401, reporter: 201, head: 201, office: 201, duty: 404, reviewer: 404, admin: 404, outsider: 404 },
  },
  {
    route: 'GET /api/reports/{reportId}/attachments',
    expect: { none: 401, reporter: 200, head: 200, duty: 404, reviewer: 404, outsider: 404 },
  },
  {
    route: 'POST /api/reports/{reportId}/followups/{sequence}/attachments',
    body: () => ({ fileName: '续报.pdf', contentType: 'application/pdf', size: 10 }),
    expect: { none: 401, reporter: 404, head: 404, outsider: 404 },
  },
  {
    route: 'GET /api/reports/{reportId}/followups/{sequence}/attachments',
    expect: { none: 401, reporter: 404, outsider: 404 },
  },
  {
    route: 'POST /api/items/{itemId}/attachments',
    body: () => ({ fileName: '材料.docx', contentType: 'application/msword', size: 10 }),
    expect: { none: 401, reporter: 201, head: 404, office: 404, outsider: 404 },
  },
  { route: 'GET /api/items/{itemId}/attachments', expect: { none: 401, reporter: 200, head: 404, outsider: 404 } },
  { route: 'POST /api/attachments/{attachmentId}/confirm', expect: { none: 401, reporter: 404, outsider: 404 } },
  { route: 'GET /api/attachments/{attachmentId}', expect: { none: 401, reporter: 404, outsider: 404 } },
  // Phoned-in reports and zero reports (issue 14): the fixture's report was written, so completing it is 409.
  {
    route: 'POST /api/reports/{reportId}/written',
    body: () => ({
      title: 't',
      place: 'p',
      summary: 's',
      measuresTaken: 'm',
      contact: { name: 'n', phone: '13800000000' },
    }),
    expect: { none: 401, reporter: 409, office: 409, duty: 404, reviewer: 404, admin: 404, outsider: 404 },
  },
  {
    route: 'POST /api/orgs/{orgId}/zero-report-periods',
    body: (c) => ({
      title: '春节',
      from: '2099-02-01',
      to: '2099-02-03',
      cutoff: '16:00',
      departmentIds: [c.g.newsId],
    }),
    // The office declares (201, not tried here: the matrix tries refusals); colleagues and admins 403, others 404.
    expect: {
      none: 401,
      reporter: 403,
      head: 403,
      leader: 403,
      chief: 403,
      duty: 403,
      reviewer: 403,
      admin: 403,
      outsider: 404,
    },
  },
  {
    route: 'POST /api/zero-report-periods/{periodId}/returns',
    body: (c) => ({ date: '2099-02-01', departmentId: c.g.newsId }),
    expect: { none: 401, reporter: 404, office: 404, outsider: 404 },
  },
  { route: 'GET /api/zero-report-periods/{periodId}', expect: { none: 401, office: 404, outsider: 404 } },
  {
    route: 'POST /api/zero-report-periods/{periodId}/missed',
    body: (c) => ({ date: '2099-02-01', unitId: c.g.newsId }),
    expect: { none: 401, office: 404, outsider: 404 },
  },
  {
    route: 'POST /api/reports/{reportId}/followups',
    body: () => ({ kind: 'followup', summary: '新进展' }),
    expect: NOT_IN_CHAIN,
  },
  {
    route: 'POST /api/reports/{reportId}/instructions',
    body: (c) => ({ text: '批示', assigneeIds: [c.g.people.reporter.personId], dueAt: future(3).toISOString() }),
    expect: NOT_IN_CHAIN,
  },
  {
    // 催办 is the office's: those who see the report otherwise are refused (403), everyone else does not see it.
    route: 'POST /api/reports/{reportId}/chase',
    body: () => ({}),
    expect: {
      none: 401,
      reporter: 403,
      head: 403,
      leader: 403,
      chief: 403,
      duty: 404,
      reviewer: 404,
      admin: 404,
      outsider: 404,
    },
  },
  { route: 'POST /api/instructions/{instructionId}/progress', body: () => ({ text: '落实中' }), expect: OUTSIDE },
  { route: 'POST /api/instructions/{instructionId}/close', expect: OUTSIDE },
  {
    // 转办 is the lower office's, on an instruction from the parent: on a local one even the office is refused; those
    // it involves (assignee, giver) 403, everyone else does not see it.
    route: 'POST /api/instructions/{instructionId}/delegate',
    body: (c) => ({ assigneeIds: [c.g.people.head.personId] }),
    expect: {
      none: 401,
      reporter: 403,
      head: 403,
      office: 403,
      clerk: 403,
      leader: 404,
      chief: 404,
      duty: 404,
      reviewer: 404,
      admin: 404,
      outsider: 404,
    },
  },
  {
    // 催办 on an instruction is the office's; the assignee and the giver are refused, everyone else does not see it.
    route: 'POST /api/instructions/{instructionId}/chase',
    body: () => ({}),
    expect: {
      none: 401,
      reporter: 403,
      head: 403,
      leader: 404,
      chief: 404,
      duty: 404,
      reviewer: 404,
      admin: 404,
      outsider: 404,
      office: 200,
    },
  },
  // Accountability: the office's registers are invisible to other organisations.
  {
    route: 'GET /api/me/inbox',
    expect: { none: 401, ...members(200), outsider: 200 },
  },
  { route: 'GET /api/orgs/{orgId}/supervision', expect: { none: 401, office: 200, outsider: 404 } },
  // Issue 15: the outbox's undelivered messages, the organisation's own office only (as 督办).
  { route: 'GET /api/orgs/{orgId}/undelivered', expect: { none: 401, office: 200, outsider: 404 } },
  // 核报 (issue 17): the office asks its lower organisation; the asking side reads, only the lower one answers.
  {
    route: 'POST /api/orgs/{orgId}/verification-requests',
    body: (c) => ({
      targetOrgId: c.childOrgId,
      subject: `核报 ${c.n()}`,
      details: '请核实',
      dueAt: future(2).toISOString(),
    }),
    expect: { none: 401, ...members(403), office: 201, clerk: 201, outsider: 404 },
  },
  {
    route: 'GET /api/verification-requests/{requestId}',
    expect: { none: 401, ...members(404), leader: 200, chief: 200, office: 200, clerk: 200, outsider: 404 },
  },
  {
    route: 'POST /api/verification-requests/{requestId}/answer',
    body: () => ({ noSuchEvent: true, explanation: '经核实无此事' }),
    expect: { none: 401, reporter: 404, head: 404, leader: 403, chief: 403, office: 403, clerk: 403, outsider: 404 },
  },
  {
    route: 'POST /api/orgs/{orgId}/findings',
    body: (c) => ({
      kind: 'late',
      reportId: c.reportId,
      responsibleOrgId: c.g.orgId,
      occurredAt: new Date().toISOString(),
      note: '迟报',
    }),
    expect: OUTSIDE,
  },
  { route: 'GET /api/orgs/{orgId}/findings', expect: { none: 401, office: 200, outsider: 404 } },
  { route: 'GET /api/findings/{findingId}', expect: { none: 401, office: 200, outsider: 404 } },
  { route: 'POST /api/findings/{findingId}/explanation', body: () => ({ text: '说明' }), expect: OUTSIDE },
  {
    route: 'POST /api/findings/{findingId}/decision',
    body: () => ({ outcome: 'dismissed', reason: '理由' }),
    expect: OUTSIDE,
  },
  { route: 'POST /api/findings/{findingId}/request-explanation', expect: OUTSIDE },
  { route: 'POST /api/findings/{findingId}/link', body: (c) => ({ reportId: c.reportId }), expect: OUTSIDE },
  {
    route: 'POST /api/orgs/{orgId}/circulars',
    body: () => ({ from: '2026-11-01', to: '2026-11-30', kind: 'praise' }),
    expect: OUTSIDE,
  },
  { route: 'GET /api/orgs/{orgId}/circulars', expect: OUTSIDE },
  { route: 'GET /api/orgs/{orgId}/circulars/{circularId}', expect: OUTSIDE },
  { route: 'GET /api/orgs/{orgId}/timeliness', expect: { none: 401, office: 200, outsider: 404 } },
  // Monthly scores and quarterly statistics (issue 7): the office, leaders and department heads; other members 403.
  {
    route: 'GET /api/orgs/{orgId}/scores',
    url: (c) => `/api/orgs/${c.g.orgId}/scores?month=2026-11`,
    expect: { none: 401, reporter: 403, duty: 403, head: 200, chief: 200, office: 200, outsider: 404 },
  },
  {
    route: 'GET /api/orgs/{orgId}/stats',
    url: (c) => `/api/orgs/${c.g.orgId}/stats?quarter=2026-Q4`,
    expect: { none: 401, reporter: 403, head: 200, leader: 200, office: 200, outsider: 404 },
  },
  // The dashboard (issue 16): the office and leaders; department heads and other members 403.
  {
    route: 'GET /api/orgs/{orgId}/dashboard',
    expect: { none: 401, reporter: 403, head: 403, chief: 200, office: 200, outsider: 404 },
  },
  // Its lower organisations side by side (issue 16): the same readers; another organisation 404.
  {
    route: 'GET /api/orgs/{orgId}/lower-orgs',
    expect: { none: 401, reporter: 403, head: 403, chief: 200, office: 200, outsider: 404 },
  },
  // Work information: another organisation's items and periodicals are invisible.
  {
    route: 'POST /api/items',
    body: (c) => ({ kind: 'work', title: '标题', body: '正文', departmentId: c.g.newsId }),
    expect: { none: 401, outsider: 400 },
  },
  { route: 'GET /api/items', expect: { none: 401, reporter: 200, outsider: 200 } },
  { route: 'GET /api/items/{itemId}', expect: { none: 401, reporter: 200, outsider: 404 } },
  { route: 'PATCH /api/items/{itemId}', body: () => ({ title: '改' }), expect: OUTSIDE },
  { route: 'POST /api/items/{itemId}/submit', expect: OUTSIDE },
  { route: 'POST /api/items/{itemId}/review', body: () => ({ decision: 'approve' }), expect: OUTSIDE },
  { route: 'POST /api/items/{itemId}/adopt', body: () => ({ decision: 'adopt' }), expect: OUTSIDE },
  { route: 'POST /api/items/{itemId}/sign-off', body: () => ({}), expect: OUTSIDE },
  {
    route: 'POST /api/items/{itemId}/external-adoptions',
    body: () => ({ level: 'municipal', outlet: '市报', adoptedOn: '2026-11-01' }),
    expect: OUTSIDE,
  },
  {
    route: 'POST /api/orgs/{orgId}/periodicals',
    body: (c) => ({ itemIds: [c.itemId] }),
    expect: { none: 401, reporter: 403, duty: 403, outsider: 404 },
  },
  { route: 'GET /api/orgs/{orgId}/periodicals', expect: { none: 401, reporter: 403, office: 200, outsider: 404 } },
  { route: 'GET /api/orgs/{orgId}/periodicals/{periodicalId}', expect: OUTSIDE },
  // Work information, issue 16 and 约稿: the target is set by the parent's office (here the child's parent is g).
  {
    route: 'POST /api/items/{itemId}/self-published',
    body: () => ({ outlet: '县融媒体中心', publishedOn: '2026-11-01' }),
    expect: OUTSIDE,
  },
  { route: 'POST /api/items/{itemId}/recommend', body: () => ({}), expect: OUTSIDE },
  {
    route: 'PUT /api/orgs/{orgId}/item-target',
    url: (c) => `/api/orgs/${c.childOrgId}/item-target`,
    body: () => ({ month: '2031-01', items: 3 }),
    expect: { none: 401, reporter: 403, chief: 403, office: 200, outsider: 404 },
  },
  {
    route: 'GET /api/orgs/{orgId}/item-target',
    expect: { none: 401, reporter: 403, office: 200, chief: 200, outsider: 404 },
  },
  {
    route: 'PUT /api/orgs/{orgId}/periodical-distribution',
    body: () => ({ outside: [] }),
    expect: { none: 401, reporter: 403, chief: 403, office: 200, outsider: 404 },
  },
  {
    route: 'GET /api/orgs/{orgId}/periodical-distribution',
    expect: { none: 401, reporter: 403, office: 200, outsider: 404 },
  },
  {
    route: 'POST /api/orgs/{orgId}/commissions',
    body: (c) => ({ topic: '约稿', departmentIds: [c.g.newsId], dueAt: future(1).toISOString() }),
    expect: { none: 401, reporter: 403, chief: 403, outsider: 404 },
  },
  { route: 'GET /api/orgs/{orgId}/commissions', expect: { none: 401, office: 200, outsider: 404 } },
  { route: 'GET /api/commissions/{commissionId}', expect: { none: 401, office: 404, outsider: 404 } },
];

async function partition(pk: string, index?: string): Promise<unknown[]> {
  const r = await db().send(
    new QueryCommand({
      TableName: stack().tableName,
      IndexName: index,
      KeyConditionExpression: index ? 'GSI1PK = :pk' : 'PK = :pk',
      ExpressionAttributeValues: { ':pk': pk },
    }),
  );
  return (r.Items ?? []).map((i) => JSON.stringify(i, Object.keys(i).sort())).sort();
}

describe('authorization matrix: every endpoint × every role × another organisation', () => {
  const tokens = {} as Record<Who, string | undefined>;
  let ctx: Ctx;
  const snapshot = async () => {
    const { g, childOrgId, reportId, itemId } = ctx;
    const parts = await Promise.all([
      partition(`ORG#${g.orgId}`),
      partition(`ORG#${childOrgId}`),
      partition(`REPORT#${reportId}`),
      partition(`ITEM#${itemId}`),
      partition(`INSTRUCTION#${ctx.instructionId}`),
      partition(`FINDING#${ctx.findingId}`),
      partition(`VERIFY#${ctx.requestId}`),
      partition(`ORG#${g.orgId}#PEOPLE`, 'GSI1'),
      partition(`ORG#${g.orgId}#REPORTS`, 'GSI1'),
      partition(`ORG#${childOrgId}#PEOPLE`, 'GSI1'),
    ]);
    return parts;
  };

  beforeAll(async () => {
    const g = await givenOrg({ hours: ALWAYS });
    const other = await givenOrg();
    const repo = orgRepo();
    const extra = (key: string, roles: ('admin' | 'reporter')[], departmentId?: string) => ({
      personId: `${g.orgId}-${key}`,
      orgId: g.orgId,
      name: key,
      email: `${key}-${g.orgId}@test.local`,
      roles,
      available: true,
      ...(departmentId ? { departmentId } : {}),
    });
    await repo.createPerson(extra('admin', ['admin']));
    await repo.createPerson(extra('clerk', ['reporter'], g.officeId));
    const own = await tokensOf(g);
    for (const w of ['reporter', 'head', 'leader', 'chief', 'duty', 'reviewer', 'office'] as const) tokens[w] = own[w];
    tokens.admin = await signIn(`admin-${g.orgId}@test.local`);
    tokens.clerk = await signIn(`clerk-${g.orgId}@test.local`);
    tokens.outsider = await signIn(other.email('office'));
    const report = await api('POST', '/api/reports', { token: tokens.reporter, body: reportBody(g) });
    expect(report.status).toBe(201);
    const item = await api('POST', '/api/items', {
      token: tokens.reporter,
      body: { kind: 'work', title: '一条工作信息', body: '正文', departmentId: g.newsId },
    });
    expect(item.status).toBe(201);
    const child = await api('POST', '/api/orgs', {
      token: tokens.office,
      body: { name: '下级单位', parentOrgId: g.orgId },
    });
    expect(child.status).toBe(201);
    const instruction = await api('POST', `/api/reports/${report.body.reportId}/instructions`, {
      token: tokens.head,
      body: { text: '请抓紧处置', assigneeIds: [g.people.reporter.personId], dueAt: future(3).toISOString() },
    });
    expect(instruction.status, JSON.stringify(instruction.body)).toBe(201);
    const finding = await api('POST', `/api/orgs/${g.orgId}/findings`, {
      token: tokens.office,
      body: {
        kind: 'late',
        reportId: report.body.reportId,
        responsibleOrgId: g.orgId,
        occurredAt: new Date().toISOString(),
        note: '迟报',
      },
    });
    expect(finding.status, JSON.stringify(finding.body)).toBe(201);
    const request = await api('POST', `/api/orgs/${g.orgId}/verification-requests`, {
      token: tokens.office,
      body: { targetOrgId: child.body.orgId, subject: '核报', details: '请核实', dueAt: future(2).toISOString() },
    });
    expect(request.status, JSON.stringify(request.body)).toBe(201);
    // The fixture's asynchronous effects (the report's first notice, the instruction's assignment mail, each with its
    // mail record) must have landed before the cases snapshot the table, or a case sees them as its own writes.
    await waitForMail(g.email('head'), 1, '【紧急信息】');
    await waitForMail(g.email('reporter'), 1, '【领导批示】');
    await untilIdle();
    let i = 0;
    ctx = {
      g,
      childOrgId: child.body.orgId,
      reportId: report.body.reportId,
      itemId: item.body.itemId,
      instructionId: instruction.body.instructionId,
      findingId: finding.body.findingId,
      requestId: request.body.requestId,
      n: () => ++i,
    };
  });

  it('covers every JSON endpoint in the route table', () => {
    const jwtRoutes = ROUTES.filter((r) => r.auth === 'jwt').map((r) => `${r.method} ${r.path}`);
    const covered = new Set(CASES.map((c) => c.route));
    expect(jwtRoutes.filter((r) => !covered.has(r))).toEqual([]);
    expect([...covered].filter((r) => !jwtRoutes.includes(r))).toEqual([]);
  });

  describe.each(CASES.map((c) => [`${c.route}${c.name ? ` (${c.name})` : ''}`, c] as const))('%s', (_label, c) => {
    it.each(Object.entries(c.expect) as [Who, number][])('as %s → %i', async (who, status) => {
      const before = status >= 400 ? await snapshot() : undefined;
      const token = who === 'none' ? undefined : tokens[who];
      const r = c.csv
        ? await api(methodOf(c), urlOf(c, ctx), { token, raw: c.csv(ctx), headers: { 'content-type': 'text/csv' } })
        : await api(methodOf(c), urlOf(c, ctx), { token, body: c.body?.(ctx) });
      expect(r.status, JSON.stringify(r.body)).toBe(status);
      if (before) expect(await snapshot()).toEqual(before);
    });
  });
});
