import {
  findingRepo,
  itemRepo,
  logError,
  outboxMailer,
  productionDeps,
  reportRepo,
  zeroReportRepo,
} from '#shared/app/production.ts';
import { ZERO_REPORT_ROUTES } from '#shared/app/routes.ts';
import { httpFunction } from '#shared/platform/http/router.ts';
import { zeroReportHandlers } from './reports/zero.ts';

/** Its repositories and clients (test/unit/app/wiring.test.ts checks them against its code and FUNCTIONS). */
export const production = productionDeps({
  reports: reportRepo,
  items: itemRepo,
  findings: findingRepo,
  mailer: outboxMailer,
  zeroReports: zeroReportRepo,
});

/**
 * POLICY §3.7, special periods and zero reports: API and pages, FUNCTIONS.zeroReports. Its own function so that the
 * reports bundle carries neither its pages and workbook nor accountability's findings (30 KB of it).
 */
export const handler = httpFunction({
  routes: ZERO_REPORT_ROUTES,
  handlers: zeroReportHandlers,
  deps: production,
  log: logError,
});
