import type { ScoreStore, ScoresDeps } from './ports.ts';
import type { Mail } from '../platform/mail/mailer.ts';
import { renderQuarterMail, renderScoreMail } from './score-mail.ts';
import { scoreSheets, statsSheets } from './score-sheets.ts';
import { reportingMonthOf } from '../accountability/index.ts';
import {
  lowerOrgScore,
  lowerScoringOf,
  rankLowerScores,
  reportQualityOf,
  type LowerOrgScore,
} from './rules/lower-orgs.ts';
import type { MonthFigures } from './rules/dashboard.ts';
import { xlsxOf } from '../platform/xlsx/workbook.ts';
import { sendOnce } from '../platform/mail/send-once.ts';
import { monthsOfQuarter, quarterOf, rankQuarter, type QuarterStats } from './rules/quarter.ts';
import { isLeaderOf, isOfficeDepartment, officeCalendarNotice, zoneOf, type Org, type Person } from '../org/index.ts';
import type { ExternalLevel } from '../work-info/index.ts';
import { monthFacts, scoreMonth, scoringConfigOf, type MonthScores, type TopUp } from './rules/scoring.ts';
import { localParts, monthOf, monthRange, nextMonth, previousMonth } from '../platform/kernel/time.ts';

const LEVEL_RANK: Record<string, number> = { municipal: 1, provincial: 2, central: 3 };

export function scoresOf(deps: ScoresDeps): ScoreStore {
  if (!deps.scores) throw new Error('deps.scores is not wired');
  return deps.scores;
}

export type OrgMonthOutcome = {
  orgId: string;
  month: string;
  itemsRead: number;
  departments: number;
  /** Lower organisations scored for the upper office (issue 16). */
  lowerOrgs: number;
} & MailTally;

/**
 * Computes, stores and mails one organisation's month.
 * 1. Reads the configuration in effect that month, departments and people, the month's ledger lines (only the
 *    partitions of that month, by key), the titles of the items adopted in it, and the month's confirmed findings.
 * 2. Adds top-ups for higher external adoptions recorded this month on items paid in an earlier month.
 * 3. Scores it (`scoreMonth`) and stores every row (recomputing writes the same rows).
 * 4. Mails each department head and information officer their own lines, and each leader the ranked table with a CSV,
 *    each person once per month (`sendOnce`: a leased claim, marked sent after SES accepted it; a failed send gives
 *    the claim back and a crashed one lets it run out, so the retry sends what did not go).
 */
export async function scoreOrgMonth(
  deps: ScoresDeps,
  orgId: string,
  month: string,
  now: Date,
  opts: { mail?: boolean } = {},
): Promise<OrgMonthOutcome> {
  const repo = scoresOf(deps);
  const { org, people, result, itemsRead } = await computeOrgMonth(deps, orgId, month);
  await repo.saveMonth(orgId, result, now.toISOString(), itemsRead);
  await saveMonthFigures(deps, repo, org, month, now, result);
  const lower = await scoreLowerOrgs(deps, repo, org, month, now);
  const outcome: OrgMonthOutcome = {
    orgId,
    month,
    itemsRead: itemsRead + lower.itemsRead,
    departments: result.departments.length,
    lowerOrgs: lower.scores.length,
    mailed: 0,
    alreadyMailed: 0,
    rejected: 0,
    failed: 0,
  };
  if (opts.mail === false) return outcome;
  await mailMonth(deps, repo, org, people, result, lower.scores, now, outcome);
  if (!outcome.failed) await repo.markMailed(orgId, month, now.toISOString());
  return outcome;
}

/**
 * The month's dashboard figures, stored beside its scores (issue 16): the dashboard then reads one item per month.
 * A failure is logged and does not hold up the mails: the dashboard computes a month without figures when asked.
 */
