import { describe, expect, it } from 'vitest';
import { adoptedItem, afterMonth, givenOrg, localMonth, runMonthlyScores, tokensOf } from '../support/scenario.ts';
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
  });
});
