import {
  attachmentRepo,
  escalationQueue,
  findingRepo,
  itemRepo,
  logError,
  productionDeps,
  reportRepo,
} from '#shared/app/production.ts';
import { PHONED_REPORT_ROUTES, REPORT_ROUTES } from '#shared/app/routes.ts';
import { httpFunction } from '#shared/platform/http/router.ts';
import { reportApi } from './reports/api.ts';
import { reportPages } from './reports/pages.ts';
import { phonedReportHandlers } from './reports/phoned.ts';

/** Its repositories and clients (test/unit/app/wiring.test.ts checks them against its code and FUNCTIONS). */
export const production = productionDeps({
  reports: reportRepo,
  items: itemRepo,
  findings: findingRepo,
  queue: escalationQueue,
  attachments: attachmentRepo,
});

/** POLICY §3.1–3.4, emergency reports: API and pages, FUNCTIONS.reports (the table, the escalation queue). */
export const handler = httpFunction({
  routes: [...REPORT_ROUTES, ...PHONED_REPORT_ROUTES],
  handlers: { ...reportApi, ...reportPages, ...phonedReportHandlers },
  deps: production,
  log: logError,
});
