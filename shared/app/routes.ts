import type * as z from 'zod';
import { devLoginSchema } from '../platform/auth/dev-login-input.ts';
import type { HttpRoute } from '../platform/http/router.ts';
import { submitReportSchema, writtenReportSchema } from '../reports/rules/input.ts';
import { confirmMissedSchema, createZeroPeriodSchema, zeroReturnSchema } from '../reports/rules/zero.ts';
import {
  createDepartmentSchema,
  createOrgSchema,
  createPersonSchema,
  patchDepartmentSchema,
  patchPersonSchema,
  putCalendarSchema,
  putConfigSchema,
  putRosterSchema,
  updateOrgSchema,
} from '../org/rules/input.ts';
import { signOffSchema } from '../reports/rules/input.ts';
import {
  chaseSchema,
  delegateSchema,
  followupSchema,
  instructionSchema,
  progressSchema,
} from '../followups/rules/input.ts';
import { answerVerificationSchema, createVerificationSchema } from '../followups/rules/verification.ts';
import {
  createFindingSchema,
  decideFindingSchema,
  explainFindingSchema,
  linkFindingSchema,
} from '../accountability/rules/finding.ts';
import { publishCircularSchema } from '../accountability/rules/circular.ts';
import {
  adoptItemSchema,
  createItemSchema,
  externalAdoptionSchema,
  publishPeriodicalSchema,
  recommendItemSchema,
  reviewItemSchema,
  selfPublishSchema,
  signOffItemSchema,
  updateItemSchema,
} from '../work-info/rules/item.ts';
import { putDistributionSchema, putTargetSchema } from '../work-info/rules/weekly-quota.ts';
import { createCommissionSchema } from '../work-info/rules/commission.ts';
import { requestUploadSchema } from '../attachments/rules/attachment.ts';

/** `sms`: AWS End User Messaging SMS (`SendTextMessage`) from the stage's identity, for the outbox's consumer (issue 15). */
/**
 * `outbox`: the function writes outbox records and nudges the outbox's queue (its mail and texts go out through the
 * outbox); `mail`: SES itself, and `sms` the SMS service, for the outbox's consumer alone (ARCHITECTURE decision 9).
 */
export type Access = {
  table?: 'r' | 'rw';
  queue?: boolean;
  scoring?: boolean;
  mail?: boolean;
  sms?: boolean;
  files?: boolean;
  outbox?: boolean;
};

/**
 * Every Lambda function: one per context for its HTTP API and pages (the router inside picks the route), and the
 * queue consumers and schedules. `access` is what the function may touch, the union of what its routes need: the
 * stack grants it and sets the environment from it, and the function wires only those clients (`productionDeps`).
 */
export const FUNCTIONS = {
  session: { entry: 'functions/http/session.ts', access: { table: 'r' } },
  org: { entry: 'functions/http/org.ts', access: { table: 'rw' } },
  /**
   * rw: a read by someone outside the report's line is written to its timeline (POLICY §6). Its mails go out from
   * the escalation consumer (the queue).
   */
  reports: { entry: 'functions/http/reports.ts', access: { table: 'rw', queue: true } },
  /**
   * Special periods and zero reports (ZERO_REPORT_ROUTES, issue 14). outbox: a day the office confirms as missed
   * proposes a finding, which mails the unit. Apart from `reports` so that its bundle stays under 400 KB (issue 12).
   */
  zeroReports: { entry: 'functions/http/zero-reports.ts', access: { table: 'rw', outbox: true } },
  /** The 信息专报 `.docx` (DOCUMENT_ROUTES); rw: the first download takes the report's number, an outsider's read is logged. */
  documents: { entry: 'functions/http/documents.ts', access: { table: 'rw' } },
  /**
   * Attachments (issue 14): presigned upload and download, the confirm check. files: the bucket's `incoming/` and
   * `files/` prefixes only.
   */
  attachments: { entry: 'functions/http/attachments.ts', access: { table: 'rw', files: true } },
  /** outbox: 催办 mails the silent people of a report's chain at once. */
  followups: { entry: 'functions/http/followups.ts', access: { table: 'rw', queue: true, outbox: true } },
  workInfo: { entry: 'functions/http/work-info.ts', access: { table: 'rw', outbox: true } },
  accountability: { entry: 'functions/http/accountability.ts', access: { table: 'rw', outbox: true } },
  /** rw: the dashboard stores the figures of a finished month it had to compute (issue 16). */
  scores: { entry: 'functions/http/scores.ts', access: { table: 'rw' } },
  sendEscalation: { entry: 'functions/queue/send-escalation.ts', access: { table: 'rw', queue: true, outbox: true } },
  /** SES bounces and complaints (EventBridge → SQS): marks the address undeliverable, mails the office (issue 15). */
  mailEvents: { entry: 'functions/events/mail-events.ts', access: { table: 'rw', outbox: true } },
  checkOverdue: { entry: 'functions/schedule/check-overdue.ts', access: { table: 'rw', queue: true, outbox: true } },
  /**
   * Hourly: finds the organisations whose month is due and incomplete, one scoring message each (and notes it queued
   * them: rw).
   */
  monthlyScores: { entry: 'functions/schedule/monthly-scores.ts', access: { table: 'rw', scoring: true } },
  /** The scoring worker: one organisation's month (and quarter) scored, stored and mailed per message. */
  scoreOrg: { entry: 'functions/queue/score-org.ts', access: { table: 'rw', outbox: true } },
  /**
   * Hourly: mails each department still short of its weekly quota once its organisation's reminder is due (Friday
   * 15:00 local by default); rw: the mail ledger's send-once records.
   */
  weeklyReminder: { entry: 'functions/schedule/weekly-reminder.ts', access: { table: 'rw', outbox: true } },
  /**
   * The outbox's consumer: the one function that sends (SES; SMS once its adapter is wired). rw: it settles the
   * records; outbox: the queue's URL, to set a failed message's backoff (ChangeMessageVisibility).
   */
  deliver: { entry: 'functions/queue/deliver.ts', access: { table: 'rw', mail: true, sms: true, outbox: true } },
} as const satisfies Record<string, { entry: string; access: Access }>;
export type FunctionName = keyof typeof FUNCTIONS;

