import { EXTERNAL_LEVELS, type ExternalLevel, type LedgerEntry } from '../../work-info/index.ts';

export type DepartmentStats = {
  departmentId: string;
  name: string;
  submitted: number;
  adopted: number;
  adoptionRate: number;
  external: Record<ExternalLevel, number>;
  rank: number;
};
/** A quarter's adoption statistics as computed from its ledger lines in [from, to]. */
export type QuarterFigures = {
  orgId: string;
  quarter: string;
  from: string;
  to: string;
  departments: DepartmentStats[];
  itemsRead: number;
};
/** `publishedAt`: when the quarter's statistics were mailed to the leaders (absent until the quarter's job has run). */
export type QuarterStats = QuarterFigures & { publishedAt?: string };

/** The quarter (`YYYY-Qn`) a local month (`YYYY-MM`) falls in, and whether the month is the quarter's last. */
export function quarterOf(month: string): { quarter: string; last: boolean } {
  const m = Number(month.slice(5));
  return { quarter: `${month.slice(0, 4)}-Q${Math.ceil(m / 3)}`, last: m % 3 === 0 };
}

/** The first and the last month (`YYYY-MM`) of a quarter (`YYYY-Qn`). */
export function monthsOfQuarter(quarter: string): { first: string; last: string } {
  const year = quarter.slice(0, 4);
  const first = (Number(quarter.slice(6)) - 1) * 3 + 1;
  return { first: `${year}-${String(first).padStart(2, '0')}`, last: `${year}-${String(first + 2).padStart(2, '0')}` };
}

/**
 * Adoption statistics of a quarter per department, from the quarter's ledger lines in [from, to]: items sent to the
 * office (`submitted`: approved by their reviewing leader), adopted, the adoption rate (adopted ÷ submitted, in per
 * cent with one decimal; items sent in an earlier quarter may make it exceed 100), external adoptions recorded by
 * level; ranked by adopted, then rate (equal ones share a rank). The office appears only when it sent something.
 */
export function rankQuarter(
  departments: readonly { departmentId: string; name: string; isOffice: boolean }[],
  lines: readonly LedgerEntry[],
  span: { from: string; to: string },
): DepartmentStats[] {
  const rows = new Map<
    string,
    { submitted: Set<string>; adopted: Set<string>; external: Record<ExternalLevel, number> }
  >();
  const row = (id: string) =>
    rows.get(id) ??
    rows
      .set(id, { submitted: new Set(), adopted: new Set(), external: { municipal: 0, provincial: 0, central: 0 } })
      .get(id)!;
  for (const l of lines) {
    if (l.at < span.from || l.at > span.to) continue;
    if (l.type === 'approved') row(l.departmentId).submitted.add(l.itemId);
    if (l.type === 'adopted') row(l.departmentId).adopted.add(l.itemId);
    if (l.type === 'externalAdoption' && (EXTERNAL_LEVELS as readonly string[]).includes(l.externalLevel ?? ''))
      row(l.departmentId).external[l.externalLevel as ExternalLevel]++;
  }
  const stats: DepartmentStats[] = departments
    .filter((d) => !d.isOffice || rows.has(d.departmentId))
    .map((d) => {
      const r = row(d.departmentId);
      const submitted = r.submitted.size;
      const adopted = r.adopted.size;
      return {
        departmentId: d.departmentId,
        name: d.name,
        submitted,
        adopted,
        adoptionRate: submitted ? Math.round((adopted * 1000) / submitted) / 10 : 0,
        external: r.external,
        rank: 0,
      };
    })
    .sort((a, b) => b.adopted - a.adopted || b.adoptionRate - a.adoptionRate || a.name.localeCompare(b.name, 'zh'));
  stats.forEach((d, i) => {
    const prev = stats[i - 1];
    d.rank = prev && prev.adopted === d.adopted && prev.adoptionRate === d.adoptionRate ? prev.rank : i + 1;
  });
  return stats;
}
