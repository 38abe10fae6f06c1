import { StaleFinding } from '../accountability/errors.ts';
import { explanationDue, type Finding, type FindingEvent } from '../accountability/rules/finding.ts';
import type { MissedVerificationFindings } from '../followups/ports.ts';
import type { VerificationRequest } from '../followups/rules/verification.ts';
import { formatLocal } from '../platform/kernel/time.ts';
import type { Deps } from './ports.ts';

/**
 * What a 核报 unanswered at its deadline becomes (POLICY.md §3.5–3.6): a missed-report finding (漏报) proposed by the
 * system in the asking organisation against the organisation asked, composed here because follow-ups do not know
 * accountability (the context DAG). Its id follows the request's, so a retried check proposes it once; like a late
 * report's, it waits for the office to ask the unit to explain (or to dismiss it). Absent without the finding store.
 */
export function missedVerificationFindings(deps: Deps): MissedVerificationFindings | undefined {
  const store = deps.findings;
  if (!store) return undefined;
  return {
    async proposeMissed(r: VerificationRequest, now: Date): Promise<string> {
      const judge = await deps.orgs.getOrg(r.orgId);
      const findingId = `missed-${r.requestId}`;
      if (!judge) return findingId;
      const at = now.toISOString();
      const finding: Finding = {
        findingId,
        orgId: r.orgId,
        orgName: r.orgName,
        kind: 'missed',
        state: 'proposed',
        responsibleOrgId: r.targetOrgId,
        responsibleOrgName: r.targetOrgName,
        occurredAt: r.createdAt,
        learnedAt: r.createdAt,
        learnedHow: 'other',
        ...(r.heardFrom ? { learnedFrom: r.heardFrom } : {}),
        note: `核报《${r.subject}》于 ${formatLocal(r.dueAt, r.timezone)} 前未答复，按漏报处理。核报内容：${r.details}`,
        auto: true,
        proposedAt: at,
        proposedByName: '系统',
        explanationDueAt: explanationDue(judge, now),
        version: 0,
        updatedAt: at,
      };
      const event: FindingEvent = {
        eventId: deps.ids(),
        at,
        type: 'proposed',
        actorName: '系统',
        detail: `系统提议：核报《${r.subject}》逾期未答复（${r.targetOrgName}）`,
        toState: 'proposed',
      };
      try {
        await store.create(finding, [event]);
      } catch (err) {
        if (!(err instanceof StaleFinding)) throw err;
      }
      return findingId;
    },
  };
}