/**
 * An HTTP route: the CDK app creates them from this table, each function's router serves its own from it (validating
 * `body` with the schema given here), and the OpenAPI document describes them from it. `auth: 'jwt'` routes sit behind
 * the API's JWT authorizer; `public` routes check what they need themselves (pages read the session cookie,
 * acknowledgement links carry their own token). `pages`: see `HttpRoute`.
 */
export type Route = HttpRoute & {
  readonly fn: FunctionName;
  readonly summary: string;
  readonly body?: z.ZodType;
  readonly localOnly?: boolean;
};
type RouteOf<F extends FunctionName> = Route & { readonly fn: F };

/** Sign-in, the home page, the caller, this document. */
export const SESSION_ROUTES = [
  {
    method: 'POST',
    path: '/api/auth/dev-login',
    fn: 'session',
    auth: 'public',
    summary: 'Dev sign-in (local stage only)',
    body: devLoginSchema,
    localOnly: true,
  },
  { method: 'GET', path: '/api/me', fn: 'session', auth: 'jwt', summary: 'The caller' },
  { method: 'GET', path: '/openapi.json', fn: 'session', auth: 'public', summary: 'This document' },
  { method: 'GET', path: '/', fn: 'session', auth: 'public', summary: 'Home page' },
  { method: 'GET', path: '/login', fn: 'session', auth: 'public', summary: 'Sign in: OIDC code + PKCE starts' },
  { method: 'GET', path: '/auth/callback', fn: 'session', auth: 'public', summary: 'Sign in: the code is traded' },
  { method: 'GET', path: '/signed-out', fn: 'session', auth: 'public', summary: 'Signed out on both sides' },
  {
    method: 'POST',
    path: '/logout',
    fn: 'session',
    auth: 'public',
    summary: 'Sign out (ends the provider session too)',
  },
] as const satisfies readonly RouteOf<'session'>[];

/** POLICY §2: organisations, departments, people, duty roster, calendar, configuration, import; their pages. */
export const ORG_ROUTES = [
  {
    method: 'POST',
    path: '/api/orgs',
    fn: 'org',
    auth: 'jwt',
    summary: 'Create an organisation',
    body: createOrgSchema,
  },
  {
    method: 'GET',
    path: '/api/orgs/{orgId}',
    fn: 'org',
    auth: 'jwt',
    summary: 'An organisation with departments, people, configuration and who is on duty',
  },
  {
    method: 'PATCH',
    path: '/api/orgs/{orgId}',
    fn: 'org',
    auth: 'jwt',
    summary: 'Change name, time zone, principal leader, office',
    body: updateOrgSchema,
  },
  {
    method: 'PUT',
    path: '/api/orgs/{orgId}/config',
    fn: 'org',
    auth: 'jwt',
    summary: 'Configuration version taking effect in a month',
    body: putConfigSchema,
  },
  {
    method: 'POST',
    path: '/api/orgs/{orgId}/departments',
    fn: 'org',
    auth: 'jwt',
    summary: 'Create a department',
    body: createDepartmentSchema,
  },
  {
    method: 'PATCH',
    path: '/api/orgs/{orgId}/departments/{departmentId}',
    fn: 'org',
    auth: 'jwt',
    summary: 'Change a department',
    body: patchDepartmentSchema,
  },
  {
    method: 'POST',
    path: '/api/orgs/{orgId}/people',
    fn: 'org',
    auth: 'jwt',
    summary: 'Register a person',
    body: createPersonSchema,
  },
  {
    method: 'PATCH',
    path: '/api/people/{personId}',
    fn: 'org',
    auth: 'jwt',
    summary: 'Change a person, including availability and disabled (停用: the sign-in account is disabled too)',
    body: patchPersonSchema,
  },
  {
    method: 'PUT',
    path: '/api/orgs/{orgId}/duty-roster',
    fn: 'org',
    auth: 'jwt',
    summary: "Replace a period's duty shifts; reports gaps and overlaps",
    body: putRosterSchema,
  },
  {
    method: 'GET',
    path: '/api/orgs/{orgId}/duty-roster',
    fn: 'org',
    auth: 'jwt',
    summary: 'Duty shifts of a period (this week by default) with gaps and overlaps',
  },
  {
    method: 'GET',
    path: '/api/orgs/{orgId}/on-duty',
    fn: 'org',
    auth: 'jwt',
    summary: 'Who is on duty at instant `at` (now by default)',
  },
  {
    method: 'PUT',
    path: '/api/orgs/{orgId}/calendar/{year}',
    fn: 'org',
    auth: 'jwt',
    summary: "The organisation's holidays and working days of a year",
    body: putCalendarSchema,
  },
  {
    method: 'GET',
    path: '/api/orgs/{orgId}/calendar/{year}',
    fn: 'org',
    auth: 'jwt',
    summary: "A year's overrides and whether its official schedule is known",
  },
  {
    method: 'POST',
    path: '/api/orgs/{orgId}/import',
    fn: 'org',
    auth: 'jwt',
    summary: 'Import departments and people from CSV (all rows or none)',
  },
  {
    method: 'GET',
    path: '/api/orgs/{orgId}/undelivered',
    fn: 'org',
    auth: 'jwt',
    summary: "The organisation's undelivered messages: refused, given up, retrying (the office; issue 15)",
  },
  { method: 'GET', path: '/undelivered', fn: 'org', auth: 'public', summary: 'Undelivered messages (the office)' },
  { method: 'GET', path: '/admin', fn: 'org', auth: 'public', summary: "Administration: the caller's organisation" },
  {
    method: 'GET',
    path: '/admin/{proxy+}',
    fn: 'org',
    auth: 'public',
    summary: 'Administration pages, told apart by the router (below)',
    pages: [
      '/admin/{orgId}',
      '/admin/{orgId}/departments',
      '/admin/{orgId}/people',
      '/admin/{orgId}/people/{personId}',
      '/admin/{orgId}/roster',
      '/admin/{orgId}/calendar',
      '/admin/{orgId}/config',
      '/admin/{orgId}/import',
    ],
  },
  {
    method: 'POST',
    path: '/admin/{proxy+}',
    fn: 'org',
    auth: 'public',
    summary: 'Administration forms, told apart by the router (below)',
    pages: [
      '/admin/{orgId}',
      '/admin/{orgId}/suborgs',
      '/admin/{orgId}/departments',
      '/admin/{orgId}/departments/{departmentId}',
      '/admin/{orgId}/people',
      '/admin/{orgId}/people/{personId}',
      '/admin/{orgId}/people/{personId}/disable',
      '/admin/{orgId}/people/{personId}/enable',
      '/admin/{orgId}/roster',
      '/admin/{orgId}/roster/delete',
      '/admin/{orgId}/calendar',
      '/admin/{orgId}/config',
      '/admin/{orgId}/import',
    ],
  },
] as const satisfies readonly RouteOf<'org'>[];

