import { describe, expect, it } from 'vitest';
import {
  availableAt,
  DEFAULT_TIMEZONE,
  isLeaderOf,
  isOfficeDepartment,
  isOfficeOf,
  isOfficeOrAdminOf,
  officeDepartmentOf,
  zoneOf,
} from '../../../shared/org/index.ts';

const org = { orgId: 'o1', officeDepartmentId: 'office', principalLeaderId: 'chief' };
const member = (roles: string[], departmentId?: string, orgId = 'o1') => ({
  personId: `${roles.join('+')}@${departmentId ?? '-'}`,
  orgId,
  roles,
  departmentId,
});

describe('the office (one definition for every context)', () => {
  it.each([
    ['the office head', member(['officeHead']), true, true],
    ['a clerk of the office department', member(['reporter'], 'office'), true, true],
    ['an administrator', member(['admin'], 'news'), false, true],
    ['a reporter of another department', member(['reporter'], 'news'), false, false],
    ['the office head of another organisation', member(['officeHead'], undefined, 'o2'), false, false],
    ['an administrator of another organisation', member(['admin'], undefined, 'o2'), false, false],
  ])('%s: office %s, office or admin %s', (_n, who, office, officeOrAdmin) => {
    expect(isOfficeOf(who, org)).toBe(office);
    expect(isOfficeOrAdminOf(who, org)).toBe(officeOrAdmin);
  });

  it('without an office department named, only the office head is the office', () => {
    expect(isOfficeOf(member(['reporter'], 'office'), { orgId: 'o1' })).toBe(false);
    expect(isOfficeOf(member(['officeHead']), { orgId: 'o1' })).toBe(true);
  });

  it('finds the office department: the one the organisation names, or one marked as office', () => {
    const departments = [{ departmentId: 'news' }, { departmentId: 'office' }, { departmentId: 'old', isOffice: true }];
    expect(officeDepartmentOf(org, departments)?.departmentId).toBe('office');
    expect(officeDepartmentOf({}, departments)?.departmentId).toBe('old');
    expect(officeDepartmentOf(undefined, [{ departmentId: 'news' }])).toBeUndefined();
    expect(isOfficeDepartment(org, { departmentId: 'news' })).toBe(false);
  });
});

describe('availability, leaders and the zone', () => {
  const now = new Date('2026-12-01T08:00:00Z');
  it.each([
    ['marked available', { available: true }, true],
    ['on leave without an end', { available: false }, false],
    ['on leave until later', { available: false, unavailableUntil: '2026-12-02T00:00:00.000Z' }, false],
    ['on leave that ended', { available: false, unavailableUntil: '2026-12-01T07:59:00.000Z' }, true],
    ['on leave that ends now', { available: false, unavailableUntil: '2026-12-01T08:00:00.000Z' }, true],
  ])('%s → %s', (_n, p, expected) => {
    expect(availableAt(p, now)).toBe(expected);
  });

  it('the leaders are the principal leader and everyone with a leader’s role', () => {
    expect(isLeaderOf(org, { personId: 'chief', roles: [] })).toBe(true);
    expect(isLeaderOf(org, { personId: 'x', roles: ['supervisingLeader'] })).toBe(true);
    expect(isLeaderOf(org, { personId: 'x', roles: ['officeHead'] })).toBe(false);
  });

  it('an organisation without a zone is in the default one', () => {
    expect(zoneOf({ timezone: 'Europe/London' })).toBe('Europe/London');
    expect(zoneOf({ timezone: '' })).toBe(DEFAULT_TIMEZONE);
    expect(zoneOf(undefined)).toBe(DEFAULT_TIMEZONE);
  });
});
