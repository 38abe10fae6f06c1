import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { previousMonth } from '#shared/platform/kernel/time.ts';
import { quarterStats, readScores, scoreHistory } from '#shared/scores/score-views.ts';
import { scoresCsv, statsCsv } from '#shared/scores/score-mail.ts';
import { localParts } from '#shared/platform/kernel/time.ts';
import { NotFoundError } from '#shared/platform/kernel/errors.ts';
import { apiHandler } from '#shared/platform/http/api-handler.ts';
import { pageHandler } from '#shared/platform/http/page-handler.ts';
import { layout } from '#shared/platform/pages/layout.ts';
import { scoreChart, scoresPage, statsPage } from '#shared/scores/score-pages.ts';

import { CSV_TYPE } from '#shared/platform/http/download.ts';

/** GET /api/orgs/{orgId}/scores?month= and GET /api/orgs/{orgId}/stats?quarter= (`format=csv` for a spreadsheet). */
const api = apiHandler({}, async ({ event, caller, deps, params, query }) => {
  const orgId = params.orgId ?? '';
  if (event.routeKey === 'GET /api/orgs/{orgId}/scores') {
    const v = await readScores(deps, caller, orgId, query);
    if (query.format !== 'csv') return { body: v };
    return { download: { filename: `scores-${v.month}.csv`, contentType: CSV_TYPE, content: scoresCsv(v.departments, v.people) } };
  }
  if (event.routeKey === 'GET /api/orgs/{orgId}/stats') {
    const s = await quarterStats(deps, caller, orgId, query);
    if (query.format !== 'csv') return { body: s };
    return { download: { filename: `stats-${s.quarter}.csv`, contentType: CSV_TYPE, content: statsCsv(s) } };
  }
  throw new NotFoundError('接口');
});

/** The pages: /scores (a month, last month by default), /stats (a quarter, this quarter by default) and /stats/csv. */
const pages = pageHandler({ auth: true }, async (ctx) => {
  const caller = ctx.caller!;
  const org = await ctx.deps.orgs.getOrg(caller.orgId);
  const tz = org?.timezone ?? 'Asia/Shanghai';
  const now = ctx.deps.clock();
  if (ctx.event.routeKey === 'GET /scores') {
    const month = ctx.query.month || previousMonth(now, tz);
    const v = await readScores(ctx.deps, caller, caller.orgId, { month });
    return { html: layout('月度得分', scoresPage(v, scoreChart(await scoreHistory(ctx.deps, caller.orgId, month))), caller) };
  }
  const p = localParts(now, tz);
  const quarter = ctx.query.quarter || `${p.year}-Q${Math.ceil(p.month / 3)}`;
  const s = await quarterStats(ctx.deps, caller, caller.orgId, { quarter });
  if (ctx.event.routeKey === 'GET /stats/csv') return { download: { filename: `stats-${s.quarter}.csv`, contentType: CSV_TYPE, content: statsCsv(s) } };
  return { html: layout('季度采用统计', statsPage(s, tz), caller) };
});

/** Scores and statistics, API and pages, as one Lambda function (the stack stays under CloudFormation's 500 resources). */
export async function handler(event: APIGatewayProxyEventV2, context: Context): Promise<unknown> {
  return event.rawPath?.startsWith('/api/') || event.routeKey.includes(' /api/') ? api(event as never, context) : pages(event, context);
}
