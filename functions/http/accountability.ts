import { itemRepo, findingRepo, logError, productionDeps, reportRepo, outboxMailer } from '#shared/app/production.ts';
import { ACCOUNTABILITY_ROUTES } from '#shared/app/routes.ts';
import { httpFunction } from '#shared/platform/http/router.ts';
import { accountabilityApi } from './accountability/api.ts';
import { accountabilityPages } from './accountability/pages.ts';

/** Its repositories and clients (test/unit/app/wiring.test.ts checks them against its code and FUNCTIONS). */
export const production = productionDeps({
  items: itemRepo,
  reports: reportRepo,
  findings: findingRepo,
  mailer: outboxMailer,
});

/** POLICY §3.6, accountability: API and pages, FUNCTIONS.accountability (the table, mail). */
export const handler = httpFunction({
  routes: ACCOUNTABILITY_ROUTES,
  handlers: { ...accountabilityApi, ...accountabilityPages },
  deps: production,
  log: logError,
});
