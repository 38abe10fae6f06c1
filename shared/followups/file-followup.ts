import * as z from 'zod';
import { followupAccess } from './rules/access.ts';
import type { FollowupRecord, StoredEvent, TransactItem } from '../reports/report-repo.ts';
import { ConflictError, NotFoundError, RuleViolationError } from '../platform/kernel/errors.ts';
import type { Caller } from '../platform/auth/caller.ts';
import type { Deps } from '../app/ports.ts';
import { dueAfterFollowup, followupLabel } from './rules/schedule.ts';
import type { Notice, Report } from '../reports/rules/model.ts';
import { DEFAULT_FOLLOWUP_RULES } from '../org/rules/config.ts';
import { earliest } from '../reports/rules/plan.ts';
import { casualtiesSchema, optionalText, text } from '../platform/kernel/fields.ts';

const { authorize } = followupAccess;

/** A follow-up (续报) or the final report (终报): only what changed since the last one. */
export const followupSchema = z
  .object({
    kind: z.enum(['followup', 'final'], { error: (iss) => (iss.input === undefined ? '请选择续报或终报' : 'kind 必须是 followup 或 final') }),
    summary: text(5000, '新进展'),
    measures: optionalText(3000, '新采取的措施'),
    currentState: optionalText(2000, '目前状态'),
    casualties: casualtiesSchema.optional(),
  })
  .strict();
export type FollowupInput = z.infer<typeof followupSchema>;

/**
 * Files a follow-up or the final report on an event (POLICY.md §3.3, §3.5).
 * 1. The reporter, the department head or the office may file; nothing after the final report (422).
 * 2. Numbers it per event (续报一, 续报二, …, 终报) with an optimistic lock on the report, so two at once get two numbers.
 * 3. In one transaction: the follow-up, the report's next follow-up due time (none after 终报, which closes the event),
 *    a notice for the people the chain has reached, and the timeline event; on a forwarded report the parent
 *    organisation's copy gets the same follow-up and notice.
 * 4. Nudges the queue; the escalation worker mails the notice (the every-minute check covers a lost nudge).
 */
export async function fileFollowup(deps: Deps, caller: Caller, reportId: string, input: FollowupInput): Promise<{ sequence: number; label: string; reportId: string }> {
  for (let attempt = 0; attempt < 4; attempt++) {
    const now = deps.clock();
    const report = await deps.reports.get(reportId);
    const org = report && (await deps.orgs.getOrg(report.orgId));
    if (!report || !org) throw new NotFoundError('报告', 'REPORT_NOT_FOUND');
    authorize(caller, 'report.followup', { kind: 'report', report, officeDepartmentId: org.officeDepartmentId });
    if (report.closedAt) throw new RuleViolationError('EVENT_CLOSED', '这起事件已报送终报，不能再续报。');

    const sequence = (report.followupCount ?? 0) + 1;
    const label = followupLabel(input.kind, sequence);
    const at = now.toISOString();
    const record: FollowupRecord = {
      sequence,
      label,
      kind: input.kind,
      summary: input.summary,
      measures: input.measures,
      currentState: input.currentState,
      casualties: input.casualties,
      filedById: caller.personId,
      filedByName: caller.name,
      filedAt: at,
    };
    const notice: Notice = { key: `followup#${sequence}`, sequence, label, kind: input.kind, summary: input.summary, filedByName: caller.name, filedAt: at };
    const schedule = { rules: report.followupRules ?? DEFAULT_FOLLOWUP_RULES, severity: report.severity, timeZone: report.timezone };
    const followupDueAt = input.kind === 'final' ? null : report.followupDueAt ? dueAfterFollowup(now, new Date(report.followupDueAt), schedule).toISOString() : null;
    const event: StoredEvent = { eventId: deps.ids(), at, type: input.kind === 'final' ? 'final' : 'followup', actorId: caller.personId, actorName: caller.name, sourceIp: caller.sourceIp, detail: `${caller.name} 报送${label}` };

    const extra: TransactItem[] = [deps.reports.followupItem(reportId, record)];
    const parent = report.forwardedReportId ? await deps.reports.get(report.forwardedReportId) : undefined;
    if (parent && !parent.closedAt) extra.push(...mirrorOnParent(deps, parent, record, notice, now));

    const saved = await deps.reports.saveEscalation(
      report,
      report.version,
      {
        nextDueAt: earliest(at, report.nextDueAt),
        followupCount: sequence,
        pendingNotices: [...(report.pendingNotices ?? []), notice],
        followupDueAt,
        ...(input.kind === 'final' ? { closedAt: at } : {}),
      },
      [event],
      extra,
    ).catch((err) => {
      // The parent's copy changed at the same moment: read both again.
      if ((err as Error).name === 'TransactionCanceledException') return false;
      throw err;
    });
    if (!saved) continue;
    for (const id of [reportId, parent?.reportId]) if (id) await deps.queue.nudge({ reportId: id }).catch((err) => deps.log.warn('follow-up nudge failed; the check covers it', { error: String(err) }));
    return { sequence, label, reportId };
  }
  throw new ConflictError('BUSY', '报告正在被同时修改，请稍后重试。');
}

/** The parent organisation's copy of a forwarded report gets the follow-up too, under the same lock discipline. */
function mirrorOnParent(deps: Deps, parent: Report, record: FollowupRecord, notice: Notice, now: Date) {
  const sequence = (parent.followupCount ?? 0) + 1;
  const at = now.toISOString();
  const mirrored: FollowupRecord = { ...record, sequence, fromReportId: parent.forwardedFrom?.reportId };
  const parentNotice: Notice = { ...notice, key: `followup#${sequence}`, sequence };
  return [
    deps.reports.followupItem(parent.reportId, mirrored),
    deps.reports.eventItem(parent.reportId, { eventId: deps.ids(), at, type: record.kind === 'final' ? 'final' : 'followup', actorId: record.filedById, actorName: record.filedByName, detail: `下级单位报来${record.label}` }),
    deps.reports.noticeUpdateItem(parent, parentNotice, sequence, record.kind === 'final' ? at : undefined, now),
  ];
}