async function saveMonthFigures(
  deps: ScoresDeps,
  repo: ScoreStore,
  org: Org,
  month: string,
  now: Date,
  result: MonthScores,
): Promise<void> {
  if (!deps.reports) return;
  try {
    const { figures } = await computeMonthFigures(deps, org, month, now.toISOString(), result);
    await repo.saveFigures(figures);
  } catch (err) {
    deps.log.error('month figures failed', { orgId: org.orgId, month, error: (err as Error).message });
  }
}

/**
 * The upper office's monthly reporting score of each lower organisation (issue 16, POLICY.md §3.6), stored in the
 * parent's partition and mailed with its monthly scores.
 * 1. Lists the lower organisations (none: nothing to do), leaving out those created after the month ended.
 * 2. For each: its stored figures of the month (one Query), or computes and stores them when its own worker has not
 *    run yet; and the confirmed findings against it counted in the month, whoever recorded them.
 * 3. Scores them with the parent's weights of that month (`lowerScoringOf`), ranks and stores them whole.
 * A failure is logged and does not hold up the department mails (the mail then has no lower-organisation table).
 */
async function scoreLowerOrgs(
  deps: ScoresDeps,
  repo: ScoreStore,
  org: Org,
  month: string,
  now: Date,
): Promise<{ scores: LowerOrgScore[]; itemsRead: number }> {
  try {
    const children = await deps.orgs.listChildOrgs(org.orgId);
    let itemsRead = children.length;
    const rules = lowerScoringOf(org.config);
    const scores: LowerOrgScore[] = [];
    for (const child of children) {
      const tz = zoneOf(child);
      if (child.createdAt && child.createdAt > monthRange(month, tz).to) continue;
      let figures = (await repo.readFigures(child.orgId, month, month))[0];
      itemsRead++;
      if (!figures && deps.reports) {
        const c = await computeMonthFigures(deps, { orgId: child.orgId, timezone: tz }, month, now.toISOString());
        itemsRead += c.itemsRead;
        figures = c.figures;
        await repo.saveFigures(figures);
      }
      const findings = deps.findings ? await deps.findings.listConfirmed(child.orgId, month) : [];
      itemsRead += findings.length;
      scores.push(
        lowerOrgScore(
          {
            orgId: child.orgId,
            name: child.name,
            month,
            reports: figures?.reporting.reports ?? 0,
            late: figures?.reporting.late ?? 0,
            quality: figures?.quality,
            followupsMissed: figures?.reporting.followupsMissed ?? 0,
            findings: findings.map((f) => ({ findingId: f.findingId, label: f.label })),
          },
          rules,
        ),
      );
    }
    const ranked = rankLowerScores(scores);
    if (children.length) await repo.saveLowerScores(org.orgId, month, ranked, now.toISOString());
    return { scores: ranked, itemsRead };
  } catch (err) {
    deps.log.error('lower organisation scores failed', { orgId: org.orgId, month, error: (err as Error).message });
    return { scores: [], itemsRead: 0 };
  }
}

/**
 * A month's figures from its records: the reports submitted and findings that happened in it (accountability's
 * reading) and the month's work information per department (the month's scores, given or computed).
 */
export async function computeMonthFigures(
  deps: ScoresDeps,
  org: Pick<Org, 'orgId' | 'timezone'>,
  month: string,
  at: string,
  scored?: MonthScores,
): Promise<{ figures: MonthFigures; itemsRead: number }> {
  if (!deps.reports) throw new Error('reports not wired');
  const { from, to } = monthRange(month, org.timezone);
  const [reports, findings, scores] = await Promise.all([
    deps.reports.submittedBetween(org.orgId, from, to, 100_000),
    deps.findings ? deps.findings.listByOrg(org.orgId, from, to, 100_000) : Promise.resolve([]),
    scored ? Promise.resolve({ result: scored, itemsRead: 0 }) : computeOrgMonth(deps, org.orgId, month),
  ]);
  const items = scores.result.departments.map((d) => ({
    departmentId: d.departmentId,
    name: d.name,
    sent: d.sent,
    adopted: d.adopted,
  }));
  return {
    figures: {
      orgId: org.orgId,
      month,
      reporting: reportingMonthOf(reports, findings),
      items,
      quality: reportQualityOf(reports),
      computedAt: at,
    },
    itemsRead: reports.length + findings.length + scores.itemsRead,
  };
}