/**
 * The 信息专报 as a Word file, in its own function (ARCHITECTURE: keep document writers in the functions that serve
 * downloads): the reports function, which every report request and mail link starts, stays under 400 KiB.
 */
export const DOCUMENT_ROUTES = [
  {
    method: 'GET',
    path: '/reports/{reportId}/document.docx',
    fn: 'documents',
    auth: 'public',
    summary: 'The 信息专报 as a Word document for WPS and Word (takes its number the first time)',
  },
] as const satisfies readonly RouteOf<'documents'>[];

/** Files on reports, follow-ups and items (issue 14 item 2; API.md "Intake"), in a function of their own. */
export const ATTACHMENT_ROUTES = [
  ...(
    [
      ['/api/reports/{reportId}/attachments', 'a report'],
      ['/api/reports/{reportId}/followups/{sequence}/attachments', 'a follow-up'],
      ['/api/items/{itemId}/attachments', 'an item'],
    ] as const
  ).flatMap(([path, what]) => [
    {
      method: 'POST',
      path,
      fn: 'attachments',
      auth: 'jwt',
      summary: `Ask to upload a file to ${what}: a presigned POST (size and type in its conditions)`,
      body: requestUploadSchema,
    } as const,
    {
      method: 'GET',
      path,
      fn: 'attachments',
      auth: 'jwt',
      summary: `The confirmed attachments of ${what}`,
    } as const,
  ]),
  {
    method: 'POST',
    path: '/api/attachments/{attachmentId}/confirm',
    fn: 'attachments',
    auth: 'jwt',
    summary: 'Confirm an upload: the stored file is checked (422 and deleted if it breaks the limits)',
  },
  {
    method: 'GET',
    path: '/api/attachments/{attachmentId}',
    fn: 'attachments',
    auth: 'jwt',
    summary: 'Download: 302 to a short-lived presigned URL (404 for whoever may not see the record)',
  },
  {
    method: 'GET',
    path: '/attachments/new',
    fn: 'attachments',
    auth: 'public',
    summary: 'The upload form of a record (posts straight to the bucket, no JavaScript)',
  },
  {
    method: 'GET',
    path: '/attachments/{attachmentId}/confirm',
    fn: 'attachments',
    auth: 'public',
    summary: 'Where the bucket sends the browser after an upload: confirmed, then back to the record',
  },
  {
    method: 'GET',
    path: '/attachments/{attachmentId}',
    fn: 'attachments',
    auth: 'public',
    summary: 'Download from a page: 302 to a short-lived presigned URL',
  },
] as const satisfies readonly RouteOf<'attachments'>[];

