import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { ALWAYS, api, givenOrg, invokeFunction, reportBody, signIn, stack, waitForMail } from '../support/scenario.ts';
import { hasChromium, launch, signedInPage } from './browser.ts';

describe.skipIf(!hasChromium)('in a browser: timeout escalation and sign-off', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('a head who does not answer is passed over: the escalation mail shows in the mail viewer and the report page', async () => {
    const g = await givenOrg({ hours: ALWAYS });
    const title = `超时升级 ${g.orgId}`;
    const r = await api('POST', '/api/reports', { token: await signIn(g.email('reporter')), body: reportBody(g, { title }) });
    await waitForMail(g.email('head'));
    await invokeFunction('CheckOverdue', { time: new Date(Date.now() + 31 * 60_000).toISOString() });
    await waitForMail(g.email('leader'));

    const viewer = await browser.newPage();
    await viewer.goto(stack().mailUrl);
    await viewer.getByText(`【紧急信息·逐级上报】III级 ${title}`).first().waitFor({ timeout: 10_000 });

    const page = await signedInPage(browser, stack().appUrl, g.email('leader'));
    await page.goto(`${stack().appUrl}/reports/${r.body.reportId}`);
    await expect(page.locator('#chain tr[data-level="1"] td.state-timedOut').textContent()).resolves.toContain('超时未确认');
    await page.click('#ack-button');
    await page.waitForSelector('#chain tr[data-level="2"] td.state-acknowledged');
  });

  it('the principal leader signs off a report to the parent organisation from the report page', async () => {
    const parent = await givenOrg({ hours: ALWAYS });
    const g = await givenOrg({ hours: ALWAYS, parentOrgId: parent.orgId });
    const r = await api('POST', '/api/reports', { token: await signIn(g.email('reporter')), body: reportBody(g, { severity: 'I' }) });
    const page = await signedInPage(browser, stack().appUrl, g.email('chief'));
    await page.goto(`${stack().appUrl}/reports/${r.body.reportId}`);
    await page.check('input[name=decision][value=forward]');
    await page.fill('#note', '同意上报');
    await Promise.all([page.waitForURL(`${stack().appUrl}/reports/${r.body.reportId}`), page.click('#sign-off-form button[type=submit]')]);
    await expect(page.locator('#sign-off').textContent()).resolves.toContain('已上报上级单位');
    const [mail] = await waitForMail(parent.email('office'));
    expect(mail!.subject).toContain('【下级报送·紧急信息】I级');
  });
});
