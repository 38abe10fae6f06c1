import { describe, expect, it } from 'vitest';
import { localInputToIso } from '../../shared/platform/kernel/time.ts';
import { api, givenOrg, orgRepo, signIn, stack } from '../support/scenario.ts';
import { axeViolations, fillIn, hasChromium, sidewaysOverflow, useBrowser } from './browser.ts';

describe.skipIf(!hasChromium)('in a browser: the office administers its organisation', () => {
  const browser = useBrowser();
  /** The pages work without JavaScript: every test here turns it off. */
  const noScript = (email: string, next?: string) => browser.signedIn(email, { next, javaScript: false });

  it('adds a person and a duty shift through the pages, with JavaScript off', async () => {
    const g = await givenOrg();
    const page = await noScript(g.email('office'));
    await Promise.all([page.waitForURL(`${stack().appUrl}/admin/${g.orgId}`), page.click('a[href="/admin"]')]);
    await expect(page.locator('h1').textContent()).resolves.toContain('概况');

    // A person.
    await page.click(`a[href="/admin/${g.orgId}/people"]`);
    const email = `new-${g.orgId}@test.local`;
    await page.fill('#f-name', '孙值班');
    await page.fill('#f-email', email);
    await page.selectOption('#f-departmentId', g.officeId);
    await page.check('input[name=roles][value=dutyLeader]');
    await page.check('input[name=roles][value=reporter]');
    await Promise.all([
      page.waitForURL(`${stack().appUrl}/admin/${g.orgId}/people`),
      page.click('form[action$="/people"] button[type=submit]'),
    ]);
    await expect(page.locator('[role=status]').first().textContent()).resolves.toContain('已新增人员 孙值班');
    const person = await orgRepo().findPersonByEmail(email);
    expect(person).toMatchObject({
      orgId: g.orgId,
      name: '孙值班',
      departmentId: g.officeId,
      roles: ['reporter', 'dutyLeader'],
    });

    // A mistake is shown next to its field, with what was typed kept, and nothing is written.
    await page.fill('#f-name', '重复');
    await page.fill('#f-email', email);
    await page.click('form[action$="/people"] button[type=submit]');
    await expect(page.locator('#f-email-error').textContent()).resolves.toContain('已被登记');
    await expect(page.locator('#f-email').getAttribute('aria-describedby')).resolves.toContain('f-email-error');
    await expect(page.locator('#f-name').inputValue()).resolves.toBe('重复');
    expect((await orgRepo().listPeople(g.orgId)).filter((p) => p.name === '重复')).toEqual([]);

    // A duty shift for that person, next Monday 08:00 to Tuesday 08:00.
    await page.click(`a[href="/admin/${g.orgId}/roster"]`);
    await page.click('text=下一周 ›');
    const monday = new URL(page.url()).searchParams.get('week')!;
    const tuesday = new Date(Date.parse(`${monday}T00:00:00Z`) + 86400_000).toISOString().slice(0, 10);
    await page.fill('#f-start', `${monday}T08:00`);
    await page.fill('#f-end', `${tuesday}T08:00`);
    await page.selectOption('#f-dutyLeaderId', person!.personId);
    await Promise.all([page.waitForURL(/\/roster\?week=/), page.click('form[action$="/roster"] button[type=submit]')]);
    await expect(page.locator('.flash').textContent()).resolves.toContain('已新增班次');
    await expect(page.locator('table.roster').textContent()).resolves.toContain('值班领导 孙值班');
    await expect(page.locator('.notice').first().textContent()).resolves.toContain('无人值班');
    await browser.screenshot(page, 'admin-roster');

    const shift = await orgRepo().shiftAt(g.orgId, new Date(localInputToIso(`${monday}T20:00`, g.tz)));
    expect(shift).toMatchObject({
      dutyLeaderId: person!.personId,
      start: new Date(localInputToIso(`${monday}T08:00`, g.tz)).toISOString(),
      end: new Date(localInputToIso(`${tuesday}T08:00`, g.tz)).toISOString(),
    });

    // Leave for the new person, until a date.
    await page.goto(`${stack().appUrl}/admin/${g.orgId}/people/${person!.personId}`);
    await page.check('input[name=available][value=false]');
    await page.fill('#f-until', `${tuesday}T18:00`);
    await Promise.all([
      page.waitForURL(`${stack().appUrl}/admin/${g.orgId}/people`),
      page.click('button[type=submit] >> text=保存'),
    ]);
    expect(await orgRepo().getPerson(person!.personId)).toMatchObject({
      available: false,
      unavailableUntil: new Date(localInputToIso(`${tuesday}T18:00`, g.tz)).toISOString(),
    });
  });

  it('sets up a subordinate organisation from the pages and a pasted CSV alone, and GET /api/orgs/{orgId} shows it', async () => {
    const g = await givenOrg();
    const page = await noScript(g.email('office'), `/admin/${g.orgId}`);
    await page.fill('#sub-name', '新建乡镇');
    await Promise.all([
      page.waitForURL(/\/admin\/[0-9A-Z]+$/),
      page.click('form[action$="/suborgs"] button[type=submit]'),
    ]);
    const childId = new URL(page.url()).pathname.split('/').pop()!;
    await page.click(`a[href="/admin/${childId}/import"]`);
    const tag = childId.toLowerCase();
    await page.fill(
      '#f-csv',
      `姓名,邮箱,电话,角色,部门\n钱主任,qian-${tag}@test.local,,办公室负责人,办公室\n周书记,zhou-${tag}@test.local,,主要领导,\n吴记者,wu-${tag}@test.local,,信息员,宣传科\n郑科长,zheng-${tag}@test.local,,部门负责人,宣传科`,
    );
    // 办公室 and 宣传科 are new: the page lists them for confirmation and nothing is written yet.
    await page.click('form[action$="/import"] button[type=submit]');
    await expect(page.locator('#confirm-departments').textContent()).resolves.toContain('请确认 2 个新部门');
    expect(await orgRepo().findPersonByEmail(`qian-${tag}@test.local`)).toBeUndefined();
    await Promise.all([
      page.waitForURL(`${stack().appUrl}/admin/${childId}/people`),
      page.click('button[name=confirmed]'),
    ]);
    await expect(page.locator('.flash').textContent()).resolves.toContain('已导入 4 人');

    // A bad paste is refused as a whole, with line numbers.
    await page.goto(`${stack().appUrl}/admin/${childId}/import`);
    await page.fill('#f-csv', `姓名,邮箱\n好人,good-${tag}@test.local\n坏人,not-mail`);
    await page.click('form[action$="/import"] button[type=submit]');
    await expect(page.locator('#f-csv-error').textContent()).resolves.toContain('第 3 行');
    expect(await orgRepo().findPersonByEmail(`good-${tag}@test.local`)).toBeUndefined();

    const token = await signIn(`qian-${tag}@test.local`);
    const view = await api('GET', `/api/orgs/${childId}`, { token });
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({ name: '新建乡镇', parentOrgId: g.orgId });
    expect(view.body.people).toHaveLength(4);
    const dept = (name: string) => view.body.departments.find((d: { name: string }) => d.name === name);
    expect(view.body.officeDepartmentId).toBe(dept('办公室').departmentId);
    expect(dept('宣传科').headId).toBe(view.body.people.find((p: { name: string }) => p.name === '郑科长').personId);
    expect(view.body.principalLeaderId).toBe(
      view.body.people.find((p: { name: string }) => p.name === '周书记').personId,
    );
  });

  it('tells the office plainly that 2027 has no official schedule, and takes its overrides', async () => {
    const g = await givenOrg();
    const page = await noScript(g.email('office'), `/admin/${g.orgId}/calendar?year=2027`);
    await expect(page.locator('.notice').textContent()).resolves.toContain('系统尚未收录 2027 年');
    await page.fill('#f-holidays', '2027-01-01\n2027-02-05');
    await Promise.all([
      page.waitForURL(/calendar\?year=2027$/),
      page.click('button[type=submit] >> text=保存 2027 年日历'),
    ]);
    await expect(page.locator('#f-holidays').inputValue()).resolves.toBe('2027-01-01\n2027-02-05');
    expect((await orgRepo().getOrg(g.orgId))?.calendarByYear?.['2027']?.holidays).toEqual(['2027-01-01', '2027-02-05']);
  });

  it('saves a configuration version for next month without touching this month', async () => {
    const g = await givenOrg();
    const page = await noScript(g.email('office'), `/admin/${g.orgId}/config`);
    const thisMonth = await page.locator('#f-effectiveMonth').inputValue();
    const next = new Date(Date.UTC(Number(thisMonth.slice(0, 4)), Number(thisMonth.slice(5, 7)), 1))
      .toISOString()
      .slice(0, 7);
    await fillIn(page, {
      '#f-effectiveMonth': next,
      '#f-ack_I': '5',
      '#f-period_start_0': '09:00',
      '#f-period_end_0': '12:00',
      '#f-period_start_1': '13:30',
      '#f-period_end_1': '17:00',
    });
    // A category renamed, one added as a row, and the 办公区域安全 box of the new one ticked.
    const rows = await page.locator('input[name^=cat_label_]').count();
    await page.fill('#f-cat_label_0', '重大安全事故');
    await page.fill(`#f-cat_label_${rows - 2}`, '网络安全事件');
    await page.check(`input[name=cat_sec_${rows - 2}]`);
    await Promise.all([
      page.waitForURL(`${stack().appUrl}/admin/${g.orgId}/config`),
      page.click('button[type=submit] >> text=保存为新版本'),
    ]);
    await expect(page.locator('.flash').textContent()).resolves.toContain(`已保存 ${next} 起生效的配置`);
    const versions = await orgRepo().listConfigVersions(g.orgId);
    expect(versions.map((v) => v.month)).toEqual([next]);
    expect(versions[0]!.config.severities.I.ackTimeoutMinutes).toBe(5);
    expect(versions[0]!.config.workingHours.periods).toEqual([
      { start: '09:00', end: '12:00' },
      { start: '13:30', end: '17:00' },
    ]);
    const categories = versions[0]!.config.categories;
    expect(categories[0]!.label).toBe('重大安全事故');
    expect(categories.at(-1)).toMatchObject({ label: '网络安全事件', officeSecurity: true });
    expect(categories.at(-1)!.code).toMatch(/^c[0-9A-Z]+$/);
    expect((await orgRepo().getOrg(g.orgId))!.config.severities.I.ackTimeoutMinutes).toBe(10);
  });

  it('three bad configuration fields give three errors at once, each next to its field, with the values kept', async () => {
    const g = await givenOrg();
    const page = await noScript(g.email('office'), `/admin/${g.orgId}/config`);
    await fillIn(page, {
      '#f-effectiveMonth': '2001-01',
      '#f-period_start_0': '12:00',
      '#f-period_end_0': '09:00',
      '#f-cat_label_0': '',
      '#f-ack_I': '-3',
    });
    await page.click('button[type=submit] >> text=保存为新版本');
    const summary = await page.locator('#error-summary').textContent();
    expect(summary).toMatch(/有 \d+ 处需要修改/);
    await expect(page.locator('#f-ack_I-error').count()).resolves.toBe(1);
    await expect(page.locator('#f-ack_I').inputValue()).resolves.toBe('-3');
    await expect(page.locator('#f-period_end_0').inputValue()).resolves.toBe('09:00');
    expect(await orgRepo().listConfigVersions(g.orgId)).toEqual([]);
  });

  /** Every /admin page as the office sees it, at 390 and 1280 px: no sideways scroll, axe finds nothing serious. */
  it('every office page fits a phone and a desktop, and axe-core finds no serious or critical violation', async () => {
    const g = await givenOrg();
    await orgRepo().createPerson({
      personId: `${g.orgId}-gone`,
      orgId: g.orgId,
      name: '已离职',
      email: `gone-${g.orgId}@test.local`,
      roles: ['reporter'],
      available: true,
      disabled: true,
    });
    const pages: [string, string][] = [
      ['admin-overview', ''],
      ['admin-departments', '/departments'],
      ['admin-people', '/people'],
      ['admin-person', `/people/${g.people.reporter.personId}`],
      ['admin-roster', '/roster'],
      ['admin-calendar', '/calendar'],
      ['admin-config', '/config'],
      ['admin-import', '/import'],
    ];
    const found: Record<string, unknown> = {};
    for (const width of [390, 1280]) {
      const page = await browser.signedIn(g.email('office'), { next: `/admin/${g.orgId}`, width });
      await expect(page.locator('.brand .org').textContent()).resolves.toBe((await orgRepo().getOrg(g.orgId))!.name);
      for (const [name, path] of pages) {
        await page.goto(`${stack().appUrl}/admin/${g.orgId}${path}`);
        if (width === 1280) await browser.screenshot(page, name);
        const serious = (await axeViolations(page)).filter((v) => ['serious', 'critical'].includes(v.impact));
        found[`${name}@${width}`] = { overflow: await sidewaysOverflow(page), serious };
      }
      await page.context().close();
    }
    const clean = Object.fromEntries(Object.keys(found).map((k) => [k, { overflow: 0, serious: [] }]));
    expect(found).toEqual(clean);
  });

  it('a colleague without the office role gets 403, another organisation 404', async () => {
    const g = await givenOrg();
    const other = await givenOrg();
    const page = await noScript(g.email('reporter'));
    expect((await page.goto(`${stack().appUrl}/admin/${g.orgId}/people`))!.status()).toBe(403);
    expect((await page.goto(`${stack().appUrl}/admin/${other.orgId}/people`))!.status()).toBe(404);
  });
});
