import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { api, reportRepo, signIn, stack, untilIdle } from '../support/stack.ts';
import { givenOrg, givenReport } from '../support/given.ts';
import { ackLinkIn, waitForMail } from '../support/then.ts';
import { docxParagraphs } from '../support/docx.ts';
import type { Page } from 'playwright-core';
import { fillIn, hasChromium, sidewaysOverflow, useBrowser } from './browser.ts';

/** Fills the report form: category `service`, the level, then the text fields in the order given. */
async function fillReport(page: Page, severity: string, fields: Record<string, string>) {
  await page.selectOption('#f-category', 'service');
  await page.selectOption('#f-severity', severity);
  await fillIn(page, fields);
}

describe.skipIf(!hasChromium)('in a browser: report, mail, acknowledge', () => {
  const browser = useBrowser();

  it('a reporter submits the form, the head acknowledges from the mail link, and the report shows it', async () => {
    const g = await givenOrg();
    const page = await browser.signedIn(g.email('reporter'));
    await page.click('a[href="/reports/new"] >> nth=0');
    await fillReport(page, 'II', {
      '#f-title': '发射机房停电 导致停播',
      '#f-place': '县广播电视发射台',
      '#f-source': '发射台值班员电话报告',
      '#f-summary': '21:05 发射机房市电中断，备用电源未能切换，节目停播。',
      '#f-measuresTaken': '已通知供电公司，技术人员正在抢修。',
      '#f-contact-name': '李信息',
      '#f-contact-phone': '13800000000',
    });
    await Promise.all([page.waitForURL(/\/reports\/[0-9A-Z]+\?submitted=1$/), page.click('button[type=submit]')]);
    await expect(page.locator('[role=status]').textContent()).resolves.toContain('报送成功');
    await expect(page.locator('h1').textContent()).resolves.toBe('发射机房停电 导致停播');
    const reportId = new URL(page.url()).pathname.split('/').pop()!;

    await expect(page.locator('#report-source').textContent()).resolves.toBe('发射台值班员电话报告');
    const [mail] = await waitForMail(g.email('head'));
    expect(mail!.subject).toBe('【紧急信息】II级 发射机房停电 导致停播');
    expect(mail!.body.text).toContain('信息来源：发射台值班员电话报告');
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
    // Each timeline line is named in Chinese (报送初报, 已通知, 已确认 …), on a phone as well, without sideways scroll.
    await expect(page.locator('#timeline td.event-type').allTextContents()).resolves.toEqual(
      expect.arrayContaining(['报送初报', '已通知', '已确认']),
    );
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await sidewaysOverflow(page)).toBe(0);
    await browser.screenshot(page, 'report-timeline-390');
  });

  it('shows every error at once next to its field, keeps what was typed, and writes nothing', async () => {
    const g = await givenOrg();
    const page = await browser.signedIn(g.email('reporter'));
    await page.goto(`${stack().appUrl}/reports/new`);
    // Three bad fields: no title, a phone that is not one, no measures; the rest filled in.
    await fillReport(page, 'III', {
      '#f-place': '办公楼三层',
      '#f-summary': '三层走廊烟雾报警。',
      '#f-contact-name': '李信息',
      '#f-contact-phone': 'abc',
    });
    await page.click('button[type=submit]');
    await page.waitForSelector('.errors');
    expect(await page.locator('.errors li').count()).toBe(3);
    const errors = await page.locator('.errors').textContent();
    expect(errors).toContain('有 3 处需要修改');
    expect(errors).toContain('请填写标题');
    expect(errors).toContain('联系电话格式不正确');
    expect(errors).toContain('请填写已采取的措施');
    for (const id of ['f-title', 'f-contact-phone', 'f-measuresTaken']) {
      const input = page.locator(`#${id}`);
      expect(await input.getAttribute('aria-invalid'), id).toBe('true');
      const described = (await input.getAttribute('aria-describedby')) ?? '';
      expect(described, id).toContain(`${id}-error`);
      expect(await page.locator(`#${id}-error`).count(), id).toBe(1);
    }
    expect(await page.locator('.field-error').count()).toBe(3);
    expect(await page.locator('label.required[for="f-title"]').count()).toBe(1);
    expect(await page.inputValue('#f-place')).toBe('办公楼三层');
    expect(await page.inputValue('#f-summary')).toBe('三层走廊烟雾报警。');
    expect(await page.inputValue('#f-contact-phone')).toBe('abc');
    await browser.screenshot(page, 'report-form-errors');
    await untilIdle();
    const { items } = await reportRepo().listByOrg(g.orgId, 10);
    expect(items).toEqual([]);
  });

  it('a 20,000-character summary is a field error with everything kept, never a 413', async () => {
    const g = await givenOrg();
    const page = await browser.signedIn(g.email('reporter'));
    await page.goto(`${stack().appUrl}/reports/new`);
    await fillReport(page, 'IV', {
      '#f-title': '长文测试',
      '#f-place': '办公楼',
      '#f-measuresTaken': '已处置。',
      '#f-contact-name': '李信息',
      '#f-contact-phone': '13800000000',
    });
    const long = '火'.repeat(20_000);
    // Pasted past the browser's maxlength (a script, an old browser): the server counts again.
    await page.evaluate((v) => {
      (document.querySelector('#f-summary') as HTMLTextAreaElement).value = v;
    }, long);
    const [response] = await Promise.all([page.waitForResponse(/\/reports\/new$/), page.click('button[type=submit]')]);
    expect(response.status()).toBe(400);
    await page.waitForSelector('.errors');
    expect(await page.locator('#f-summary-error').textContent()).toContain('基本情况最多 5000 字，现在 20000 字');
    expect(await page.locator('.errors li').count()).toBe(1);
    expect((await page.inputValue('#f-summary')).length).toBe(20_000);
    expect(await page.inputValue('#f-title')).toBe('长文测试');
    await untilIdle();
    expect((await reportRepo().listByOrg(g.orgId, 10)).items).toEqual([]);
  });

  it('the office finds last events in the list, opens one, prints its 信息专报 and downloads it as .docx', async () => {
    const g = await givenOrg();
    const reporter = await signIn(g.email('reporter'));
    const { reportId } = await givenReport(g, { title: '发射台停电停播', severity: 'II', source: '值班员电话' });
    await givenReport(g, { title: '演播室起火' });
    for (const body of [
      { kind: 'followup', summary: '备用电源已切换，节目恢复。' },
      { kind: 'followup', summary: '市电恢复，原因为线路老化。' },
      { kind: 'final', summary: '处置完毕。', aftermath: '已向听众致歉。', nextSteps: '更换老化线路。' },
    ])
      expect((await api('POST', `/api/reports/${reportId}/followups`, { token: reporter, body })).status).toBe(201);

    const page = await browser.signedIn(g.email('office'), { next: '/reports' });
    await expect(page.locator('h1').textContent()).resolves.toBe('查找报告');
    expect(await page.locator('#report-list tbody tr').count()).toBe(2);
    await page.selectOption('#f-severity', 'II');
    await Promise.all([page.waitForURL(/severity=II/), page.click('#report-filters button[type=submit]')]);
    expect(await page.locator('#report-list tbody tr').count()).toBe(1);
    await browser.screenshot(page, 'report-list');
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await sidewaysOverflow(page)).toBe(0);
    // On a phone the rows are cards: every cell shows its label.
    expect(await page.locator('#report-list thead').isVisible()).toBe(false);
    await page.setViewportSize({ width: 1280, height: 800 });

    await Promise.all([page.waitForURL(`**/reports/${reportId}`), page.click('#report-list a')]);
    await Promise.all([
      page.waitForURL(`**/reports/${reportId}/print`),
      page.click('#report-doc-links a[href$="/print"]'),
    ]);
    await expect(page.locator('#doc-number').textContent()).resolves.toMatch(/^〔\d{4}〕第1期$/);
    await expect(page.locator('#doc-secrecy').textContent()).resolves.toBe('内部');
    await browser.screenshot(page, 'report-doc-print');

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-docx')]);
    expect(download.suggestedFilename()).toMatch(/\.docx$/);
    const lines = docxParagraphs(readFileSync((await download.path())!));
    expect(lines.slice(0, 2)).toEqual(['内部', '信息专报']);
    expect(lines).toContain('发射台停电停播');
    expect(lines).toContain('信息来源：值班员电话');
    const order = ['续报一', '续报二', '终报'].map((l) => lines.findIndex((x) => x.startsWith(`${l}（`)));
    expect(order.every((n, i) => n > 0 && (i === 0 || n > order[i - 1]!))).toBe(true);
    expect(lines).toContain('善后情况：已向听众致歉。');
    expect(lines).toContain('下步打算：更换老化线路。');
  });
});
