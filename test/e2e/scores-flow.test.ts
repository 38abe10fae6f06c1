import { describe, expect, it } from 'vitest';
import { monthBefore } from '../../shared/platform/kernel/time.ts';
import {
  adoptedItem,
  afterMonth,
  givenOrg,
  localMonth,
  runMonthlyScores,
  scoreRepo,
  tokensOf,
} from '../support/scenario.ts';
import { hasChromium, useBrowser } from './browser.ts';

describe.skipIf(!hasChromium)('in a browser: the month’s scores page', () => {
  const browser = useBrowser();

  it('a department head opens /scores and sees the ranking, each score’s explanation and the 12-month chart', async () => {
    const g = await givenOrg();
    const t = await tokensOf(g);
    await adoptedItem(g, t, '本月一条工作信息');
    const month = localMonth(g);
    await runMonthlyScores(g.orgId, month, { time: afterMonth(g, month), recompute: true });

    const page = await browser.signedIn(g.email('head'), { next: `/scores?month=${month}` });

    const news = page.locator(`tr[data-department="${g.newsId}"]`);
    await expect(news.locator('td').nth(1).textContent()).resolves.toBe('新闻部');
    await expect(news.locator('td').nth(0).textContent()).resolves.toBe('1');
    await expect(news.textContent()).resolves.toContain('采用工作信息 1 条 × 2 = +2');
    expect(await page.locator('svg[role=img] path').count()).toBeGreaterThanOrEqual(2);
    await expect(page.textContent('body')).resolves.toContain('报告人');
    await browser.screenshot(page, 'scores');
    // On a phone: no sideways scroll (the 12-month chart shrinks, the tables become cards), local time, not UTC.
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await expect(page.textContent('body')).resolves.not.toMatch(/\d{4}-\d\d-\d\dT\d\d:/);
  });
});

describe.skipIf(!hasChromium)('in a browser: the dashboard (统计分析)', () => {
  const browser = useBrowser();

  it('a leader opens /dashboard and sees every chart with its table, on a desktop and on a phone', async () => {
    const g = await givenOrg();
    const t = await tokensOf(g);
    await adoptedItem(g, t, '本月一条工作信息');
    const month = localMonth(g);
    // Eleven finished months as the monthly job stores them, so the charts have a year to show.
    let m = month;
    for (let i = 1; i <= 11; i++) {
      m = monthBefore(m);
      const minutes = Array.from({ length: 6 + (i % 4) }, (_, k) => 8 + k * 7 + i);
      await scoreRepo().saveFigures({
        orgId: g.orgId,
        month: m,
        reporting: {
          reports: minutes.length,
          late: i % 3,
          byCategory: [
            { code: 'safety', label: '安全生产', count: minutes.length - 2 },
            { code: 'public_health', label: '公共卫生', count: 2 },
          ],
          bySeverity: { I: 0, II: 1, III: minutes.length - 2, IV: 1 },
          minutesToReport: minutes,
          levels: [
            { level: 1, notified: minutes.length, timedOut: 0, minutes: minutes.map((x) => x / 2) },
            { level: 2, notified: 2, timedOut: 1, minutes: [12, 40] },
          ],
          followupsMissed: i % 2,
          findingsByKind: { late: i % 3, missed: i === 4 ? 1 : 0, false: 0, concealed: 0 },
          departments: [{ departmentId: g.newsId, reports: minutes.length, late: i % 3 }],
        },
        items: [
          { departmentId: g.newsId, name: '新闻部', sent: 4 + (i % 3), adopted: 2 + (i % 2) },
          { departmentId: g.officeId, name: '办公室', sent: 3, adopted: i % 3 },
        ],
        computedAt: new Date().toISOString(),
      });
    }

    const page = await browser.signedIn(g.email('chief'), { next: '/dashboard' });
    await expect(page.locator('h1').textContent()).resolves.toBe('统计分析');
    expect(await page.locator('section.figure svg[role=img]').count()).toBe(8);
    expect(await page.locator('#chart-late rect').count()).toBe(12);
    await expect(page.locator('#table-items tbody tr').count()).resolves.toBe(12);
    await expect(page.locator('#table-speed').textContent()).resolves.toContain('第90百分位');
    await expect(page.locator('#table-departments').textContent()).resolves.toContain('办公室');
    await browser.screenshot(page, 'dashboard');
    // On a phone the charts fit the screen: nothing scrolls sideways but a wide table inside its own box.
    await page.setViewportSize({ width: 390, height: 844 });
    const box = await page.locator('#chart-items').boundingBox();
    expect(box!.width).toBeLessThanOrEqual(390);
    expect(box!.width).toBeGreaterThan(300);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    // Two charts as a phone shows them, for a person to look at.
    await page.locator('#speed').screenshot({ path: 'test-results/screenshots/dashboard-phone-speed.png' });
    await page.locator('#items-by-month').screenshot({ path: 'test-results/screenshots/dashboard-phone-items.png' });
  });
});
