import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO, seedDemo } from '../../infra/local/seed-demo.ts';
import { keys } from '../../shared/platform/dynamo/keys.ts';
import {
  ackLinkIn,
  db,
  linkIn,
  NEVER,
  orgRepo,
  reportRepo,
  type StoredMail,
  stack,
  waitFor,
  waitForMail,
} from '../support/scenario.ts';
import { fillIn, hasChromium, useBrowser } from './browser.ts';

/** The demo organisations at night: no working time at all, whatever hour the test runs (the chain starts at duty). */
async function demoAtNight() {
  await seedDemo(orgRepo());
  for (const orgId of [DEMO.county, DEMO.city])
    await db().send(
      new UpdateCommand({
        TableName: stack().tableName,
        Key: keys.org(orgId),
        UpdateExpression: 'SET #c.#w = :never',
        ExpressionAttributeNames: { '#c': 'config', '#w': 'workingHours' },
        ExpressionAttributeValues: { ':never': NEVER },
      }),
    );
}

const submitAndLand = (page: Page, selector: string) =>
  Promise.all([page.waitForNavigation(), page.click(selector)]).then(() => page);
/** A mail as its recipient's mail program shows it, saved at both widths. */
async function showMail(browser: ReturnType<typeof useBrowser>, mail: StoredMail, name: string) {
  const page = await browser.fresh({ width: 1280 });
  await page.setContent(mail.body.html);
  await browser.screenshot(page, name);
}

const flash = (page: Page) => page.locator('[role=status]').first().textContent();

