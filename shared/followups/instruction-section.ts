import type { Caller } from '../platform/auth/caller.ts';
import type { Raw } from '../platform/pages/html.ts';
import type { Org, Person } from '../org/index.ts';
import type { Instruction, Report } from '../reports/index.ts';
import type { FollowupsDeps } from './ports.ts';
import { followupAccess } from './rules/access.ts';
import { instructionSection } from './followup-pages.ts';

const { can } = followupAccess;

/**
 * The instructions part of a report page for the caller: who may instruct (on a parent's copy, the people of the
 * organisation that sent it are offered too, named with it), who may report progress, pass on (转办), chase and close.
 */
export async function instructionSectionFor(
  deps: Pick<FollowupsDeps, 'orgs' | 'clock'>,
  caller: Caller,
  report: Report,
  org: Pick<Org, 'orgId' | 'officeDepartmentId'>,
  instructions: Instruction[],
): Promise<Raw> {
  const resource = { kind: 'report' as const, report, officeDepartmentId: org.officeDepartmentId };
  const canInstruct = can(caller, 'report.instruct', resource);
  const lower = report.forwardedFrom;
  const people: Person[] = canInstruct
    ? [
        ...(await deps.orgs.listPeople(report.orgId)),
        ...(lower
          ? (await deps.orgs.listPeople(lower.orgId)).map((p) => ({ ...p, name: `${lower.orgName} ${p.name}` }))
          : []),
      ]
    : [];
  const offices = new Map<string, string | undefined>([[org.orgId, org.officeDepartmentId]]);
  for (const i of instructions)
    for (const id of [i.orgId, i.fromOrgId])
      if (id && !offices.has(id)) offices.set(id, (await deps.orgs.getOrg(id))?.officeDepartmentId);
  const res = (i: Instruction) => ({
    kind: 'instruction' as const,
    instruction: i,
    officeDepartmentId: offices.get(i.orgId),
    fromOfficeDepartmentId: i.fromOrgId ? offices.get(i.fromOrgId) : undefined,
  });
  const departments = [
    ...(canInstruct ? await deps.orgs.listDepartments(report.orgId) : []),
    ...(canInstruct && lower
      ? (await deps.orgs.listDepartments(lower.orgId)).map((d) => ({ ...d, name: `${lower.orgName} ${d.name}` }))
      : []),
  ];
  const delegates = instructions.some((i) => can(caller, 'instruction.delegate', res(i)))
    ? await deps.orgs.listPeople(caller.orgId)
    : [];
  return instructionSection({
    reportId: report.reportId,
    instructions,
    me: caller.personId,
    canInstruct,
    canClose: (i) => can(caller, 'instruction.close', res(i)),
    canAct: (i, a) => can(caller, a === 'delegate' ? 'instruction.delegate' : 'instruction.chase', res(i)),
    people,
    delegatePeople: delegates,
    departments: [
      ...departments,
      ...(delegates.length && caller.orgId !== report.orgId ? await deps.orgs.listDepartments(caller.orgId) : []),
    ],
    tz: report.timezone,
    now: deps.clock().toISOString(),
  });
}
