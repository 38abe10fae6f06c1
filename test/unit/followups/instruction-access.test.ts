import { describe, expect, it } from 'vitest';
import { followupAccess } from '../../../shared/followups/rules/access.ts';
import { mayOpenReport } from '../../../shared/reports/rules/access.ts';
import type { Caller } from '../../../shared/platform/auth/caller.ts';

const who = (personId: string, orgId: string, roles: string[] = [], departmentId?: string): Caller => ({
  personId,
  orgId,
  name: personId,
  roles,
  ...(departmentId ? { departmentId } : {}),
});

import type { FollowupResource } from '../../../shared/followups/rules/access.ts';

/** An instruction of the city (giver city-chief) held by the county's report, assigned to the county's chief. */
const fromAbove: FollowupResource & { kind: 'instruction' } = {
  kind: 'instruction' as const,
  instruction: {
    orgId: 'county',
    fromOrgId: 'city',
    givenById: 'city-chief',
    assignees: [{ personId: 'county-chief', name: '县主要领导', email: 'c@x' }],
  },
  officeDepartmentId: 'county-office',
  fromOfficeDepartmentId: 'city-office',
};
const local = {
  ...fromAbove,
  instruction: { ...fromAbove.instruction, fromOrgId: undefined, givenById: 'county-chief' },
};

const people = {
  assignee: who('county-chief', 'county', ['principalLeader']),
  countyOffice: who('county-clerk', 'county', ['reporter'], 'county-office'),
  countyColleague: who('county-reporter', 'county', ['reporter'], 'county-news'),
  giver: who('city-chief', 'city', ['principalLeader']),
  cityOffice: who('city-head', 'city', ['officeHead'], 'city-office'),
  cityColleague: who('city-reporter', 'city', ['reporter']),
  elsewhere: who('x', 'elsewhere', ['officeHead']),
};
type Who = keyof typeof people;
const decide = (w: Who, action: Parameters<typeof followupAccess.decide>[1], r: FollowupResource = fromAbove) =>
  followupAccess.decide(people[w], action, r);

describe('who may act on an instruction from above (issue 17 item 3)', () => {
  const table: [Parameters<typeof followupAccess.decide>[1], Partial<Record<Who, string>>][] = [
    [
      'instruction.progress',
      { assignee: 'allow', countyOffice: 'forbid', giver: 'forbid', cityOffice: 'forbid', elsewhere: 'hide' },
    ],
    [
      'instruction.close',
      { giver: 'allow', cityOffice: 'allow', countyOffice: 'forbid', assignee: 'forbid', countyColleague: 'hide' },
    ],
    ['instruction.delegate', { countyOffice: 'allow', cityOffice: 'forbid', assignee: 'forbid', giver: 'forbid' }],
    ['instruction.chase', { countyOffice: 'allow', cityOffice: 'allow', assignee: 'forbid', cityColleague: 'hide' }],
  ];
  it.each(table)('%s', (action, expected) => {
    for (const [w, d] of Object.entries(expected)) expect([w, decide(w as Who, action)]).toEqual([w, d]);
  });

  it('a local instruction is closed by its organisation’s office and never passed on', () => {
    expect(decide('countyOffice', 'instruction.close', local)).toBe('allow');
    expect(decide('countyOffice', 'instruction.delegate', local)).toBe('forbid');
    expect(decide('cityOffice', 'instruction.close', local)).toBe('hide');
  });
});

describe('the visibility rule lets an instruction’s assignees open the report, whatever their organisation', () => {
  const report = { orgId: 'county', reporterId: 'r', chain: [], instructionAssigneeIds: ['city-reporter'] };
  it('opens for an assignee of the parent, not for the parent’s others', () => {
    expect(mayOpenReport(people.cityColleague, report)).toBe(true);
    expect(mayOpenReport(people.cityOffice, report)).toBe(false);
    expect(mayOpenReport(people.countyColleague, report)).toBe(false);
  });
});
