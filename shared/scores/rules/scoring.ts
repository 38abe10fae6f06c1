import * as z from 'zod';
import { ITEM_KIND_LABELS, type ExternalLevel, type ItemKind } from '../../work-info/index.ts';
import {
  DEFAULT_QUOTAS,
  DEFAULT_REWARDS,
  DEFAULT_SCORING,
  quotaRulesSchema,
  rewardRulesSchema,
  scoringRulesSchema,
} from '../../org/index.ts';

/**
 * Monthly scores and rewards (POLICY.md §5, issue 7): a pure function of one month's facts and that month's rules.
 * Every number carries its parts (which rule, which items), so a department head can see why it is what it is.
 * Points are summed in hundredths and money in fen (integers), so nothing drifts however many parts there are.
 *
 * Decisions (README "Monthly scores"):
 * - The month is the organisation's local calendar month. An item counts toward its department's quota in the month
 *   its reviewing leader approved it to the office (审核把关: unreviewed items are not accepted); adoption points and
 *   cash in the month it was adopted. An item adopted in a later month than it was sent counts in both months, once each.
 * - Weeks in a month = the Mondays in it (a week belongs to the month its Monday falls in): 4 or 5.
 * - A person's quota counts adopted (采用 = 刊用) items. The items counted toward it are the lowest-paid ones
 *   (ties: the earliest adopted), so the pay does not depend on the order the review group happened to decide in.
 * - An item earns the rate of the highest level known by the end of its adoption month (municipal = the base rate);
 *   a higher level recorded in a later month pays the difference then (a top-up), if the item was paid at all.
 * - A reviewing leader (the department's reviewing leader, else its head) over several departments earns the average
 *   over all the information officers of those departments together; a department without officers adds nobody; a
 *   leader with no officers at all earns 0 and is left out of the principal leader's average. The principal leader
 *   earns the average of the reviewing leaders' rewards (not counting himself, if he also reviews a department).
 * - Averages are rounded half up to the fen.
 * - Confirmed findings (issue 8) with a responsible department deduct from that department's score in the month
 *   they count in; those naming no department are listed with the organisation and deduct from no department.
 */

export const scoringConfigSchema = z.object({
  quotas: quotaRulesSchema.default(DEFAULT_QUOTAS),
  scoring: scoringRulesSchema.default(DEFAULT_SCORING),
  rewards: rewardRulesSchema.default(DEFAULT_REWARDS),
});
export type ScoringConfig = z.infer<typeof scoringConfigSchema>;

/** The scoring rules inside a stored configuration (defaults for what an older version lacks). */
export function scoringConfigOf(config: unknown): ScoringConfig {
  const c = (config ?? {}) as Record<string, unknown>;
  return scoringConfigSchema.parse({ quotas: c.quotas, scoring: c.scoring, rewards: c.rewards });
}

export type ScoredItem = {
  itemId: string;
  title?: string;
  departmentId: string;
  authorId: string;
  kind: ItemKind;
  at: string;
};
export type AdoptedItem = ScoredItem & { externalLevel?: ExternalLevel };
export type TopUp = {
  itemId: string;
  title?: string;
  departmentId: string;
  authorId: string;
  level: ExternalLevel;
  paidFen: number;
};
export type ScoredFinding = { findingId: string; departmentId?: string; label: string; deduction: number };

export type ScoringInput = {
  /** YYYY-MM, local. */
  month: string;
  rules: ScoringConfig;
  departments: {
    departmentId: string;
    name: string;
    headId?: string;
    reviewingLeaderId?: string;
    isOffice?: boolean;
  }[];
  people: { personId: string; name: string; roles: readonly string[]; departmentId?: string }[];
  principalLeaderId?: string;
  /** Items approved to the office in the month. */
  sent: ScoredItem[];
  /** Items adopted in the month, with the highest external level known at the month's end. */
  adopted: AdoptedItem[];
  /** Higher external adoptions recorded this month for items adopted and paid in an earlier month. */
  topUps?: TopUp[];
  findings?: ScoredFinding[];
};

