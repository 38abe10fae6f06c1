import { calendarNotice } from './org-admin.ts';
import type { ScoreRepo } from '../data/score-repo.ts';
import { renderScoreMail } from '../mail/score-mail.ts';
import type { Deps } from './deps.ts';
import type { ExternalLevel } from './item.ts';
import type { Org, Person } from './model.ts';
import { monthFacts, scoreMonth, scoringConfigOf, type MonthScores, type TopUp } from './scoring.ts';
import { localInputToIso, localParts } from './time.ts';

/** The local month before the one `now` falls in, in `timeZone` (YYYY-MM). */
export function previousMonth(now: Date, timeZone: string): string {
  const p = localParts(now, timeZone);
  const y = p.month === 1 ? p.year - 1 : p.year;
  const m = p.month === 1 ? 12 : p.month - 1;
  return `${y}-${String(m).padStart(2, '0')}`;
}

const nextMonth = (month: string) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
};

/** The instants [from, to] (ISO, UTC, inclusive) of a local month. */
export function monthRange(month: string, timeZone: string): { from: string; to: string } {
  const from = new Date(localInputToIso(`${month}-01T00:00`, timeZone)).toISOString();
  const to = new Date(new Date(localInputToIso(`${nextMonth(month)}-01T00:00`, timeZone)).getTime() - 1).toISOString();
  return { from, to };
}

/** Whether the scheduled job is due for an organisation at `now`: 01:00 or later on the 1st, local time. */
export function isScoringTime(now: Date, timeZone: string): boolean {
  const p = localParts(now, timeZone);
  return p.day === 1 && p.minutes >= 60;
}

const LEVEL_RANK: Record<string, number> = { municipal: 1, provincial: 2, central: 3 };
const RATE = (rules: MonthScores['rules'], level: string | undefined) => Math.round((level === 'central' ? rules.rewards.central : level === 'provincial' ? rules.rewards.provincial : rules.rewards.adopted) * 100);

function scoresOf(deps: Deps): ScoreRepo {
  if (!deps.scores) throw new Error('deps.scores is not wired');
  return deps.scores;
}

export type OrgMonthOutcome = { orgId: string; month: string; itemsRead: number; departments: number; mailed: number; alreadyMailed: number; failed: number };

/**
 * Computes, stores and mails one organisation's month.
 * 1. Reads the configuration in effect that month, departments and people, the month's ledger lines (only the
 *    partitions of that month, by key), the titles of the items adopted in it, and the month's confirmed findings.
 * 2. Adds top-ups for higher external adoptions recorded this month on items paid in an earlier month.
 * 3. Scores it (`scoreMonth`) and stores every row (recomputing writes the same rows).
 * 4. Mails each department head and information officer their own lines, and each leader the ranked table with a CSV,
 *    each person at most once per month: a conditional send-once record is claimed before sending (released if the
 *    send fails, so the next run retries).
 */
export async function scoreOrgMonth(deps: Deps, orgId: string, month: string, now: Date, opts: { mail?: boolean } = {}): Promise<OrgMonthOutcome> {
  const repo = scoresOf(deps);
  const { org, people, result, itemsRead } = await computeOrgMonth(deps, orgId, month);
  await repo.saveMonth(orgId, result, now.toISOString(), itemsRead);
  const outcome: OrgMonthOutcome = { orgId, month, itemsRead, departments: result.departments.length, mailed: 0, alreadyMailed: 0, failed: 0 };
  if (opts.mail === false) return outcome;
  await mailMonth(deps, repo, org, people, result, now, outcome);
  if (!outcome.failed) await repo.markMailed(orgId, month, now.toISOString());
  return outcome;
}

/** Steps 1–3 of `scoreOrgMonth` without storing or mailing: what the month's scores are from the records as they stand. */
export async function computeOrgMonth(deps: Deps, orgId: string, month: string): Promise<{ org: Org; people: Person[]; result: MonthScores; itemsRead: number }> {
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
    const adoptedMonth = localParts(new Date(item.adoptedAt), org.timezone).date.slice(0, 7);
    const paidThen = await repo.getPersonScore(orgId, adoptedMonth, item.authorId);
    const wasPaid = (paidThen?.parts ?? []).some((p) => (p.fen ?? 0) > 0 && p.itemIds?.includes(item.itemId));
    const before = item.externalAdoptions.filter((e) => e.recordedAt < from).reduce<string | undefined>((best, e) => ((LEVEL_RANK[e.level] ?? 0) > (LEVEL_RANK[best ?? ''] ?? 0) ? e.level : best), undefined);
    if ((LEVEL_RANK[later.level] ?? 0) <= (LEVEL_RANK[before ?? ''] ?? 0)) continue;
    topUps.push({ itemId: item.itemId, title: item.title, departmentId: item.departmentId, authorId: item.authorId, level: later.level as ExternalLevel, paidFen: wasPaid ? RATE(rules, before) : 0 });
  }

  const result = scoreMonth({
    month,
    rules,
    departments: departments.map((d) => ({ departmentId: d.departmentId, name: d.name, headId: d.headId, reviewingLeaderId: d.reviewingLeaderId, isOffice: d.isOffice || d.departmentId === org.officeDepartmentId })),
    people: people.map((p) => ({ personId: p.personId, name: p.name, roles: p.roles, departmentId: p.departmentId })),
    principalLeaderId: org.principalLeaderId,
    sent: facts.sent,
    adopted: facts.adopted,
    topUps,
    findings: findings.map((f) => ({ findingId: f.findingId, departmentId: f.responsibleDepartmentId, label: f.label, deduction: f.deduction })),
  });
  return { org, people, result, itemsRead };
}

