import {
  escalationQueue,
  itemRepo,
  logError,
  productionDeps,
  reportRepo,
  outboxMailer,
  verificationRepo,
} from '#shared/app/production.ts';
import { FOLLOWUP_ROUTES } from '#shared/app/routes.ts';
import { httpFunction } from '#shared/platform/http/router.ts';
import { followupApi } from './followups/api.ts';
import { followupPages } from './followups/pages.ts';
import { verificationApi } from './followups/verification-api.ts';
import { verificationPages } from './followups/verification-pages.ts';

/** Its repositories and clients (test/unit/app/wiring.test.ts checks them against its code and FUNCTIONS). */
export const production = productionDeps({
  reports: reportRepo,
  items: itemRepo,
  queue: escalationQueue,
  mailer: outboxMailer,
  verifications: verificationRepo,
});

/** POLICY §3.5, follow-ups and instructions: API and pages, FUNCTIONS.followups (the table, the escalation queue, the mailer). */
export const handler = httpFunction({
  routes: FOLLOWUP_ROUTES,
  handlers: { ...followupApi, ...followupPages, ...verificationApi, ...verificationPages },
  deps: production,
  log: logError,
});
