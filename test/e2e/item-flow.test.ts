import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { api, itemRepo, stack } from '../support/stack.ts';
import { adoptedItem, draftItem, givenOrg, tokensOf } from '../support/given.ts';
import { localMonth } from '../support/when.ts';
import { linkIn, waitForMail, type StoredMail } from '../support/then.ts';
import { hasChromium, useBrowser } from './browser.ts';

const itemLinkIn = (mail: StoredMail) => linkIn(mail, 'items');

/** Clicks a form's button and waits for the page the Post/Redirect/Get lands on. */
async function press(page: Page, selector: string) {
  await Promise.all([page.waitForEvent('load'), page.click(selector)]);
}

describe.skipIf(!hasChromium)('in a browser: work information from draft to a published issue', () => {
  const browser = useBrowser();
  const as = (email: string) => browser.signedIn(email, { next: '/items' });

  it('the officer drafts and submits, the head returns then approves, the review group adopts, the chief signs off, the office publishes, and the issue is in the mail viewer', async () => {
    const g = await givenOrg();
    const title = `全县融媒体中心完成两会报道 ${g.orgId.slice(-4)}`;

    // Information officer: write, fail validation once, save, submit.
    const officer = await as(g.email('reporter'));
    await officer.click('#new-item');
    await officer.selectOption('#f-kind', 'work');
    await officer.fill('#f-body', '正文');
    await officer.click('#save');
    await officer.waitForSelector('.errors');
    expect(await officer.locator('.errors').textContent()).toContain('请填写标题');
    expect(await itemRepo().listByAuthor(g.people.reporter.personId)).toEqual([]);
    await officer.fill('#f-title', title);
    await officer.fill('#f-body', '本月完成两会报道 36 篇。\n\n- 电视新闻 20 条\n- 网络稿件 <16> 篇');
    await press(officer, '#save');
    expect(await officer.locator('#item-state').textContent()).toBe('草稿');
    expect(await officer.locator('#item-body li').allTextContents()).toEqual(['电视新闻 20 条', '网络稿件 <16> 篇']);
    const itemId = new URL(officer.url()).pathname.split('/').pop()!;
    await press(officer, '#submit-item');
    expect(await officer.locator('#item-state').textContent()).toBe('待部门审核');

    // Department head: from the queue, return with a comment.
    const head = await as(g.email('head'));
    await head.goto(`${stack().appUrl}/items/review`);
    await head.click(`#review-queue tr[data-item-id="${itemId}"] a`);
    await head.fill('#f-comment', '请写明网络稿件的阅读量');
    await press(head, '#return-item');
    expect(await head.locator('#item-state').textContent()).toBe('已退回修改');

    // Officer: sees the comment in the mail and on the page, edits, resubmits.
    const [returned] = await waitForMail(g.email('reporter'));
    expect(returned!.body.text).toContain('请写明网络稿件的阅读量');
    await officer.goto(itemLinkIn(returned!));
    expect(await officer.locator('.errors').textContent()).toContain('请写明网络稿件的阅读量');
    await officer.click('#edit-item');
    await officer.fill(
      '#f-body',
      '本月完成两会报道 36 篇，网络稿件阅读量 120 万。\n\n- 电视新闻 20 条\n- 网络稿件 16 篇',
    );
    await press(officer, '#save');
    await press(officer, '#submit-item');

    // Head approves from the mail link.
    const reviewMails = await waitForMail(g.email('head'), 2);
    await head.goto(itemLinkIn(reviewMails[1]!));
    await press(head, '#approve-item');
    expect(await head.locator('#item-state').textContent()).toBe('已审核，待采用');

    // Review group: from the adoption queue, adopt as important.
    const reviewer = await as(g.email('reviewer'));
    await reviewer.goto(`${stack().appUrl}/items/office`);
    await reviewer.click(`#office-queue tr[data-item-id="${itemId}"] a`);
    await reviewer.check('#important');
    await press(reviewer, '#adopt-item');
    expect(await reviewer.locator('#item-state').textContent()).toBe('已采用');

    // Principal leader: signs off from the mail.
    const [toSign] = await waitForMail(g.email('chief'));
    expect(toSign!.subject).toContain('【待签发·工作信息】');
    const chief = await as(g.email('chief'));
    await chief.goto(`${stack().appUrl}/items/review`);
    expect(await chief.locator(`#sign-off-queue tr[data-item-id="${itemId}"]`).count()).toBe(1);
    await chief.goto(itemLinkIn(toSign!));
    await press(chief, '#sign-off-item');
    expect(await chief.locator('#item-state').textContent()).toBe('已签发');

    // Office: builds and publishes the issue.
    const office = await as(g.email('office'));
    await office.goto(`${stack().appUrl}/periodicals`);
    // Nothing chosen: the error sits at the list of items, the typed title is kept.
    await office.fill('#f-title', '融媒工作动态');
    await press(office, '#publish');
    expect(await office.locator('#f-itemIds-error').textContent()).toContain('请至少选择一条信息');
    expect(await office.inputValue('#f-title')).toBe('融媒工作动态');
    await office.check(`#publishable tr[data-item-id="${itemId}"] input[type=checkbox]`);
    await press(office, '#publish');
    // The year the issue was numbered in, from its address (/periodicals/<year>-<n>).
    const year = /\/periodicals\/(\d{4})-\d+$/.exec(office.url())![1];
    expect(await office.locator('#issue-no').textContent()).toBe(`${year}年第1期`);
    expect(await office.locator('#periodical h2').allTextContents()).toEqual([title]);
    await office.goto(`${stack().appUrl}/periodicals`);
    expect(await office.locator('#issues').textContent()).toContain(`融媒工作动态 ${year}年第1期`);

    // The mail viewer shows the issue sent to the leaders.
    const subject = `【交流刊物】融媒工作动态 ${year}年第1期`;
    const mails = await waitForMail(g.email('chief'), 2);
    expect(mails.map((m) => m.subject)).toContain(subject);
    await browser.seeInMailViewer(subject);

    // The officer's list and the item's history tell the whole story; the draft can be downloaded.
    await officer.goto(`${stack().appUrl}/items`);
    expect(await officer.locator(`#my-items tr[data-item-id="${itemId}"] .state`).textContent()).toBe(
      `已刊发（${year}年第1期）`,
    );
    await officer.goto(`${stack().appUrl}/items/${itemId}`);
    const history = await officer
      .locator('#history tr[data-type]')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-type')));
    expect(history).toEqual([
      'created',
      'submitted',
      'returned',
      'edited',
      'submitted',
      'approved',
      'adopted',
      'signedOff',
      'published',
    ]);
    const download = await officer.request.get(`${stack().appUrl}/items/${itemId}/draft`);
    expect(download.headers()['content-disposition']).toContain('attachment');
    const draft = await download.text();
    expect(draft).toContain('第 1 稿');
    expect(draft).toContain('第 2 稿');
    expect(draft).toContain('网络稿件 &lt;16&gt; 篇');
    await browser.screenshot(officer, 'item-history');
  });
});

