import { describe, expect, it } from 'vitest';
import { orgAccess, type OrgScope } from '../../../shared/org/index.ts';
import { reportAccess } from '../../../shared/reports/index.ts';

const { authorize } = orgAccess;
/** The organisation's table and the reports' one, as one lookup for this test. */
const decide = (caller: Parameters<typeof orgAccess.decide>[0], action: string, resource: object) =>
  action === 'report.read'
    ? reportAccess.decide(caller, 'report.read', resource as never)
    : orgAccess.decide(caller, action as never, resource as never);
import { canSeeReport } from '../../../shared/reports/acknowledge-report.ts';
import type { Caller } from '../../../shared/platform/auth/caller.ts';
import type { Report } from '../../../shared/reports/rules/model.ts';

const county: OrgScope = {
  orgId: 'county',
  lineage: [
    { orgId: 'county', officeDepartmentId: 'county-office' },
    { orgId: 'city', officeDepartmentId: 'city-office' },
  ],
};
const sibling: OrgScope = {
  orgId: 'other-county',
  lineage: [
    { orgId: 'other-county', officeDepartmentId: 'oc-office' },
    { orgId: 'city', officeDepartmentId: 'city-office' },
  ],
};
const who = (orgId: string, roles: string[], departmentId?: string): Caller => ({
  personId: `${orgId}-${roles.join('+') || 'none'}-${departmentId ?? ''}`,
  orgId,
  name: 'x',
  roles,
  departmentId,
});

describe('authorize: administration of an organisation', () => {
  it.each([
    ['its admin', who('county', ['admin']), 'allow'],
    ['its office head', who('county', ['officeHead']), 'allow'],
    ['a clerk of its office department', who('county', ['reporter'], 'county-office'), 'allow'],
    ['a reporter of another department', who('county', ['reporter'], 'news'), 'forbid'],
    ['its principal leader', who('county', ['principalLeader']), 'forbid'],
    ['the upper level office head', who('city', ['officeHead']), 'allow'],
    ['the upper level admin', who('city', ['admin']), 'allow'],
    ['an upper-level reporter', who('city', ['reporter'], 'city-news'), 'hide'],
    ['an admin of a sibling organisation', who('other-county', ['admin']), 'hide'],
  ] as const)('%s → %s', (_n, caller, expected) => {
    expect(decide(caller, 'person.write', { kind: 'org', scope: county })).toBe(expected);
  });

  it('a subordinate office does not manage its upper level', () => {
    expect(
      decide(who('county', ['officeHead']), 'org.read', {
        kind: 'org',
        scope: { orgId: 'city', lineage: [{ orgId: 'city', officeDepartmentId: 'city-office' }] },
      }),
    ).toBe('hide');
  });

  it('creating: a top-level organisation needs an admin; a child needs the parent office', () => {
    expect(decide(who('county', ['officeHead']), 'org.create', { kind: 'newOrg' })).toBe('forbid');
    expect(decide(who('county', ['admin']), 'org.create', { kind: 'newOrg' })).toBe('allow');
    expect(decide(who('county', ['officeHead']), 'org.create', { kind: 'newOrg', parent: county })).toBe('allow');
    expect(decide(who('other-county', ['officeHead']), 'org.create', { kind: 'newOrg', parent: county })).toBe('hide');
  });

  it('throws 403 for forbid and 404 for hide', () => {
    expect(() => authorize(who('county', ['reporter'], 'news'), 'org.read', { kind: 'org', scope: county })).toThrow(
      expect.objectContaining({ status: 403 }),
    );
    expect(() => authorize(who('other-county', ['admin']), 'org.read', { kind: 'org', scope: county })).toThrow(
      expect.objectContaining({ status: 404, code: 'ORG_NOT_FOUND' }),
    );
  });
});

describe('authorize: report visibility equals canSeeReport', () => {
  const report = {
    orgId: 'county',
    reporterId: 'rep',
    chain: [{ personId: 'head' }, { personId: 'chief' }],
  } as unknown as Report;
  const callers: Caller[] = [
    { personId: 'rep', orgId: 'county', name: '', roles: ['reporter'], departmentId: 'news' },
    { personId: 'head', orgId: 'county', name: '', roles: ['departmentHead'], departmentId: 'news' },
    { personId: 'clerk', orgId: 'county', name: '', roles: ['reporter'], departmentId: 'county-office' },
    { personId: 'oh', orgId: 'county', name: '', roles: ['officeHead'] },
    { personId: 'colleague', orgId: 'county', name: '', roles: ['reporter'], departmentId: 'news' },
    { personId: 'admin', orgId: 'county', name: '', roles: ['admin'] },
    { personId: 'rep', orgId: 'elsewhere', name: '', roles: ['officeHead'] },
  ];
  it.each(callers.map((c) => [`${c.personId}@${c.orgId}`, c] as const))('%s', (_n, caller) => {
    const expected = canSeeReport(report, caller, 'county-office');
    expect(decide(caller, 'report.read', { kind: 'report', report, officeDepartmentId: 'county-office' })).toBe(
      expected ? 'allow' : 'hide',
    );
  });
});
