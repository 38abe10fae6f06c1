import { itemRepo, logError, productionDeps, reportRepo } from '#shared/app/production.ts';
import { NOT_FOUND_ROUTES, SESSION_ROUTES } from '#shared/app/routes.ts';
import { httpFunction } from '#shared/platform/http/router.ts';
import { sessionApi } from './session/api.ts';
import { sessionPages } from './session/pages.ts';

/** Its repositories and clients (test/unit/app/wiring.test.ts checks them against its code and FUNCTIONS). */
export const production = productionDeps({ items: itemRepo, reports: reportRepo });

/** Sign-in, the home page, the caller and the OpenAPI document: FUNCTIONS.session (the table, read only). */
export const handler = httpFunction({
  routes: [...SESSION_ROUTES, ...NOT_FOUND_ROUTES],
  handlers: { ...sessionApi, ...sessionPages },
  deps: production,
  log: logError,
});