/** POLICY §3.1–3.4: submission, reading, acknowledgement (signed in or by mail link), sign-off; the report pages. */
export const REPORT_ROUTES = [
  {
    method: 'POST',
    path: '/api/reports',
    fn: 'reports',
    auth: 'jwt',
    summary: 'Submit an emergency report',
    body: submitReportSchema,
  },
  {
    method: 'GET',
    path: '/api/reports',
    fn: 'reports',
    auth: 'jwt',
    summary:
      'Find reports the caller may see, newest first: from/to (YYYY-MM, at most a year, else 400), departmentId, ' +
      'category, severity, status, late, channel (phone|written), q (in titles), limit, cursor; format=csv|xlsx',
  },
  {
    method: 'GET',
    path: '/api/reports/{reportId}',
    fn: 'reports',
    auth: 'jwt',
    summary: 'A report with chain and timeline',
  },
  { method: 'POST', path: '/api/reports/{reportId}/ack', fn: 'reports', auth: 'jwt', summary: 'Acknowledge a report' },
  {
    method: 'POST',
    path: '/api/reports/{reportId}/sign-off',
    fn: 'reports',
    auth: 'jwt',
    summary: 'Sign off: forward to the parent organisation or keep',
    body: signOffSchema,
  },
  { method: 'GET', path: '/reports', fn: 'reports', auth: 'public', summary: 'Find reports (查找报告); CSV, Excel' },
  { method: 'GET', path: '/reports/new', fn: 'reports', auth: 'public', summary: 'Emergency report form' },
  { method: 'POST', path: '/reports/new', fn: 'reports', auth: 'public', summary: 'Submit the form' },
  { method: 'GET', path: '/reports/{reportId}', fn: 'reports', auth: 'public', summary: 'Report page' },
  {
    method: 'GET',
    path: '/reports/{reportId}/print',
    fn: 'reports',
    auth: 'public',
    summary: 'The 信息专报 as a printable A4 page (takes its number 〔年〕第N期 the first time)',
  },
  {
    method: 'POST',
    path: '/reports/{reportId}/ack',
    fn: 'reports',
    auth: 'public',
    summary: 'Acknowledge from the report page',
  },
  {
    method: 'POST',
    path: '/reports/{reportId}/sign-off',
    fn: 'reports',
    auth: 'public',
    summary: 'Sign off from the report page',
  },
  {
    method: 'GET',
    path: '/ack/{token}',
    fn: 'reports',
    auth: 'public',
    summary: 'Acknowledgement page from a mail link',
  },
  { method: 'POST', path: '/ack/{token}', fn: 'reports', auth: 'public', summary: 'Acknowledge by mail link' },
  {
    method: 'GET',
    path: '/a/{code}',
    fn: 'reports',
    auth: 'public',
    summary: 'The short acknowledgement link of a text (短信): redirects to its acknowledgement page',
  },
] as const satisfies readonly RouteOf<'reports'>[];

/** POLICY §3.2, issue 14: phoned-in reports (电话报告): the duty officer's form, the written version owed. */
export const PHONED_REPORT_ROUTES = [
  {
    method: 'POST',
    path: '/api/reports/{reportId}/written',
    fn: 'reports',
    auth: 'jwt',
    summary: 'Complete a phoned-in report with its written version (the caller or the recorder)',
    body: writtenReportSchema,
  },
  {
    method: 'GET',
    path: '/reports/phoned',
    fn: 'reports',
    auth: 'public',
    summary: 'Record a phoned-in report (form)',
  },
  { method: 'POST', path: '/reports/phoned', fn: 'reports', auth: 'public', summary: 'Record a phoned-in report' },
  {
    method: 'GET',
    path: '/reports/{reportId}/written',
    fn: 'reports',
    auth: 'public',
    summary: 'The written version of a phoned-in report (form)',
  },
  {
    method: 'POST',
    path: '/reports/{reportId}/written',
    fn: 'reports',
    auth: 'public',
    summary: 'Complete a phoned-in report with its written version',
  },
] as const satisfies readonly RouteOf<'reports'>[];

/** POLICY §3.7, issue 14: special periods and zero reports (零报告): declaring, filing, the day's summary, pages. */
export const ZERO_REPORT_ROUTES = [
  {
    method: 'POST',
    path: '/api/orgs/{orgId}/zero-report-periods',
    fn: 'zeroReports',
    auth: 'jwt',
    summary: 'Declare a special period: title, dates, daily cut-off, the departments or lower organisations',
    body: createZeroPeriodSchema,
  },
  {
    method: 'POST',
    path: '/api/zero-report-periods/{periodId}/returns',
    fn: 'zeroReports',
    auth: 'jwt',
    summary: 'File a zero report (无重大紧急情况) for a unit and day (409 twice, 422 outside the period or day)',
    body: zeroReturnSchema,
  },
  {
    method: 'GET',
    path: '/api/zero-report-periods/{periodId}',
    fn: 'zeroReports',
    auth: 'jwt',
    summary: "A day's summary per unit: reported, zero or missing (date=YYYY-MM-DD, format=csv|xlsx)",
  },
  {
    method: 'POST',
    path: '/api/zero-report-periods/{periodId}/missed',
    fn: 'zeroReports',
    auth: 'jwt',
    summary: 'The office confirms a unit missed a whole day: a missed-report finding is proposed',
    body: confirmMissedSchema,
  },
  { method: 'GET', path: '/zero-reports', fn: 'zeroReports', auth: 'public', summary: 'Special periods and the form' },
  { method: 'POST', path: '/zero-reports', fn: 'zeroReports', auth: 'public', summary: 'Declare a special period' },
  {
    method: 'GET',
    path: '/zero-reports/{periodId}',
    fn: 'zeroReports',
    auth: 'public',
    summary: "A special period's day: each unit's state, the zero-report button",
  },
  {
    method: 'POST',
    path: '/zero-reports/{periodId}/{action}',
    fn: 'zeroReports',
    auth: 'public',
    summary: 'File a zero report (returns) or confirm a missed day (missed) from the page',
  },
  {
    method: 'GET',
    path: '/zero-reports/{periodId}/{format}',
    fn: 'zeroReports',
    auth: 'public',
    summary: "A day's summary as CSV or an Excel workbook (csv, xlsx)",
  },
] as const satisfies readonly RouteOf<'zeroReports'>[];
/**
 * POLICY §3.5 核报 (issue 17): the upper office asks a lower organisation to verify an event; the lower office or
 * principal leader answers. Served by the follow-ups function (part of FOLLOWUP_ROUTES, below).
 */