/** Steps 1–3 of `scoreOrgMonth` without storing or mailing: what the month's scores are from the records as they stand. */
export async function computeOrgMonth(
  deps: ScoresDeps,
  orgId: string,
  month: string,
): Promise<{ org: Org; people: Person[]; result: MonthScores; itemsRead: number }> {
  const repo = scoresOf(deps);
  const probe = await deps.orgs.getOrg(orgId);
  if (!probe) throw new Error(`unknown organisation ${orgId}`);
  const { from, to } = monthRange(month, probe.timezone);
  const org = (await deps.orgs.getOrg(orgId, new Date(from)))!;
  const rules = scoringConfigOf(org.config);
  const [departments, people, lines, adoptedItems, findings] = await Promise.all([
    deps.orgs.listDepartments(orgId),
    deps.orgs.listPeople(orgId),
    deps.items.ledger(orgId, from, to),
    deps.items.listAdopted(orgId, from, to, 100_000),
    deps.findings ? deps.findings.listConfirmed(orgId, month) : Promise.resolve([]),
  ]);
  const inMonth = lines.filter((l) => l.at >= from && l.at <= to);
  const titles = new Map(adoptedItems.map((i) => [i.itemId, i.title]));
  const facts = monthFacts(inMonth, titles);
  let itemsRead = lines.length + adoptedItems.length;

  const topUps: TopUp[] = [];
  for (const later of facts.laterExternal) {
    const item = await deps.items.get(later.itemId);
    itemsRead++;
    if (!item?.adoptedAt) continue;
    // What the author was actually paid for the item so far: its line in the adoption month's stored row plus any
    // top-ups since, at the rates of those months (the rules may have changed).
    let paidFen = 0;
    for (let m = monthOf(new Date(item.adoptedAt), org.timezone); m < month; m = nextMonth(m)) {
      const row = await repo.getOfficerScore(orgId, m, item.authorId);
      paidFen += (row?.parts ?? [])
        .filter((p) => (p.fen ?? 0) > 0 && p.itemIds?.includes(item.itemId))
        .reduce((s, p) => s + (p.fen ?? 0), 0);
    }
    const before = item.externalAdoptions
      .filter((e) => e.recordedAt < from)
      .reduce<string | undefined>(
        (best, e) => ((LEVEL_RANK[e.level] ?? 0) > (LEVEL_RANK[best ?? ''] ?? 0) ? e.level : best),
        undefined,
      );
    if ((LEVEL_RANK[later.level] ?? 0) <= (LEVEL_RANK[before ?? ''] ?? 0)) continue;
    topUps.push({
      itemId: item.itemId,
      title: item.title,
      departmentId: item.departmentId,
      authorId: item.authorId,
      level: later.level as ExternalLevel,
      paidFen,
    });
  }

  const result = scoreMonth({
    month,
    rules,
    departments: departments.map((d) => ({
      departmentId: d.departmentId,
      name: d.name,
      headId: d.headId,
      reviewingLeaderId: d.reviewingLeaderId,
      isOffice: isOfficeDepartment(org, d),
    })),
    people: people.map((p) => ({ personId: p.personId, name: p.name, roles: p.roles, departmentId: p.departmentId })),
    principalLeaderId: org.principalLeaderId,
    sent: facts.sent,
    adopted: facts.adopted,
    topUps,
    findings: findings.map((f) => ({
      findingId: f.findingId,
      departmentId: f.responsibleDepartmentId,
      label: f.label,
      deduction: f.deduction,
    })),
  });
  return { org, people, result, itemsRead };
}

