import { describe, expect, it } from 'vitest';
import { ALWAYS, givenOrg, givenReport, stack, waitForMail } from '../support/scenario.ts';
import { hasChromium, useBrowser } from './browser.ts';

describe.skipIf(!hasChromium)('in a browser: follow-ups, the final report and an instruction', () => {
  const browser = useBrowser();

  it('acknowledge, 续报一, an instruction given, carried out and closed, then 终报', async () => {
    const g = await givenOrg({ hours: ALWAYS });
    const { reportId } = await givenReport(g, { severity: 'I' });
    const url = `${stack().appUrl}/reports/${reportId}`;
    await waitForMail(g.email('chief'));

    const chief = await browser.signedIn(g.email('chief'));
    await chief.goto(url);
    await chief.click('#ack-button');
    await chief.waitForSelector('#chain tr[data-level="3"] td.state-acknowledged');

    const reporter = await browser.signedIn(g.email('reporter'));
    await reporter.goto(url);
    // A 续报 with bad fields: the form again, each error next to its field, what was typed kept, on a phone.
    await reporter.setViewportSize({ width: 390, height: 844 });
    await reporter.fill('#followup-measures', '已切断电源。');
    await reporter.fill('#followup-aftermath', '善后中。');
    await reporter.click('#followup-form button[type=submit]');
    await reporter.waitForSelector('#error-summary');
    expect(await reporter.locator('#error-summary li').count()).toBe(2);
    expect(await reporter.locator('#followup-summary-error').textContent()).toContain('新进展');
    expect(await reporter.locator('#followup-aftermath-error').textContent()).toContain('善后情况只在终报中填写');
    expect(await reporter.getAttribute('#followup-aftermath', 'aria-describedby')).toContain(
      'followup-aftermath-error',
    );
    expect(await reporter.inputValue('#followup-measures')).toBe('已切断电源。');
    expect(await reporter.inputValue('#followup-aftermath')).toBe('善后中。');
    expect(await reporter.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await browser.screenshot(reporter, 'followup-form-errors');
    await reporter.setViewportSize({ width: 1280, height: 800 });
    await reporter.goto(url);
    await reporter.fill('#followup-summary', '人员已全部疏散，无人受伤。');
    await Promise.all([reporter.waitForURL(url), reporter.click('#followup-form button[type=submit]')]);
    await expect(reporter.locator('#followups').textContent()).resolves.toContain('续报一');

    // An instruction with three bad fields: no text, nobody chosen, no due time; each error by its field.
    await chief.goto(url);
    await chief.setViewportSize({ width: 390, height: 844 });
    expect(await chief.locator('#instruction-assignees input[type=checkbox]').count()).toBeGreaterThan(1);
    expect(await chief.locator('select[multiple]').count()).toBe(0);
    await chief.fill('#instruction-due', '');
    await chief.click('#instruction-form button[type=submit]');
    await chief.waitForSelector('#error-summary');
    expect(await chief.locator('#error-summary li').count()).toBe(3);
    expect(await chief.locator('#instruction-text-error').textContent()).toContain('请填写批示内容');
    expect(await chief.locator('#instruction-assignees-error').count()).toBe(1);
    expect(await chief.locator('#instruction-due-error').textContent()).toContain('请填写办结时限');
    expect(await chief.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await browser.screenshot(chief, 'instruction-form-errors');
    await chief.setViewportSize({ width: 1280, height: 800 });
    await chief.goto(url);
    await chief.fill('#instruction-text', '查明起火原因，三日内报告。');
    await chief.check(`#instruction-assignees input[value="${g.people.head.personId}"]`);
    await Promise.all([chief.waitForURL(url), chief.click('#instruction-form button[type=submit]')]);
    await expect(chief.locator('.instruction').first().textContent()).resolves.toContain('查明起火原因');
    await waitForMail(g.email('head'), 2);

    const head = await browser.signedIn(g.email('head'));
    await head.goto(`${stack().appUrl}/inbox`);
    await expect(head.locator('#inbox').textContent()).resolves.toContain('待落实批示');
    await head.goto(url);
    await head.fill('.progress-form textarea[name=text]', '原因已查明：线路老化。');
    await head.check('.progress-form input[name=done]');
    await Promise.all([head.waitForURL(url), head.click('.progress-form button[type=submit]')]);
    await expect(head.locator('.instruction-status').first().textContent()).resolves.toBe('已办结，待销号');

    await chief.goto(url);
    await Promise.all([chief.waitForURL(url), chief.click('.close-form button')]);
    await expect(chief.locator('.instruction-status').first().textContent()).resolves.toBe('已销号');

    await reporter.goto(url);
    await reporter.check('#followup-form input[name=kind][value=final]');
    await reporter.fill('#followup-summary', '处置完毕。');
    await Promise.all([reporter.waitForURL(url), reporter.click('#followup-form button[type=submit]')]);
    await expect(reporter.locator('#followups').textContent()).resolves.toContain('终报');
    expect(await reporter.locator('#followup-form').count()).toBe(0);
    await expect(reporter.locator('#timeline').textContent()).resolves.toContain('对批示销号');
    await browser.screenshot(reporter, 'report-closed');
  });
});