export const VERIFICATION_ROUTES = [
  {
    method: 'POST',
    path: '/api/orgs/{orgId}/verification-requests',
    fn: 'followups',
    auth: 'jwt',
    summary: 'Ask a lower organisation to verify an event (核报, the office)',
    body: createVerificationSchema,
  },
  {
    method: 'GET',
    path: '/api/verification-requests/{requestId}',
    fn: 'followups',
    auth: 'jwt',
    summary: 'A verification request (核报)',
  },
  {
    method: 'POST',
    path: '/api/verification-requests/{requestId}/answer',
    fn: 'followups',
    auth: 'jwt',
    summary: 'Answer a verification request: a report, or "经核实无此事" (409 the second time)',
    body: answerVerificationSchema,
  },
  {
    method: 'GET',
    path: '/verification-requests/new',
    fn: 'followups',
    auth: 'public',
    summary: 'The form of a verification request (核报)',
  },
  {
    method: 'POST',
    path: '/verification-requests',
    fn: 'followups',
    auth: 'public',
    summary: 'Send a verification request from its form',
  },
  {
    method: 'GET',
    path: '/verification-requests/{requestId}',
    fn: 'followups',
    auth: 'public',
    summary: 'A verification request with its answer form',
  },
  {
    method: 'POST',
    path: '/verification-requests/{requestId}/answer',
    fn: 'followups',
    auth: 'public',
    summary: 'Answer a verification request from its page',
  },
] as const satisfies readonly RouteOf<'followups'>[];

/** POLICY §3.5: follow-ups, instructions and their progress, inbox, supervision; their forms on the report page. */
export const FOLLOWUP_ROUTES = [
  {
    method: 'POST',
    path: '/api/reports/{reportId}/followups',
    fn: 'followups',
    auth: 'jwt',
    summary: 'File a follow-up (续报) or the final report (终报)',
    body: followupSchema,
  },
  {
    method: 'POST',
    path: '/api/reports/{reportId}/instructions',
    fn: 'followups',
    auth: 'jwt',
    summary: "A leader's instruction (批示)",
    body: instructionSchema,
  },
  {
    method: 'POST',
    path: '/api/instructions/{instructionId}/progress',
    fn: 'followups',
    auth: 'jwt',
    summary: 'Report progress on an instruction (落实情况)',
    body: progressSchema,
  },
  {
    method: 'POST',
    path: '/api/instructions/{instructionId}/close',
    fn: 'followups',
    auth: 'jwt',
    summary: 'Close an instruction (销号; from the parent: its giver or office accepts it)',
  },
  {
    method: 'POST',
    path: '/api/instructions/{instructionId}/delegate',
    fn: 'followups',
    auth: 'jwt',
    summary: "Pass an instruction from the parent on to the organisation's own people (转办, the lower office)",
    body: delegateSchema,
  },
  {
    method: 'POST',
    path: '/api/instructions/{instructionId}/chase',
    fn: 'followups',
    auth: 'jwt',
    summary: 'Chase the assignees who have not reported progress (催办, the office)',
    body: chaseSchema,
  },
  {
    method: 'POST',
    path: '/api/reports/{reportId}/chase',
    fn: 'followups',
    auth: 'jwt',
    summary: 'Chase the silent people of the chain again (催办, the office)',
    body: chaseSchema,
  },
  { method: 'GET', path: '/api/me/inbox', fn: 'followups', auth: 'jwt', summary: 'What waits for the caller' },
  {
    method: 'GET',
    path: '/api/orgs/{orgId}/supervision',
    fn: 'followups',
    auth: 'jwt',
    summary: "The office's overview: open events, missed follow-ups, overdue instructions",
  },
  {
    method: 'POST',
    path: '/reports/{reportId}/followups',
    fn: 'followups',
    auth: 'public',
    summary: 'File a follow-up from the report page',
  },
  {
    method: 'POST',
    path: '/reports/{reportId}/instructions',
    fn: 'followups',
    auth: 'public',
    summary: 'Give an instruction from the report page',
  },
  {
    method: 'POST',
    path: '/instructions/{instructionId}/progress',
    fn: 'followups',
    auth: 'public',
    summary: 'Report progress from the report page',
  },
  {
    method: 'POST',
    path: '/instructions/{instructionId}/close',
    fn: 'followups',
    auth: 'public',
    summary: 'Close an instruction from the report page',
  },
  {
    method: 'POST',
    path: '/instructions/{instructionId}/delegate',
    fn: 'followups',
    auth: 'public',
    summary: 'Pass an instruction from the parent on from the report page (转办)',
  },
  {
    method: 'POST',
    path: '/instructions/{instructionId}/chase',
    fn: 'followups',
    auth: 'public',
    summary: "Chase an instruction's assignees from the report page (催办)",
  },
  {
    method: 'POST',
    path: '/reports/{reportId}/chase',
    fn: 'followups',
    auth: 'public',
    summary: 'Chase the silent people of a report from the overview (催办)',
  },
  { method: 'GET', path: '/inbox', fn: 'followups', auth: 'public', summary: 'My inbox (待办)' },
  {
    method: 'GET',
    path: '/supervision',
    fn: 'followups',
    auth: 'public',
    summary: "The office's supervision overview (督办)",
  },
  ...VERIFICATION_ROUTES,
] as const satisfies readonly RouteOf<'followups'>[];

