import type { Caller } from '../platform/auth/caller.ts';
import { CSV_TYPE, type Download, XLSX_TYPE } from '../platform/http/download.ts';
import { NotFoundError } from '../platform/kernel/errors.ts';
import { xlsxOf } from '../platform/xlsx/workbook.ts';
import type { ReportsDeps } from './ports.ts';
import { listAllReports, reportListCsv, reportListFilename, reportListSheets } from './report-list.ts';

/** The formats of the report list (`format=`): another one is 406 naming these. */
export const REPORT_LIST_FORMATS = ['json', 'csv', 'xlsx'] as const;

/** Everything the filters find (every page, at most 5,000 rows) as a CSV or Excel file named by its range. */
export async function reportListDownload(
  deps: Pick<ReportsDeps, 'orgs' | 'reports' | 'clock'>,
  caller: Caller,
  query: Record<string, string | undefined>,
  format: 'csv' | 'xlsx',
): Promise<Download> {
  const list = await listAllReports(deps, caller, query);
  if (format === 'csv')
    return { filename: reportListFilename(list, 'csv'), contentType: CSV_TYPE, content: reportListCsv(list) };
  const org = await deps.orgs.getOrg(caller.orgId);
  if (!org) throw new NotFoundError('单位');
  const content = await xlsxOf(reportListSheets(list, org), { created: deps.clock() });
  return { filename: reportListFilename(list, 'xlsx'), contentType: XLSX_TYPE, content };
}
