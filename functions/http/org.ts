import { itemRepo, logError, outbox, productionDeps, reportRepo, signInAccounts } from '#shared/app/production.ts';
import { ORG_ROUTES } from '#shared/app/routes.ts';
import { httpFunction } from '#shared/platform/http/router.ts';
import { orgApi } from './org/api.ts';
import { adminPages } from './org/pages.ts';

/** Its repositories and clients (test/unit/app/wiring.test.ts checks them against its code and FUNCTIONS). */
/** `reports`: the count of the navigation's 待办 (every page function reads it). */
/** `outbox`: the office's list of undelivered messages (read only). */
export const production = productionDeps({ accounts: signInAccounts, items: itemRepo, reports: reportRepo, outbox });

/** POLICY §2, the organisation: its API and administration pages, FUNCTIONS.org (the table). */
export const handler = httpFunction({
  routes: ORG_ROUTES,
  handlers: { ...orgApi, ...adminPages },
  deps: production,
  log: logError,
});
