import type { Deps } from '#shared/app/ports.ts';
import type { SCORE_ROUTES } from '#shared/app/routes.ts';
import { DEFAULT_TIMEZONE } from '#shared/org/rules/model.ts';
import { previousMonth } from '#shared/platform/kernel/time.ts';
import { quarterStats, readScores, scoreHistory } from '#shared/scores/score-views.ts';
import { scoreChart, scoresPage, statsPage } from '#shared/scores/score-pages.ts';
import { localParts } from '#shared/platform/kernel/time.ts';
import type { PageContext } from '#shared/platform/http/page-handler.ts';
import { page, type Handlers } from '#shared/platform/http/router.ts';
import { layout } from '#shared/platform/pages/layout.ts';
import { statsDownload } from './api.ts';

type Routes = Handlers<(typeof SCORE_ROUTES)[number], Deps>;

/** The quarter a page shows: `quarter=` or this quarter, in the organisation's zone. */
async function quarterOf({ caller, deps, query }: PageContext<Deps>) {
  const tz = (await deps.orgs.getOrg(caller.orgId))?.timezone ?? DEFAULT_TIMEZONE;
  const p = localParts(deps.clock(), tz);
  const quarter = query.quarter || `${p.year}-Q${Math.ceil(p.month / 3)}`;
  const s = await quarterStats(deps, caller, caller.orgId, { quarter });
  return { s, tz };
}

/** The pages: /scores (a month, last month by default), /stats (a quarter, this quarter by default) and /stats/csv. */
export const scorePages = {
  'GET /scores': page(async ({ caller, deps, query }) => {
    const tz = (await deps.orgs.getOrg(caller.orgId))?.timezone ?? DEFAULT_TIMEZONE;
    const month = query.month || previousMonth(deps.clock(), tz);
    const v = await readScores(deps, caller, caller.orgId, { month });
    const chart = scoreChart(await scoreHistory(deps, caller.orgId, month));
    return { html: layout('月度得分', scoresPage(v, chart), caller) };
  }),
  'GET /stats': page(async (ctx) => {
    const { s, tz } = await quarterOf(ctx);
    return { html: layout('季度采用统计', statsPage(s, tz), ctx.caller) };
  }),
  'GET /stats/csv': page(async (ctx) => ({ download: statsDownload((await quarterOf(ctx)).s) })),
} satisfies Partial<Routes>;