/**
 * The plain notice for the office when the official holiday schedule of the current year, or of the next year
 * within the coming month, is not known to the system (then only weekends count as days off until entered).
 */
export function officeCalendarNotice(org: Pick<Org, 'calendarByYear' | 'timezone'>, now: Date): string | undefined {
  const years = new Set([now, new Date(now.getTime() + 31 * 24 * 3600_000)].map((d) => localParts(d, org.timezone).year));
  for (const year of years) {
    const { notice } = calendarNotice(org, year);
    if (notice) return notice;
  }
  return undefined;
}

async function mailMonth(deps: Deps, repo: ScoreRepo, org: Org, people: Person[], result: MonthScores, now: Date, outcome: OrgMonthOutcome): Promise<void> {
  const link = `${deps.appUrl}/scores?month=${result.month}`;
  const isLeader = (p: Person) => p.roles.includes('principalLeader') || p.roles.includes('supervisingLeader') || p.personId === org.principalLeaderId;
  // The office is told in its monthly mail when this year's (or, in December, next year's) holidays are not known (issue 3).
  const isOffice = (p: Person) => p.roles.includes('officeHead');
  const notice = officeCalendarNotice(org, now);
  for (const p of people) {
    const own = result.departments.filter((d) => d.departmentId === p.departmentId && (p.roles.includes('departmentHead') || p.roles.includes('reporter')));
    const self = result.people.find((x) => x.personId === p.personId);
    const leader = isLeader(p);
    const office = isOffice(p);
    if (!own.length && !leader && !self && !office) continue;
    if (!p.email) continue;
    if (!(await repo.claimMail(org.orgId, result.month, p.personId, p.email, now.toISOString()))) {
      outcome.alreadyMailed++;
      continue;
    }
    const mail = renderScoreMail({ orgName: org.name, month: result.month, link }, p, { departments: own, self, ranked: leader || office ? { departments: result.departments, people: result.people } : undefined, calendarNotice: office ? notice : undefined }, result.departments.length);
    try {
      await deps.mailer.send(mail);
      outcome.mailed++;
    } catch (err) {
      outcome.failed++;
      deps.log.error('score mail failed', { orgId: org.orgId, month: result.month, personId: p.personId, error: (err as Error).message });
      await repo.releaseMail(org.orgId, result.month, p.personId);
    }
  }
}

export type MonthlyRun = { now: string; organisations: number; due: number; skipped: number; outcomes: OrgMonthOutcome[]; errors: { orgId: string; error: string }[] };

/**
 * The scheduled job (hourly; README "Monthly scores"): for every organisation whose local time is 01:00 or later on
 * the 1st, scores the previous local month unless that month is already complete (stored and mailed). One invocation
 * processes the organisations one after another; `orgIds` and `month` let an operator (or a test) run it on purpose.
 */
export async function runMonthlyScores(deps: Deps, now: Date, opts: { orgIds?: string[]; month?: string } = {}): Promise<MonthlyRun> {
  const repo = scoresOf(deps);
  const orgs = (await repo.listOrgs()).filter((o) => !opts.orgIds || opts.orgIds.includes(o.orgId));
  const run: MonthlyRun = { now: now.toISOString(), organisations: orgs.length, due: 0, skipped: 0, outcomes: [], errors: [] };
  for (const o of orgs) {
    const tz = o.timezone || 'Asia/Shanghai';
    if (!opts.month && !isScoringTime(now, tz)) continue;
    const month = opts.month ?? previousMonth(now, tz);
    run.due++;
    if (!opts.month && (await repo.getHeader(o.orgId, month))?.mailedAt) {
      run.skipped++;
      continue;
    }
    try {
      run.outcomes.push(await scoreOrgMonth(deps, o.orgId, month, now));
    } catch (err) {
      deps.log.error('monthly scores failed', { orgId: o.orgId, month, error: (err as Error).message });
      run.errors.push({ orgId: o.orgId, error: (err as Error).message });
    }
  }
  return run;
}

