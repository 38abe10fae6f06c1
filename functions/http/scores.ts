import { findingRepo, itemRepo, logError, productionDeps, reportRepo, scoreRepo } from '#shared/app/production.ts';
import { SCORE_ROUTES } from '#shared/app/routes.ts';
import { httpFunction } from '#shared/platform/http/router.ts';
import { scoreApi } from './scores/api.ts';
import { scorePages } from './scores/pages.ts';

/** Its repositories and clients (test/unit/app/wiring.test.ts checks them against its code and FUNCTIONS). */
export const production = productionDeps({
  reports: reportRepo,
  items: itemRepo,
  findings: findingRepo,
  scores: scoreRepo,
});

/** POLICY §5, scores: API and pages, FUNCTIONS.scores (the table, read only). */
export const handler = httpFunction({
  routes: SCORE_ROUTES,
  handlers: { ...scoreApi, ...scorePages },
  deps: production,
  log: logError,
});