describe.skipIf(!hasChromium)('in a browser, on a phone: the rest of the work-information rules', () => {
  const browser = useBrowser();
  const phone = (email: string, next: string) => browser.signedIn(email, { next, width: 390 });

  it('the parent sets the target, the office sees it and recommends upward, the parent adopts, the author publishes himself, the periodical reaches outside units', async () => {
    const parent = await givenOrg();
    const g = await givenOrg({ parentOrgId: parent.orgId });
    const t = await tokensOf(g);
    const flash = (page: Page) => page.locator('[role="status"]').first().textContent();

    // The parent's office: sets this month's target for the lower organisation (a bad number first).
    const upper = await phone(parent.email('office'), '/items/targets');
    const card = `section[data-org-id="${g.orgId}"]`;
    await upper.fill(`${card} input[name="items"]`, '-3');
    await press(upper, `${card} button[type="submit"]`);
    expect(await upper.locator('#error-summary').textContent()).toContain('报送任务不能小于 0');
    await upper.fill(`${card} input[name="items"]`, '4');
    await upper.fill(`${card} input[name="note"]`, '每月不少于 4 条');
    await press(upper, `${card} button[type="submit"]`);
    expect(await flash(upper)).toContain('已下达报送任务');
    expect(await upper.locator(`${card} #target-count`).textContent()).toContain('任务 4 条，已报送 0 条');
    await browser.screenshot(upper, 'items-targets');

    // The lower office: the target against the month on the work-information page; recommends an adopted item.
    const id = await adoptedItem(g, t, `乡镇推进垃圾分类的做法 ${g.orgId.slice(-4)}`);
    const office = await phone(g.email('office'), '/items');
    expect(await office.locator('#target-count').textContent()).toContain('任务 4 条，已报送 1 条');
    await browser.screenshot(office, 'items-target');
    await office.goto(`${stack().appUrl}/items/${id}`);
    await office.fill('#recommend-note', '经验可推广');
    await press(office, '#recommend-item');
    expect(await flash(office)).toContain('已推荐报送上级单位');
    expect(await office.locator('#recommendation').textContent()).toContain('待上级采用');

    // The parent's review group: finds it in its queue and adopts it.
    const reviewer = await phone(parent.email('reviewer'), '/items/office');
    await reviewer.click(`#office-queue tr[data-item-id="${id}"] a`);
    expect(await reviewer.locator('fieldset legend').first().textContent()).toContain('下级单位推荐报送');
    await browser.screenshot(reviewer, 'item-recommended-to-parent');
    await press(reviewer, '#adopt-item');
    expect(await flash(reviewer)).toContain('采用意见已提交');
    expect(await reviewer.locator('#recommendation').textContent()).toContain('上级已采用');

    // The author: an approved photo item, published by himself with its outlet.
    const photo = await draftItem(g, t, { kind: 'photo', title: '县城新貌（组图）' });
    await api('POST', `/api/items/${photo}/submit`, { token: t.reporter });
    await api('POST', `/api/items/${photo}/review`, { token: t.head, body: { decision: 'approve' } });
    const author = await phone(g.email('reporter'), `/items/${photo}`);
    await author.fill('#f-outlet', '县融媒体中心公众号');
    await author.fill('#f-publishedOn', `${localMonth(g)}-01`);
    await press(author, '#self-publish');
    expect(await flash(author)).toContain('已登记自行发表');
    expect(await author.locator('#item-state').textContent()).toBe('已自行发表');
    expect(await author.locator('#self-publication').textContent()).toContain('县融媒体中心公众号');
    await browser.screenshot(author, 'item-self-published');

    // The office: the periodical's outside recipients, a bad address named by its line first.
    await office.goto(`${stack().appUrl}/periodicals`);
    await office.fill('#f-outside', '市统计局 <tjj@example>\n市发展改革委 <fgw@example.gov.cn>');
    await press(office, '#save-distribution');
    expect(await office.locator('#error-summary').textContent()).toContain('第 1 行：邮箱格式不正确');
    expect(await office.inputValue('#f-outside')).toContain('tjj@example');
    await office.fill('#f-outside', `市统计局 <tjj-${g.orgId}@example.gov.cn>\n市发展改革委 <fgw@example.gov.cn>`);
    await press(office, '#save-distribution');
    expect(await flash(office)).toContain('已保存发送范围');
    await browser.screenshot(office, 'periodicals-distribution');
    await office.check(`#publishable tr[data-item-id="${id}"] input[type=checkbox]`);
    await press(office, '#publish');
    expect(await office.locator('#outside-distribution').textContent()).toBe('抄送：市统计局、市发展改革委');
    const [mail] = await waitForMail(`tjj-${g.orgId}@example.gov.cn`, 1, '【交流刊物】');
    expect(mail!.body.text).not.toContain('/periodicals/');
  });
});

