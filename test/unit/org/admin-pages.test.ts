import { describe, expect, it } from 'vitest';
import { matchPage } from '../../../functions/http/org/admin-pages.ts';

describe('admin pages behind /admin/{proxy+}', () => {
  it.each([
    ['GET', '/admin', 'GET /admin', {}],
    ['GET', '/admin/o1', 'GET /admin/{orgId}', { orgId: 'o1' }],
    ['GET', '/admin/o1/', 'GET /admin/{orgId}', { orgId: 'o1' }],
    ['POST', '/admin/o1/roster/delete', 'POST /admin/{orgId}/roster/delete', { orgId: 'o1' }],
    ['POST', '/admin/o1/departments/d%201', 'POST /admin/{orgId}/departments/{departmentId}', { orgId: 'o1', departmentId: 'd 1' }],
    ['GET', '/admin/o1/people/p1', 'GET /admin/{orgId}/people/{personId}', { orgId: 'o1', personId: 'p1' }],
  ])('%s %s → %s', (method, path, page, params) => {
    expect(matchPage(method, path)).toEqual({ page, params });
  });
  it.each([
    ['GET', '/admin/o1/roster/delete'],
    ['DELETE', '/admin/o1'],
    ['GET', '/admin/o1/nothing'],
    ['GET', '/admin/o1/people/p1/extra'],
  ])('%s %s is not a page', (method, path) => {
    expect(matchPage(method, path)).toBeUndefined();
  });
});
