import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { choiceBoxes, choiceField } from '../../shared/platform/pages/form.ts';
import { html } from '../../shared/platform/pages/html.ts';
import { layout } from '../../shared/platform/pages/layout.ts';
import { PAGE_SCRIPT_CSP } from '../../shared/platform/pages/picker-script.ts';
import { hasChromium, useBrowser } from './browser.ts';

/** The pages' CSP as page-handler.ts sends it: the script runs by its hash, and nothing else inline does. */
const CSP = `default-src 'self'; script-src 'self' ${PAGE_SCRIPT_CSP}; style-src 'self' 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'`;

const people = Array.from({ length: 12 }, (_, i) => ({
  value: `p${i}`,
  label: i === 7 ? '王建国' : `人员${i}`,
  group: i < 6 ? '应急管理局' : '公安局',
}));

const page = layout(
  '测试',
  html`<form method="post" action="/x" id="f" data-draft="test">${choiceField({ name: 'who', label: '责任人', choices: people, empty: '（不指定）' })}${choiceBoxes({ name: 'many', legend: '承办人（可多选）', choices: people, checked: ['p1'] })}${choiceField({ name: 'kind', label: '类型', choices: people.slice(0, 3) })}<label for="t">标题</label><input id="t" name="title"><button>提交</button></form>`,
);

describe.skipIf(!hasChromium)('the page script under the pages’ CSP', () => {
  const browser = useBrowser();
  let p: Page;
  const errors: string[] = [];
  beforeAll(async () => {
    p = await browser.underCsp({ width: 390 });
    await p.route('http://picker.test/**', (route) =>
      route.fulfill({
        status: 200,
        contentType: 'text/html; charset=utf-8',
        headers: { 'content-security-policy': CSP },
        body: page,
      }),
    );
    p.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
  });

  it('runs by its hash: a long select and a long list of boxes get a search box, a short one none', async () => {
    await p.goto('http://picker.test/');
    expect(errors).toEqual([]);
    expect(await p.locator('.picker-search input[type=search]').count()).toBe(2);
    await expect.poll(() => p.locator('label', { hasText: '搜索责任人' }).count()).toBe(1);
    expect(await p.locator('label', { hasText: '搜索承办人' }).count()).toBe(1);
  });

  it('narrows the select to what is typed, keeps the chosen one, and Enter does not submit', async () => {
    await p.selectOption('#f-who', 'p2');
    await p.fill('#picker-search-1', '王');
    const values = await p.locator('#f-who option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(values).toEqual(['', 'p2', 'p7']);
    expect(await p.inputValue('#f-who')).toBe('p2');
    await p.press('#picker-search-1', 'Enter');
    expect(p.url()).toBe('http://picker.test/');
    await p.fill('#picker-search-1', '');
    expect(await p.locator('#f-who option').count()).toBe(13);
  });

  it('hides the boxes that do not match but never a ticked one; a group name shows its people', async () => {
    await p.fill('#picker-search-2', '王建');
    const visible = async () =>
      p
        .locator('#f-many input[type=checkbox]')
        .evaluateAll((cs) =>
          cs.filter((c) => (c as HTMLElement).offsetParent !== null).map((c) => (c as HTMLInputElement).value),
        );
    expect(await visible()).toEqual(['p1', 'p7']);
    expect(await p.textContent('#picker-search-2-count')).toBe('显示 2 项，共 12 项');
    await p.fill('#picker-search-2', '公安');
    expect(await visible()).toEqual(['p1', 'p6', 'p7', 'p8', 'p9', 'p10', 'p11']);
  });

  it('keeps a draft of what is typed across a reload', async () => {
    await p.fill('#t', '河道塌方');
    await p.reload();
    expect(await p.inputValue('#t')).toBe('河道塌方');
    expect(await p.locator('.draft-restored').count()).toBe(1);
  });
});
