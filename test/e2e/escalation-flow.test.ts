import { describe, expect, it } from 'vitest';
import { ALWAYS, checkAt, givenOrg, givenReport, minutesFrom, stack, waitForMail } from '../support/scenario.ts';
import { hasChromium, useBrowser } from './browser.ts';

describe.skipIf(!hasChromium)('in a browser: timeout escalation and sign-off', () => {
  const browser = useBrowser();

  it('a head who does not answer is passed over: the escalation mail shows in the mail viewer and the report page', async () => {
    const g = await givenOrg({ hours: ALWAYS });
    const title = `超时升级 ${g.orgId}`;
    const r = await givenReport(g, { title });
    await waitForMail(g.email('head'));
    await checkAt(minutesFrom(31));
    await waitForMail(g.email('leader'));

    await browser.seeInMailViewer(`【紧急信息·逐级上报】III级 ${title}`);

    const page = await browser.signedIn(g.email('leader'), { next: `/reports/${r.reportId}` });
    await expect(page.locator('#chain tr[data-level="1"] td.state-timedOut').textContent()).resolves.toContain(
      '超时未确认',
    );
    await page.click('#ack-button');
    await page.waitForSelector('#chain tr[data-level="2"] td.state-acknowledged');
    await browser.screenshot(page, 'report-escalated');
  });

  it('the principal leader signs off a report to the parent organisation from the report page', async () => {
    const parent = await givenOrg({ hours: ALWAYS });
    const g = await givenOrg({ hours: ALWAYS, parentOrgId: parent.orgId });
    const { reportId } = await givenReport(g, { severity: 'I' });
    const page = await browser.signedIn(g.email('chief'), { next: `/reports/${reportId}` });
    await page.check('input[name=decision][value=forward]');
    await page.fill('#note', '同意上报');
    await Promise.all([
      page.waitForURL(`${stack().appUrl}/reports/${reportId}`),
      page.click('#sign-off-form button[type=submit]'),
    ]);
    await expect(page.locator('#sign-off').textContent()).resolves.toContain('已上报上级单位');
    const [mail] = await waitForMail(parent.email('office'));
    expect(mail!.subject).toContain('【下级报送·紧急信息】I级');
  });
});