/** POLICY §4: work information items, review and adoption, periodical issues; their pages. */
export const WORK_INFO_ROUTES = [
  {
    method: 'POST',
    path: '/api/items',
    fn: 'workInfo',
    auth: 'jwt',
    summary: 'Write a work information item (draft)',
    body: createItemSchema,
  },
  {
    method: 'GET',
    path: '/api/items',
    fn: 'workInfo',
    auth: 'jwt',
    summary: 'Items: mine, to review, with the office, adopted (view=, month=)',
  },
  {
    method: 'GET',
    path: '/api/items/{itemId}',
    fn: 'workInfo',
    auth: 'jwt',
    summary: 'An item with its revisions and history',
  },
  {
    method: 'PATCH',
    path: '/api/items/{itemId}',
    fn: 'workInfo',
    auth: 'jwt',
    summary: 'Edit a draft or returned item (new revision)',
    body: updateItemSchema,
  },
  {
    method: 'POST',
    path: '/api/items/{itemId}/submit',
    fn: 'workInfo',
    auth: 'jwt',
    summary: "Submit to the department's reviewing leader",
  },
  {
    method: 'POST',
    path: '/api/items/{itemId}/review',
    fn: 'workInfo',
    auth: 'jwt',
    summary: 'Approve (to the office) or return with a comment',
    body: reviewItemSchema,
  },
  {
    method: 'POST',
    path: '/api/items/{itemId}/adopt',
    fn: 'workInfo',
    auth: 'jwt',
    summary: 'Review group: adopt or reject',
    body: adoptItemSchema,
  },
  {
    method: 'POST',
    path: '/api/items/{itemId}/sign-off',
    fn: 'workInfo',
    auth: 'jwt',
    summary: 'Leader signs off an important adopted item',
    body: signOffItemSchema,
  },
  {
    method: 'POST',
    path: '/api/items/{itemId}/external-adoptions',
    fn: 'workInfo',
    auth: 'jwt',
    summary: 'Record an adoption by an upper-level body or outlet',
    body: externalAdoptionSchema,
  },
  {
    method: 'POST',
    path: '/api/items/{itemId}/self-published',
    fn: 'workInfo',
    auth: 'jwt',
    summary: 'The author records publishing the reviewed item himself (自行发表) with the outlet',
    body: selfPublishSchema,
  },
  {
    method: 'POST',
    path: '/api/items/{itemId}/recommend',
    fn: 'workInfo',
    auth: 'jwt',
    summary: "The office recommends an adopted item to the parent organisation's adoption queue (推荐报送)",
    body: recommendItemSchema,
  },
  {
    method: 'POST',
    path: '/api/orgs/{orgId}/commissions',
    fn: 'workInfo',
    auth: 'jwt',
    summary: 'The office commissions items on a topic from chosen departments by a deadline (约稿)',
    body: createCommissionSchema,
  },
  {
    method: 'GET',
    path: '/api/orgs/{orgId}/commissions',
    fn: 'workInfo',
    auth: 'jwt',
    summary: 'Commissions due from 90 days ago on, by deadline',
  },
  {
    method: 'GET',
    path: '/api/commissions/{commissionId}',
    fn: 'workInfo',
    auth: 'jwt',
    summary: 'A commission with who answered (answers: [{departmentId, itemIds}])',
  },
  {
    method: 'PUT',
    path: '/api/orgs/{orgId}/item-target',
    fn: 'workInfo',
    auth: 'jwt',
    summary: "The parent's office sets the organisation's monthly target (报送任务) from a month on",
    body: putTargetSchema,
  },
  {
    method: 'GET',
    path: '/api/orgs/{orgId}/item-target',
    fn: 'workInfo',
    auth: 'jwt',
    summary: "The target in effect and the month's count against it (month=YYYY-MM)",
  },
  {
    method: 'PUT',
    path: '/api/orgs/{orgId}/periodical-distribution',
    fn: 'workInfo',
    auth: 'jwt',
    summary: "The periodical's recipients outside the organisation (市直相关单位), validated e-mail addresses",
    body: putDistributionSchema,
  },
  {
    method: 'GET',
    path: '/api/orgs/{orgId}/periodical-distribution',
    fn: 'workInfo',
    auth: 'jwt',
    summary: "The periodical's recipients outside the organisation",
  },
  {
    method: 'POST',
    path: '/api/orgs/{orgId}/periodicals',
    fn: 'workInfo',
    auth: 'jwt',
    summary: 'Publish the next periodical issue (mailed)',
    body: publishPeriodicalSchema,
  },
  {
    method: 'GET',
    path: '/api/orgs/{orgId}/periodicals',
    fn: 'workInfo',
    auth: 'jwt',
    summary: 'Periodical issues, newest first',
  },
  {
    method: 'GET',
    path: '/api/orgs/{orgId}/periodicals/{periodicalId}',
    fn: 'workInfo',
    auth: 'jwt',
    summary: 'One periodical issue',
  },
  { method: 'GET', path: '/items', fn: 'workInfo', auth: 'public', summary: 'My work information' },
  { method: 'GET', path: '/items/new', fn: 'workInfo', auth: 'public', summary: 'Item editor (new)' },
  { method: 'POST', path: '/items/new', fn: 'workInfo', auth: 'public', summary: 'Save a new item' },
  { method: 'GET', path: '/items/review', fn: 'workInfo', auth: 'public', summary: 'Review queue' },
  { method: 'GET', path: '/items/office', fn: 'workInfo', auth: 'public', summary: 'Adoption queue' },
  {
    method: 'GET',
    path: '/items/{itemId}',
    fn: 'workInfo',
    auth: 'public',
    summary: 'Item page with history and actions',
  },
  { method: 'GET', path: '/items/{itemId}/edit', fn: 'workInfo', auth: 'public', summary: 'Item editor' },
  { method: 'POST', path: '/items/{itemId}/edit', fn: 'workInfo', auth: 'public', summary: 'Save an edit' },
  {
    method: 'POST',
    path: '/items/{itemId}/{action}',
    fn: 'workInfo',
    auth: 'public',
    summary: 'Submit, review, adopt, sign off or record an external adoption',
  },
  {
    method: 'GET',
    path: '/items/{itemId}/draft',
    fn: 'workInfo',
    auth: 'public',
    summary: 'Download the draft with every revision (留存底稿)',
  },
  { method: 'GET', path: '/commissions', fn: 'workInfo', auth: 'public', summary: 'Commissions (约稿) and the form' },
  { method: 'POST', path: '/commissions', fn: 'workInfo', auth: 'public', summary: 'Commission items' },
  {
    method: 'GET',
    path: '/commissions/{commissionId}',
    fn: 'workInfo',
    auth: 'public',
    summary: 'A commission and who answered',
  },
  {
    method: 'GET',
    path: '/items/targets',
    fn: 'workInfo',
    auth: 'public',
    summary: "The lower organisations' targets (报送任务) and this month's counts",
  },
  {
    method: 'POST',
    path: '/items/targets',
    fn: 'workInfo',
    auth: 'public',
    summary: "Set a lower organisation's target",
  },
  {
    method: 'POST',
    path: '/periodicals/distribution',
    fn: 'workInfo',
    auth: 'public',
    summary: "Save the periodical's outside recipients",
  },
  { method: 'GET', path: '/periodicals', fn: 'workInfo', auth: 'public', summary: 'Periodical archive and builder' },
  { method: 'POST', path: '/periodicals', fn: 'workInfo', auth: 'public', summary: 'Publish an issue' },
  { method: 'GET', path: '/periodicals/{periodicalId}', fn: 'workInfo', auth: 'public', summary: 'A printable issue' },
] as const satisfies readonly RouteOf<'workInfo'>[];

