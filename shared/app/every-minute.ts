import { advanceInstruction } from '../followups/instruction-flow.ts';
import { advanceEscalation } from '../reports/advance-escalation.ts';
import { MailInFlight } from '../reports/errors.ts';
import { checkZeroPeriods } from '../reports/zero-reports.ts';
import type { Deps } from './ports.ts';
import { advanceDueVerifications } from '../followups/verification.ts';
import { missedVerificationFindings } from './missed-verification.ts';
import { redriveOutbox } from '../platform/outbox/redrive.ts';

/**
 * The every-minute check, across two contexts: reads only what is due (sparse, sharded index; no Scan) and advances
 * each report (escalation steps, follow-ups owed and notices: reports) and each instruction (reminders: followups).
 * A failure on one is logged and left for the next minute; the others go on.
 */
export type CheckRun = {
  due: number;
  advanced: number;
  inFlight: number;
  failed: number;
  itemsRead: number;
  /** Special periods (零报告, issue 14): the cut-off chases and the office's notices due, when wired. */
  zero?: { due: number; advanced: number; failed: number; itemsRead: number };
  /** Outbox records whose nudge was lost, nudged again (issue 15), when wired. */
  outbox?: { due: number; nudged: number; itemsRead: number };
};

export async function checkOverdue(deps: Deps, now: Date = deps.clock(), concurrency = 8): Promise<CheckRun> {
  const { ids: reportIds, instructions, itemsRead } = await deps.reports.dueReportIds(now);
  const ids = [...new Set(reportIds)];
  const work: (() => Promise<{ saved: boolean }>)[] = [
    ...ids.map((id) => () => advanceEscalation(deps, id, now)),
    ...instructions.map((i) => () => advanceInstruction(deps, i.reportId, i.instructionId, now)),
  ];
  let advanced = 0;
  let failed = 0;
  let inFlight = 0;
  let next = 0;
  const worker = async () => {
    while (next < work.length) {
      const id = next;
      const step = work[next++]!;
      try {
        const r = await step();
        if (r.saved) advanced++;
      } catch (err) {
        // Another worker is sending this report's mail right now; it finishes the step.
        if (err instanceof MailInFlight) inFlight++;
        else {
          failed++;
          const item = ids[id] ?? instructions[id - ids.length];
          deps.log.error('advancing a due report or instruction failed', { item, error: String(err) });
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, work.length) }, worker));
  // A step of its own: special periods whose day's cut-off (or the office's notice an hour later) is due.
  const zero = deps.zeroReports ? await checkZeroPeriods(deps, now) : undefined;
  // 核报 (issue 17): requests with mails to send or an unanswered deadline, from their own sparse index.
  // (Not `...deps`: a spread reads every getter, and this function is not wired with every repository.)
  const verificationDeps = Object.assign(Object.create(deps) as Deps, {
    missedFindings: missedVerificationFindings(deps),
  });
  const v = await advanceDueVerifications(verificationDeps, now).catch((err) => {
    deps.log.error('advancing verification requests failed', { error: String(err) });
    return { due: 0, advanced: 0, failed: 1, itemsRead: 0 };
  });
  // The outbox: records still pending past their due time lost their nudge (or their retry's message): nudged again.
  const outbox = deps.outbox
    ? await redriveOutbox(deps.outbox, deps.log, now).catch((err) => {
        deps.log.error('re-driving the outbox failed', { error: String(err) });
        return { due: 0, nudged: 0, itemsRead: 0 };
      })
    : undefined;
  // Once (a marker says it ran): the 待办 and supervision rows of reports stored before those rows existed.
  await deps.reports
    .backfillTodos()
    .then((b) => b.ran && deps.log.info('backfilled the 待办 and supervision rows', { reports: b.reports }))
    .catch((err) => deps.log.error('backfilling the 待办 rows failed', { error: String(err) }));
  // Once, likewise: the sign-off lines (待办 签发) of important items adopted before that index existed.
  await Promise.resolve()
    .then(() => deps.items.backfillSignOffLines())
    .then((b) => b.ran && deps.log.info("backfilled the items' sign-off lines", { items: b.items, written: b.written }))
    .catch((err) => deps.log.error("backfilling the items' sign-off lines failed", { error: String(err) }));
  return {
    due: work.length + v.due,
    advanced: advanced + v.advanced,
    inFlight,
    failed: failed + v.failed,
    itemsRead: itemsRead + v.itemsRead,
    ...(zero ? { zero } : {}),
    ...(outbox ? { outbox } : {}),
  };
}