/** `quarterStats` without the caller: what the quarter's statistics are from the ledger as it stands. */
export async function computeQuarterStats(deps: ScoresDeps, org: Org, quarter: string): Promise<QuarterStats> {
  const orgId = org.orgId;
  const months = monthsOfQuarter(quarter);
  const from = monthRange(months.first, org.timezone).from;
  const to = monthRange(months.last, org.timezone).to;
  const [departments, lines] = await Promise.all([
    deps.orgs.listDepartments(orgId),
    deps.items.ledger(orgId, from, to),
  ]);
  const ranked = rankQuarter(
    departments.map((d) => ({ departmentId: d.departmentId, name: d.name, isOffice: isOfficeDepartment(org, d) })),
    lines,
    { from, to },
  );
  return { orgId, quarter, from, to, departments: ranked, itemsRead: lines.length };
}

/** Mails of a run: sent now, sent before, refused for good by SES (recorded, not retried), and failed (retried). */
type MailTally = { mailed: number; alreadyMailed: number; rejected: number; failed: number };

/** Sends one score mail through the person's send-once slot of the period and counts what happened. */
async function sendScoreMail(
  deps: ScoresDeps,
  repo: ScoreStore,
  orgId: string,
  period: string,
  personId: string,
  mail: Mail,
  now: Date,
  tally: MailTally,
): Promise<void> {
  try {
    // The lease runs from the real clock: a run that has been mailing for minutes must not take leases that are
    // already over (a concurrent copy of the message would then send the same mail).
    const at = new Date(Math.max(now.getTime(), deps.clock().getTime()));
    const r = await sendOnce(deps.mailer, repo.mailSlot(orgId, period, personId), at, mail, () => mail);
    if (r.status === 'sent') tally.mailed++;
    else if (r.status === 'alreadySent') tally.alreadyMailed++;
    else if (r.status === 'rejected') {
      tally.rejected++;
      if (r.now) deps.log.error('score mail rejected', { orgId, period, personId, to: mail.to, reason: r.reason });
    } else tally.failed++; // another worker holds the claim: this run is not the one that completes the period
  } catch (err) {
    tally.failed++;
    deps.log.error('score mail failed', { orgId, period, personId, error: (err as Error).message });
  }
}

const isOfficeHead = (p: Person) => p.roles.includes('officeHead');

async function mailMonth(
  deps: ScoresDeps,
  repo: ScoreStore,
  org: Org,
  people: Person[],
  result: MonthScores,
  lower: LowerOrgScore[],
  now: Date,
  outcome: OrgMonthOutcome,
): Promise<void> {
  const link = `${deps.appUrl}/scores?month=${result.month}`;
  // The office is told in its monthly mail when this year's (or, in December, next year's) holidays are not known (issue 3).
  const notice = officeCalendarNotice(org, now);
  // The leaders' and the office head's workbook, written once for the run (only when a mail needs it).
  let xlsx: Promise<Uint8Array> | undefined;
  const workbook = () => {
    xlsx ??= xlsxOf(scoreSheets({ orgName: org.name, month: result.month }, result.departments, result.people, lower), {
      created: now,
    });
    return xlsx;
  };
  for (const p of people) {
    const own = result.departments.filter(
      (d) => d.departmentId === p.departmentId && (p.roles.includes('departmentHead') || p.roles.includes('reporter')),
    );
    // A leader who also wrote adopted items has two rows (officer and leader): both are his.
    const selves = result.people.filter((x) => x.personId === p.personId);
    const leader = isLeaderOf(org, p);
    const office = isOfficeHead(p);
    if (!own.length && !leader && !selves.length && !office) continue;
    if (!p.email) continue;
    const mail = renderScoreMail(
      { orgName: org.name, month: result.month, link },
      p,
      {
        departments: own,
        selves,
        ranked:
          leader || office
            ? { departments: result.departments, people: result.people, lower, xlsx: await workbook() }
            : undefined,
        calendarNotice: office ? notice : undefined,
      },
      result.departments.length,
    );
    await sendScoreMail(deps, repo, org.orgId, result.month, p.personId, mail, now, outcome);
  }
}

export type QuarterOutcome = { quarter: string; departments: number; itemsRead: number } & MailTally;