describe.skipIf(!hasChromium)('in a browser, on a phone: 约稿', () => {
  const browser = useBrowser();
  const phone = (email: string, next: string) => browser.signedIn(email, { next, width: 390 });

  it('the office commissions items from a department, its officer answers from the request, the request shows it', async () => {
    const g = await givenOrg();
    const office = await phone(g.email('office'), '/commissions');
    await office.fill('#f-topic', '优化营商环境经验做法');
    const due = new Date(Date.now() + 3 * 86400_000).toISOString();
    const local = new Intl.DateTimeFormat('sv-SE', {
      timeZone: g.tz,
      dateStyle: 'short',
      timeStyle: 'short',
    })
      .format(new Date(due))
      .replace(' ', 'T');
    await office.fill('#f-dueAt', local);
    await press(office, '#commission');
    expect(await office.locator('#error-summary').textContent()).toContain('请至少选择一个部门');
    expect(await office.inputValue('#f-topic')).toBe('优化营商环境经验做法');
    await office.check(`input[name="departmentId"][value="${g.newsId}"]`);
    await press(office, '#commission');
    expect(await office.locator('[role="status"]').first().textContent()).toContain('已发出约稿');
    const commissionUrl = office.url();

    const officer = await phone(g.email('reporter'), new URL(commissionUrl).pathname);
    await officer.click('#answer-commission');
    expect(await officer.locator('#for-commission').textContent()).toContain('优化营商环境经验做法');
    await officer.fill('#f-title', '新闻部优化营商环境宣传的做法');
    await officer.fill('#f-body', '一是……二是……');
    await press(officer, '#save');
    expect(await officer.locator('#item-state').textContent()).toBe('草稿');

    await office.goto(commissionUrl);
    expect(
      await office.locator(`#commission-answers tr[data-department-id="${g.newsId}"] .answer-state`).textContent(),
    ).toBe('已报送');
    await browser.screenshot(office, 'commission');
    await office.goto(`${stack().appUrl}/commissions`);
    await browser.screenshot(office, 'commissions');
  });
  it('the item editor with bad fields shows each error next to its field with the typed values kept, on a phone', async () => {
    const g = await givenOrg();
    const officer = await browser.signedIn(g.email('reporter'), { next: '/items/new', width: 390 });
    expect(await officer.locator('label[for=f-title].required').count()).toBe(1);
    await officer.selectOption('#f-kind', 'work');
    // A title over its limit (the browser's maxlength is lifted, as a pasted or scripted value would be) and no body.
    await officer.evaluate(() => document.querySelector('#f-title')?.removeAttribute('maxlength'));
    const long = '两会'.repeat(60);
    await officer.fill('#f-title', long);
    await press(officer, '#save');
    expect(await officer.locator('#error-summary li').count()).toBe(2);
    expect(await officer.locator('#f-title-error').textContent()).toContain('标题不能超过 100 个字');
    expect(await officer.locator('#f-body-error').textContent()).toContain('请填写正文');
    expect(await officer.getAttribute('#f-body', 'aria-describedby')).toContain('f-body-error');
    expect(await officer.inputValue('#f-title')).toBe(long);
    expect(await officer.inputValue('#f-kind')).toBe('work');
    expect(await itemRepo().listByAuthor(g.people.reporter.personId)).toEqual([]);
    expect(await officer.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await browser.screenshot(officer, 'item-editor-errors');
  });
});
