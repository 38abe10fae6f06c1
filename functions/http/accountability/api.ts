import type { Deps } from '#shared/app/ports.ts';
import type { ACCOUNTABILITY_ROUTES } from '#shared/app/routes.ts';
import type { RouteHandlers } from '../handlers.ts';
import { getCircular, listCirculars, publishCircular } from '#shared/accountability/circular.ts';
import * as findings from '#shared/accountability/findings.ts';
import { timeliness } from '#shared/accountability/timeliness.ts';
import { timelinessCsv } from '#shared/accountability/rules/timeliness.ts';
import { timelinessSheets } from '#shared/accountability/timeliness-sheet.ts';
import { DEFAULT_TIMEZONE } from '#shared/org/rules/model.ts';
import { CSV_TYPE, type Download, formatOf, XLSX_TYPE } from '#shared/platform/http/download.ts';
import { xlsxOf } from '#shared/platform/xlsx/workbook.ts';
import { createdResult, idempotencyKeyOf } from '#shared/platform/http/idempotency-key.ts';
import { api } from '#shared/platform/http/router.ts';

type Routes = RouteHandlers<typeof ACCOUNTABILITY_ROUTES>;

/** Accountability (POLICY §3.6): findings and their steps, circulars, timeliness statistics. */
export const accountabilityApi = {
  /**
   * The office records a late, missed, false or concealed report (proposed); the responsible unit is mailed;
   * `Idempotency-Key` supported.
   */
  'POST /api/orgs/{orgId}/findings': api(async ({ body, caller, deps, params, header }) => {
    const key = idempotencyKeyOf(header);
    return createdResult(await findings.createFinding(deps, caller, params.orgId ?? '', body, { idempotencyKey: key }));
  }),
  /** The register (`from`, `to`, `kind`, `state`, `responsibleOrgId`, `departmentId`). */
  'GET /api/orgs/{orgId}/findings': api(async ({ caller, deps, params, query }) => ({
    body: { items: await findings.listFindings(deps, caller, params.orgId ?? '', query), nextCursor: null },
  })),
  'GET /api/findings/{findingId}': api(async ({ caller, deps, params }) => ({
    body: await findings.getFinding(deps, caller, params.findingId ?? ''),
  })),
  /** The responsible unit's explanation (说明). */
  'POST /api/findings/{findingId}/explanation': api(async ({ body, caller, deps, params }) => ({
    body: await findings.explainFinding(deps, caller, params.findingId ?? '', body),
  })),
  /** The judging office confirms or dismisses. */
  'POST /api/findings/{findingId}/decision': api(async ({ body, caller, deps, params }) => ({
    body: await findings.decideFinding(deps, caller, params.findingId ?? '', body),
  })),
  /** The office puts a proposal of the system to the unit (mailed). */
  'POST /api/findings/{findingId}/request-explanation': api(async ({ caller, deps, params }) => ({
    body: await findings.requestExplanation(deps, caller, params.findingId ?? ''),
  })),
  /** A missed event's later report. */
  'POST /api/findings/{findingId}/link': api(async ({ body, caller, deps, params }) => ({
    body: await findings.linkFinding(deps, caller, params.findingId ?? '', body),
  })),
  /** The office publishes the next circular (通报第N号), mailed to the distribution list; `Idempotency-Key` too. */
  'POST /api/orgs/{orgId}/circulars': api(async ({ body, caller, deps, params, header }) => {
    const key = idempotencyKeyOf(header);
    return createdResult(await publishCircular(deps, caller, params.orgId ?? '', body, { idempotencyKey: key }));
  }),
  /** The archive, newest first. */
  'GET /api/orgs/{orgId}/circulars': api(async ({ caller, deps, params }) => ({
    body: { items: await listCirculars(deps, caller, params.orgId ?? ''), nextCursor: null },
  })),
  'GET /api/orgs/{orgId}/circulars/{circularId}': api(async ({ caller, deps, params }) => ({
    body: await getCircular(deps, caller, params.orgId ?? '', params.circularId ?? ''),
  })),
  /** A period's statistics; `format=csv` or `format=xlsx` for a spreadsheet (another format: 406). */
  'GET /api/orgs/{orgId}/timeliness': api(async ({ caller, deps, params, query }) => {
    const format = formatOf(query.format, TIMELINESS_FORMATS);
    const stats = await timeliness(deps, caller, params.orgId ?? '', query);
    if (format === 'json') return { body: stats };
    return { download: await timelinessDownload(deps, params.orgId ?? '', stats, format) };
  }),
} satisfies Partial<Routes>;

export const TIMELINESS_FORMATS = ['json', 'csv', 'xlsx'] as const;

/** The timeliness statistics as a CSV or Excel file named by its period (dates in the organisation's zone). */
export async function timelinessDownload(
  deps: Deps,
  orgId: string,
  stats: Awaited<ReturnType<typeof timeliness>>,
  format: 'csv' | 'xlsx',
): Promise<Download> {
  const name = `timeliness-${stats.from.slice(0, 10)}-${stats.to.slice(0, 10)}`;
  if (format === 'csv') return { filename: `${name}.csv`, contentType: CSV_TYPE, content: timelinessCsv(stats) };
  const org = await deps.orgs.getOrg(orgId);
  const content = await xlsxOf(timelinessSheets(stats, org?.timezone ?? DEFAULT_TIMEZONE, org?.name));
  return { filename: `${name}.xlsx`, contentType: XLSX_TYPE, content };
}
