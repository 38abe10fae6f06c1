/**
 * Accountability (POLICY.md §3.6: findings, circulars, timeliness): what other contexts may use of it. Only pure
 * rules, the records and the ports (types): nothing here reaches a repository, AWS, mail or a page.
 */
export { FINDING_KIND_LABELS, FINDING_KINDS, type Finding, type FindingKind } from './rules/finding.ts';
export type { ConfirmedFinding, FindingReader } from './ports.ts';
export { medianAndP90, reportingMonthOf, type ReportingMonth } from './rules/figures.ts';
export { readReportingMonth, type ReportingSources } from './figures.ts';
