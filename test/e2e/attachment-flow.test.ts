import { describe, expect, it } from 'vitest';
import { givenOrg, givenReport, stack, waitForMail } from '../support/scenario.ts';
import { axeViolations, hasChromium, sidewaysOverflow, useBrowser } from './browser.ts';

/** A small real JPEG (its first bytes are what the confirm check reads). */
const PHOTO = Buffer.concat([
  Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]),
  Buffer.from('JFIF'),
  Buffer.alloc(200, 7),
]);

describe.skipIf(!hasChromium)('in a browser: a photo on a report', () => {
  const browser = useBrowser();

  it('the reporter attaches a photo without JavaScript; the head opens the report from the mail and downloads it', async () => {
    const g = await givenOrg();
    const { reportId } = await givenReport(g);
    const reporter = await browser.signedIn(g.email('reporter'), { next: `/reports/${reportId}`, javaScript: false });
    await expect(reporter.locator('.attachments h2').first().textContent()).resolves.toBe('附件（0）');
    await reporter.click('.attachments a.button >> nth=0');
    await expect(reporter.locator('h1').textContent()).resolves.toBe('添加附件');
    const action = await reporter.locator('form[enctype="multipart/form-data"]').getAttribute('action');
    expect(action?.startsWith(stack().s3Url)).toBe(true); // straight to the bucket, not through a function
    await reporter.setInputFiles('#file', { name: '现场照片.jpg', mimeType: 'image/jpeg', buffer: PHOTO });
    await Promise.all([
      reporter.waitForURL(`${stack().appUrl}/reports/${reportId}`),
      reporter.click('form[enctype="multipart/form-data"] button[type=submit]'),
    ]);
    await expect(reporter.locator('[role=status]').textContent()).resolves.toContain('已添加附件');
    await expect(reporter.locator('.attachments h2').first().textContent()).resolves.toBe('附件（1）');

    const [mail] = await waitForMail(g.email('head'));
    const links = [...mail!.body.text.matchAll(/https?:\/\/[^\s"<>]+/g)].map((m) => m[0]);
    const link = links.find((u) => u.startsWith(`${stack().appUrl}/reports/${reportId}`));
    expect(link, links.join(' ')).toBeTruthy();
    expect(mail!.attachments ?? []).toEqual([]); // a link, never the file
    const head = await browser.signedIn(g.email('head'), { next: new URL(link!).pathname });
    const download = head.locator('.attachments a[download]').first();
    // The emulator keeps the key's `${filename}` as it is (AWS puts the browser's file name there): a name of ours.
    await expect(download.textContent()).resolves.toMatch(/\.jpg$/);
    const href = await download.getAttribute('href');
    const file = await head.context().request.get(`${stack().appUrl}${href}`);
    expect(file.status()).toBe(200);
    expect(Buffer.from(await file.body()).equals(PHOTO)).toBe(true);
    expect(file.headers()['content-disposition']).toContain('attachment');

    for (const width of [1280, 390]) {
      await head.setViewportSize({ width, height: 844 });
      expect(await sidewaysOverflow(head)).toBe(0);
      const serious = (await axeViolations(head)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
      expect(serious).toEqual([]);
    }
    await browser.screenshot(head, 'report-with-attachment');

    const form = await browser.signedIn(g.email('reporter'), { next: `/attachments/new?record=report%2F${reportId}` });
    for (const width of [1280, 390]) {
      await form.setViewportSize({ width, height: 844 });
      expect(await sidewaysOverflow(form)).toBe(0);
      const serious = (await axeViolations(form)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
      expect(serious).toEqual([]);
    }
    await browser.screenshot(form, 'attachment-upload-form');
  }, 120_000);
});
