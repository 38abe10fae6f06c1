import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium, driven by playwright-core (browser downloads do not work here). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);

if (!hasChromium) {
  const msg = `\n!!! ${CHROMIUM} not found: the browser (e2e) tests are SKIPPED. Install it with: apt-get install -y chromium\n`;
  if (process.env.CI) throw new Error(`${msg}In CI a missing browser is a failure.`);
  console.warn(msg);
}

export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Opens a new page signed in as `email` through the local sign-in page. */
export async function signedInPage(browser: Browser, appUrl: string, email: string) {
  const page = await browser.newPage();
  await page.goto(`${appUrl}/login`);
  await page.fill('#email', email);
  await Promise.all([page.waitForURL(`${appUrl}/`), page.click('button[type=submit]')]);
  return page;
}