export type Part = {
  rule: string;
  label: string;
  points?: number;
  fen?: number;
  itemIds?: string[];
  findingId?: string;
};

export type DepartmentScore = {
  departmentId: string;
  name: string;
  weeks: number;
  quota: number;
  sent: number;
  sentItemIds: string[];
  adopted: number;
  adoptedItemIds: string[];
  score: number;
  parts: Part[];
  rank: number;
};

export type PersonRole = 'officer' | 'reviewingLeader' | 'principalLeader';
export type PersonScore = {
  personId: string;
  name: string;
  role: PersonRole;
  departmentIds: string[];
  quota: number;
  adopted: number;
  adoptedItemIds: string[];
  quotaMet: boolean;
  rewardFen: number;
  parts: Part[];
};

export type MonthScores = {
  month: string;
  weeks: number;
  rules: ScoringConfig;
  departments: DepartmentScore[];
  people: PersonScore[];
  unassignedFindings: ScoredFinding[];
};

const LEVEL_LABEL: Record<ExternalLevel | 'none', string> = {
  none: '采用',
  municipal: '市级采用',
  provincial: '省级采用',
  central: '中央级采用',
};

/** Weeks of a month: the Mondays in it (YYYY-MM). */
export function weeksInMonth(month: string): number {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const firstWeekday = (new Date(Date.UTC(y, m - 1, 1)).getUTCDay() + 6) % 7; // 0 = Monday
  const firstMonday = firstWeekday === 0 ? 1 : 8 - firstWeekday;
  return Math.floor((days - firstMonday) / 7) + 1;
}

const centi = (points: number) => Math.round(points * 100);
const fenOf = (yuan: number) => Math.round(yuan * 100);
/** Half up to the fen, for non-negative sums. */
const average = (sum: number, n: number) => (n === 0 ? 0 : Math.floor((2 * sum + n) / (2 * n)));
export const yuan = (fen: number) =>
  `${fen < 0 ? '-' : ''}${Math.floor(Math.abs(fen) / 100)}.${String(Math.abs(fen) % 100).padStart(2, '0')}`;
const fmt = (points: number) => (points > 0 ? `+${points}` : `${points}`);
const byAt = (a: { at: string; itemId: string }, b: { at: string; itemId: string }) =>
  a.at.localeCompare(b.at) || a.itemId.localeCompare(b.itemId);

function rateFen(rules: ScoringConfig, level: ExternalLevel | undefined): number {
  return fenOf(
    level === 'central'
      ? rules.rewards.central
      : level === 'provincial'
        ? rules.rewards.provincial
        : rules.rewards.adopted,
  );
}

/**
 * Scores one organisation's month.
 * 1. Each department: quota = per week × weeks; +quotaMet when met, perItemShort per item short, perItemBeyond per item
 *    beyond; adoption points by kind; confirmed findings' deductions. Ranked by score (equal scores share a rank).
 * 2. Each information officer (and any other author of an adopted item): the quota's items earn nothing, each other
 *    adopted item earns its level's rate; top-ups pay the difference of a later, higher level.
 * 3. Reviewing leaders: the average of their officers' rewards; the principal leader: the reviewing leaders' average.
 */
