import { describe, expect, it } from 'vitest';
import { givenOrg, givenReport, orgRepo, stack, waitForMail } from '../support/scenario.ts';
import { hasChromium, sidewaysOverflow, useBrowser } from './browser.ts';

describe.skipIf(!hasChromium)('in a browser: a stand-in for a leave (代理)', () => {
  const browser = useBrowser();

  it('the office names a stand-in on the person page at 390 px, and the stand-in’s mail says 代', async () => {
    const g = await givenOrg();
    const path = `/admin/${g.orgId}/people/${g.people.head.personId}`;
    const page = await browser.signedIn(g.email('office'), { next: path, javaScript: false, width: 390 });
    await page.check('#e-avail-no');
    await page.selectOption('#e-deputy', g.people.reviewer.personId);
    await Promise.all([
      page.waitForURL(`${stack().appUrl}/admin/${g.orgId}/people`),
      page.click(`form[action="${path}"] button[type=submit]`),
    ]);
    await expect(page.locator('[role=status]').first().textContent()).resolves.toContain('（不在岗）');
    expect(await orgRepo().getPerson(g.people.head.personId)).toMatchObject({
      available: false,
      deputyId: g.people.reviewer.personId,
    });
    await page.goto(`${stack().appUrl}${path}`);
    await expect(page.locator('#e-deputy').inputValue()).resolves.toBe(g.people.reviewer.personId);
    expect(await sidewaysOverflow(page)).toBe(0);
    await browser.screenshot(page, 'stand-in-admin-person');

    await givenReport(g);
    const [mail] = await waitForMail(g.email('reviewer'));
    const view = await browser.fresh({ width: 390 });
    await view.setContent(mail!.body.html);
    await expect(view.getByText('审核人（代 部门负责人）：', { exact: true }).count()).resolves.toBe(1);
    expect(await sidewaysOverflow(view)).toBe(0);
    await browser.screenshot(view, 'stand-in-mail');
  });
});