/**
 * Publishes a quarter's adoption statistics (POLICY §5, 篇三 §五.2): computes them from the quarter's ledger, stores
 * what is published, and mails the ranked table with the workbook (.xlsx) to the leaders and the office head, each once.
 */
export async function publishQuarter(
  deps: ScoresDeps,
  orgId: string,
  quarter: string,
  now: Date,
): Promise<QuarterOutcome> {
  const repo = scoresOf(deps);
  const org = await deps.orgs.getOrg(orgId);
  if (!org) throw new Error(`unknown organisation ${orgId}`);
  const [stats, people] = await Promise.all([computeQuarterStats(deps, org, quarter), deps.orgs.listPeople(orgId)]);
  await repo.saveQuarter(
    { orgId, quarter, from: stats.from, to: stats.to, departments: stats.departments, itemsRead: stats.itemsRead },
    now.toISOString(),
  );
  const outcome: QuarterOutcome = {
    quarter,
    departments: stats.departments.length,
    itemsRead: stats.itemsRead,
    mailed: 0,
    alreadyMailed: 0,
    rejected: 0,
    failed: 0,
  };
  const link = `${deps.appUrl}/stats?quarter=${quarter}`;
  let xlsx: Uint8Array | undefined;
  for (const p of people) {
    if (!p.email || !(isLeaderOf(org, p) || isOfficeHead(p))) continue;
    xlsx ??= await xlsxOf(statsSheets(stats, org.name), { created: now });
    await sendScoreMail(
      deps,
      repo,
      orgId,
      quarter,
      p.personId,
      renderQuarterMail({ orgName: org.name, link }, p, stats, xlsx),
      now,
      outcome,
    );
  }
  if (!outcome.failed) await repo.markQuarterMailed(orgId, quarter, now.toISOString());
  return outcome;
}

/**
 * When the dispatcher looks at an organisation: from 01:00 on the 1st, local time, through the 7th. The later days
 * catch up a month whose 1st was missed (an outage, a message in the dead-letter queue); a complete month is skipped
 * by one read, so looking again costs little.
 */
export function isScoringWindow(now: Date, timeZone: string): boolean {
  const p = localParts(now, timeZone);
  return (p.day === 1 && p.minutes >= 60) || (p.day > 1 && p.day <= 7);
}

/**
 * Which organisations the dispatcher looks at, at `now`: those in their scoring window, for their previous local month
 * (with its quarter after a quarter's last month), unless the organisation was created after that month ended.
 */
export function dueForScoring(
  orgs: { orgId: string; timezone?: string; createdAt?: string }[],
  now: Date,
): { orgId: string; month: string; quarter?: string }[] {
  return orgs.flatMap((o) => {
    const tz = zoneOf(o);
    if (!isScoringWindow(now, tz)) return [];
    const month = previousMonth(now, tz);
    if (o.createdAt && o.createdAt > monthRange(month, tz).to) return [];
    const q = quarterOf(month);
    return [{ orgId: o.orgId, month, ...(q.last ? { quarter: q.quarter } : {}) }];
  });
}

/** `notOver`: organisations an explicit recompute left out because the month is not over (or they did not exist in it). */
export type DispatchRun = {
  now: string;
  organisations: number;
  due: number;
  complete: number;
  inFlight?: number;
  enqueued: number;
  notOver?: number;
};

/** How long a queued organisation is left to the queue before the dispatcher queues it again (SQS gives it 5 × 30 minutes). */
export const REQUEUE_AFTER_MS = 3 * 3600_000;

/**
 * The scheduled dispatcher (hourly; README "Monthly scores"). For every organisation in its scoring window, asks
 * whether last month (and, after a quarter's last month, the quarter) is complete — stored and mailed — with one
 * batched read, and puts one message per incomplete organisation on the scoring queue; the worker
 * (`scoreOrgPeriod`) does the work, one organisation per invocation, so a thousand organisations never share one
 * function's time limit. An organisation created after the month ended is not scored for it.
 * `month` and `orgIds` let an operator (or a test) recompute on purpose: those are enqueued whatever their state.
 */
