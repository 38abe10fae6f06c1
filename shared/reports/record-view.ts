import type { Caller } from '../platform/auth/caller.ts';
import type { ReportsDeps } from './ports.ts';
import type { Report } from './rules/model.ts';

/**
 * POLICY.md §6: every read by someone outside the report's own line (not its reporter, not in its chain: the
 * office, for instance) is kept in the report's timeline, with who, when and from where.
 */
export async function recordViewIfOutsider(deps: ReportsDeps, report: Report, caller: Caller): Promise<void> {
  if (report.reporterId === caller.personId || report.chain.some((l) => l.personId === caller.personId)) return;
  await deps.reports
    .appendEvent(report.reportId, {
      eventId: deps.ids(),
      at: deps.clock().toISOString(),
      type: 'viewed',
      actorId: caller.personId,
      actorName: caller.name,
      sourceIp: caller.sourceIp,
      detail: `${caller.name} 查阅了报告`,
    })
    .catch((err) => deps.log.warn('recording a view failed', { reportId: report.reportId, error: String(err) }));
}