export function scoreMonth(input: ScoringInput): MonthScores {
  const { rules, month } = input;
  const weeks = weeksInMonth(month);
  const depts = input.departments.filter(
    (d) => !d.isOffice || input.sent.some((i) => i.departmentId === d.departmentId),
  );
  const people = new Map(input.people.map((p) => [p.personId, p]));

  const departments: DepartmentScore[] = depts.map((d) => {
    const sent = input.sent.filter((i) => i.departmentId === d.departmentId).sort(byAt);
    const adopted = input.adopted.filter((i) => i.departmentId === d.departmentId).sort(byAt);
    const quota = rules.quotas.departmentItemsPerWeek * weeks;
    const parts: Part[] = [];
    if (sent.length >= quota) {
      parts.push({
        rule: 'quotaMet',
        label: `完成定额（每周 ${rules.quotas.departmentItemsPerWeek} 条 × ${weeks} 周 = ${quota} 条，报送 ${sent.length} 条）${fmt(rules.scoring.quotaMet)}`,
        points: rules.scoring.quotaMet,
        itemIds: sent.slice(0, quota).map((i) => i.itemId),
      });
      const beyond = sent.slice(quota);
      if (beyond.length) {
        const points = centi(rules.scoring.perItemBeyond) * beyond.length;
        parts.push({
          rule: 'perItemBeyond',
          label: `超出定额 ${beyond.length} 条 × ${fmt(rules.scoring.perItemBeyond)} = ${fmt(points / 100)}`,
          points: points / 100,
          itemIds: beyond.map((i) => i.itemId),
        });
      }
    } else {
      const short = quota - sent.length;
      const points = centi(rules.scoring.perItemShort) * short;
      parts.push({
        rule: 'perItemShort',
        label: `未完成定额（每周 ${rules.quotas.departmentItemsPerWeek} 条 × ${weeks} 周 = ${quota} 条，报送 ${sent.length} 条），差 ${short} 条 × ${fmt(rules.scoring.perItemShort)} = ${fmt(points / 100)}`,
        points: points / 100,
        itemIds: sent.map((i) => i.itemId),
      });
    }
    for (const kind of Object.keys(ITEM_KIND_LABELS) as ItemKind[]) {
      const ofKind = adopted.filter((i) => i.kind === kind);
      if (!ofKind.length) continue;
      const per = rules.scoring.adoption[kind];
      const points = centi(per) * ofKind.length;
      parts.push({
        rule: `adoption.${kind}`,
        label: `采用${ITEM_KIND_LABELS[kind]} ${ofKind.length} 条 × ${per} = ${fmt(points / 100)}`,
        points: points / 100,
        itemIds: ofKind.map((i) => i.itemId),
      });
    }
    for (const f of (input.findings ?? []).filter((x) => x.departmentId === d.departmentId)) {
      parts.push({
        rule: 'finding',
        label: `${f.label} ${fmt(f.deduction)}`,
        points: f.deduction,
        findingId: f.findingId,
      });
    }
    const score = parts.reduce((s, p) => s + centi(p.points ?? 0), 0) / 100;
    return {
      departmentId: d.departmentId,
      name: d.name,
      weeks,
      quota,
      sent: sent.length,
      sentItemIds: sent.map((i) => i.itemId),
      adopted: adopted.length,
      adoptedItemIds: adopted.map((i) => i.itemId),
      score,
      parts,
      rank: 0,
    };
  });
  const ordered = [...departments].sort((a, b) => b.score - a.score || a.name.localeCompare(b.name, 'zh'));
  ordered.forEach((d, i) => {
    d.rank = i > 0 && ordered[i - 1]!.score === d.score ? ordered[i - 1]!.rank : i + 1;
  });

  // 2. Information officers.
  const officerIds = new Set(
    input.people.filter((p) => p.roles.includes('reporter') && p.departmentId).map((p) => p.personId),
  );
  for (const i of [...input.adopted, ...(input.topUps ?? [])]) officerIds.add(i.authorId);
  const officers: PersonScore[] = [...officerIds].map((personId) => {
    const p = people.get(personId);
    const mine = input.adopted
      .filter((i) => i.authorId === personId)
      .map((i) => ({ ...i, fen: rateFen(rules, i.externalLevel) }));
    const quota = rules.quotas.personPublishedPerMonth;
    const byPay = [...mine].sort((a, b) => a.fen - b.fen || byAt(a, b));
    const counted = byPay.slice(0, quota);
    const paid = byPay.slice(quota).sort(byAt);
    const parts: Part[] = [];
    if (counted.length)
      parts.push({
        rule: 'personQuota',
        label: `计入本月定额（${quota} 条）的 ${counted.length} 条不奖励`,
        fen: 0,
        itemIds: counted.map((i) => i.itemId),
      });
    if (mine.length < quota)
      parts.push({ rule: 'personQuotaShort', label: `本月采用 ${mine.length} 条，未完成定额 ${quota} 条`, fen: 0 });
    for (const i of paid)
      parts.push({
        rule: `reward.${i.externalLevel ?? 'adopted'}`,
        label: `${LEVEL_LABEL[i.externalLevel ?? 'none']}《${i.title ?? i.itemId}》${yuan(i.fen)} 元`,
        fen: i.fen,
        itemIds: [i.itemId],
      });
    for (const t of (input.topUps ?? []).filter((x) => x.authorId === personId)) {
      const fen = rateFen(rules, t.level) - t.paidFen;
      if (t.paidFen > 0 && fen > 0)
        parts.push({
          rule: 'reward.topUp',
          label: `${LEVEL_LABEL[t.level]}补差《${t.title ?? t.itemId}》${yuan(rateFen(rules, t.level))} − 已发 ${yuan(t.paidFen)} = ${yuan(fen)} 元`,
          fen,
          itemIds: [t.itemId],
        });
    }
    const departmentId = p?.departmentId ?? mine[0]?.departmentId;
    return {
      personId,
      name: p?.name ?? personId,
      role: 'officer',
      departmentIds: departmentId ? [departmentId] : [],
      quota,
      adopted: mine.length,
      adoptedItemIds: [...mine].sort(byAt).map((i) => i.itemId),
      quotaMet: mine.length >= quota,
      rewardFen: parts.reduce((s, x) => s + (x.fen ?? 0), 0),
      parts,
    };
  });

  // 3. Leaders.
  const reviewerOf = (d: ScoringInput['departments'][number]) => d.reviewingLeaderId ?? d.headId;
  const leaderDepts = new Map<string, string[]>();
  for (const d of input.departments) {
    const l = reviewerOf(d);
    if (l) leaderDepts.set(l, [...(leaderDepts.get(l) ?? []), d.departmentId]);
  }
  const reviewing: PersonScore[] = [...leaderDepts].map(([personId, deptIds]) => {
    // A leader who also wrote adopted items is paid for them in his own officer row, not again through his average.
    const mine = officers.filter((o) => o.personId !== personId && o.departmentIds.some((d) => deptIds.includes(d)));
    const sum = mine.reduce((s, o) => s + o.rewardFen, 0);
    const fen = average(sum, mine.length);
    const names = deptIds.map((id) => input.departments.find((d) => d.departmentId === id)?.name ?? id).join('、');
    const label = mine.length
      ? `${names}信息员 ${mine.length} 人奖励合计 ${yuan(sum)} 元 ÷ ${mine.length} = ${yuan(fen)} 元`
      : `${names}没有信息员，审核领导奖励为 0`;
    return {
      personId,
      name: people.get(personId)?.name ?? personId,
      role: 'reviewingLeader',
      departmentIds: deptIds,
      quota: 0,
      adopted: 0,
      adoptedItemIds: [],
      quotaMet: true,
      rewardFen: fen,
      parts: [{ rule: 'reviewingLeaderAverage', label, fen }],
      officers: mine.length,
    } as PersonScore & { officers: number };
  });
  const leaders: PersonScore[] = [...reviewing];
  if (input.principalLeaderId) {
    const counted = (reviewing as (PersonScore & { officers: number })[]).filter(
      (r) => r.officers > 0 && r.personId !== input.principalLeaderId,
    );
    const sum = counted.reduce((s, r) => s + r.rewardFen, 0);
    const fen = average(sum, counted.length);
    const label = counted.length
      ? `审核领导 ${counted.length} 人奖励合计 ${yuan(sum)} 元 ÷ ${counted.length} = ${yuan(fen)} 元`
      : '没有审核领导，主要领导奖励为 0';
    const principal: PersonScore = {
      personId: input.principalLeaderId,
      name: people.get(input.principalLeaderId)?.name ?? input.principalLeaderId,
      role: 'principalLeader',
      departmentIds: [],
      quota: 0,
      adopted: 0,
      adoptedItemIds: [],
      quotaMet: true,
      rewardFen: fen,
      parts: [{ rule: 'principalLeaderAverage', label, fen }],
    };
    const i = leaders.findIndex((l) => l.personId === input.principalLeaderId);
    if (i >= 0) leaders.splice(i, 1, principal);
    else leaders.push(principal);
  }
  for (const l of leaders) delete (l as Partial<PersonScore & { officers: number }>).officers;

  const unassignedFindings = (input.findings ?? []).filter(
    (f) => !f.departmentId || !depts.some((d) => d.departmentId === f.departmentId),
  );
  return {
    month,
    weeks,
    rules,
    departments: ordered,
    people: [...officers.sort((a, b) => a.name.localeCompare(b.name, 'zh')), ...leaders],
    unassignedFindings,
  };
}

