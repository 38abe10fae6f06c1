import type { ChainLevel, ChainRole } from './model.ts';
import { actingFor, type Department, type Org, type Person, type Severity } from '../../org/index.ts';

export type ChainInput = {
  org: Pick<Org, 'principalLeaderId' | 'config'>;
  department: Pick<Department, 'headId' | 'supervisingLeaderId'>;
  /** The office department, for security incidents in the office area. */
  office?: Pick<Department, 'headId' | 'supervisingLeaderId'>;
  officeSecurity: boolean;
  /** A report sent up from a lower organisation: addressed to this organisation's office (its duty leader first outside working time). */
  forwarded?: boolean;
  severity: Severity;
  reporterId: string;
  workingTime: boolean;
  /** The duty leader on shift at submission, if the roster has one. */
  dutyLeaderId?: string;
  /** The people of the chain and the stand-ins they named (`deputyId`). */
  people: ReadonlyMap<string, Person>;
  now: Date;
};

const SKIP = {
  vacant: '岗位空缺',
  unknown: '人员不存在',
  unavailable: (until?: string) => (until ? `请假或外出（至 ${until}）` : '请假或外出'),
  reporter: '即报告人本人',
  duplicate: '已在较低层级中',
};

/**
 * Computes the reporting chain (POLICY.md §3.4) for a report at submission; the result is stored with the
 * report and never recomputed.
 * 1. Working time: department head → supervising leader → principal leader.
 * 2. Outside working time: duty leader on shift → principal leader (only the principal leader with an empty roster).
 * 3. Security incidents in the office area: office head → the office's supervising leader → principal leader.
 * 4. A level whose person is unavailable reaches the stand-in he named for his leave when that one is available
 *    (`standInFor`, 代 X; org rule `actingFor`); a level that is vacant, unavailable with no stand-in available, the
 *    reporter, or already lower in the chain is `skipped` with its reason.
 * 5. Severities the configuration names also notify the principal leader at once (`parallel`).
 * 6. A report forwarded from a lower organisation goes to the office head → principal leader, with the duty
 *    leader on shift first outside working time.
 */
export function computeChain(input: ChainInput): ChainLevel[] {
  const { org, department, office, people, now } = input;
  let roles: [ChainRole, string | undefined][];
  if (input.forwarded) {
    const office: [ChainRole, string | undefined][] = [
      ['officeHead', input.office?.headId],
      ['principalLeader', org.principalLeaderId],
    ];
    roles = !input.workingTime && input.dutyLeaderId ? [['dutyLeader', input.dutyLeaderId], ...office] : office;
  } else if (!input.workingTime) {
    roles = input.dutyLeaderId
      ? [
          ['dutyLeader', input.dutyLeaderId],
          ['principalLeader', org.principalLeaderId],
        ]
      : [['principalLeader', org.principalLeaderId]];
  } else if (input.officeSecurity) {
    roles = [
      ['officeHead', office?.headId],
      ['supervisingLeader', office?.supervisingLeaderId],
      ['principalLeader', org.principalLeaderId],
    ];
  } else {
    roles = [
      ['departmentHead', department.headId],
      ['supervisingLeader', department.supervisingLeaderId],
      ['principalLeader', org.principalLeaderId],
    ];
  }

  const seen = new Set<string>();
  const chain: ChainLevel[] = roles.map(([role, personId], i) => {
    const level = i + 1;
    if (!personId) return { level, role, personId: null, name: '', state: 'skipped', skipReason: SKIP.vacant };
    const person = people.get(personId);
    if (!person) return { level, role, personId, name: '', state: 'skipped', skipReason: SKIP.unknown };
    // 代理: an absent person's stand-in, available now, is reached in his place (standInFor); else he is skipped.
    const acting = actingFor(person, people, now);
    const reached = acting?.person ?? person;
    const base = {
      level,
      role,
      personId: reached.personId,
      name: reached.name,
      email: reached.email,
      ...(reached.phone ? { phone: reached.phone } : {}),
      ...(acting?.standInFor ? { standInFor: acting.standInFor } : {}),
    };
    let skipReason: string | undefined;
    if (personId === input.reporterId || reached.personId === input.reporterId) skipReason = SKIP.reporter;
    else if (seen.has(personId) || seen.has(reached.personId)) skipReason = SKIP.duplicate;
    else if (!acting) skipReason = SKIP.unavailable(person.unavailableUntil);
    seen.add(personId);
    seen.add(reached.personId);
    return skipReason ? { ...base, state: 'skipped', skipReason } : { ...base, state: 'pending' };
  });

  const top = chain[chain.length - 1];
  const firstActive = chain.find((l) => l.state === 'pending');
  if (
    top &&
    top.state === 'pending' &&
    firstActive !== top &&
    org.config.parallelPrincipalSeverities.includes(input.severity)
  ) {
    top.parallel = true;
  }
  return chain;
}
