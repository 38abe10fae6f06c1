import { writtenOwners } from './access.ts';
import type { Report } from './model.ts';

/** What a report waits for from one person: the rows of their 待办 the report keeps in step with itself. */
export type ReportTodo = {
  personId: string;
  /** `supervise`: the organisation's own row (`supervisionHolder`), not a person's. */
  kind: 'acknowledge' | 'signOff' | 'followupDue' | 'writtenDue' | 'supervise';
  reportId: string;
  orgId: string;
  title: string;
  deadline?: string;
  detail: string;
};

/**
 * Who holds an organisation's supervision rows (督办, issue 17): a holder of rows like a person, so that the office's
 * overview reads the organisation's open reports from one partition, as a person's 待办 reads theirs.
 */
export const supervisionHolder = (orgId: string) => `ORG#${orgId}#OPEN`;

/** Whether the office still supervises a report: not closed by a final report, unacknowledged, or unsigned. */
export const isSupervised = (r: Report) =>
  !r.closedAt || r.status === 'escalating' || (!r.signOff && !r.forwardedFrom && !!r.signOffDueAt);

/**
 * What a report in this state waits for, and from whom (POLICY.md §3.4–3.5); pure, so the repository writes the
 * difference between before and after in the same transaction as the change itself, and the inbox reads exactly
 * the person's rows:
 * - `acknowledge`: each level notified (or timed out, still able to) while the report is escalating;
 * - `signOff`: the signers (`signerIds`) while an original report is not signed off;
 * - `followupDue`: the reporter and the department head while a follow-up is due and the event is open;
 * - `writtenDue`: a phoned-in report's written version owed, for whoever owes it (`writtenOwners`: the caller when a
 *   person of the organisation, the reporter, the recorder) until it comes in, with its deadline `writtenDueAt`;
 * - `supervise`: the organisation's row (`supervisionHolder`) while the office supervises it (`isSupervised`).
 */
export function todosOf(report: Report): ReportTodo[] {
  const base = { reportId: report.reportId, orgId: report.orgId, title: report.title };
  const out: ReportTodo[] = [];
  if (report.status === 'escalating')
    for (const l of report.chain)
      if (l.personId && (l.state === 'notified' || l.state === 'timedOut'))
        out.push({
          ...base,
          personId: l.personId,
          kind: 'acknowledge',
          deadline: l.ackDeadline,
          detail: l.state === 'timedOut' ? '已超时，仍可确认' : '待确认接报',
        });
  if (!report.signOff && !report.forwardedFrom)
    for (const personId of new Set(report.signerIds ?? []))
      out.push({
        ...base,
        personId,
        kind: 'signOff',
        deadline: report.signOffDueAt,
        detail: '待签发（是否上报上级单位）',
      });
  if (!report.closedAt && report.followupDueAt)
    for (const personId of new Set([report.reporterId, report.departmentHeadId].filter((x): x is string => !!x)))
      out.push({
        ...base,
        personId,
        kind: 'followupDue',
        deadline: report.followupDueAt,
        detail: report.missedFollowups?.length ? `续报已逾期 ${report.missedFollowups.length} 次` : '待续报',
      });
  if (report.phonedIn && !report.written)
    for (const personId of writtenOwners(report))
      out.push({
        ...base,
        personId,
        kind: 'writtenDue',
        deadline: report.writtenDueAt,
        detail: report.writtenRemindedAt ? '电话报告的书面报告已逾期，请立即补报' : '电话报告待补报书面报告',
      });
  if (isSupervised(report))
    out.push({ ...base, personId: supervisionHolder(report.orgId), kind: 'supervise', detail: '督办' });
  return out;
}

const keyOf = (t: Pick<ReportTodo, 'personId' | 'kind'>) => `${t.personId}#${t.kind}`;

/** The rows to write and to remove when a report goes from `before` (absent: new) to `after`. */
export function todoDiff(
  before: Report | undefined,
  after: Report,
): { put: ReportTodo[]; remove: Pick<ReportTodo, 'personId' | 'kind' | 'reportId'>[] } {
  const was = new Map((before ? todosOf(before) : []).map((t) => [keyOf(t), t]));
  const now = new Map(todosOf(after).map((t) => [keyOf(t), t]));
  const put = [...now.entries()].filter(([k, t]) => JSON.stringify(was.get(k)) !== JSON.stringify(t)).map(([, t]) => t);
  const remove = [...was.entries()].filter(([k]) => !now.has(k)).map(([, t]) => t);
  return { put, remove };
}
