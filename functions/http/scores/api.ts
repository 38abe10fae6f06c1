import type { Deps } from '#shared/app/ports.ts';
import type { SCORE_ROUTES } from '#shared/app/routes.ts';
import type { RouteHandlers } from '../handlers.ts';
import { quarterStats, readScores, type ScoresView } from '#shared/scores/score-views.ts';
import { scoresCsv, statsCsv } from '#shared/scores/score-mail.ts';
import {
  dashboardCsv,
  dashboardSheets,
  lowerOrgsCsv,
  lowerOrgsSheets,
  scoreSheets,
  statsSheets,
} from '#shared/scores/score-sheets.ts';
import { readDashboard, readLowerOrgs, type LowerOrgsView } from '#shared/scores/dashboard.ts';
import type { Dashboard } from '#shared/scores/rules/dashboard.ts';
import { CSV_TYPE, type Download, formatOf, XLSX_TYPE } from '#shared/platform/http/download.ts';
import { api } from '#shared/platform/http/router.ts';
import { xlsxOf } from '#shared/platform/xlsx/workbook.ts';

type Routes = RouteHandlers<typeof SCORE_ROUTES>;

/** What the tables of this function come as. */
export const TABLE_FORMATS = ['json', 'csv', 'xlsx'] as const;
export const FILE_FORMATS = ['csv', 'xlsx'] as const;

/** A quarter's statistics as a CSV or Excel file named by the quarter. */
export async function statsDownload(
  s: Awaited<ReturnType<typeof quarterStats>>,
  format: 'csv' | 'xlsx',
  orgName?: string,
): Promise<Download> {
  if (format === 'csv') return { filename: `stats-${s.quarter}.csv`, contentType: CSV_TYPE, content: statsCsv(s) };
  const content = await xlsxOf(statsSheets(s, orgName));
  return { filename: `stats-${s.quarter}.xlsx`, contentType: XLSX_TYPE, content };
}

/** A month's scores as a CSV or Excel file named by the month (the rows the caller may see). */
export async function scoresDownload(v: ScoresView, format: 'csv' | 'xlsx', orgName?: string): Promise<Download> {
  if (format === 'csv') {
    return { filename: `scores-${v.month}.csv`, contentType: CSV_TYPE, content: scoresCsv(v.departments, v.people) };
  }
  const content = await xlsxOf(scoreSheets({ orgName, month: v.month }, v.departments, v.people));
  return { filename: `scores-${v.month}.xlsx`, contentType: XLSX_TYPE, content };
}

/** The dashboard as a CSV (by month) or Excel file named by its period. */
export async function dashboardDownload(d: Dashboard, format: 'csv' | 'xlsx', orgName?: string): Promise<Download> {
  const name = `dashboard-${d.from}-${d.to}`;
  if (format === 'csv') return { filename: `${name}.csv`, contentType: CSV_TYPE, content: dashboardCsv(d) };
  return { filename: `${name}.xlsx`, contentType: XLSX_TYPE, content: await xlsxOf(dashboardSheets(d, orgName)) };
}

/** The lower organisations' table as a CSV or Excel file named by its period. */
export async function lowerOrgsDownload(v: LowerOrgsView, format: 'csv' | 'xlsx', orgName?: string): Promise<Download> {
  const name = `lower-orgs-${v.from}-${v.to}`;
  if (format === 'csv') return { filename: `${name}.csv`, contentType: CSV_TYPE, content: lowerOrgsCsv(v) };
  return { filename: `${name}.xlsx`, contentType: XLSX_TYPE, content: await xlsxOf(lowerOrgsSheets(v, orgName)) };
}

const orgNameOf = async (deps: Deps, orgId: string) => (await deps.orgs.getOrg(orgId))?.name;

/** Monthly scores and quarterly statistics (POLICY §5); `format=csv` or `format=xlsx` for a spreadsheet. */
export const scoreApi = {
  /** `month=YYYY-MM`. */
  'GET /api/orgs/{orgId}/scores': api(async ({ caller, deps, params, query }) => {
    const format = formatOf(query.format, TABLE_FORMATS);
    const v = await readScores(deps, caller, params.orgId ?? '', query);
    if (format === 'json') return { body: v };
    return { download: await scoresDownload(v, format, await orgNameOf(deps, v.orgId)) };
  }),
  /** `quarter=YYYY-Qn`. */
  'GET /api/orgs/{orgId}/stats': api(async ({ caller, deps, params, query }) => {
    const format = formatOf(query.format, TABLE_FORMATS);
    const s = await quarterStats(deps, caller, params.orgId ?? '', query);
    if (format === 'json') return { body: s };
    return { download: await statsDownload(s, format, await orgNameOf(deps, s.orgId)) };
  }),
  /** `from=YYYY-MM&to=YYYY-MM`: the office and leaders. */
  'GET /api/orgs/{orgId}/dashboard': api(async ({ caller, deps, params, query }) => {
    const format = formatOf(query.format, TABLE_FORMATS);
    const d = await readDashboard(deps, caller, params.orgId ?? '', query);
    if (format === 'json') return { body: d };
    return { download: await dashboardDownload(d, format, await orgNameOf(deps, d.orgId)) };
  }),
  /** `from=YYYY-MM&to=YYYY-MM`: the office and leaders of the parent. */
  'GET /api/orgs/{orgId}/lower-orgs': api(async ({ caller, deps, params, query }) => {
    const format = formatOf(query.format, TABLE_FORMATS);
    const v = await readLowerOrgs(deps, caller, params.orgId ?? '', query);
    if (format === 'json') return { body: v };
    return { download: await lowerOrgsDownload(v, format, await orgNameOf(deps, v.orgId)) };
  }),
} satisfies Partial<Routes>;
