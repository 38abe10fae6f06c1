import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { stack } from '../support/scenario.ts';

const require = createRequire(import.meta.url);

/** Debian's Chromium, driven by playwright-core (browser downloads do not work here). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);

if (!hasChromium) {
  const msg = `\n!!! ${CHROMIUM} not found: the browser (e2e) tests are SKIPPED. Install it with: apt-get install -y chromium\n`;
  if (process.env.CI) throw new Error(`${msg}In CI a missing browser is a failure.`);
  console.warn(msg);
}

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run'];
const QUIET = ['--disable-background-networking', '--disable-component-update', '--disable-sync'];
const SCREENSHOTS = path.resolve(import.meta.dirname, '..', '..', 'test-results', 'screenshots');

export type BrowserSteps = {
  /**
   * A page of its own (its own cookies) signed in as `email` through the sign-in page, landing on `next` (default
   * `/`). `javaScript: false` proves a page works without it.
   */
  signedIn(email: string, opts?: { next?: string; javaScript?: boolean; width?: number }): Promise<Page>;
  /** A page of its own at `width` (1280 by default), signed in as nobody, that lets axe-core in. */
  fresh(opts?: { width?: number; javaScript?: boolean }): Promise<Page>;
  /**
   * A page of its own at `width`, signed in as nobody, under the CSP it is sent (axe is not let in): what the
   * pages' own script may do under that CSP.
   */
  underCsp(opts?: { width?: number }): Promise<Page>;
  /** A page of its own, signed in as nobody (a mail link opened from the inbox). */
  anonymous(): Promise<Page>;
  /** Opens the SES emulator's mail viewer and waits until it lists a mail with `subject`. */
  seeInMailViewer(subject: string): Promise<Page>;
  /**
   * Saves what `page` shows now as test-results/screenshots/<name>-desktop.png and -phone.png (390 px wide), and
   * appends axe-core's serious and critical findings and the sideways overflow at both widths to
   * test-results/page-audit.jsonl.
   */
  screenshot(page: Page, name: string): Promise<void>;
  /** Saves what one part of a page shows now as test-results/screenshots/<name>.png, for a person to look at. */
  screenshotOf(part: Locator, name: string): Promise<void>;
};

const AUDIT = path.resolve(SCREENSHOTS, '..', 'page-audit.jsonl');

/** Pages opened with JavaScript off: axe cannot run in them (evaluate waits for a script that never runs). */
const withoutScript = new WeakSet<Page>();

async function audit(page: Page) {
  if (withoutScript.has(page)) return { overflowPx: null, serious: 'not measured: JavaScript is off in this page' };
  const serious = (await axeViolations(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
  return { overflowPx: await sidewaysOverflow(page), serious };
}

/** axe-core's violations of what `page` shows now (WCAG 2.1 A and AA rules), by impact. */
export async function axeViolations(page: Page): Promise<{ id: string; impact: string; nodes: number }[]> {
  const source = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  await page.evaluate(source);
  const result = (await page.evaluate(() =>
    (globalThis as unknown as { axe: { run: (...a: unknown[]) => Promise<unknown> } }).axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa'] },
    }),
  )) as { violations: { id: string; impact: string; nodes: unknown[] }[] };
  return result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length }));
}

/** Fills the fields of a form in the order given (selector → value): a form's many boxes read as one step. */
export async function fillIn(page: Page, fields: Record<string, string>): Promise<void> {
  for (const [selector, value] of Object.entries(fields)) await page.fill(selector, value);
}

/** How far the page is wider than its viewport (0: no sideways scrolling). */
export const sidewaysOverflow = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

/**
 * The browser of one e2e file: launched before its tests and closed after them. Call it once at the top of the
 * file's `describe`; the steps it returns are the only way the tests open pages.
 */
export function useBrowser(): BrowserSteps {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: [...ARGS, ...QUIET] });
  });
  afterAll(async () => {
    await browser?.close();
  });
  const newPage = async (javaScriptEnabled = true, width = 1280, bypassCSP = true) => {
    if (!browser)
      throw new Error('useBrowser(): the browser is not launched (call it inside describe, use it in tests)');
    // bypassCSP: axe-core is evaluated into the page; the pages' own CSP allows no script.
    const viewport = { width, height: width < 720 ? 844 : 800 };
    const context = await browser.newContext({ javaScriptEnabled, viewport, bypassCSP });
    const page = await context.newPage();
    if (!javaScriptEnabled) withoutScript.add(page);
    return page;
  };
  return {
    async signedIn(email, opts = {}) {
      const next = opts.next ?? '/';
      const page = await newPage(opts.javaScript ?? true, opts.width);
      // /login sends the browser to the local OIDC provider, whose login page asks for the e-mail.
      await page.goto(`${stack().appUrl}/login?next=${encodeURIComponent(next)}`);
      await page.fill('#email', email);
      await Promise.all([page.waitForURL(`${stack().appUrl}${next}`), page.click('button[type=submit]')]);
      return page;
    },
    anonymous: () => newPage(),
    fresh: (opts = {}) => newPage(opts.javaScript ?? true, opts.width),
    underCsp: (opts = {}) => newPage(true, opts.width, false),
    async seeInMailViewer(subject) {
      const viewer = await newPage();
      // The viewer renders every mail of the run, thousands by the end of `npm test` (over 30 s under load): its
      // store answer is narrowed to this subject, so the real page shows the mail as a person would find it.
      await viewer.route('**/store?since=*', async (route) => {
        const r = await route.fetch();
        const store = (await r.json()) as { emails: { subject: string }[] };
        await route.fulfill({
          response: r,
          json: { ...store, emails: store.emails.filter((e) => e.subject === subject) },
        });
      });
      await viewer.goto(stack().mailUrl);
      await viewer.getByText(subject).first().waitFor({ timeout: 30_000 });
      return viewer;
    },
    async screenshot(page, name) {
      mkdirSync(SCREENSHOTS, { recursive: true });
      const size = page.viewportSize() ?? { width: 1280, height: 800 };
      await page.screenshot({ path: path.join(SCREENSHOTS, `${name}-desktop.png`), fullPage: true });
      const desktop = await audit(page);
      await page.setViewportSize({ width: 390, height: 844 });
      await page.screenshot({ path: path.join(SCREENSHOTS, `${name}-phone.png`), fullPage: true });
      const phone = await audit(page);
      await page.setViewportSize(size);
      // A record of every page a journey looked at: axe's serious and critical findings and the sideways overflow,
      // at both widths (measured, not asserted here: test/e2e/sign-in-flow.test.ts asserts them for its pages).
      appendFileSync(AUDIT, `${JSON.stringify({ name, url: page.url(), desktop, phone })}\n`);
    },
    async screenshotOf(part, name) {
      mkdirSync(SCREENSHOTS, { recursive: true });
      await part.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
    },
  };
}
