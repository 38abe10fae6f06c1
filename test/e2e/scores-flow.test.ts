import { describe, expect, it } from 'vitest';
import { monthBefore } from '../../shared/platform/kernel/time.ts';
import { DEFAULT_LOWER_SCORING } from '../../shared/org/index.ts';
import { lowerOrgScore, rankLowerScores } from '../../shared/scores/rules/lower-orgs.ts';
import {
  adoptedItem,
  afterMonth,
  givenOrg,
  localMonth,
  orgRepo,
  runMonthlyScores,
  scoreRepo,
  tokensOf,
} from '../support/scenario.ts';
import { axeViolations, hasChromium, sidewaysOverflow, useBrowser } from './browser.ts';

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
    await browser.screenshotOf(page.locator('#speed'), 'dashboard-phone-speed');
    await browser.screenshotOf(page.locator('#items-by-month'), 'dashboard-phone-items');
  });
});

describe.skipIf(!hasChromium)('in a browser: the upper office’s view of its lower organisations', () => {
  const browser = useBrowser();

  it('the parent’s principal leader sees each lower organisation side by side: a table at 1280 px, cards at 390 px', async () => {
    const upper = await givenOrg();
    const lower = [
      await givenOrg({ parentOrgId: upper.orgId }),
      await givenOrg({ parentOrgId: upper.orgId }),
      await givenOrg({ parentOrgId: upper.orgId }),
    ];
    const month = localMonth(upper);
    const repo = scoreRepo();
    // Each lower organisation's finished months as its monthly job stores them, and the parent's scores of them.
    for (const [n, g] of lower.entries()) {
      let m = month;
      for (let i = 1; i <= 11; i++) {
        m = monthBefore(m);
        const minutes = Array.from({ length: 3 + ((i + n) % 3) }, (_, k) => 10 + k * 9 + n * 5);
        await repo.saveFigures({
          orgId: g.orgId,
          month: m,
          reporting: {
            reports: minutes.length,
            late: (i + n) % 2,
            byCategory: [{ code: 'safety', label: '安全生产', count: minutes.length }],
            bySeverity: { I: 0, II: 0, III: minutes.length, IV: 0 },
            minutesToReport: minutes,
            levels: [{ level: 1, notified: minutes.length, timedOut: 0, minutes: minutes.map((x) => x / 3) }],
            followupsMissed: n === 2 ? 1 : 0,
            findingsByKind: { late: (i + n) % 2, missed: 0, false: 0, concealed: 0 },
            departments: [],
          },
          items: [{ departmentId: g.newsId, name: '新闻部', sent: 4 + n, adopted: 1 + n }],
          quality: { elementsShareSum: minutes.length * (0.6 + n * 0.15), followupsFiled: 2 },
          computedAt: new Date().toISOString(),
        });
        if (i <= 3) {
          const names = await Promise.all(lower.map(async (x) => (await orgRepo().getOrg(x.orgId))!.name));
          const scores = lower.map((x, k) =>
            lowerOrgScore(
              {
                orgId: x.orgId,
                name: names[k]!,
                month: m,
                reports: 4,
                late: k % 2,
                quality: { elementsShareSum: 4 * (0.6 + k * 0.15), followupsFiled: 2 },
                followupsMissed: k === 2 ? 1 : 0,
                findings: [],
              },
              DEFAULT_LOWER_SCORING,
            ),
          );
          if (n === 0) await repo.saveLowerScores(upper.orgId, m, rankLowerScores(scores), new Date().toISOString());
        }
      }
    }

    // The parent's own finished months, stored by its monthly job (empty: it reports little itself).
    for (let i = 1, m = monthBefore(month); i <= 11; i++, m = monthBefore(m)) {
      const empty = { reports: 0, late: 0, byCategory: [], minutesToReport: [], levels: [], followupsMissed: 0 };
      await repo.saveFigures({
        orgId: upper.orgId,
        month: m,
        reporting: {
          ...empty,
          bySeverity: { I: 0, II: 0, III: 0, IV: 0 },
          findingsByKind: { late: 0, missed: 0, false: 0, concealed: 0 },
          departments: [],
        },
        items: [],
        computedAt: new Date().toISOString(),
      });
    }

    const page = await browser.signedIn(upper.email('chief'), { next: '/dashboard' });
    await expect(page.locator('nav.site-nav a[href="/dashboard"]').textContent()).resolves.toBe('统计分析');
    const section = page.locator('#lower-orgs');
    await expect(section.locator('h2').textContent()).resolves.toBe('下级单位');
    expect(await page.locator('#table-lower-orgs tbody tr').count()).toBe(3);
    expect(await page.locator('#chart-lower-orgs rect').count()).toBeGreaterThanOrEqual(3);
    await expect(section.textContent()).resolves.toMatch(/\d+(\.\d)? 分/);
    expect(await page.locator('#lower-orgs-xlsx').getAttribute('href')).toMatch(/^\/dashboard\/lower-orgs\/xlsx\?/);
    // At 1280 px: a table as wide as its box at most; nothing scrolls sideways.
    const table = await page.locator('#table-lower-orgs').boundingBox();
    const box = await section.boundingBox();
    expect(table!.width).toBeLessThanOrEqual(box!.width + 1);
    expect(await sidewaysOverflow(page)).toBe(0);
    await browser.screenshotOf(section, 'dashboard-lower-orgs-section-desktop');
    await browser.screenshot(page, 'dashboard-lower-orgs');
    // At 390 px: every lower organisation is a card (the header row hidden), nothing scrolls sideways.
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await sidewaysOverflow(page)).toBe(0);
    // No serious finding of axe-core: a data table wider than the phone scrolls in its own box, reachable by keyboard.
    const serious = (await axeViolations(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious).toEqual([]);
    await expect(page.locator('#table-lower-orgs thead').isVisible()).resolves.toBe(false);
    const card = await page.locator('#table-lower-orgs tbody tr').first().boundingBox();
    expect(card!.width).toBeLessThanOrEqual(390);
    await browser.screenshotOf(section, 'dashboard-lower-orgs-section-phone');

    // A lower organisation's own dashboard from its name: the same charts, said to be the lower one's.
    await page.locator('#table-lower-orgs tbody tr').first().locator('a').click();
    await page.waitForURL(/\/dashboard\?org=/);
    await expect(page.locator('#lower-notice').textContent()).resolves.toContain('下级单位');
    expect(await page.locator('section.figure svg[role=img]').count()).toBe(8);
    expect(await sidewaysOverflow(page)).toBe(0);
  });
});
