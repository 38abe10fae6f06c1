import { describe, expect, it } from 'vitest';
import { givenOrg, givenReport, reportRepo, waitForText } from '../support/scenario.ts';
import { axeViolations, hasChromium, sidewaysOverflow, useBrowser } from './browser.ts';

describe.skipIf(!hasChromium)('in a browser: a text’s short link, on a phone', () => {
  const browser = useBrowser();

  it('the head opens the link of the text at 390 px and acknowledges as himself', async () => {
    const g = await givenOrg({ phones: true });
    const { reportId } = await givenReport(g, { severity: 'I' });
    const [text] = await waitForText(g.people.head.phone);
    const link = /(https?:\/\/\S+\/a\/[A-Za-z0-9_-]{16})$/.exec(text!.body)?.[1];
    expect(link).toBeDefined();

    const phone = await browser.fresh({ width: 390 });
    await phone.goto(link!);
    expect(new URL(phone.url()).pathname).toMatch(/^\/ack\/[A-Za-z0-9_-]{16}$/);
    await expect(phone.locator('h1').textContent()).resolves.toBe('确认接报');
    expect(await sidewaysOverflow(phone)).toBe(0);
    expect((await axeViolations(phone)).filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
    await browser.screenshot(phone, 'sms-ack-link');

    await phone.click('#ack-button');
    await phone.waitForSelector('#ack-done');
    await expect(phone.locator('#ack-done').textContent()).resolves.toContain('已确认接报');
    expect(await sidewaysOverflow(phone)).toBe(0);
    const head = (await reportRepo().get(reportId))!.chain.find((l) => l.personId === g.people.head.personId);
    expect(head?.state).toBe('acknowledged');
  });
});