describe.skipIf(!hasChromium)('in a browser, at night: an event passes through everyone it should (issue 17)', () => {
  const browser = useBrowser();

  it('the demo walk: report, acknowledge, 批示 and progress, sign-off, 续报/终报 up, the city’s 批示 down and back', async () => {
    await demoAtNight();
    const app = stack().appUrl;
    const title = `夜间发射机房停电 ${Date.now().toString(36)}`;

    // The reporter submits at night.
    const reporter = await browser.signedIn('reporter@demo.local', { width: 390 });
    await reporter.goto(`${app}/reports/new`);
    await reporter.fill('#f-title', title);
    await reporter.selectOption('#f-category', 'service');
    await reporter.selectOption('#f-severity', 'III');
    await fillIn(reporter, {
      '#f-place': '县广播电视发射台',
      '#f-summary': '23:05 发射机房市电中断，备用电源未能切换，节目停播。',
      '#f-measuresTaken': '已通知供电公司，技术人员正在抢修。',
      '[name="contact.name"]': '李信息',
      '[name="contact.phone"]': '13800000000',
    });
    await Promise.all([
      reporter.waitForURL(/\/reports\/[0-9A-Z]+\?submitted=1$/),
      reporter.click('button[type=submit]'),
    ]);
    const reportId = new URL(reporter.url()).pathname.split('/').pop()!;
    const reportUrl = `${app}/reports/${reportId}`;
    // At night the chain is the duty leader, then the principal leader: 新闻部's head and 技术部 are not in it, so
    // everything they do below is by the visibility rule (department leaders, assignees), not by the chain.
    const chain = (await reportRepo().get(reportId))!.chain.filter((l) => l.state !== 'skipped');
    expect(chain.map((l) => l.role)).toEqual(['dutyLeader', 'principalLeader']);
    expect(chain.map((l) => l.personId)).not.toContain('demo-head');
    expect(chain.map((l) => l.personId)).not.toContain('demo-tech');

    // The duty leader acknowledges from the mail.
    const [alert] = await waitForMail('duty@demo.local', 1, `【紧急信息】III级 ${title}`);
    const duty = await browser.anonymous();
    await duty.goto(ackLinkIn(alert!));
    await duty.click('#ack-button');
    await duty.waitForSelector('#ack-done');

    // The chief gives a 批示 to 新闻部's head and 技术部's head: neither is in the night chain.
    const chief = await browser.signedIn('chief@demo.local', { next: `/reports/${reportId}` });
    await chief.fill('#instruction-text', '立即组织抢修，查明备用电源未切换的原因。');
    for (const id of ['demo-head', 'demo-tech']) await chief.check(`#instruction-assignees input[value="${id}"]`);
    await submitAndLand(chief, '#instruction-form button[type=submit]');
    await expect(flash(chief)).resolves.toContain('批示已送达承办人');

    // Both open it from their mail and from 待办, and report progress.
    for (const [email, text, done] of [
      ['head@demo.local', '已安排值班记者跟进播出恢复。', false],
      ['tech@demo.local', '备用电源切换柜故障，已更换，播出恢复。', true],
    ] as const) {
      const [mail] = await waitForMail(email, 1, `【领导批示】${title}`);
      const page = await browser.signedIn(email, { width: 390 });
      await page.goto(linkIn(mail!, 'reports'));
      await expect(page.locator('h1').textContent()).resolves.toBe(title);
      await page.goto(`${app}/inbox`);
      const entry = page.locator('#inbox tr[data-kind="instruction"]', { hasText: title });
      expect(await entry.count()).toBe(1);
      await Promise.all([page.waitForNavigation(), entry.locator('a').click()]);
      expect(new URL(page.url()).pathname).toBe(`/reports/${reportId}`);
      await page.fill('.progress-form textarea[name=text]', text);
      if (done) await page.check('.progress-form input[name=done]');
      await submitAndLand(page, '.progress-form button[type=submit]');
      await expect(flash(page)).resolves.toContain('落实情况已报送');
      if (done) await browser.screenshot(page, 'walk-progress-reported');
    }

    // The chief closes it, then signs the report off to the city.
    await chief.goto(reportUrl);
    await submitAndLand(chief, '.instruction .close-form button');
    await expect(chief.locator('.instruction-status').first().textContent()).resolves.toBe('已销号');
    await chief.check('input[name=decision][value=forward]');
    await submitAndLand(chief, '#sign-off-form button[type=submit]');
    await expect(chief.locator('#sign-off').textContent()).resolves.toContain('已上报上级单位');
    const copyId = (await reportRepo().get(reportId))!.forwardedReportId!;
    const copyUrl = `${app}/reports/${copyId}`;

    // A 续报 and the 终报 appear on the city's copy.
    await reporter.goto(reportUrl);
    await reporter.fill('#followup-summary', '00:10 播出恢复，正在排查备用电源。');
    await submitAndLand(reporter, '#followup-form button[type=submit]');
    await reporter.check('#followup-form input[name=kind][value=final]');
    await reporter.fill('#followup-summary', '处置完毕，备用电源已更换。');
    await submitAndLand(reporter, '#followup-form button[type=submit]');
    const cityOffice = await browser.signedIn('city-office@demo.local', { next: `/reports/${copyId}` });
    const copyFollowups = await cityOffice.locator('#followups').textContent();
    expect(copyFollowups).toContain('续报一');
    expect(copyFollowups).toContain('终报');

    // The city's chief writes a 批示 to the county's chief.
    const cityChief = await browser.signedIn('city-chief@demo.local', { next: `/reports/${copyId}` });
    await cityChief.fill('#instruction-text', '请县融媒体中心全面排查备用电源，三日内报告整改情况。');
    await cityChief.check('#instruction-assignees input[value="demo-chief"]');
    await submitAndLand(cityChief, '#instruction-form button[type=submit]');
    await expect(flash(cityChief)).resolves.toContain('批示已下达报送单位');
    const [down] = await waitForMail('chief@demo.local', 1, `【上级批示】${title}`);
    expect(linkIn(down!, 'reports')).toBe(reportUrl);
    await showMail(browser, down!, 'walk-mail-from-above');

    // The county's office sees it on its own report and in 督办, and passes it to 新闻部.
    const office = await browser.signedIn('office@demo.local', { next: '/supervision' });
    await expect(office.locator('#from-above').textContent()).resolves.toContain(title);
    await browser.screenshot(office, 'walk-supervision');
    await office.goto(reportUrl);
    const fromAbove = office.locator('.instruction', { hasText: '上级批示' });
    await fromAbove.locator('.delegate-form input[value="demo-head"]').check();
    await fromAbove.locator('.delegate-form input[name=note]').fill('请新闻部牵头排查');
    await Promise.all([office.waitForNavigation(), fromAbove.locator('.delegate-form button').click()]);
    await expect(flash(office)).resolves.toContain('已转办');
    expect(await office.locator('.instruction', { hasText: '上级批示' }).locator('.close-form').count()).toBe(0);
    await browser.screenshot(office, 'walk-delegated');

    // 新闻部's head reports progress, which reaches the city copy as 反馈.
    const [passed] = await waitForMail('head@demo.local', 1, `【上级批示】${title}`);
    await showMail(browser, passed!, 'walk-mail-passed-on');
    const head = await browser.signedIn('head@demo.local', { width: 390 });
    await head.goto(linkIn(passed!, 'reports'));
    const mine = head.locator('.instruction', { hasText: '上级批示' });
    await mine.locator('.progress-form textarea[name=text]').fill('已全面排查三处备用电源，更换一台切换柜。');
    await mine.locator('.progress-form input[name=done]').check();
    await Promise.all([head.waitForNavigation(), mine.locator('.progress-form button').click()]);
    await expect(flash(head)).resolves.toContain('已反馈上级单位');

    // The city's chain is told of the 反馈 as of a 续报.
    const [told] = await waitForMail('city-duty@demo.local', 1, '【落实反馈】');
    await showMail(browser, told!, 'walk-mail-feedback');

    // The city office accepts it.
    await cityOffice.goto(copyUrl);
    await expect(cityOffice.locator('#followups').textContent()).resolves.toContain('落实反馈');
    await browser.screenshot(cityOffice, 'walk-city-copy-feedback');
    const onCopy = cityOffice.locator('.instruction', { hasText: '交报送单位落实' });
    await Promise.all([cityOffice.waitForNavigation(), onCopy.locator('.close-form button').click()]);
    await expect(flash(cityOffice)).resolves.toContain('已验收销号');
    await expect(
      cityOffice.locator('.instruction', { hasText: '交报送单位落实' }).locator('.instruction-status').textContent(),
    ).resolves.toBe('已销号');
    await browser.screenshot(cityOffice, 'walk-city-accepted');
    await waitFor(
      'the county report shows it closed',
      async () =>
        (await reportRepo().getBundle(reportId))!.instructions.every((i) => i.status === 'closed') || undefined,
    );
  });
});
