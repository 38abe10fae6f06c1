import { describe, expect, it } from 'vitest';
import { isoToLocalInput } from '../../shared/platform/kernel/time.ts';
import { givenOrg, linkIn, stack, waitForMail } from '../support/scenario.ts';
import { hasChromium, useBrowser } from './browser.ts';

describe.skipIf(!hasChromium)('in a browser: from "we read it in the news" to a mailed circular', () => {
  const browser = useBrowser();

  it('the office records a missed event, the department explains, the office confirms and publishes a circular that lands in the mail viewer', async () => {
    const g = await givenOrg();
    // What the form's local date-time fields take: a moment `msAgo` ago, on the organisation's wall clock.
    const localInput = (msAgo: number) => isoToLocalInput(new Date(Date.now() - msAgo).toISOString(), g.tz);

    // Office: record the missed event; a missing "learned at" is refused first and nothing is recorded.
    const office = await browser.signedIn(g.email('office'), { next: '/findings/new' });
    await office.selectOption('#f-kind', 'missed');
    await office.selectOption('#f-responsibleDepartmentId', g.newsId);
    await office.selectOption('#f-responsiblePersonId', g.people.reporter.personId);
    await office.fill('#f-occurredAt', localInput(6 * 3600_000));
    await office.selectOption('#f-learnedHow', 'media');
    await office.fill('#f-learnedFrom', '县电视台晚间新闻');
    await office.fill('#f-note', '外景车在城关路口发生交通事故，新闻部未报送，本办从电视新闻获知。');
    await office.click('#save-finding');
    await office.waitForSelector('.errors');
    expect(await office.locator('.errors').textContent()).toContain('漏报须写明何时获知');
    expect(await office.locator('#f-learnedAt-error').textContent()).toContain('漏报须写明何时获知');
    expect(await office.inputValue('#f-learnedFrom')).toBe('县电视台晚间新闻');
    await office.goto(`${stack().appUrl}/findings`);
    expect(await office.locator('#no-findings').count()).toBe(1);
    await office.goto(`${stack().appUrl}/findings/new`);
    await office.selectOption('#f-kind', 'missed');
    await office.selectOption('#f-responsibleDepartmentId', g.newsId);
    await office.selectOption('#f-responsiblePersonId', g.people.reporter.personId);
    await office.fill('#f-occurredAt', localInput(6 * 3600_000));
    await office.fill('#f-learnedAt', localInput(5 * 3600_000));
    await office.selectOption('#f-learnedHow', 'media');
    await office.fill('#f-note', '外景车在城关路口发生交通事故，新闻部未报送，本办从电视新闻获知。');
    await Promise.all([office.waitForURL(/done=created/), office.click('#save-finding')]);
    expect(await office.locator('#finding-state').textContent()).toBe('待说明');
    // The office cannot confirm before the unit had its say.
    await office.fill('#f-reason', '属实');
    await office.click('#confirm');
    await office.waitForSelector('.errors');
    expect(await office.locator('.errors').textContent()).toContain('说明期限未到');

    // Department head: from the mail, explain.
    const [asked] = await waitForMail(g.email('head'));
    expect(asked!.subject).toContain('【漏报·请说明】');
    const head = await browser.signedIn(g.email('head'));
    await head.goto(linkIn(asked!, 'findings'));
    await head.fill('#f-text', '信息员在现场处置，误以为已由他人报送。已组织全部门学习报送制度。');
    await Promise.all([head.waitForURL(/done=explain/), head.click('#explain')]);
    expect(await head.locator('#finding-state').textContent()).toBe('已说明');
    expect(await head.locator('#decide-form').count()).toBe(0);

    // Office: from its mail, confirm.
    const [explained] = await waitForMail(g.email('office'));
    await office.goto(linkIn(explained!, 'findings'));
    expect(await office.locator('#finding-explanation').textContent()).toContain('已组织全部门学习报送制度');
    await office.fill('#f-reason', '事件属实，应报未报。');
    await Promise.all([office.waitForURL(/done=decide/), office.click('#confirm')]);
    expect(await office.locator('#finding-state').textContent()).toBe('已认定');
    expect(await office.locator('#finding-decision').textContent()).toContain('扣 3 分');
    const findingId = new URL(office.url()).pathname.split('/').pop()!;

    // Office: the circular builder, pick the finding, publish.
    await office.goto(`${stack().appUrl}/circulars`);
    await office.check(`#candidates tr[data-finding-id="${findingId}"] input[type=checkbox]`);
    await office.fill('#f-from', localInput(2 * 86400_000).slice(0, 10));
    await office.fill('#f-to', localInput(0).slice(0, 10));
    await Promise.all([office.waitForURL(/\/circulars\/\d{4}-\d+$/), office.click('#publish-circular')]);
    // The year the circular was numbered in, from its address (/circulars/<year>-<n>).
    const year = /\/circulars\/(\d{4})-\d+$/.exec(office.url())![1];
    expect(await office.locator('#circular-no').textContent()).toBe(`通报〔${year}〕第1号`);
    const text = await office.locator('#circular').textContent();
    expect(text).toContain('新闻部 报告人');
    expect(text).toContain('漏报');
    await office.goto(`${stack().appUrl}/findings/${findingId}`);
    expect(await office.locator('#finding').textContent()).toContain(`通报〔${year}〕第1号`);

    // The mail viewer shows the circular sent to the principal leader.
    const mails = await waitForMail(g.email('chief'));
    const subject = mails.map((m) => m.subject).find((s) => s.startsWith('【通报】'));
    expect(subject).toContain(`〔${year}〕第1号`);
    await browser.seeInMailViewer(subject!);

    // The timeliness dashboard counts the confirmed missed report, and downloads as CSV.
    await office.goto(`${stack().appUrl}/timeliness`);
    expect(await office.locator('#findings-by-kind').textContent()).toContain('漏报 1');
    const csv = await office.request.get(`${stack().appUrl}${await office.locator('#csv').getAttribute('href')}`);
    expect(csv.headers()['content-type']).toContain('text/csv');
    expect(csv.headers()['content-disposition']).toContain('.csv');
    expect(await csv.text()).toContain('新闻部,0,0,0,,,1');
    await browser.screenshot(office, 'timeliness');
    // On a phone the tables become cards: nothing scrolls sideways, and no box scrolls out of the keyboard's reach.
    await office.setViewportSize({ width: 390, height: 844 });
    expect(await office.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(
      await office.evaluate(() =>
        [...document.querySelectorAll('table')]
          .filter((t) => t.scrollWidth > t.clientWidth + 1)
          .map((t) => `${t.id}: ${t.scrollWidth}/${t.clientWidth}`),
      ),
    ).toEqual([]);
    await office.setViewportSize({ width: 1280, height: 800 });
  });
  it('a finding form with three bad fields shows each error next to its field, keeps what was typed, and picks the report by title on a phone', async () => {
    const g = await givenOrg();
    const office = await browser.signedIn(g.email('office'), { next: '/findings/new', width: 390 });
    // No box asks for an id: the responsible unit and the report are pickers by name.
    expect(await office.locator('select#f-responsibleOrgId').count()).toBe(1);
    expect(await office.locator('select#f-reportId').count()).toBe(1);
    expect(await office.locator('label[for=f-note].required').count()).toBe(1);
    await office.selectOption('#f-kind', 'false');
    await office.fill('#f-learnedFrom', '群众来电');
    await office.fill('#f-note', '报告所述伤亡人数与现场核实不符。');
    await office.click('#save-finding');
    await office.waitForSelector('#error-summary');
    // Three bad fields, three errors at once, each tied to its field.
    expect(await office.locator('#error-summary li').count()).toBe(3);
    for (const [name, text] of [
      ['reportId', '误报须指明所涉报告'],
      ['correction', '误报须写明更正内容'],
      ['occurredAt', '请填写事件发生时间'],
    ] as const) {
      expect(await office.locator(`#f-${name}-error`).textContent()).toContain(text);
      expect(await office.getAttribute(`#f-${name}`, 'aria-describedby')).toContain(`f-${name}-error`);
    }
    expect(await office.inputValue('#f-kind')).toBe('false');
    expect(await office.inputValue('#f-learnedFrom')).toBe('群众来电');
    expect(await office.inputValue('#f-note')).toBe('报告所述伤亡人数与现场核实不符。');
    expect(await office.locator('#findings').count()).toBe(0);
    expect(await office.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await browser.screenshot(office, 'finding-form-errors');

    // The timeliness page shows how often the office chased (催办次数).
    await office.goto(`${stack().appUrl}/timeliness`);
    expect(await office.locator('#total-chases').getAttribute('data-label')).toBe('催办次数');
  });
});
