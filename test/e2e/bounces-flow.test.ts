import { describe, expect, it } from 'vitest';
import { givenOrg, orgRepo, sesReports, waitFor } from '../support/scenario.ts';
import { axeViolations, hasChromium, sidewaysOverflow, useBrowser } from './browser.ts';

describe.skipIf(!hasChromium)('in a browser: the people page shows whose mail does not arrive', () => {
  const browser = useBrowser();

  it.each([390, 1280])(
    'at %i px: 邮件无法送达 beside the bounced address, no sideways scroll, axe clean',
    async (width) => {
      const g = await givenOrg();
      await sesReports({ type: 'Bounce', to: g.email('head'), diagnosticCode: 'smtp; 550 5.1.1 user unknown' });
      await waitFor('the mark', async () => (await orgRepo().getPerson(g.people.head.personId))?.mailUndeliverable);

      const page = await browser.signedIn(g.email('office'), { next: `/admin/${g.orgId}/people`, width });
      const row = page.locator('tr', { has: page.locator(`a[href$="/people/${g.people.head.personId}"]`) });
      await expect(row.locator('.badge').textContent()).resolves.toBe('邮件无法送达');
      await expect(row.locator('.badge').getAttribute('title')).resolves.toContain('永久退信');
      // Only the bounced person carries it.
      await expect(page.locator('td .badge', { hasText: '邮件无法送达' }).count()).resolves.toBe(1);
      expect(await sidewaysOverflow(page)).toBe(0);
      const serious = (await axeViolations(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
      expect(serious).toEqual([]);
      await browser.screenshot(page, `people-mail-undeliverable-${width}`);

      // The person's page says why, and that a new address clears it.
      await page.click(`a[href$="/people/${g.people.head.personId}"]`);
      await expect(page.locator('p.late[role=status]').textContent()).resolves.toContain('修改邮箱后标记自动清除');
      expect(await sidewaysOverflow(page)).toBe(0);
    },
  );
});
