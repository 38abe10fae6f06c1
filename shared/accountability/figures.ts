import type { ReportStore } from '../reports/index.ts';
import type { FindingStore } from './ports.ts';
import { reportingMonthOf, type ReportingMonth } from './rules/figures.ts';

/** What a month's reporting figures are read from: the organisation's report index and its findings register. */
export type ReportingSources = {
  reports: Pick<ReportStore, 'submittedBetween'>;
  findings?: Pick<FindingStore, 'listByOrg'>;
};

/**
 * A month's reporting figures of an organisation, [from, to] being the month's instants in its zone: the reports
 * submitted in it (one range of the organisation's report index) and the findings that happened in it (one range of
 * the register). Returns how many items were read too.
 */
export async function readReportingMonth(
  deps: ReportingSources,
  orgId: string,
  from: string,
  to: string,
): Promise<{ figures: ReportingMonth; itemsRead: number }> {
  const [reports, findings] = await Promise.all([
    deps.reports.submittedBetween(orgId, from, to, 100_000),
    deps.findings ? deps.findings.listByOrg(orgId, from, to, 100_000) : Promise.resolve([]),
  ]);
  return { figures: reportingMonthOf(reports, findings), itemsRead: reports.length + findings.length };
}