export async function dispatchMonthlyScores(
  deps: ScoresDeps,
  now: Date,
  opts: { orgIds?: string[]; month?: string } = {},
): Promise<DispatchRun> {
  const repo = scoresOf(deps);
  if (!deps.scoring) throw new Error('deps.scoring is not wired');
  const orgs = (await repo.listOrgs()).filter((o) => !opts.orgIds || opts.orgIds.includes(o.orgId));
  const run: DispatchRun = { now: now.toISOString(), organisations: orgs.length, due: 0, complete: 0, enqueued: 0 };
  const at = now.toISOString();
  if (opts.month) {
    // Only a month that is over, and only for organisations that existed in it: a month stored and mailed early would
    // count as complete on the 1st and its final figures would never go out.
    const month = opts.month;
    const over = orgs.filter((o) => {
      const end = monthRange(month, zoneOf(o)).to;
      return end < at && !(o.createdAt && o.createdAt > end);
    });
    const messages = over.map((o) => ({ orgId: o.orgId, month, at, recompute: true }));
    await deps.scoring.enqueue(messages);
    return { ...run, due: messages.length, notOver: orgs.length - over.length, enqueued: messages.length };
  }
  const due = dueForScoring(orgs, now);
  run.due = due.length;
  const { complete, queuedAt } = await repo.progress(due);
  run.complete = complete.size;
  // An organisation queued within the last hours is still in the queue's hands (a failed message comes back for up to
  // 5 × 30 minutes): queuing it again would only pile up copies. After that it is queued again while incomplete.
  const pending = due.filter((d) => !complete.has(d.orgId));
  const fresh = pending.filter(
    (d) => !queuedAt.has(d.orgId) || Date.parse(queuedAt.get(d.orgId)!) <= now.getTime() - REQUEUE_AFTER_MS,
  );
  run.inFlight = pending.length - fresh.length;
  const messages = fresh.map((d) => ({ orgId: d.orgId, month: d.month, at }));
  await deps.scoring.enqueue(messages);
  await repo.markQueued(messages, at);
  run.enqueued = messages.length;
  return run;
}

export type OrgPeriodOutcome = {
  orgId: string;
  month: string;
  skipped: boolean;
  monthOutcome?: OrgMonthOutcome;
  quarterOutcome?: QuarterOutcome;
};

/**
 * The scoring worker's work for one message: scores, stores and mails the organisation's month, and after a
 * quarter's last month publishes the quarter. A complete period is skipped unless `recompute`. Mails that failed
 * make it throw, so the message comes back (and ends in the dead-letter queue after its last try); whatever was
 * sent stays sent.
 */
export async function scoreOrgPeriod(
  deps: ScoresDeps,
  message: { orgId: string; month: string; recompute?: boolean },
  now: Date,
): Promise<OrgPeriodOutcome> {
  const repo = scoresOf(deps);
  const { orgId, month } = message;
  const org = await deps.orgs.getOrg(orgId);
  if (!org) throw new Error(`unknown organisation ${orgId}`);
  // The dispatcher only asks for months that are over; a message for another one is refused, not stored early.
  if (monthRange(month, org.timezone).to >= now.toISOString())
    throw new Error(`${month} is not over yet in ${org.timezone}: not scored`);
  const q = quarterOf(month);
  if (
    !message.recompute &&
    (await repo.completed([{ orgId, month, quarter: q.last ? q.quarter : undefined }])).has(orgId)
  )
    return { orgId, month, skipped: true };
  const monthOutcome = await scoreOrgMonth(deps, orgId, month, now);
  const quarterOutcome = q.last ? await publishQuarter(deps, orgId, q.quarter, now) : undefined;
  const failed = monthOutcome.failed + (quarterOutcome?.failed ?? 0);
  if (failed) throw new Error(`${failed} score mails of ${orgId} ${month} were not sent; the retry sends them`);
  return { orgId, month, skipped: false, monthOutcome, quarterOutcome };
}
