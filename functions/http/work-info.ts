import {
  attachmentRepo,
  itemRepo,
  logError,
  productionDeps,
  reportRepo,
  outboxMailer,
} from '#shared/app/production.ts';
import { WORK_INFO_ROUTES } from '#shared/app/routes.ts';
import { httpFunction } from '#shared/platform/http/router.ts';
import { workInfoApi } from './work-info/api.ts';
import { workInfoPages } from './work-info/pages.ts';

/** Its repositories and clients (test/unit/app/wiring.test.ts checks them against its code and FUNCTIONS). */
/** `reports`: the count of the navigation's 待办 (every page function reads it). */
export const production = productionDeps({
  items: itemRepo,
  mailer: outboxMailer,
  reports: reportRepo,
  attachments: attachmentRepo,
});

/** POLICY §4, work information: API and pages, FUNCTIONS.workInfo (the table, mail). */
export const handler = httpFunction({
  routes: WORK_INFO_ROUTES,
  handlers: { ...workInfoApi, ...workInfoPages },
  deps: production,
  log: logError,
});
