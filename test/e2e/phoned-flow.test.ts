import { describe, expect, it } from 'vitest';
import {
  checkAt,
  givenOrg,
  mailsTo,
  minutesFrom,
  NEVER,
  reportRepo,
  stack,
  untilIdle,
  waitForMail,
} from '../support/scenario.ts';
import { isoToLocalInput, localInputToIso, localParts } from '../../shared/platform/kernel/time.ts';
import { hasChromium, sidewaysOverflow, useBrowser } from './browser.ts';

/** A zone where it is daytime now: the stack runs on the real clock, and a cut-off a few minutes ahead must be today. */
function daytimeZone(now = new Date()): string {
  return ['Asia/Shanghai', 'Europe/Berlin', 'America/Los_Angeles'].find((z) => {
    const h = Math.floor(localParts(now, z).minutes / 60);
    return h >= 6 && h < 18;
  })!;
}

describe.skipIf(!hasChromium)('in a browser: intake as it really happens (issue 14)', () => {
  const browser = useBrowser();

  it('the duty officer records a call at night, the chain runs, the caller completes the written report in time', async () => {
    const g = await givenOrg({ hours: NEVER, withDuty: true });
    const title = `电话报告 ${g.orgId}`;
    const officer = await browser.signedIn(g.email('office'), { next: '/reports/phoned' });
    const local = (iso: string) => isoToLocalInput(iso, g.tz);
    await officer.selectOption('#f-intake-callerPersonId', g.people.reporter.personId);
    await officer.fill('#f-intake-callerPhone', '13800000000');
    await officer.fill('#f-intake-alreadyTold', '部门负责人（未接通）');
    await officer.fill('#f-title', title);
    await officer.fill('#f-summary', '来电称二楼演播室冒烟，人员正在疏散。');
    await officer.selectOption('#f-departmentId', g.newsId);
    await officer.selectOption('#f-category', 'safety');
    await officer.selectOption('#f-severity', 'II');
    await officer.fill('#f-occurredAt', local(minutesFrom(-10)));
    await browser.screenshot(officer, 'phoned-form');
    await Promise.all([
      officer.waitForURL(new RegExp(`${stack().appUrl}/reports/[0-9A-Z]+$`)),
      officer.click('form[action="/reports/phoned"] button[type=submit]'),
    ]);
    await expect(officer.locator('[role=status]').textContent()).resolves.toContain('电话报告已记录并报送');
    const reportId = officer.url().split('/').pop()!;
    await expect(officer.textContent('body')).resolves.toContain('电话报告：报告人');

    // The chain runs at once: outside working time the duty leader is told first.
    const [toDuty] = await waitForMail(g.email('duty'), 1, '【紧急信息】');
    expect(toDuty!.subject).toContain(title);

    // The report page shows the call and, to the caller who owes the written version, the 补报 link; phone first.
    const caller = await browser.signedIn(g.email('reporter'), { next: `/reports/${reportId}`, width: 390 });
    const call = caller.locator('#phoned-call');
    await expect(call.textContent()).resolves.toMatch(
      /来电人报告人[\s\S]*13800000000[\s\S]*办公室主任[\s\S]*部门负责人（未接通）/,
    );
    await expect(call.textContent()).resolves.toContain('前报送');
    await expect(caller.locator('#written-link').getAttribute('href')).resolves.toBe(`/reports/${reportId}/written`);
    expect(await sidewaysOverflow(caller)).toBe(0);
    await caller.setViewportSize({ width: 1280, height: 800 });
    expect(await sidewaysOverflow(caller)).toBe(0);
    await browser.screenshot(caller, 'phoned-report-call');
    // Someone the chain told, who does not owe the written version, sees the call but no link.
    const duty = await browser.signedIn(g.email('duty'), { next: `/reports/${reportId}` });
    await expect(duty.locator('#phoned-call').count()).resolves.toBe(1);
    await expect(duty.locator('#written-link').count()).resolves.toBe(0);

    // The caller completes the written version within the limit, from the form prefilled with what was said.
    await Promise.all([
      caller.waitForURL(`${stack().appUrl}/reports/${reportId}/written`),
      caller.click('#written-link'),
    ]);
    await expect(caller.inputValue('#f-summary')).resolves.toContain('演播室冒烟');
    await expect(caller.inputValue('#f-place')).resolves.toBe('');
    await caller.fill('#f-place', '二楼演播室');
    await caller.fill('#f-summary', '电线短路引发明火，已疏散人员，无人员伤亡。');
    await caller.fill('#f-measuresTaken', '已用灭火器扑灭，消防已到场。');
    await caller.fill('#f-contact-name', '李信息');
    await caller.fill('#f-contact-phone', '13800000000');
    await browser.screenshot(caller, 'phoned-written-form');
    await Promise.all([
      caller.waitForURL(`${stack().appUrl}/reports/${reportId}`),
      caller.click(`form[action="/reports/${reportId}/written"] button[type=submit]`),
    ]);
    await expect(caller.locator('[role=status]').textContent()).resolves.toContain('书面报告已按时报送');
    await browser.screenshot(caller, 'phoned-report-written');
    await expect(caller.locator('#written-link').count()).resolves.toBe(0);
    await expect(caller.locator('#phoned-call').textContent()).resolves.toContain('（按时）');
    const stored = await reportRepo().get(reportId);
    expect(stored).toMatchObject({ phonedIn: true, written: true, late: false, place: '二楼演播室' });
    expect(stored!.intake).toMatchObject({ callerName: '报告人', recordedByName: '办公室主任' });

    // Past the written limit nothing is chased: the written version is in.
    await checkAt(minutesFrom(1, stored!.writtenDueAt!));
    await untilIdle();
    expect(await mailsTo(g.email('reporter'), '【催报·书面报告】')).toEqual([]);
  });

  it('a zero-report period runs a day: one unit files 无重大紧急情况, the other is missing at the cut-off and chased', async () => {
    const tz = daytimeZone();
    const g = await givenOrg({ tz });
    const now = new Date();
    const at = localParts(now, tz);
    const m = at.minutes + 10;
    const cutoff = `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

    const office = await browser.signedIn(g.email('office'), { next: '/zero-reports' });
    await office.fill('#f-title', `春节假期 ${g.orgId}`);
    await office.fill('#f-from', at.date);
    await office.fill('#f-to', at.date);
    await office.fill('#f-cutoff', cutoff);
    await office.check(`input[name=departmentIds][value="${g.newsId}"]`);
    await office.check(`input[name=departmentIds][value="${g.orgId}-tech"]`);
    await browser.screenshot(office, 'zero-declare');
    await Promise.all([
      office.waitForURL(new RegExp(`${stack().appUrl}/zero-reports/[0-9A-Z]+$`)),
      office.click('form[action="/zero-reports"] button[type=submit]'),
    ]);
    const periodId = office.url().split('/').pop()!;
    await expect(office.locator('[role=status]').textContent()).resolves.toContain('已设立特殊时期');

    const reporter = await browser.signedIn(g.email('reporter'), { next: `/zero-reports/${periodId}` });
    await Promise.all([
      reporter.waitForURL(new RegExp(`/zero-reports/${periodId}\\?date=`)),
      reporter.click('form[action$="/returns"] button'),
    ]);
    await expect(reporter.locator('[role=status]').textContent()).resolves.toContain('零报告已报送');
    await browser.screenshot(reporter, 'zero-filed');

    // At the cut-off 技术部 is missing and its information officer is chased by mail.
    const cutoffAt = Date.parse(localInputToIso(`${at.date}T${cutoff}`, tz));
    await checkAt(new Date(cutoffAt + 30_000).toISOString());
    const [chase] = await waitForMail(g.email('outsider'), 1, '【催报·零报告】');
    expect(chase!.body.text).toContain('技术部');
    await browser.seeInMailViewer(chase!.subject);

    await office.goto(`${stack().appUrl}/zero-reports/${periodId}?date=${at.date}`);
    const rows = office.locator('table tbody tr');
    await expect(rows.nth(0).textContent()).resolves.toContain('零报告');
    await expect(rows.nth(1).textContent()).resolves.toContain('未报');
    await browser.screenshot(office, 'zero-day');
    await office.setViewportSize({ width: 390, height: 844 });
    expect(await sidewaysOverflow(office)).toBe(0);
  });
});
