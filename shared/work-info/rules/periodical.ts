import { numberedId, parseNumberedId } from '../../platform/kernel/numbered.ts';
import { isLeaderOf, type Person } from '../../org/index.ts';
import type { ItemKind } from './item.ts';

/** One issue of the organisation's internal periodical (交流刊物): numbered per organisation and year, gaplessly. */
export type Periodical = {
  periodicalId: string;
  orgId: string;
  orgName: string;
  timezone: string;
  year: number;
  issueNo: number;
  title: string;
  publishedAt: string;
  publishedBy: string;
  publishedByName: string;
  /** The items in the order the office chose, as they read when published. */
  items: {
    itemId: string;
    kind: ItemKind;
    kindLabel: string;
    title: string;
    body: string;
    departmentName: string;
    authorName: string;
  }[];
  /**
   * The distribution list (报/送): names of leaders and departments it goes to, and (抄送) the units outside the
   * organisation on its list (市直相关单位, 篇四 §八), mailed the issue without a sign-in link.
   */
  distribution: { leaders: string[]; departments: string[]; outside?: string[] };
  mailedTo?: string[];
  mailedAt?: string;
};

/** An issue's id in URLs (`2026-3`: the third issue of 2026), and back. */
export const periodicalId = numberedId;
export const parsePeriodicalId = parseNumberedId;

/** The distribution list: the bureau leaders (报) and the departments through their heads (送). */
export function distributionOf(
  people: Person[],
  departments: { departmentId: string; name: string; headId?: string }[],
  principalLeaderId?: string,
): { leaders: Person[]; heads: Person[]; departments: string[] } {
  const leaders = people.filter((p) => isLeaderOf({ principalLeaderId }, p));
  const headIds = new Set(departments.map((d) => d.headId).filter(Boolean));
  const heads = people.filter(
    (p) =>
      !leaders.includes(p) &&
      (headIds.has(p.personId) || p.roles.includes('departmentHead') || p.roles.includes('officeHead')),
  );
  return { leaders, heads, departments: departments.map((d) => d.name) };
}
