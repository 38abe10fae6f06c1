import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '../../../shared/app/routes.ts';
import {
  ALWAYS,
  api,
  db,
  givenOrg,
  orgRepo,
  reportBody,
  signIn,
  stack,
  tokensOf,
  untilIdle,
  waitForMail,
  type GivenOrg,
} from '../../support/scenario.ts';

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
  method: string;
  path: string;
  url: (c: Ctx) => string;
  body?: (c: Ctx) => unknown;
  csv?: (c: Ctx) => string;
  expect: Partial<Record<Who, number>>;
};

/** Administration of the organisation: its office (office head, office department) and admins; colleagues 403; others 404. */
const manage = (ok: number): Partial<Record<Who, number>> => ({
  none: 401,
  reporter: 403,
  head: 403,
  leader: 403,
  chief: 403,
  duty: 403,
  reviewer: 403,
  office: ok,
  clerk: ok,
  admin: ok,
  outsider: 404,
});
const future = (n: number) => new Date(Date.UTC(2031, 0, 1) + n * 86400_000);

const CASES: Case[] = [
  {
    method: 'GET',
    path: '/api/me',
    url: () => '/api/me',
    expect: { none: 401, ...Object.fromEntries([...MEMBERS, 'outsider'].map((w) => [w, 200])) },
  },
  // Organisation
  {
    name: 'top-level',
    method: 'POST',
    path: '/api/orgs',
    url: () => '/api/orgs',
    body: (c) => ({ name: `顶级 ${c.n()}` }),
    expect: {
      none: 401,
      reporter: 403,
      head: 403,
      leader: 403,
      chief: 403,
      duty: 403,
      reviewer: 403,
      office: 403,
      clerk: 403,
      admin: 201,
      outsider: 403,
    },
  },
  {
    name: 'subordinate',
    method: 'POST',
    path: '/api/orgs',
    url: () => '/api/orgs',
    body: (c) => ({ name: `下级 ${c.n()}`, parentOrgId: c.g.orgId }),
    expect: manage(201),
  },
  { method: 'GET', path: '/api/orgs/{orgId}', url: (c) => `/api/orgs/${c.g.orgId}`, expect: manage(200) },
  {
    name: 'upper level',
    method: 'GET',
    path: '/api/orgs/{orgId}',
    url: (c) => `/api/orgs/${c.childOrgId}`,
    expect: { none: 401, reporter: 404, chief: 404, office: 200, clerk: 200, admin: 200, outsider: 404 },
  },
  {
    method: 'PATCH',
    path: '/api/orgs/{orgId}',
    url: (c) => `/api/orgs/${c.g.orgId}`,
    body: (c) => ({ name: `测试单位 ${c.n()}` }),
    expect: manage(200),
  },
  {
    method: 'PUT',
    path: '/api/orgs/{orgId}/config',
    url: (c) => `/api/orgs/${c.g.orgId}/config`,
    body: () => ({ parallelPrincipalSeverities: ['I', 'II'] }),
    expect: manage(200),
  },
  {
    method: 'POST',
    path: '/api/orgs/{orgId}/departments',
    url: (c) => `/api/orgs/${c.g.orgId}/departments`,
    body: (c) => ({ name: `部门 ${c.n()}` }),
    expect: manage(201),
  },
  {
    method: 'PATCH',
    path: '/api/orgs/{orgId}/departments/{departmentId}',
    url: (c) => `/api/orgs/${c.g.orgId}/departments/${c.g.newsId}`,
    body: () => ({ name: '新闻部' }),
    expect: manage(200),
  },
  {
    method: 'POST',
    path: '/api/orgs/{orgId}/people',
    url: (c) => `/api/orgs/${c.g.orgId}/people`,
    body: (c) => ({ name: '新人', email: `p${c.n()}-${c.g.orgId}@test.local`, roles: ['reporter'] }),
    expect: manage(201),
  },
  {
    method: 'PATCH',
    path: '/api/people/{personId}',
    url: (c) => `/api/people/${c.g.people.reporter.personId}`,
    body: () => ({ phone: '13800000001' }),
    expect: manage(200),
  },
  {
    method: 'PUT',
    path: '/api/orgs/{orgId}/duty-roster',
    url: (c) => `/api/orgs/${c.g.orgId}/duty-roster`,
    body: (c) => ({
      shifts: [
        { start: future(0).toISOString(), end: future(1).toISOString(), dutyLeaderId: c.g.people.duty.personId },
      ],
    }),
    expect: manage(200),
  },
  {
    method: 'GET',
    path: '/api/orgs/{orgId}/duty-roster',
    url: (c) => `/api/orgs/${c.g.orgId}/duty-roster`,
    expect: manage(200),
  },
  {
    method: 'GET',
    path: '/api/orgs/{orgId}/on-duty',
    url: (c) => `/api/orgs/${c.g.orgId}/on-duty`,
    expect: manage(200),
  },
  {
    method: 'PUT',
    path: '/api/orgs/{orgId}/calendar/{year}',
    url: (c) => `/api/orgs/${c.g.orgId}/calendar/2031`,
    body: () => ({ holidays: ['2031-01-02'], workdays: [] }),
    expect: manage(200),
  },
  {
    method: 'GET',
    path: '/api/orgs/{orgId}/calendar/{year}',
    url: (c) => `/api/orgs/${c.g.orgId}/calendar/2031`,
    expect: manage(200),
  },
  {
    method: 'POST',
    path: '/api/orgs/{orgId}/import',
    url: (c) => `/api/orgs/${c.g.orgId}/import`,
    csv: (c) => `姓名,邮箱\n导入,i${c.n()}-${c.g.orgId}@test.local\n`,
    expect: manage(200),
  },
  // Emergency reports: seen by the reporter, the chain and the office; invisible (404) to everyone else.
  // Creating always happens in the caller's own organisation: another organisation's department is unknown there (400).
  {
    method: 'POST',
    path: '/api/reports',
    url: () => '/api/reports',
    body: (c) => reportBody(c.g),
    expect: { none: 401, outsider: 400 },
  },
  {
    method: 'GET',
    path: '/api/reports',
    url: () => '/api/reports',
    expect: { none: 401, reporter: 200, duty: 200, outsider: 200 },
  },
  {
    method: 'GET',
    path: '/api/reports/{reportId}',
    url: (c) => `/api/reports/${c.reportId}`,
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
  {
    method: 'POST',
    path: '/api/reports/{reportId}/ack',
    url: (c) => `/api/reports/${c.reportId}/ack`,
    expect: { none: 401, duty: 404, reviewer: 404, admin: 404, outsider: 404 },
  },
  {
    method: 'POST',
    path: '/api/reports/{reportId}/sign-off',
    url: (c) => `/api/reports/${c.reportId}/sign-off`,
    body: () => ({ decision: 'keep' }),
    expect: { none: 401, duty: 404, reviewer: 404, admin: 404, outsider: 404 },
  },
  // Attachments (issue 14): whoever may see the record asks for an upload and lists; the draft item is its author's
  // alone; the fixture has no follow-up (404 for all) and no attachment (confirm and download 404 for all).
  {
    method: 'POST',
    path: '/api/reports/{reportId}/attachments',
    url: (c) => `/api/reports/${c.reportId}/attachments`,
    body: () => ({ fileName: '现场.jpg', contentType: 'image/jpeg', size: 10 }),
    expect: { none: 401, reporter: 201, head: 201, office: 201, duty: 404, reviewer: 404, admin: 404, outsider: 404 },
  },
  {
    method: 'GET',
    path: '/api/reports/{reportId}/attachments',
    url: (c) => `/api/reports/${c.reportId}/attachments`,
    expect: { none: 401, reporter: 200, head: 200, duty: 404, reviewer: 404, outsider: 404 },
  },
  {
    method: 'POST',
    path: '/api/reports/{reportId}/followups/{sequence}/attachments',
    url: (c) => `/api/reports/${c.reportId}/followups/1/attachments`,
    body: () => ({ fileName: '续报.pdf', contentType: 'application/pdf', size: 10 }),
    expect: { none: 401, reporter: 404, head: 404, outsider: 404 },
  },
  {
    method: 'GET',
    path: '/api/reports/{reportId}/followups/{sequence}/attachments',
    url: (c) => `/api/reports/${c.reportId}/followups/1/attachments`,
    expect: { none: 401, reporter: 404, outsider: 404 },
  },
  {
    method: 'POST',
    path: '/api/items/{itemId}/attachments',
    url: (c) => `/api/items/${c.itemId}/attachments`,
    body: () => ({ fileName: '材料.docx', contentType: 'application/msword', size: 10 }),
    expect: { none: 401, reporter: 201, head: 404, office: 404, outsider: 404 },
  },
  {
    method: 'GET',
    path: '/api/items/{itemId}/attachments',
    url: (c) => `/api/items/${c.itemId}/attachments`,
    expect: { none: 401, reporter: 200, head: 404, outsider: 404 },
  },
  {
    method: 'POST',
    path: '/api/attachments/{attachmentId}/confirm',
    url: () => '/api/attachments/01JZZZZZZZZZZZZZZZZZZZZZZZ/confirm',
    expect: { none: 401, reporter: 404, outsider: 404 },
  },
  {
    method: 'GET',
    path: '/api/attachments/{attachmentId}',
    url: () => '/api/attachments/01JZZZZZZZZZZZZZZZZZZZZZZZ',
    expect: { none: 401, reporter: 404, outsider: 404 },
  },
  // Phoned-in reports and zero reports (issue 14): the fixture's report was written, so completing it is 409.
  {
    method: 'POST',
    path: '/api/reports/{reportId}/written',
    url: (c) => `/api/reports/${c.reportId}/written`,
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
    method: 'POST',
    path: '/api/orgs/{orgId}/zero-report-periods',
    url: (c) => `/api/orgs/${c.g.orgId}/zero-report-periods`,
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
    method: 'POST',
    path: '/api/zero-report-periods/{periodId}/returns',
    url: () => '/api/zero-report-periods/nope/returns',
    body: (c) => ({ date: '2099-02-01', departmentId: c.g.newsId }),
    expect: { none: 401, reporter: 404, office: 404, outsider: 404 },
  },
  {
    method: 'GET',
    path: '/api/zero-report-periods/{periodId}',
    url: () => '/api/zero-report-periods/nope',
    expect: { none: 401, office: 404, outsider: 404 },
  },
  {
    method: 'POST',
    path: '/api/zero-report-periods/{periodId}/missed',
    url: () => '/api/zero-report-periods/nope/missed',
    body: (c) => ({ date: '2099-02-01', unitId: c.g.newsId }),
    expect: { none: 401, office: 404, outsider: 404 },
  },
  {
    method: 'POST',
    path: '/api/reports/{reportId}/followups',
    url: (c) => `/api/reports/${c.reportId}/followups`,
    body: () => ({ kind: 'followup', summary: '新进展' }),
    expect: { none: 401, duty: 404, reviewer: 404, admin: 404, outsider: 404 },
  },
  {
    method: 'POST',
    path: '/api/reports/{reportId}/instructions',
    url: (c) => `/api/reports/${c.reportId}/instructions`,
    body: (c) => ({ text: '批示', assigneeIds: [c.g.people.reporter.personId], dueAt: future(3).toISOString() }),
    expect: { none: 401, duty: 404, reviewer: 404, admin: 404, outsider: 404 },
  },
  {
    // 催办 is the office's: those who see the report otherwise are refused (403), everyone else does not see it.
    method: 'POST',
    path: '/api/reports/{reportId}/chase',
    url: (c) => `/api/reports/${c.reportId}/chase`,
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
  {
    method: 'POST',
    path: '/api/instructions/{instructionId}/progress',
    url: (c) => `/api/instructions/${c.instructionId}/progress`,
    body: () => ({ text: '落实中' }),
    expect: { none: 401, outsider: 404 },
  },
  {
    method: 'POST',
    path: '/api/instructions/{instructionId}/close',
    url: (c) => `/api/instructions/${c.instructionId}/close`,
    expect: { none: 401, outsider: 404 },
  },
  {
    // 转办 is the lower office's, on an instruction from the parent: on a local one even the office is refused; those
    // it involves (assignee, giver) 403, everyone else does not see it.
    method: 'POST',
    path: '/api/instructions/{instructionId}/delegate',
    url: (c) => `/api/instructions/${c.instructionId}/delegate`,
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
    method: 'POST',
    path: '/api/instructions/{instructionId}/chase',
    url: (c) => `/api/instructions/${c.instructionId}/chase`,
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
    method: 'GET',
    path: '/api/me/inbox',
    url: () => '/api/me/inbox',
    expect: { none: 401, ...Object.fromEntries([...MEMBERS, 'outsider'].map((w) => [w, 200])) },
  },
  {
    method: 'GET',
    path: '/api/orgs/{orgId}/supervision',
    url: (c) => `/api/orgs/${c.g.orgId}/supervision`,
    expect: { none: 401, office: 200, outsider: 404 },
  },
  // Issue 15: the outbox's undelivered messages, the organisation's own office only (as 督办).
  {
    method: 'GET',
    path: '/api/orgs/{orgId}/undelivered',
    url: (c) => `/api/orgs/${c.g.orgId}/undelivered`,
    expect: { none: 401, office: 200, outsider: 404 },
  },
  // 核报 (issue 17): the office asks its lower organisation; the asking side reads, only the lower one answers.
  {
    method: 'POST',
    path: '/api/orgs/{orgId}/verification-requests',
    url: (c) => `/api/orgs/${c.g.orgId}/verification-requests`,
    body: (c) => ({
      targetOrgId: c.childOrgId,
      subject: `核报 ${c.n()}`,
      details: '请核实',
      dueAt: future(2).toISOString(),
    }),
    expect: {
      none: 401,
      reporter: 403,
      head: 403,
      leader: 403,
      chief: 403,
      duty: 403,
      reviewer: 403,
      office: 201,
      clerk: 201,
      admin: 403,
      outsider: 404,
    },
  },
  {
    method: 'GET',
    path: '/api/verification-requests/{requestId}',
    url: (c) => `/api/verification-requests/${c.requestId}`,
    expect: {
      none: 401,
      reporter: 404,
      head: 404,
      leader: 200,
      chief: 200,
      duty: 404,
      reviewer: 404,
      office: 200,
      clerk: 200,
      admin: 404,
      outsider: 404,
    },
  },
  {
    method: 'POST',
    path: '/api/verification-requests/{requestId}/answer',
    url: (c) => `/api/verification-requests/${c.requestId}/answer`,
    body: () => ({ noSuchEvent: true, explanation: '经核实无此事' }),
    expect: { none: 401, reporter: 404, head: 404, leader: 403, chief: 403, office: 403, clerk: 403, outsider: 404 },
  },
  {
    method: 'POST',
    path: '/api/orgs/{orgId}/findings',
    url: (c) => `/api/orgs/${c.g.orgId}/findings`,
    body: (c) => ({
      kind: 'late',
      reportId: c.reportId,
      responsibleOrgId: c.g.orgId,
      occurredAt: new Date().toISOString(),
      note: '迟报',
    }),
    expect: { none: 401, outsider: 404 },
  },
  {
    method: 'GET',
    path: '/api/orgs/{orgId}/findings',
    url: (c) => `/api/orgs/${c.g.orgId}/findings`,
    expect: { none: 401, office: 200, outsider: 404 },
  },
  {
    method: 'GET',
    path: '/api/findings/{findingId}',
    url: (c) => `/api/findings/${c.findingId}`,
    expect: { none: 401, office: 200, outsider: 404 },
  },
  {
    method: 'POST',
    path: '/api/findings/{findingId}/explanation',
    url: (c) => `/api/findings/${c.findingId}/explanation`,
    body: () => ({ text: '说明' }),
    expect: { none: 401, outsider: 404 },
  },
  {
    method: 'POST',
    path: '/api/findings/{findingId}/decision',
    url: (c) => `/api/findings/${c.findingId}/decision`,
    body: () => ({ outcome: 'dismissed', reason: '理由' }),
    expect: { none: 401, outsider: 404 },
  },
  {
    method: 'POST',
    path: '/api/findings/{findingId}/request-explanation',
    url: (c) => `/api/findings/${c.findingId}/request-explanation`,
    expect: { none: 401, outsider: 404 },
  },
  {
    method: 'POST',
    path: '/api/findings/{findingId}/link',
    url: (c) => `/api/findings/${c.findingId}/link`,
    body: (c) => ({ reportId: c.reportId }),
    expect: { none: 401, outsider: 404 },
  },
  {
    method: 'POST',
    path: '/api/orgs/{orgId}/circulars',
    url: (c) => `/api/orgs/${c.g.orgId}/circulars`,
    body: () => ({ from: '2026-11-01', to: '2026-11-30', kind: 'praise' }),
    expect: { none: 401, outsider: 404 },
  },
  {
    method: 'GET',
    path: '/api/orgs/{orgId}/circulars',
    url: (c) => `/api/orgs/${c.g.orgId}/circulars`,
    expect: { none: 401, outsider: 404 },
  },
  {
    method: 'GET',
    path: '/api/orgs/{orgId}/circulars/{circularId}',
    url: (c) => `/api/orgs/${c.g.orgId}/circulars/2026-0001`,
    expect: { none: 401, outsider: 404 },
  },
  {
    method: 'GET',
    path: '/api/orgs/{orgId}/timeliness',
    url: (c) => `/api/orgs/${c.g.orgId}/timeliness`,
    expect: { none: 401, office: 200, outsider: 404 },
  },
  // Monthly scores and quarterly statistics (issue 7): the office, leaders and department heads; other members 403.
  {
    method: 'GET',
    path: '/api/orgs/{orgId}/scores',
    url: (c) => `/api/orgs/${c.g.orgId}/scores?month=2026-11`,
    expect: { none: 401, reporter: 403, duty: 403, head: 200, chief: 200, office: 200, outsider: 404 },
  },
  {
    method: 'GET',
    path: '/api/orgs/{orgId}/stats',
    url: (c) => `/api/orgs/${c.g.orgId}/stats?quarter=2026-Q4`,
    expect: { none: 401, reporter: 403, head: 200, leader: 200, office: 200, outsider: 404 },
  },
  // The dashboard (issue 16): the office and leaders; department heads and other members 403.
  {
    method: 'GET',
    path: '/api/orgs/{orgId}/dashboard',
    url: (c) => `/api/orgs/${c.g.orgId}/dashboard`,
    expect: { none: 401, reporter: 403, head: 403, chief: 200, office: 200, outsider: 404 },
  },
  // Its lower organisations side by side (issue 16): the same readers; another organisation 404.
  {
    method: 'GET',
    path: '/api/orgs/{orgId}/lower-orgs',
    url: (c) => `/api/orgs/${c.g.orgId}/lower-orgs`,
    expect: { none: 401, reporter: 403, head: 403, chief: 200, office: 200, outsider: 404 },
  },
  // Work information: another organisation's items and periodicals are invisible.
  {
    method: 'POST',
    path: '/api/items',
    url: () => '/api/items',
    body: (c) => ({ kind: 'work', title: '标题', body: '正文', departmentId: c.g.newsId }),
    expect: { none: 401, outsider: 400 },
  },
  { method: 'GET', path: '/api/items', url: () => '/api/items', expect: { none: 401, reporter: 200, outsider: 200 } },
  {
    method: 'GET',
    path: '/api/items/{itemId}',
    url: (c) => `/api/items/${c.itemId}`,
    expect: { none: 401, reporter: 200, outsider: 404 },
  },
  {
    method: 'PATCH',
    path: '/api/items/{itemId}',
    url: (c) => `/api/items/${c.itemId}`,
    body: () => ({ title: '改' }),
    expect: { none: 401, outsider: 404 },
  },
  {
    method: 'POST',
    path: '/api/items/{itemId}/submit',
    url: (c) => `/api/items/${c.itemId}/submit`,
    expect: { none: 401, outsider: 404 },
  },
  {
    method: 'POST',
    path: '/api/items/{itemId}/review',
    url: (c) => `/api/items/${c.itemId}/review`,
    body: () => ({ decision: 'approve' }),
    expect: { none: 401, outsider: 404 },
  },
  {
    method: 'POST',
    path: '/api/items/{itemId}/adopt',
    url: (c) => `/api/items/${c.itemId}/adopt`,
    body: () => ({ decision: 'adopt' }),
    expect: { none: 401, outsider: 404 },
  },
  {
    method: 'POST',
    path: '/api/items/{itemId}/sign-off',
    url: (c) => `/api/items/${c.itemId}/sign-off`,
    body: () => ({}),
    expect: { none: 401, outsider: 404 },
  },
  {
    method: 'POST',
    path: '/api/items/{itemId}/external-adoptions',
    url: (c) => `/api/items/${c.itemId}/external-adoptions`,
    body: () => ({ level: 'municipal', outlet: '市报', adoptedOn: '2026-11-01' }),
    expect: { none: 401, outsider: 404 },
  },
  {
    method: 'POST',
    path: '/api/orgs/{orgId}/periodicals',
    url: (c) => `/api/orgs/${c.g.orgId}/periodicals`,
    body: (c) => ({ itemIds: [c.itemId] }),
    expect: { none: 401, reporter: 403, duty: 403, outsider: 404 },
  },
  {
    method: 'GET',
    path: '/api/orgs/{orgId}/periodicals',
    url: (c) => `/api/orgs/${c.g.orgId}/periodicals`,
    expect: { none: 401, reporter: 403, office: 200, outsider: 404 },
  },
  {
    method: 'GET',
    path: '/api/orgs/{orgId}/periodicals/{periodicalId}',
    url: (c) => `/api/orgs/${c.g.orgId}/periodicals/2026-0001`,
    expect: { none: 401, outsider: 404 },
  },
  // Work information, issue 16 and 约稿: the target is set by the parent's office (here the child's parent is g).
  {
    method: 'POST',
    path: '/api/items/{itemId}/self-published',
    url: (c) => `/api/items/${c.itemId}/self-published`,
    body: () => ({ outlet: '县融媒体中心', publishedOn: '2026-11-01' }),
    expect: { none: 401, outsider: 404 },
  },
  {
    method: 'POST',
    path: '/api/items/{itemId}/recommend',
    url: (c) => `/api/items/${c.itemId}/recommend`,
    body: () => ({}),
    expect: { none: 401, outsider: 404 },
  },
  {
    method: 'PUT',
    path: '/api/orgs/{orgId}/item-target',
    url: (c) => `/api/orgs/${c.childOrgId}/item-target`,
    body: () => ({ month: '2031-01', items: 3 }),
    expect: { none: 401, reporter: 403, chief: 403, office: 200, outsider: 404 },
  },
  {
    method: 'GET',
    path: '/api/orgs/{orgId}/item-target',
    url: (c) => `/api/orgs/${c.g.orgId}/item-target`,
    expect: { none: 401, reporter: 403, office: 200, chief: 200, outsider: 404 },
  },
  {
    method: 'PUT',
    path: '/api/orgs/{orgId}/periodical-distribution',
    url: (c) => `/api/orgs/${c.g.orgId}/periodical-distribution`,
    body: () => ({ outside: [] }),
    expect: { none: 401, reporter: 403, chief: 403, office: 200, outsider: 404 },
  },
  {
    method: 'GET',
    path: '/api/orgs/{orgId}/periodical-distribution',
    url: (c) => `/api/orgs/${c.g.orgId}/periodical-distribution`,
    expect: { none: 401, reporter: 403, office: 200, outsider: 404 },
  },
  {
    method: 'POST',
    path: '/api/orgs/{orgId}/commissions',
    url: (c) => `/api/orgs/${c.g.orgId}/commissions`,
    body: (c) => ({ topic: '约稿', departmentIds: [c.g.newsId], dueAt: future(1).toISOString() }),
    expect: { none: 401, reporter: 403, chief: 403, outsider: 404 },
  },
  {
    method: 'GET',
    path: '/api/orgs/{orgId}/commissions',
    url: (c) => `/api/orgs/${c.g.orgId}/commissions`,
    expect: { none: 401, office: 200, outsider: 404 },
  },
  {
    method: 'GET',
    path: '/api/commissions/{commissionId}',
    url: () => '/api/commissions/nope',
    expect: { none: 401, office: 404, outsider: 404 },
  },
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
    const covered = new Set(CASES.map((c) => `${c.method} ${c.path}`));
    expect(jwtRoutes.filter((r) => !covered.has(r))).toEqual([]);
    expect([...covered].filter((r) => !jwtRoutes.includes(r))).toEqual([]);
  });

  describe.each(CASES.map((c) => [`${c.method} ${c.path}${c.name ? ` (${c.name})` : ''}`, c] as const))(
    '%s',
    (_label, c) => {
      it.each(Object.entries(c.expect) as [Who, number][])('as %s → %i', async (who, status) => {
        const before = status >= 400 ? await snapshot() : undefined;
        const token = who === 'none' ? undefined : tokens[who];
        const r = c.csv
          ? await api(c.method, c.url(ctx), { token, raw: c.csv(ctx), headers: { 'content-type': 'text/csv' } })
          : await api(c.method, c.url(ctx), { token, body: c.body?.(ctx) });
        expect(r.status, JSON.stringify(r.body)).toBe(status);
        if (before) expect(await snapshot()).toEqual(before);
      });
    },
  );
});
