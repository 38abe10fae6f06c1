import { describe, expect, it } from 'vitest';
import { ackLinkIn, givenOrg, reportRepo, stack, untilIdle, waitForMail } from '../support/scenario.ts';
import { hasChromium, useBrowser } from './browser.ts';

describe.skipIf(!hasChromium)('in a browser: report, mail, acknowledge', () => {
  const browser = useBrowser();

  it('a reporter submits the form, the head acknowledges from the mail link, and the report shows it', async () => {
    const g = await givenOrg();
    const page = await browser.signedIn(g.email('reporter'));
    await page.click('a[href="/reports/new"] >> nth=0');
    await page.fill('#title', '发射机房停电 导致停播');
    await page.selectOption('#category', 'service');
    await page.selectOption('#severity', 'II');
    await page.fill('#place', '县广播电视发射台');
    await page.fill('#summary', '21:05 发射机房市电中断，备用电源未能切换，节目停播。');
    await page.fill('#measuresTaken', '已通知供电公司，技术人员正在抢修。');
    await page.fill('[name="contact.name"]', '李信息');
    await page.fill('[name="contact.phone"]', '13800000000');
    await Promise.all([page.waitForURL(/\/reports\/[0-9A-Z]+\?submitted=1$/), page.click('button[type=submit]')]);
    await expect(page.locator('[role=status]').textContent()).resolves.toContain('报送成功');
    await expect(page.locator('h1').textContent()).resolves.toBe('发射机房停电 导致停播');
    const reportId = new URL(page.url()).pathname.split('/').pop()!;

    const [mail] = await waitForMail(g.email('head'));
    expect(mail!.subject).toBe('【紧急信息】II级 发射机房停电 导致停播');
    const link = ackLinkIn(mail!);

    const leaderPage = await browser.anonymous();
    await leaderPage.goto(link);
    await expect(leaderPage.locator('h1').textContent()).resolves.toBe('确认接报');
    expect((await reportRepo().get(reportId))!.chain[0]!.state).toBe('notified');
    await leaderPage.click('#ack-button');
    await leaderPage.waitForSelector('#ack-done');
    await expect(leaderPage.locator('#ack-done').textContent()).resolves.toContain('已确认接报');

    await page.reload();
    await expect(page.locator('#chain tr[data-level="1"] td.state-acknowledged').textContent()).resolves.toContain(
      '已确认',
    );
    await expect(page.locator('#timeline').textContent()).resolves.toContain('确认接报（邮件链接）');
    await browser.screenshot(page, 'report-acknowledged');
  });

  it('shows what is wrong in the form, keeps what was typed, and writes nothing', async () => {
    const g = await givenOrg();
    const page = await browser.signedIn(g.email('reporter'));
    await page.goto(`${stack().appUrl}/reports/new`);
    await page.fill('#place', '办公楼三层');
    await page.fill('[name="contact.phone"]', 'abc');
    await page.click('button[type=submit]');
    await page.waitForSelector('.errors');
    const errors = await page.locator('.errors').textContent();
    expect(errors).toContain('请填写标题');
    expect(errors).toContain('联系电话格式不正确');
    expect(await page.inputValue('#place')).toBe('办公楼三层');
    await browser.screenshot(page, 'report-form-errors');
    await untilIdle();
    const { items } = await reportRepo().listByOrg(g.orgId, 10);
    expect(items).toEqual([]);
  });
});