/** POLICY §3.6: findings, circulars, timeliness; their pages. */
export const ACCOUNTABILITY_ROUTES = [
  {
    method: 'POST',
    path: '/api/orgs/{orgId}/findings',
    fn: 'accountability',
    auth: 'jwt',
    summary: 'Record a late, missed, false or concealed report (proposed; the responsible unit is mailed)',
    body: createFindingSchema,
  },
  {
    method: 'GET',
    path: '/api/orgs/{orgId}/findings',
    fn: 'accountability',
    auth: 'jwt',
    summary: 'The findings register (from, to, kind, state, responsibleOrgId, departmentId)',
  },
  {
    method: 'GET',
    path: '/api/findings/{findingId}',
    fn: 'accountability',
    auth: 'jwt',
    summary: 'A finding with its evidence, explanation, decision and history',
  },
  {
    method: 'POST',
    path: '/api/findings/{findingId}/explanation',
    fn: 'accountability',
    auth: 'jwt',
    summary: "The responsible unit's explanation (说明)",
    body: explainFindingSchema,
  },
  {
    method: 'POST',
    path: '/api/findings/{findingId}/decision',
    fn: 'accountability',
    auth: 'jwt',
    summary: 'Confirm or dismiss a finding, with the reason',
    body: decideFindingSchema,
  },
  {
    method: 'POST',
    path: '/api/findings/{findingId}/request-explanation',
    fn: 'accountability',
    auth: 'jwt',
    summary: 'Ask the unit to explain a finding the system proposed (mailed)',
  },
  {
    method: 'POST',
    path: '/api/findings/{findingId}/link',
    fn: 'accountability',
    auth: 'jwt',
    summary: 'Link a missed-event finding to the report that came later',
    body: linkFindingSchema,
  },
  {
    method: 'POST',
    path: '/api/orgs/{orgId}/circulars',
    fn: 'accountability',
    auth: 'jwt',
    summary: 'Publish the next circular (通报第N号), mailed',
    body: publishCircularSchema,
  },
  {
    method: 'GET',
    path: '/api/orgs/{orgId}/circulars',
    fn: 'accountability',
    auth: 'jwt',
    summary: 'Circulars, newest first',
  },
  {
    method: 'GET',
    path: '/api/orgs/{orgId}/circulars/{circularId}',
    fn: 'accountability',
    auth: 'jwt',
    summary: 'One circular',
  },
  {
    method: 'GET',
    path: '/api/orgs/{orgId}/timeliness',
    fn: 'accountability',
    auth: 'jwt',
    summary: 'Timeliness statistics of a period (format=csv or format=xlsx for a spreadsheet; another format is 406)',
  },
  { method: 'GET', path: '/findings', fn: 'accountability', auth: 'public', summary: 'Findings register with filters' },
  { method: 'GET', path: '/findings/new', fn: 'accountability', auth: 'public', summary: 'Record a finding (form)' },
  { method: 'POST', path: '/findings/new', fn: 'accountability', auth: 'public', summary: 'Record a finding' },
  {
    method: 'GET',
    path: '/findings/{findingId}',
    fn: 'accountability',
    auth: 'public',
    summary: 'A finding: evidence, explanation, decision',
  },
  {
    method: 'POST',
    path: '/findings/{findingId}/{action}',
    fn: 'accountability',
    auth: 'public',
    summary: 'Explain, decide or link a finding',
  },
  { method: 'GET', path: '/circulars', fn: 'accountability', auth: 'public', summary: 'Circular builder and archive' },
  { method: 'POST', path: '/circulars', fn: 'accountability', auth: 'public', summary: 'Publish a circular' },
  {
    method: 'GET',
    path: '/circulars/{circularId}',
    fn: 'accountability',
    auth: 'public',
    summary: 'A printable circular',
  },
  { method: 'GET', path: '/timeliness', fn: 'accountability', auth: 'public', summary: 'Timeliness dashboard' },
  {
    method: 'GET',
    path: '/timeliness/csv',
    fn: 'accountability',
    auth: 'public',
    summary: 'Timeliness statistics as CSV',
  },
  {
    method: 'GET',
    path: '/timeliness/xlsx',
    fn: 'accountability',
    auth: 'public',
    summary: 'Timeliness statistics as an Excel workbook',
  },
] as const satisfies readonly RouteOf<'accountability'>[];

