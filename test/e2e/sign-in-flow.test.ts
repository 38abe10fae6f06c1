import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { api, givenOrg, givenReport, stack, untilIdle } from '../support/scenario.ts';
import { axeViolations, hasChromium, sidewaysOverflow, useBrowser } from './browser.ts';

const serious = (v: { impact: string }[]) => v.filter((x) => x.impact === 'serious' || x.impact === 'critical');
const cookie = async (page: Page, name: string) => (await page.context().cookies()).find((c) => c.name === name);

/** What every visited page must be: no sideways scroll, no serious or critical axe finding. */
async function checkPage(page: Page, what: string, seen: Record<string, number>) {
  expect({ what, overflow: await sidewaysOverflow(page) }).toEqual({ what, overflow: 0 });
  const found = serious(await axeViolations(page));
  seen[what] = found.length;
  expect({ what, found }).toEqual({ what, found: [] });
}

describe.skipIf(!hasChromium)(
  'in a browser: sign-in by OpenID Connect (code + PKCE) through the local provider',
  () => {
    const browser = useBrowser();

    it.each([390, 1280])(
      'at %i px: login page of the provider, callback, session cookie, home; then sign-out',
      async (width) => {
        const g = await givenOrg();
        const seen: Record<string, number> = {};
        const page = await browser.fresh({ width });
        await page.goto(`${stack().appUrl}/reports/new`);
        // Not signed in: /login → the provider's authorize endpoint → its e-mail page.
        await page.waitForSelector('#email');
        expect(new URL(page.url()).origin).toBe(stack().oidcUrl);
        expect(page.url()).toContain('/interaction/');
        await checkPage(page, `provider-login-${width}`, seen);
        if (width === 1280) await browser.screenshot(page, 'signin-provider-login');

        await page.fill('#email', g.email('chief'));
        await Promise.all([page.waitForURL(`${stack().appUrl}/reports/new`), page.click('button[type=submit]')]);
        await expect(page.locator('[role=status]').first().textContent()).resolves.toContain('您已登录');

        const session = await cookie(page, 'bs_session');
        expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
        expect((await cookie(page, 'bs_refresh'))?.httpOnly).toBe(true);
        expect(await cookie(page, 'bs_login')).toBeUndefined();
        // The ID token is the provider's (RS256 by its JWKS), and the API's JWT authorizer takes it too.
        const header = JSON.parse(Buffer.from(session!.value.split('.')[0]!, 'base64url').toString('utf8'));
        expect(header.alg).toBe('RS256');
        const me = await api('GET', '/api/me', { token: decodeURIComponent(session!.value) });
        expect(me.status).toBe(200);
        expect(me.body.email).toBe(g.email('chief'));
        await checkPage(page, `report-form-${width}`, seen);

        await page.goto(`${stack().appUrl}/`);
        await expect(page.locator('.site-header .org').textContent()).resolves.not.toBe('');
        await checkPage(page, `home-${width}`, seen);
        if (width === 1280) await browser.screenshot(page, 'signin-home');

        // Sign-out ends both sides: the cookies here and the provider's session (the next /login asks again).
        await Promise.all([page.waitForURL(`${stack().appUrl}/signed-out`), page.click('.who button')]);
        expect(await cookie(page, 'bs_session')).toBeUndefined();
        await checkPage(page, `signed-out-${width}`, seen);
        if (width === 1280) await browser.screenshot(page, 'signin-signed-out');
        await page.goto(`${stack().appUrl}/login`);
        await page.waitForSelector('#email');
        console.info(`axe serious+critical at ${width} px:`, seen);
      },
    );

    it('a person with no record gets a page that says so, not an error or a loop', async () => {
      const page = await browser.fresh({ width: 390 });
      await page.goto(`${stack().appUrl}/login`);
      await page.fill('#email', `nobody-${Date.now()}@example.org`);
      const [response] = await Promise.all([
        page.waitForResponse((r) => r.url().startsWith(`${stack().appUrl}/auth/callback`)),
        page.click('button[type=submit]'),
      ]);
      expect(response.status()).toBe(403);
      await expect(page.locator('h1').textContent()).resolves.toBe('账号未登记');
      await expect(page.locator('main').textContent()).resolves.toContain('请联系本单位办公室');
      await checkPage(page, 'unregistered', {});
      await browser.screenshot(page, 'signin-unregistered');
    });

    it('an expired ID token is renewed with the refresh token, and the page stays signed in', async () => {
      const g = await givenOrg();
      const page = await browser.signedIn(g.email('reporter'));
      const before = await cookie(page, 'bs_session');
      // The browser sends a session cookie that no longer verifies (as an expired one), with its refresh token.
      await page.context().addCookies([{ ...before!, value: 'expired.token.value' }]);
      await page.goto(`${stack().appUrl}/`);
      expect(new URL(page.url()).pathname).toBe('/');
      const after = await cookie(page, 'bs_session');
      expect(after!.value).not.toBe('expired.token.value');
      const me = await api('GET', '/api/me', { token: decodeURIComponent(after!.value) });
      expect(me.body.email).toBe(g.email('reporter'));
    });

    it('a callback whose state does not match the browser’s is refused with a way to start again', async () => {
      const page = await browser.fresh();
      const r = await page.goto(`${stack().appUrl}/auth/callback?code=forged&state=forged`);
      expect(r!.status()).toBe(400);
      await expect(page.locator('a.button[href="/login"]').count()).resolves.toBe(1);
    });
    it('an unknown URL answers an HTML 404 page for a page and JSON under /api/', async () => {
      const page = await browser.fresh({ width: 390 });
      const r = await page.goto(`${stack().appUrl}/no/such/page`);
      expect(r!.status()).toBe(404);
      expect(r!.headers()['content-type']).toContain('text/html');
      await expect(page.locator('h1').textContent()).resolves.toBe('找不到页面');
      await checkPage(page, 'not-found', {});
      await browser.screenshot(page, 'not-found');
      const json = await api('GET', '/api/no-such-thing');
      expect(json.status).toBe(404);
      expect(json.body.error.code).toBe('NOT_FOUND');
    });
    it.each([390, 1280])(
      'at %i px the report page with its chain ("已通知，待确认") passes axe and fits',
      async (width) => {
        const g = await givenOrg();
        const report = await givenReport(g);
        await untilIdle();
        const page = await browser.signedIn(g.email('reporter'), { next: `/reports/${report.reportId}`, width });
        await page.locator('#chain .state-notified').first().waitFor();
        await checkPage(page, `report-${width}`, {});
        if (width === 390) await browser.screenshot(page, 'signin-report-chain');
      },
    );
  },
);
