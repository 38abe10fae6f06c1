import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { givenOrg, runMonthlyScores, stack } from '../support/scenario.ts';
import { adoptedItem, tokensOf } from '../support/items.ts';
import { localParts } from '../../shared/platform/kernel/time.ts';
import { monthRange } from '../../shared/platform/kernel/time.ts';
import { hasChromium, launch } from './browser.ts';

describe.skipIf(!hasChromium)('in a browser: the month’s scores page', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('a department head opens /scores and sees the ranking, each score’s explanation and the 12-month chart', async () => {
    const g = await givenOrg();
    const t = await tokensOf(g);
    await adoptedItem(g, t, '本月一条工作信息');
    const month = localParts(new Date(), 'Asia/Shanghai').date.slice(0, 7);
    await runMonthlyScores(g.orgId, month, { time: new Date(Date.parse(monthRange(month, 'Asia/Shanghai').to) + 1 + 3600_000).toISOString(), recompute: true });

    const page = await (await browser.newContext()).newPage();
    const next = `/scores?month=${month}`;
    await page.goto(`${stack().appUrl}/login?next=${encodeURIComponent(next)}`);
    await page.fill('#email', g.email('head'));
    await Promise.all([page.waitForURL(`${stack().appUrl}${next}`), page.click('button[type=submit]')]);

    const news = page.locator(`tr[data-department="${g.newsId}"]`);
    await expect(news.locator('td').nth(1).textContent()).resolves.toBe('新闻部');
    await expect(news.locator('td').nth(0).textContent()).resolves.toBe('1');
    await expect(news.textContent()).resolves.toContain('采用工作信息 1 条 × 2 = +2');
    expect(await page.locator('svg[role=img] path').count()).toBeGreaterThanOrEqual(2);
    await expect(page.textContent('body')).resolves.toContain('报告人');
  });
});
