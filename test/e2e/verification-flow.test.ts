import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ALWAYS, givenOrg, givenReport, linkIn, stack, waitForMail } from '../support/scenario.ts';
import { hasChromium, sidewaysOverflow, useBrowser } from './browser.ts';

/** How far the page is wider than a 390 px phone screen (0: no sideways scrolling). */
async function phoneOverflow(page: Page) {
  const size = page.viewportSize();
  await page.setViewportSize({ width: 390, height: 844 });
  const px = await sidewaysOverflow(page);
  if (size) await page.setViewportSize(size);
  return px;
}

describe.skipIf(!hasChromium)('in a browser: 核报, asked by the upper office, answered by the lower one', () => {
  const browser = useBrowser();

  it('the city office asks from 督办; the county office opens the mail link and its 待办 entry, and answers once', async () => {
    const city = await givenOrg({ hours: ALWAYS });
    const county = await givenOrg({ hours: ALWAYS, parentOrgId: city.orgId });
    await givenReport(county, { title: '发射塔受损' });
    const app = stack().appUrl;

    // The city office, on a phone: 督办 → 发起核报 → the form → the request, with its confirmation.
    const cityOffice = await browser.signedIn(city.email('office'), { next: '/supervision' });
    await expect(cityOffice.locator('main').textContent()).resolves.toContain('核报待答复（0）');
    await Promise.all([
      cityOffice.waitForURL(`${app}/verification-requests/new`),
      cityOffice.click('a[href="/verification-requests/new"]'),
    ]);
    await cityOffice.selectOption('#f-targetOrgId', county.orgId);
    await cityOffice.fill('#f-subject', '网传发射塔倒塌');
    await cityOffice.fill('#f-details', '有网民发帖称县广播电视台发射塔在大风中倒塌，请核实。');
    await cityOffice.fill('#f-heardFrom', '网络舆情');
    await browser.screenshot(cityOffice, 'verification-form');
    expect(await phoneOverflow(cityOffice)).toBe(0);
    await Promise.all([
      cityOffice.waitForURL(/\/verification-requests\/[A-Z0-9]+$/),
      cityOffice.click('#verification-form button[type=submit]'),
    ]);
    await expect(cityOffice.locator('.flash').textContent()).resolves.toContain('发出核报');
    await expect(cityOffice.locator('#verification-state').textContent()).resolves.toBe('待核报');
    expect(await cityOffice.locator('#answer-form').count()).toBe(0);
    await browser.screenshot(cityOffice, 'verification-sent');
    const requestPath = new URL(cityOffice.url()).pathname;

    // The county office: the mail's link opens the request for it, with the answer form.
    const [mail] = await waitForMail(county.email('office'), 1, '【核报】');
    const link = linkIn(mail!, 'verification-requests');
    expect(new URL(link).pathname).toBe(requestPath);
    const countyOffice = await browser.signedIn(county.email('office'), { next: new URL(link).pathname });
    await expect(countyOffice.locator('h1').textContent()).resolves.toContain('网传发射塔倒塌');
    expect(await countyOffice.locator('#answer-form').count()).toBe(1);
    await browser.screenshot(countyOffice, 'verification-to-answer');
    expect(await phoneOverflow(countyOffice)).toBe(0);

    // …and so does its 待办 entry (the principal leader's too).
    await countyOffice.goto(`${app}/inbox`);
    const entry = countyOffice.locator('#inbox tr[data-kind="verificationRequest"]');
    await expect(entry.textContent()).resolves.toContain('待核报');
    await browser.screenshot(countyOffice, 'verification-inbox');
    await Promise.all([countyOffice.waitForURL(`${app}${requestPath}`), entry.locator('a').click()]);
    const chief = await browser.signedIn(county.email('chief'), { next: '/inbox' });
    await expect(chief.locator('#inbox').textContent()).resolves.toContain('网传发射塔倒塌');

    // The county's 督办 lists what the upper office asked of it.
    await countyOffice.goto(`${app}/supervision`);
    await expect(countyOffice.locator('#verifications-to-answer').textContent()).resolves.toContain('网传发射塔倒塌');
    await browser.screenshot(countyOffice, 'verification-supervision-lower');
    expect(await phoneOverflow(countyOffice)).toBe(0);
    await countyOffice.goto(`${app}${requestPath}`);

    // "经核实无此事" without the explanation: the form comes back with the error, nothing answered.
    await countyOffice.check('#answer-form input[name=how][value=none]');
    await countyOffice.click('#answer-form button[type=submit]');
    await expect(countyOffice.locator('#error-summary').textContent()).resolves.toContain('核实情况说明');
    await browser.screenshot(countyOffice, 'verification-answer-error');

    // Answered by its report: PRG to the request with the confirmation; the form is gone.
    await countyOffice.check('#answer-form input[name=how][value=report]');
    const choice = countyOffice.locator('#f-reportId option', { hasText: '发射塔受损' });
    await countyOffice.selectOption('#f-reportId', (await choice.getAttribute('value')) ?? '');
    await Promise.all([
      countyOffice.waitForURL(`${app}${requestPath}`),
      countyOffice.click('#answer-form button[type=submit]'),
    ]);
    await expect(countyOffice.locator('.flash').textContent()).resolves.toContain('已答复核报');
    await expect(countyOffice.locator('#verification-answer').textContent()).resolves.toContain('发射塔受损');
    expect(await countyOffice.locator('#answer-form').count()).toBe(0);
    await browser.screenshot(countyOffice, 'verification-answered');

    // The city office sees the answer, and its 督办 no longer waits for it.
    await waitForMail(city.email('office'), 1, '【核报已答复】');
    await cityOffice.goto(`${app}${requestPath}`);
    await expect(cityOffice.locator('#verification-state').textContent()).resolves.toBe('已答复');
    await cityOffice.goto(`${app}/supervision`);
    await expect(cityOffice.locator('main').textContent()).resolves.toContain('核报待答复（0）');
    await browser.screenshot(cityOffice, 'verification-supervision');
  });
});
