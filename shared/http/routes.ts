import type { z } from 'zod';
import { devLoginSchema } from '../auth/dev-login-input.ts';
import { submitReportSchema } from '../domain/report-input.ts';
import { signOffSchema } from '../domain/sign-off-report.ts';

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
  devLogin: { entry: 'functions/http/dev-login.ts', access: { table: 'r' } },
  getMe: { entry: 'functions/http/get-me.ts', access: { table: 'r' } },
  submitReport: { entry: 'functions/http/submit-report.ts', access: { table: 'rw', queue: true } },
  listReports: { entry: 'functions/http/list-reports.ts', access: { table: 'r' } },
  getReport: { entry: 'functions/http/get-report.ts', access: { table: 'r' } },
  ackReport: { entry: 'functions/http/ack-report.ts', access: { table: 'rw', queue: true } },
  signOffReport: { entry: 'functions/http/sign-off-report.ts', access: { table: 'rw', queue: true } },
  openapi: { entry: 'functions/http/openapi.ts', access: {} },
  sessionPages: { entry: 'functions/http/session-pages.ts', access: { table: 'r' } },
  reportPages: { entry: 'functions/http/report-pages.ts', access: { table: 'rw', queue: true } },
  ackLink: { entry: 'functions/http/ack-link.ts', access: { table: 'rw', queue: true } },
  sendEscalation: { entry: 'functions/queue/send-escalation.ts', access: { table: 'rw', queue: true, mail: true } },
  checkOverdue: { entry: 'functions/schedule/check-overdue.ts', access: { table: 'rw', queue: true, mail: true } },
} as const satisfies Record<string, { entry: string; access: { table?: 'r' | 'rw'; queue?: boolean; mail?: boolean } }>;
export type FunctionName = keyof typeof FUNCTIONS;

export const ROUTES: Route[] = [
  { method: 'POST', path: '/api/auth/dev-login', fn: 'devLogin', auth: 'public', summary: 'Dev sign-in (local stage only)', body: devLoginSchema, localOnly: true },
  { method: 'GET', path: '/api/me', fn: 'getMe', auth: 'jwt', summary: 'The caller' },
  { method: 'POST', path: '/api/reports', fn: 'submitReport', auth: 'jwt', summary: 'Submit an emergency report', body: submitReportSchema },
  { method: 'GET', path: '/api/reports', fn: 'listReports', auth: 'jwt', summary: 'List reports the caller may see' },
  { method: 'GET', path: '/api/reports/{reportId}', fn: 'getReport', auth: 'jwt', summary: 'A report with chain and timeline' },
  { method: 'POST', path: '/api/reports/{reportId}/ack', fn: 'ackReport', auth: 'jwt', summary: 'Acknowledge a report' },
  { method: 'POST', path: '/api/reports/{reportId}/sign-off', fn: 'signOffReport', auth: 'jwt', summary: 'Sign off: forward to the parent organisation or keep', body: signOffSchema },
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
  { method: 'GET', path: '/ack/{token}', fn: 'ackLink', auth: 'public', summary: 'Acknowledgement page from a mail link' },
  { method: 'POST', path: '/ack/{token}', fn: 'ackLink', auth: 'public', summary: 'Acknowledge by mail link' },
];