/** One line of the item ledger as scoring reads it (`ItemRepo.ledger`). */
export type LedgerLine = {
  at: string;
  itemId: string;
  type: string;
  departmentId: string;
  authorId: string;
  kind: ItemKind;
  externalLevel?: string;
};
const LEVEL_ORDER: Record<string, number> = { municipal: 1, provincial: 2, central: 3 };
const higher = (a: ExternalLevel | undefined, b: ExternalLevel | undefined) =>
  (LEVEL_ORDER[b ?? ''] ?? 0) > (LEVEL_ORDER[a ?? ''] ?? 0) ? b : a;

/**
 * The month's facts from the month's ledger lines (already limited to the local month by the caller): items approved
 * to the office (`sent`), items adopted with the highest external level recorded within the month, and the external
 * adoptions recorded this month for items adopted earlier (candidates for a top-up; the caller adds what was paid).
 */
export function monthFacts(
  lines: LedgerLine[],
  titles: Map<string, string> = new Map(),
): {
  sent: ScoredItem[];
  adopted: AdoptedItem[];
  laterExternal: { itemId: string; departmentId: string; authorId: string; level: ExternalLevel; title?: string }[];
} {
  const sent = new Map<string, ScoredItem>();
  const adopted = new Map<string, AdoptedItem>();
  const external = new Map<string, { line: LedgerLine; level: ExternalLevel }>();
  for (const l of [...lines].sort((a, b) => a.at.localeCompare(b.at))) {
    const base = {
      itemId: l.itemId,
      title: titles.get(l.itemId),
      departmentId: l.departmentId,
      authorId: l.authorId,
      kind: l.kind,
      at: l.at,
    };
    if (l.type === 'approved' && !sent.has(l.itemId)) sent.set(l.itemId, base);
    if (l.type === 'adopted' && !adopted.has(l.itemId)) adopted.set(l.itemId, base);
    if (l.type === 'externalAdoption' && l.externalLevel && l.externalLevel in LEVEL_ORDER) {
      const prev = external.get(l.itemId);
      external.set(l.itemId, { line: l, level: higher(prev?.level, l.externalLevel as ExternalLevel)! });
    }
  }
  const laterExternal: {
    itemId: string;
    departmentId: string;
    authorId: string;
    level: ExternalLevel;
    title?: string;
  }[] = [];
  for (const [itemId, { line, level }] of external) {
    const a = adopted.get(itemId);
    if (a) a.externalLevel = higher(a.externalLevel, level);
    else
      laterExternal.push({
        itemId,
        departmentId: line.departmentId,
        authorId: line.authorId,
        level,
        title: titles.get(itemId),
      });
  }
  return { sent: [...sent.values()], adopted: [...adopted.values()], laterExternal };
}
