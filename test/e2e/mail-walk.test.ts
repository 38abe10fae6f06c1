import { describe, expect, it } from 'vitest';
import { api, signIn, stack } from '../support/stack.ts';
import { ALWAYS, givenOrg, givenReport } from '../support/given.ts';
import { checkAt, minutesFrom } from '../support/when.ts';
import { waitForMail } from '../support/then.ts';
import { hasChromium, useBrowser } from './browser.ts';

/** The path of the report link in a mail's text (the mail's own link, as the recipient would open it). */
function linkIn(text: string, reportId: string): string {
  const url = text.match(new RegExp(`${stack().appUrl}(/reports/${reportId}[^\\s）]*)`))?.[1];
  expect(url, text).toBeTruthy();
  return url!;
}

describe.skipIf(!hasChromium)(
  'walked as the recipients of a mail: the link opens the report with the action on top',
  () => {
    const browser = useBrowser();

    it('【待签发·已超时】: the principal leader opens the link on a phone and 签发 is the first thing shown', async () => {
      const g = await givenOrg({ hours: ALWAYS });
      const r = await givenReport(g, { severity: 'II', title: `待签发 ${g.orgId}` });
      await checkAt(minutesFrom(31, r.submittedAt));
      const [toChief] = await waitForMail(g.email('chief'), 1, '【待签发·已超时】');
      expect(toChief!.body.text).toContain('请打开报告，在页面顶部签发');
      const [toOffice] = await waitForMail(g.email('office'), 1, '【待签发·已超时】');
      expect(toOffice!.body.text).toContain('请督促签发人尽快签发');
      expect(toOffice!.body.text).not.toContain('在页面顶部签发');

      const page = await browser.signedIn(g.email('chief'), {
        next: linkIn(toChief!.body.text, r.reportId),
        width: 390,
      });
      expect(new URL(page.url()).pathname).toBe(`/reports/${r.reportId}`);
      const form = page.locator('#actions #sign-off-form');
      await expect(form.isVisible()).resolves.toBe(true);
      const box = await page.locator('#actions').boundingBox();
      expect(box!.y).toBeLessThan(400);
      const chain = await page.locator('#chain').boundingBox();
      expect(box!.y).toBeLessThan(chain!.y);
      await browser.screenshot(page, 'mail-sign-off-overdue-report');
    });

    it('催办: the head opens the link from the 催办 mail and 确认接报 is at the top', async () => {
      const g = await givenOrg({ hours: ALWAYS });
      const r = await givenReport(g, { title: `催办 ${g.orgId}` });
      await waitForMail(g.email('head'));
      const office = await signIn(g.email('office'));
      const chased = await api('POST', `/api/reports/${r.reportId}/chase`, {
        token: office,
        body: { note: '请立即确认' },
      });
      expect(chased.status).toBe(200);
      const [mail] = await waitForMail(g.email('head'), 1, '【催办·请确认接报】');
      expect(mail!.body.text).toContain('请立即确认');

      const page = await browser.signedIn(g.email('head'), { next: linkIn(mail!.body.text, r.reportId), width: 390 });
      const ack = page.locator('#actions #ack-button');
      await expect(ack.isVisible()).resolves.toBe(true);
      expect((await ack.boundingBox())!.y).toBeLessThan(500);
      await browser.screenshot(page, 'mail-chase-report');
      await Promise.all([page.waitForLoadState('load'), ack.click()]);
      await page.waitForSelector('#chain tr[data-level="1"] td.state-acknowledged');
      await expect(page.locator('.flash').textContent()).resolves.toContain('已确认接报');
    });
  },
);