/** POLICY §5: monthly scores and quarterly statistics, API and pages. */
export const SCORE_ROUTES = [
  {
    method: 'GET',
    path: '/api/orgs/{orgId}/scores',
    fn: 'scores',
    auth: 'jwt',
    summary:
      'A month’s scores per department and person, with their parts, rewards in yuan, rank (month=YYYY-MM, format=csv|xlsx)',
  },
  {
    method: 'GET',
    path: '/api/orgs/{orgId}/stats',
    fn: 'scores',
    auth: 'jwt',
    summary: 'Adoption statistics of a quarter per department (quarter=YYYY-Qn, format=csv|xlsx)',
  },
  {
    method: 'GET',
    path: '/scores',
    fn: 'scores',
    auth: 'public',
    summary: 'Monthly scores with explanations and the 12-month chart',
  },
  { method: 'GET', path: '/stats', fn: 'scores', auth: 'public', summary: 'Quarterly adoption statistics' },
  {
    method: 'GET',
    path: '/api/orgs/{orgId}/dashboard',
    fn: 'scores',
    auth: 'jwt',
    summary:
      'The dashboard (统计分析) of a period from its stored month figures (from=YYYY-MM&to=YYYY-MM, at most 24 months; format=csv|xlsx)',
  },
  {
    method: 'GET',
    path: '/api/orgs/{orgId}/lower-orgs',
    fn: 'scores',
    auth: 'jwt',
    summary:
      'The lower organisations’ figures of a period side by side, with their average monthly reporting score (from=YYYY-MM&to=YYYY-MM; format=csv|xlsx)',
  },
  {
    method: 'GET',
    path: '/dashboard',
    fn: 'scores',
    auth: 'public',
    summary: 'The dashboard: charts with their tables',
  },
  { method: 'GET', path: '/dashboard/csv', fn: 'scores', auth: 'public', summary: 'The dashboard by month as CSV' },
  {
    method: 'GET',
    path: '/dashboard/xlsx',
    fn: 'scores',
    auth: 'public',
    summary: 'The dashboard as an Excel workbook',
  },
  {
    method: 'GET',
    path: '/dashboard/lower-orgs/csv',
    fn: 'scores',
    auth: 'public',
    summary: 'The lower organisations’ figures as CSV',
  },
  {
    method: 'GET',
    path: '/dashboard/lower-orgs/xlsx',
    fn: 'scores',
    auth: 'public',
    summary: 'The lower organisations’ figures as an Excel workbook',
  },
  { method: 'GET', path: '/scores/csv', fn: 'scores', auth: 'public', summary: 'Monthly scores as CSV' },
  { method: 'GET', path: '/scores/xlsx', fn: 'scores', auth: 'public', summary: 'Monthly scores as an Excel workbook' },
  { method: 'GET', path: '/stats/csv', fn: 'scores', auth: 'public', summary: 'Quarterly adoption statistics as CSV' },
  {
    method: 'GET',
    path: '/stats/xlsx',
    fn: 'scores',
    auth: 'public',
    summary: 'Quarterly adoption statistics as an Excel workbook',
  },
] as const satisfies readonly RouteOf<'scores'>[];
/**
 * Whatever no route above matches: without these API Gateway answers `{"message":"Not Found"}` itself. They send it
 * to the session function, whose router answers the standard 404: the error envelope under /api/, the 404 page
 * elsewhere. Last in ROUTES (API Gateway prefers any more specific route; the local gateway tries routes with
 * parameters in the template's order).
 */
export const NOT_FOUND_ROUTES = [
  { method: 'GET', path: '/{proxy+}', fn: 'session', auth: 'public', summary: 'Unknown path: 404' },
  { method: 'POST', path: '/{proxy+}', fn: 'session', auth: 'public', summary: 'Unknown path: 404' },
  { method: 'PUT', path: '/{proxy+}', fn: 'session', auth: 'public', summary: 'Unknown path: 404' },
  { method: 'PATCH', path: '/{proxy+}', fn: 'session', auth: 'public', summary: 'Unknown path: 404' },
  { method: 'DELETE', path: '/{proxy+}', fn: 'session', auth: 'public', summary: 'Unknown path: 404' },
] as const satisfies readonly RouteOf<'session'>[];

/**
 * Every route. Each function imports only its own list above, so that a bundle carries the body schemas of its own
 * routes alone; the stack and the OpenAPI document read this one.
 */
export const ROUTES: readonly Route[] = /* @__PURE__ */ [
  SESSION_ROUTES,
  ORG_ROUTES,
  REPORT_ROUTES,
  DOCUMENT_ROUTES,
  ATTACHMENT_ROUTES,
  PHONED_REPORT_ROUTES,
  ZERO_REPORT_ROUTES,
  FOLLOWUP_ROUTES,
  WORK_INFO_ROUTES,
  ACCOUNTABILITY_ROUTES,
  SCORE_ROUTES,
  NOT_FOUND_ROUTES,
].flat();
