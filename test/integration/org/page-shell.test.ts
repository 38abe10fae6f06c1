import { describe, expect, it } from 'vitest';
import { api, givenOrg, orgRepo, reportBody, reportRepo, signIn, stack, untilIdle } from '../../support/scenario.ts';

/** A page as a signed-in browser gets it (the session cookie holds the dev sign-in ID token). */
async function pageGet(path: string, token: string) {
  const r = await fetch(`${stack().appUrl}${path}`, { headers: { cookie: `bs_session=${token}` }, redirect: 'manual' });
  return { status: r.status, html: await r.text() };
}
const navCount = (html: string) => /<a href="\/inbox">待办<span class="nav-count"[^>]*>(\d+)<\/span>/.exec(html)?.[1];

describe('the page shell: the organisation in the header, the 待办 count in the navigation', () => {
  it('shows how many rows of 待办 wait for the person on the pages of every function, and none when nothing waits', async () => {
    const g = await givenOrg();
    const org = await orgRepo().getOrg(g.orgId);
    const head = await signIn(g.email('head'));
    const before = await pageGet('/', head);
    expect(before.html).toContain(`<span class="org">${org!.name}</span>`);
    expect(navCount(before.html)).toBeUndefined();

    const submitted = await api('POST', '/api/reports', {
      token: await signIn(g.email('reporter')),
      body: reportBody(g),
    });
    expect(submitted.status).toBe(201);
    // The escalation settles (its first level notified, the follow-up due) before the rows are counted.
    await untilIdle();
    const rows = await reportRepo().todosOf(g.people.head.personId);
    expect(rows.length).toBeGreaterThan(0);
    // The same count on pages served by four different functions (session, followups, work-info, scores/admin).
    for (const path of ['/', '/inbox', '/items', `/reports/${submitted.body.reportId}`]) {
      const page = await pageGet(path, head);
      expect({ path, count: navCount(page.html) }).toEqual({ path, count: String(rows.length) });
    }
    // The office's pages carry the header and the count too (the org function reads the 待办 rows).
    const office = await signIn(g.email('office'));
    const admin = await pageGet(`/admin/${g.orgId}`, office);
    expect(admin.status).toBe(200);
    expect(admin.html).toContain(`<span class="org">${org!.name}</span>`);
    expect(navCount(admin.html)).toBe(
      String((await reportRepo().todosOf(g.people.office.personId)).length || '') || undefined,
    );
  });
});
