import type { z } from 'zod';
import { devLoginSchema } from '../platform/auth/dev-login-input.ts';
import { submitReportSchema } from '../reports/rules/input.ts';
import { createDepartmentSchema, createOrgSchema, createPersonSchema, patchDepartmentSchema, patchPersonSchema, putCalendarSchema, putConfigSchema, putRosterSchema, updateOrgSchema } from '../org/rules/input.ts';
import { signOffSchema } from '../reports/rules/input.ts';
import { followupSchema, instructionSchema, progressSchema } from '../followups/rules/input.ts';
import { createFindingSchema, decideFindingSchema, explainFindingSchema, linkFindingSchema } from '../accountability/rules/finding.ts';
import { publishCircularSchema } from '../accountability/rules/circular.ts';
import { adoptItemSchema, createItemSchema, externalAdoptionSchema, publishPeriodicalSchema, reviewItemSchema, signOffItemSchema, updateItemSchema } from '../work-info/rules/item.ts';

/**
 * Every HTTP route: the CDK app creates them from this table, and the OpenAPI document describes them from it.
 * `auth: 'jwt'` routes sit behind the API's JWT authorizer; `public` routes check what they need themselves
 * (pages read the session cookie, acknowledgement links carry their own token).
 */
export type Route = {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  fn: FunctionName;
  auth: 'jwt' | 'public';
  summary: string;
  body?: z.ZodType;
  localOnly?: boolean;
};

export const FUNCTIONS = {
  devLogin: { entry: 'functions/http/session/dev-login.ts', access: { table: 'r' } },
  getMe: { entry: 'functions/http/session/get-me.ts', access: { table: 'r' } },
  submitReport: { entry: 'functions/http/reports/submit-report.ts', access: { table: 'rw', queue: true } },
  listReports: { entry: 'functions/http/reports/list-reports.ts', access: { table: 'r' } },
  /** rw: a read by someone outside the report's line is written to its timeline (POLICY §6). */
  getReport: { entry: 'functions/http/reports/get-report.ts', access: { table: 'rw' } },
  ackReport: { entry: 'functions/http/reports/ack-report.ts', access: { table: 'rw', queue: true } },
  signOffReport: { entry: 'functions/http/reports/sign-off-report.ts', access: { table: 'rw', queue: true } },
  fileFollowup: { entry: 'functions/http/followups/file-followup.ts', access: { table: 'rw', queue: true } },
  giveInstruction: { entry: 'functions/http/followups/give-instruction.ts', access: { table: 'rw', queue: true } },
  postProgress: { entry: 'functions/http/followups/post-progress.ts', access: { table: 'rw' } },
  closeInstruction: { entry: 'functions/http/followups/close-instruction.ts', access: { table: 'rw' } },
  getInbox: { entry: 'functions/http/followups/get-inbox.ts', access: { table: 'r' } },
  getSupervision: { entry: 'functions/http/followups/get-supervision.ts', access: { table: 'r' } },
  inboxPages: { entry: 'functions/http/followups/inbox-pages.ts', access: { table: 'r' } },
  createOrg: { entry: 'functions/http/org/create-org.ts', access: { table: 'rw' } },
  getOrg: { entry: 'functions/http/org/get-org.ts', access: { table: 'r' } },
  updateOrg: { entry: 'functions/http/org/update-org.ts', access: { table: 'rw' } },
  putOrgConfig: { entry: 'functions/http/org/put-org-config.ts', access: { table: 'rw' } },
  createDepartment: { entry: 'functions/http/org/create-department.ts', access: { table: 'rw' } },
  updateDepartment: { entry: 'functions/http/org/update-department.ts', access: { table: 'rw' } },
  createPerson: { entry: 'functions/http/org/create-person.ts', access: { table: 'rw' } },
  updatePerson: { entry: 'functions/http/org/update-person.ts', access: { table: 'rw' } },
  putDutyRoster: { entry: 'functions/http/org/put-duty-roster.ts', access: { table: 'rw' } },
  putCalendar: { entry: 'functions/http/org/put-calendar.ts', access: { table: 'rw' } },
  importPeople: { entry: 'functions/http/org/import-people.ts', access: { table: 'rw' } },
  adminPages: { entry: 'functions/http/org/admin-pages.ts', access: { table: 'rw' } },
  openapi: { entry: 'functions/http/session/openapi.ts', access: {} },
  sessionPages: { entry: 'functions/http/session/session-pages.ts', access: { table: 'r' } },
  reportPages: { entry: 'functions/http/reports/report-pages.ts', access: { table: 'rw', queue: true } },
  ackLink: { entry: 'functions/http/reports/ack-link.ts', access: { table: 'rw', queue: true } },
  /** The work information JSON API: one function, one thin handler per route inside (functions/http/work-info/items-api.ts). */
  itemsApi: { entry: 'functions/http/work-info/items-api.ts', access: { table: 'rw', mail: true } },
  itemPages: { entry: 'functions/http/work-info/item-pages.ts', access: { table: 'rw', mail: true } },
  createFinding: { entry: 'functions/http/accountability/create-finding.ts', access: { table: 'rw', mail: true } },
  actOnFinding: { entry: 'functions/http/accountability/act-on-finding.ts', access: { table: 'rw', mail: true } },
  publishCircular: { entry: 'functions/http/accountability/publish-circular.ts', access: { table: 'rw', mail: true } },
  readAccountability: { entry: 'functions/http/accountability/read-accountability.ts', access: { table: 'r' } },
  accountabilityPages: { entry: 'functions/http/accountability/accountability-pages.ts', access: { table: 'rw', mail: true } },
  sendEscalation: { entry: 'functions/queue/send-escalation.ts', access: { table: 'rw', queue: true, mail: true } },
  checkOverdue: { entry: 'functions/schedule/check-overdue.ts', access: { table: 'rw', queue: true, mail: true } },
  /** Hourly: finds the organisations whose month is due and incomplete, one scoring message each (and notes it queued them: rw). */
  monthlyScores: { entry: 'functions/schedule/monthly-scores.ts', access: { table: 'rw', scoring: true } },
  /** The scoring worker: one organisation's month (and quarter) scored, stored and mailed per message. */
  scoreOrg: { entry: 'functions/queue/score-org.ts', access: { table: 'rw', mail: true } },
  /** Monthly scores and quarterly statistics, API and pages (issue 7). */
  scores: { entry: 'functions/http/scores/scores.ts', access: { table: 'r' } },
} as const satisfies Record<string, { entry: string; access: { table?: 'r' | 'rw'; queue?: boolean; scoring?: boolean; mail?: boolean } }>;
export type FunctionName = keyof typeof FUNCTIONS;

