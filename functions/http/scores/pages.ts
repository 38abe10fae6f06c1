import type { Deps } from '#shared/app/ports.ts';
import type { SCORE_ROUTES } from '#shared/app/routes.ts';
import type { RouteHandlers } from '../handlers.ts';
import { DEFAULT_TIMEZONE } from '#shared/org/rules/model.ts';
import { previousMonth } from '#shared/platform/kernel/time.ts';
import { quarterStats, readScores, scoreHistory } from '#shared/scores/score-views.ts';
import { scoreChart, scoresPage, statsPage } from '#shared/scores/score-pages.ts';
import { localParts } from '#shared/platform/kernel/time.ts';
import type { PageContext } from '#shared/platform/http/page-handler.ts';
import { page } from '#shared/platform/http/router.ts';
import { layout } from '#shared/platform/pages/layout.ts';
import { dashboardDownload, lowerOrgsDownload, scoresDownload, statsDownload } from './api.ts';
import { readDashboard, readLowerOrgs } from '#shared/scores/dashboard.ts';
import { dashboardPage } from '#shared/scores/dashboard-pages.ts';

type Routes = RouteHandlers<typeof SCORE_ROUTES>;

/** The dashboard's period as asked (`from`, `to`; empty means the default). */
const period = (query: Record<string, string | undefined>) => ({
  from: query.from || undefined,
  to: query.to || undefined,
});

/** The quarter a page shows: `quarter=` or this quarter, in the organisation's zone. */
async function quarterOf({ caller, deps, query }: PageContext<Deps>) {
  const tz = (await deps.orgs.getOrg(caller.orgId))?.timezone ?? DEFAULT_TIMEZONE;
  const p = localParts(deps.clock(), tz);
  const quarter = query.quarter || `${p.year}-Q${Math.ceil(p.month / 3)}`;
  const s = await quarterStats(deps, caller, caller.orgId, { quarter });
  return { s, tz };
}

/** The month a page shows: `month=` or last month, in the organisation's zone. */
async function monthOf({ caller, deps, query }: PageContext<Deps>) {
  const org = await deps.orgs.getOrg(caller.orgId);
  const month = query.month || previousMonth(deps.clock(), org?.timezone ?? DEFAULT_TIMEZONE);
  const tz = org?.timezone ?? DEFAULT_TIMEZONE;
  return { v: await readScores(deps, caller, caller.orgId, { month }), month, orgName: org?.name, tz };
}

/**
 * The pages: /scores (a month, last month by default) with /scores/csv and /scores/xlsx, /stats (a quarter, this
 * quarter by default) with /stats/csv and /stats/xlsx.
 */
export const scorePages = {
  'GET /scores': page(async (ctx) => {
    const { caller, deps } = ctx;
    const { v, month, tz } = await monthOf(ctx);
    const chart = scoreChart(await scoreHistory(deps, caller.orgId, month));
    return { html: layout('月度得分', scoresPage(v, chart, tz), caller) };
  }),
  'GET /stats': page(async (ctx) => {
    const { s, tz } = await quarterOf(ctx);
    return { html: layout('季度采用统计', statsPage(s, tz), ctx.caller) };
  }),
  /** `org=` a lower organisation's dashboard (its parent's office and leaders), else the caller's own. */
  'GET /dashboard': page(async ({ caller, deps, query }) => {
    const orgId = query.org || caller.orgId;
    const d = await readDashboard(deps, caller, orgId, period(query));
    const org = await deps.orgs.getOrg(orgId);
    const lower = orgId === caller.orgId ? undefined : { orgId, parentName: caller.orgName ?? '' };
    return { html: layout('统计分析', dashboardPage(d, org?.name ?? '', lower), caller) };
  }),
  'GET /dashboard/csv': page(async ({ caller, deps, query }) => {
    const d = await readDashboard(deps, caller, query.org || caller.orgId, period(query));
    return { download: await dashboardDownload(d, 'csv') };
  }),
  'GET /dashboard/xlsx': page(async ({ caller, deps, query }) => {
    const orgId = query.org || caller.orgId;
    const d = await readDashboard(deps, caller, orgId, period(query));
    return { download: await dashboardDownload(d, 'xlsx', (await deps.orgs.getOrg(orgId))?.name) };
  }),
  'GET /dashboard/lower-orgs/csv': page(async ({ caller, deps, query }) => ({
    download: await lowerOrgsDownload(await readLowerOrgs(deps, caller, caller.orgId, period(query)), 'csv'),
  })),
  'GET /dashboard/lower-orgs/xlsx': page(async ({ caller, deps, query }) => {
    const v = await readLowerOrgs(deps, caller, caller.orgId, period(query));
    return { download: await lowerOrgsDownload(v, 'xlsx', (await deps.orgs.getOrg(caller.orgId))?.name) };
  }),
  'GET /scores/csv': page(async (ctx) => ({ download: await scoresDownload((await monthOf(ctx)).v, 'csv') })),
  'GET /scores/xlsx': page(async (ctx) => {
    const { v, orgName } = await monthOf(ctx);
    return { download: await scoresDownload(v, 'xlsx', orgName) };
  }),
  'GET /stats/csv': page(async (ctx) => ({ download: await statsDownload((await quarterOf(ctx)).s, 'csv') })),
  'GET /stats/xlsx': page(async (ctx) => {
    const { s } = await quarterOf(ctx);
    return { download: await statsDownload(s, 'xlsx', (await ctx.deps.orgs.getOrg(ctx.caller.orgId))?.name) };
  }),
} satisfies Partial<Routes>;
