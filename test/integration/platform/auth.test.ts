import { describe, expect, it } from 'vitest';
import { api, givenOrg, signIn } from '../../support/scenario.ts';

describe('identity', () => {
  it('rejects /api calls without a token, or with a forged one, with 401', async () => {
    expect((await api('GET', '/api/me')).status).toBe(401);
    expect((await api('GET', '/api/me', { token: 'not-a-jwt' })).status).toBe(401);
    const forged = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4IiwiZW1haWwiOiJ4QHkueiJ9.c2lnbmF0dXJl';
    expect((await api('GET', '/api/me', { token: forged })).status).toBe(401);
    expect((await api('POST', '/api/reports', { body: {} })).status).toBe(401);
  });

  it('signs a registered person in and GET /api/me returns them from the table', async () => {
    const g = await givenOrg();
    const token = await signIn(g.email('reporter'));
    const me = await api('GET', '/api/me', { token });
    expect(me.status).toBe(200);
    expect(me.body).toEqual({
      personId: g.people.reporter.personId,
      orgId: g.orgId,
      name: '报告人',
      email: g.email('reporter'),
      roles: ['reporter'],
      departmentId: g.newsId,
    });
  });

  it('refuses dev sign-in for an unknown e-mail and names a malformed one', async () => {
    const unknown = await api('POST', '/api/auth/dev-login', { body: { email: 'nobody@nowhere.test' } });
    expect(unknown.status).toBe(401);
    const bad = await api('POST', '/api/auth/dev-login', { body: { email: 'not an email' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].field).toBe('email');
  });
});
