import type { Deps } from '#shared/app/ports.ts';
import type { SCORE_ROUTES } from '#shared/app/routes.ts';
import { quarterStats, readScores } from '#shared/scores/score-views.ts';
import { scoresCsv, statsCsv } from '#shared/scores/score-mail.ts';
import { CSV_TYPE } from '#shared/platform/http/download.ts';
import { api, type Handlers } from '#shared/platform/http/router.ts';

type Routes = Handlers<(typeof SCORE_ROUTES)[number], Deps>;

/** A quarter's statistics as a CSV file named by the quarter. */
export const statsDownload = (s: Awaited<ReturnType<typeof quarterStats>>) => ({
  filename: `stats-${s.quarter}.csv`,
  contentType: CSV_TYPE,
  content: statsCsv(s),
});

/** Monthly scores and quarterly statistics (POLICY §5); `format=csv` for a spreadsheet. */
export const scoreApi = {
  /** `month=YYYY-MM`. */
  'GET /api/orgs/{orgId}/scores': api(async ({ caller, deps, params, query }) => {
    const v = await readScores(deps, caller, params.orgId ?? '', query);
    if (query.format !== 'csv') return { body: v };
    const content = scoresCsv(v.departments, v.people);
    return { download: { filename: `scores-${v.month}.csv`, contentType: CSV_TYPE, content } };
  }),
  /** `quarter=YYYY-Qn`. */
  'GET /api/orgs/{orgId}/stats': api(async ({ caller, deps, params, query }) => {
    const s = await quarterStats(deps, caller, params.orgId ?? '', query);
    return query.format === 'csv' ? { download: statsDownload(s) } : { body: s };
  }),
} satisfies Partial<Routes>;
