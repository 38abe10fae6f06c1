import { followupAccess } from './rules/access.ts';
import type { StoredEvent } from '../platform/kernel/audit.ts';
import { retryStale, STALE } from '../platform/kernel/retry.ts';
import { earliest } from '../platform/kernel/time.ts';
import type { Caller } from '../platform/auth/caller.ts';
import type { FollowupsDeps } from './ports.ts';
import { eventClosed } from './errors.ts';
import { DEFAULT_FOLLOWUP_RULES } from '../org/index.ts';
import {
  dueAfterFollowup,
  followupLabel,
  reportBusy,
  reportNotFound,
  type FollowupRecord,
  type Notice,
  type ParentCopy,
  type Report,
} from '../reports/index.ts';
import type { FollowupInput } from './rules/input.ts';

const { authorize } = followupAccess;

/**
 * Files a follow-up or the final report on an event (POLICY.md §3.3, §3.5).
 * 1. The reporter, the department head or the office may file; nothing after the final report (422).
 * 2. Numbers it per event (续报一, 续报二, …, 终报) with an optimistic lock on the report, so two at once get two numbers.
 * 3. In one transaction: the follow-up, the report's next follow-up due time (none after 终报, which closes the event),
 *    a notice for the people the chain has reached, and the timeline event; on a forwarded report the parent
 *    organisation's copy gets the same follow-up and notice.
 * 4. Nudges the queue; the escalation worker mails the notice (the every-minute check covers a lost nudge).
 */
export async function fileFollowup(
  deps: FollowupsDeps,
  caller: Caller,
  reportId: string,
  input: FollowupInput,
): Promise<{ sequence: number; label: string; reportId: string }> {
  return retryStale(
    4,
    async () => {
      const now = deps.clock();
      const report = await deps.reports.get(reportId);
      const org = report && (await deps.orgs.getOrg(report.orgId));
      if (!report || !org) throw reportNotFound();
      authorize(caller, 'report.followup', { kind: 'report', report, officeDepartmentId: org.officeDepartmentId });
      if (report.closedAt) throw eventClosed();

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
        ...(input.aftermath ? { aftermath: input.aftermath } : {}),
        ...(input.nextSteps ? { nextSteps: input.nextSteps } : {}),
        filedById: caller.personId,
        filedByName: caller.name,
        filedAt: at,
      };
      const notice: Notice = {
        key: `followup#${sequence}`,
        sequence,
        label,
        kind: input.kind,
        summary: input.summary,
        ...(input.aftermath ? { aftermath: input.aftermath } : {}),
        ...(input.nextSteps ? { nextSteps: input.nextSteps } : {}),
        filedByName: caller.name,
        filedAt: at,
      };
      const schedule = {
        rules: report.followupRules ?? DEFAULT_FOLLOWUP_RULES,
        severity: report.severity,
        timeZone: report.timezone,
      };
      const followupDueAt =
        input.kind === 'final'
          ? null
          : report.followupDueAt
            ? dueAfterFollowup(now, new Date(report.followupDueAt), schedule).toISOString()
            : null;
      const event: StoredEvent = {
        eventId: deps.ids(),
        at,
        type: input.kind === 'final' ? 'final' : 'followup',
        actorId: caller.personId,
        actorName: caller.name,
        sourceIp: caller.sourceIp,
        detail: `${caller.name} 报送${label}`,
      };

      const parent = report.forwardedReportId ? await deps.reports.get(report.forwardedReportId) : undefined;
      const change = {
        nextDueAt: earliest(at, report.nextDueAt),
        followupCount: sequence,
        pendingNotices: [...(report.pendingNotices ?? []), notice],
        followupDueAt,
        ...(input.kind === 'final' ? { closedAt: at } : {}),
      };
      // The parent's copy changing at the same moment fails the write too: then both are read again.
      const copy = parent && !parent.closedAt ? parentCopy(deps, parent, record, notice, now) : undefined;
      const events = [event];
      // A copy that cannot be updated keeps this report intact, and its timeline says so.
      if (report.forwardedReportId && !copy)
        events.push({
          eventId: deps.ids(),
          at,
          type: 'carryUpFailed',
          detail: parent
            ? `${label}未报送上级单位：上级单位的报告副本已办结（终报），本单位的${label}已保存。`
            : `${label}未能报送上级单位：找不到上级单位的报告副本，本单位的${label}已保存，请电话报告上级办公室。`,
        });
      if (!(await deps.reports.fileFollowup(report, change, events, record, copy))) return STALE;
      for (const id of [reportId, parent?.reportId])
        if (id)
          await deps.queue
            .nudge({ reportId: id })
            .catch((err) => deps.log.warn('follow-up nudge failed; the check covers it', { error: String(err) }));
      return { sequence, label, reportId };
    },
    () => {
      throw reportBusy();
    },
  );
}

/** The parent organisation's copy of a forwarded report gets the follow-up too, under the same lock discipline. */
function parentCopy(
  deps: FollowupsDeps,
  parent: Report,
  record: FollowupRecord,
  notice: Notice,
  now: Date,
): ParentCopy {
  const sequence = (parent.followupCount ?? 0) + 1;
  const at = now.toISOString();
  return {
    parent,
    record: { ...record, sequence, fromReportId: parent.forwardedFrom?.reportId, carriedUp: true },
    event: {
      eventId: deps.ids(),
      at,
      type: record.kind === 'final' ? 'final' : 'followup',
      actorId: record.filedById,
      actorName: record.filedByName,
      detail: `下级单位报来${record.label}`,
    },
    notice: { ...notice, key: `followup#${sequence}`, sequence },
    closedAt: record.kind === 'final' ? at : undefined,
    now,
  };
}