export const ROUTES: Route[] = [
  { method: 'POST', path: '/api/auth/dev-login', fn: 'devLogin', auth: 'public', summary: 'Dev sign-in (local stage only)', body: devLoginSchema, localOnly: true },
  { method: 'GET', path: '/api/me', fn: 'getMe', auth: 'jwt', summary: 'The caller' },
  { method: 'POST', path: '/api/reports', fn: 'submitReport', auth: 'jwt', summary: 'Submit an emergency report', body: submitReportSchema },
  { method: 'GET', path: '/api/reports', fn: 'listReports', auth: 'jwt', summary: 'List reports the caller may see' },
  { method: 'GET', path: '/api/reports/{reportId}', fn: 'getReport', auth: 'jwt', summary: 'A report with chain and timeline' },
  { method: 'POST', path: '/api/reports/{reportId}/ack', fn: 'ackReport', auth: 'jwt', summary: 'Acknowledge a report' },
  { method: 'POST', path: '/api/reports/{reportId}/followups', fn: 'fileFollowup', auth: 'jwt', summary: 'File a follow-up (续报) or the final report (终报)', body: followupSchema },
  { method: 'POST', path: '/api/reports/{reportId}/instructions', fn: 'giveInstruction', auth: 'jwt', summary: "A leader's instruction (批示)", body: instructionSchema },
  { method: 'POST', path: '/api/instructions/{instructionId}/progress', fn: 'postProgress', auth: 'jwt', summary: 'Report progress on an instruction (落实情况)', body: progressSchema },
  { method: 'POST', path: '/api/instructions/{instructionId}/close', fn: 'closeInstruction', auth: 'jwt', summary: 'Close an instruction (销号)' },
  { method: 'GET', path: '/api/me/inbox', fn: 'getInbox', auth: 'jwt', summary: 'What waits for the caller' },
  { method: 'GET', path: '/api/orgs/{orgId}/supervision', fn: 'getSupervision', auth: 'jwt', summary: "The office's overview: open events, missed follow-ups, overdue instructions" },
  { method: 'POST', path: '/api/reports/{reportId}/sign-off', fn: 'signOffReport', auth: 'jwt', summary: 'Sign off: forward to the parent organisation or keep', body: signOffSchema },
  { method: 'POST', path: '/api/orgs', fn: 'createOrg', auth: 'jwt', summary: 'Create an organisation', body: createOrgSchema },
  { method: 'GET', path: '/api/orgs/{orgId}', fn: 'getOrg', auth: 'jwt', summary: 'An organisation with departments, people, configuration and who is on duty' },
  { method: 'PATCH', path: '/api/orgs/{orgId}', fn: 'updateOrg', auth: 'jwt', summary: 'Change name, time zone, principal leader, office', body: updateOrgSchema },
  { method: 'PUT', path: '/api/orgs/{orgId}/config', fn: 'putOrgConfig', auth: 'jwt', summary: 'Configuration version taking effect in a month', body: putConfigSchema },
  { method: 'POST', path: '/api/orgs/{orgId}/departments', fn: 'createDepartment', auth: 'jwt', summary: 'Create a department', body: createDepartmentSchema },
  { method: 'PATCH', path: '/api/orgs/{orgId}/departments/{departmentId}', fn: 'updateDepartment', auth: 'jwt', summary: 'Change a department', body: patchDepartmentSchema },
  { method: 'POST', path: '/api/orgs/{orgId}/people', fn: 'createPerson', auth: 'jwt', summary: 'Register a person', body: createPersonSchema },
  { method: 'PATCH', path: '/api/people/{personId}', fn: 'updatePerson', auth: 'jwt', summary: 'Change a person, including availability', body: patchPersonSchema },
  { method: 'PUT', path: '/api/orgs/{orgId}/duty-roster', fn: 'putDutyRoster', auth: 'jwt', summary: "Replace a period's duty shifts; reports gaps and overlaps", body: putRosterSchema },
  { method: 'GET', path: '/api/orgs/{orgId}/duty-roster', fn: 'getOrg', auth: 'jwt', summary: 'Duty shifts of a period (this week by default) with gaps and overlaps' },
  { method: 'GET', path: '/api/orgs/{orgId}/on-duty', fn: 'getOrg', auth: 'jwt', summary: 'Who is on duty at instant `at` (now by default)' },
  { method: 'PUT', path: '/api/orgs/{orgId}/calendar/{year}', fn: 'putCalendar', auth: 'jwt', summary: "The organisation's holidays and working days of a year", body: putCalendarSchema },
  { method: 'GET', path: '/api/orgs/{orgId}/calendar/{year}', fn: 'getOrg', auth: 'jwt', summary: "A year's overrides and whether its official schedule is known" },
  { method: 'POST', path: '/api/orgs/{orgId}/import', fn: 'importPeople', auth: 'jwt', summary: 'Import departments and people from CSV (all rows or none)' },
  { method: 'GET', path: '/admin', fn: 'adminPages', auth: 'public', summary: "Administration: the caller's organisation" },
  { method: 'GET', path: '/admin/{proxy+}', fn: 'adminPages', auth: 'public', summary: 'Administration pages: /admin/{orgId}[/departments|/people[/{personId}]|/roster|/calendar|/config|/import]' },
  { method: 'POST', path: '/admin/{proxy+}', fn: 'adminPages', auth: 'public', summary: 'Administration forms (same paths)' },
  { method: 'GET', path: '/openapi.json', fn: 'openapi', auth: 'public', summary: 'This document' },
  { method: 'GET', path: '/', fn: 'sessionPages', auth: 'public', summary: 'Home page' },
  { method: 'GET', path: '/login', fn: 'sessionPages', auth: 'public', summary: 'Sign-in page (local stage)', localOnly: true },
  { method: 'POST', path: '/login', fn: 'sessionPages', auth: 'public', summary: 'Sign in (local stage)', localOnly: true },
  { method: 'POST', path: '/logout', fn: 'sessionPages', auth: 'public', summary: 'Sign out' },
  { method: 'GET', path: '/reports/new', fn: 'reportPages', auth: 'public', summary: 'Emergency report form' },
  { method: 'POST', path: '/reports/new', fn: 'reportPages', auth: 'public', summary: 'Submit the form' },
  { method: 'GET', path: '/reports/{reportId}', fn: 'reportPages', auth: 'public', summary: 'Report page' },
  { method: 'POST', path: '/reports/{reportId}/ack', fn: 'reportPages', auth: 'public', summary: 'Acknowledge from the report page' },
  { method: 'POST', path: '/reports/{reportId}/sign-off', fn: 'reportPages', auth: 'public', summary: 'Sign off from the report page' },
  { method: 'POST', path: '/reports/{reportId}/followups', fn: 'reportPages', auth: 'public', summary: 'File a follow-up from the report page' },
  { method: 'POST', path: '/reports/{reportId}/instructions', fn: 'reportPages', auth: 'public', summary: 'Give an instruction from the report page' },
  { method: 'POST', path: '/instructions/{instructionId}/progress', fn: 'reportPages', auth: 'public', summary: 'Report progress from the report page' },
  { method: 'POST', path: '/instructions/{instructionId}/close', fn: 'reportPages', auth: 'public', summary: 'Close an instruction from the report page' },
  { method: 'GET', path: '/inbox', fn: 'inboxPages', auth: 'public', summary: 'My inbox (待办)' },
  { method: 'GET', path: '/supervision', fn: 'inboxPages', auth: 'public', summary: "The office's supervision overview (督办)" },
  { method: 'GET', path: '/ack/{token}', fn: 'ackLink', auth: 'public', summary: 'Acknowledgement page from a mail link' },
  { method: 'POST', path: '/ack/{token}', fn: 'ackLink', auth: 'public', summary: 'Acknowledge by mail link' },
  { method: 'POST', path: '/api/items', fn: 'itemsApi', auth: 'jwt', summary: 'Write a work information item (draft)', body: createItemSchema },
  { method: 'GET', path: '/api/items', fn: 'itemsApi', auth: 'jwt', summary: 'Items: mine, to review, with the office, adopted (view=, month=)' },
  { method: 'GET', path: '/api/items/{itemId}', fn: 'itemsApi', auth: 'jwt', summary: 'An item with its revisions and history' },
  { method: 'PATCH', path: '/api/items/{itemId}', fn: 'itemsApi', auth: 'jwt', summary: 'Edit a draft or returned item (new revision)', body: updateItemSchema },
  { method: 'POST', path: '/api/items/{itemId}/submit', fn: 'itemsApi', auth: 'jwt', summary: "Submit to the department's reviewing leader" },
  { method: 'POST', path: '/api/items/{itemId}/review', fn: 'itemsApi', auth: 'jwt', summary: 'Approve (to the office) or return with a comment', body: reviewItemSchema },
  { method: 'POST', path: '/api/items/{itemId}/adopt', fn: 'itemsApi', auth: 'jwt', summary: 'Review group: adopt or reject', body: adoptItemSchema },
  { method: 'POST', path: '/api/items/{itemId}/sign-off', fn: 'itemsApi', auth: 'jwt', summary: 'Leader signs off an important adopted item', body: signOffItemSchema },
  { method: 'POST', path: '/api/items/{itemId}/external-adoptions', fn: 'itemsApi', auth: 'jwt', summary: 'Record an adoption by an upper-level body or outlet', body: externalAdoptionSchema },
  { method: 'POST', path: '/api/orgs/{orgId}/periodicals', fn: 'itemsApi', auth: 'jwt', summary: 'Publish the next periodical issue (mailed)', body: publishPeriodicalSchema },
  { method: 'GET', path: '/api/orgs/{orgId}/periodicals', fn: 'itemsApi', auth: 'jwt', summary: 'Periodical issues, newest first' },
  { method: 'GET', path: '/api/orgs/{orgId}/periodicals/{periodicalId}', fn: 'itemsApi', auth: 'jwt', summary: 'One periodical issue' },
  { method: 'POST', path: '/api/orgs/{orgId}/findings', fn: 'createFinding', auth: 'jwt', summary: 'Record a late, missed, false or concealed report (proposed; the responsible unit is mailed)', body: createFindingSchema },
  { method: 'GET', path: '/api/orgs/{orgId}/findings', fn: 'readAccountability', auth: 'jwt', summary: 'The findings register (from, to, kind, state, responsibleOrgId, departmentId)' },
  { method: 'GET', path: '/api/findings/{findingId}', fn: 'readAccountability', auth: 'jwt', summary: 'A finding with its evidence, explanation, decision and history' },
  { method: 'POST', path: '/api/findings/{findingId}/explanation', fn: 'actOnFinding', auth: 'jwt', summary: "The responsible unit's explanation (说明)", body: explainFindingSchema },
  { method: 'POST', path: '/api/findings/{findingId}/decision', fn: 'actOnFinding', auth: 'jwt', summary: 'Confirm or dismiss a finding, with the reason', body: decideFindingSchema },
  { method: 'POST', path: '/api/findings/{findingId}/request-explanation', fn: 'actOnFinding', auth: 'jwt', summary: 'Ask the unit to explain a finding the system proposed (mailed)' },
  { method: 'POST', path: '/api/findings/{findingId}/link', fn: 'actOnFinding', auth: 'jwt', summary: 'Link a missed-event finding to the report that came later', body: linkFindingSchema },
  { method: 'POST', path: '/api/orgs/{orgId}/circulars', fn: 'publishCircular', auth: 'jwt', summary: 'Publish the next circular (通报第N号), mailed', body: publishCircularSchema },
  { method: 'GET', path: '/api/orgs/{orgId}/circulars', fn: 'readAccountability', auth: 'jwt', summary: 'Circulars, newest first' },
  { method: 'GET', path: '/api/orgs/{orgId}/circulars/{circularId}', fn: 'readAccountability', auth: 'jwt', summary: 'One circular' },
  { method: 'GET', path: '/api/orgs/{orgId}/timeliness', fn: 'readAccountability', auth: 'jwt', summary: 'Timeliness statistics of a period (format=csv for a spreadsheet)' },
  { method: 'GET', path: '/findings', fn: 'accountabilityPages', auth: 'public', summary: 'Findings register with filters' },
  { method: 'GET', path: '/findings/new', fn: 'accountabilityPages', auth: 'public', summary: 'Record a finding (form)' },
  { method: 'POST', path: '/findings/new', fn: 'accountabilityPages', auth: 'public', summary: 'Record a finding' },
  { method: 'GET', path: '/findings/{findingId}', fn: 'accountabilityPages', auth: 'public', summary: 'A finding: evidence, explanation, decision' },
  { method: 'POST', path: '/findings/{findingId}/{action}', fn: 'accountabilityPages', auth: 'public', summary: 'Explain, decide or link a finding' },
  { method: 'GET', path: '/circulars', fn: 'accountabilityPages', auth: 'public', summary: 'Circular builder and archive' },
  { method: 'POST', path: '/circulars', fn: 'accountabilityPages', auth: 'public', summary: 'Publish a circular' },
  { method: 'GET', path: '/circulars/{circularId}', fn: 'accountabilityPages', auth: 'public', summary: 'A printable circular' },
  { method: 'GET', path: '/timeliness', fn: 'accountabilityPages', auth: 'public', summary: 'Timeliness dashboard' },
  { method: 'GET', path: '/timeliness/csv', fn: 'accountabilityPages', auth: 'public', summary: 'Timeliness statistics as CSV' },
  { method: 'GET', path: '/items', fn: 'itemPages', auth: 'public', summary: 'My work information' },
  { method: 'GET', path: '/items/new', fn: 'itemPages', auth: 'public', summary: 'Item editor (new)' },
  { method: 'POST', path: '/items/new', fn: 'itemPages', auth: 'public', summary: 'Save a new item' },
  { method: 'GET', path: '/items/review', fn: 'itemPages', auth: 'public', summary: 'Review queue' },
  { method: 'GET', path: '/items/office', fn: 'itemPages', auth: 'public', summary: 'Adoption queue' },
  { method: 'GET', path: '/items/{itemId}', fn: 'itemPages', auth: 'public', summary: 'Item page with history and actions' },
  { method: 'GET', path: '/items/{itemId}/edit', fn: 'itemPages', auth: 'public', summary: 'Item editor' },
  { method: 'POST', path: '/items/{itemId}/edit', fn: 'itemPages', auth: 'public', summary: 'Save an edit' },
  { method: 'POST', path: '/items/{itemId}/{action}', fn: 'itemPages', auth: 'public', summary: 'Submit, review, adopt, sign off or record an external adoption' },
  { method: 'GET', path: '/items/{itemId}/draft', fn: 'itemPages', auth: 'public', summary: 'Download the draft with every revision (留存底稿)' },
  { method: 'GET', path: '/periodicals', fn: 'itemPages', auth: 'public', summary: 'Periodical archive and builder' },
  { method: 'POST', path: '/periodicals', fn: 'itemPages', auth: 'public', summary: 'Publish an issue' },
  { method: 'GET', path: '/periodicals/{periodicalId}', fn: 'itemPages', auth: 'public', summary: 'A printable issue' },
  { method: 'GET', path: '/api/orgs/{orgId}/scores', fn: 'scores', auth: 'jwt', summary: 'A month’s scores per department and person, each with its parts, rewards in yuan, rank (month=YYYY-MM, format=csv)' },
  { method: 'GET', path: '/api/orgs/{orgId}/stats', fn: 'scores', auth: 'jwt', summary: 'Adoption statistics of a quarter per department (quarter=YYYY-Qn, format=csv)' },
  { method: 'GET', path: '/scores', fn: 'scores', auth: 'public', summary: 'Monthly scores with explanations and the 12-month chart' },
  { method: 'GET', path: '/stats', fn: 'scores', auth: 'public', summary: 'Quarterly adoption statistics' },
  { method: 'GET', path: '/stats/csv', fn: 'scores', auth: 'public', summary: 'Quarterly adoption statistics as CSV' },
];
