import { describe, expect, it } from 'vitest';
import { mayOpenReport, reportAccess, type ReportAudienceFields } from '../../../shared/reports/index.ts';
import type { Caller } from '../../../shared/platform/auth/caller.ts';

/** The one visibility rule of a report (API.md "Events across people and organisations"). */
const report: ReportAudienceFields = {
  orgId: 'county',
  reporterId: 'rep',
  // At night: the duty leader, then the principal leader; the department's own leaders are not in the chain.
  chain: [
    { level: 1, role: 'dutyLeader', personId: 'duty', name: '', state: 'notified' },
    { level: 2, role: 'principalLeader', personId: 'chief', name: '', state: 'pending' },
  ],
  departmentHeadId: 'head',
  departmentLeaderIds: ['head', 'reviewer', 'leader'],
  instructionAssigneeIds: ['tech'],
  watcherIds: ['dutyOfficer'],
};
const who = (personId: string, over: Partial<Caller> = {}): Caller => ({
  personId,
  orgId: 'county',
  name: personId,
  roles: ['reporter'],
  departmentId: 'news',
  ...over,
});

describe('who may open a report', () => {
  it.each([
    ['the reporter', who('rep')],
    ['a level the chain reached', who('duty')],
    ['a level the chain will reach', who('chief')],
    ['the department head outside working time', who('head')],
    ['the reviewing leader', who('reviewer')],
    ['the supervising leader', who('leader')],
    ['an assignee of an instruction, of another department', who('tech', { departmentId: 'tech' })],
    ['the duty officer told that nobody answers', who('dutyOfficer', { departmentId: 'tech' })],
    ['the office head', who('oh', { roles: ['officeHead'], departmentId: undefined })],
    ['a clerk of the office department', who('clerk', { departmentId: 'office' })],
  ])('%s: yes', (_what, caller) => {
    expect(mayOpenReport(caller, report, 'office')).toBe(true);
    expect(reportAccess.decide(caller, 'report.read', { kind: 'report', report, officeDepartmentId: 'office' })).toBe(
      'allow',
    );
  });

  it.each([
    ['a colleague of the reporter', who('colleague')],
    ['an administrator', who('admin', { roles: ['admin'] })],
    ['another leader of the organisation', who('otherLeader', { roles: ['supervisingLeader'] })],
    ['the head of the department, in another organisation', who('head', { orgId: 'city' })],
    [
      "the parent's office head (the parent sees its own copy, not the original)",
      who('cityOffice', { orgId: 'city', roles: ['officeHead'] }),
    ],
  ])('%s: no (404)', (_what, caller) => {
    expect(mayOpenReport(caller, report, 'office')).toBe(false);
    expect(reportAccess.decide(caller, 'report.read', { kind: 'report', report, officeDepartmentId: 'office' })).toBe(
      'hide',
    );
  });

  it('a report stored before the leaders were recorded still shows to its department head', () => {
    const old = { orgId: 'county', reporterId: 'rep', chain: [], departmentHeadId: 'head' };
    expect(mayOpenReport(who('head'), old)).toBe(true);
    expect(mayOpenReport(who('leader'), old)).toBe(false);
  });

  it('an office department id not given gives no one the office by department', () => {
    expect(mayOpenReport(who('clerk', { departmentId: 'office' }), report)).toBe(false);
  });
});
