import { describe, expect, it } from 'vitest';
import { DEMO, seedDemo, seedDemoHistory } from '../../../infra/local/seed-demo.ts';
import { zoneOf } from '../../../shared/org/index.ts';
import { monthBefore, monthOf } from '../../../shared/platform/kernel/time.ts';
import { api, db, fetchPage, mailsTo, orgRepo, scoreRepo, signIn, stack, untilIdle } from '../../support/scenario.ts';

describe('npm start seeds a year of demo history once, and mails none of it', () => {
  it('the dashboard and the 12-month score chart show it; a second start seeds nothing', async () => {
    await seedDemo(orgRepo());
    const first = await seedDemoHistory(db(), stack().tableName);
    expect(first).toEqual({ seeded: true, months: 11 });
    expect(await seedDemoHistory(db(), stack().tableName)).toEqual({ seeded: false, months: 0 });

    const token = await signIn('chief@demo.local');
    const r = await api('GET', `/api/orgs/${DEMO.county}/dashboard`, { token });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.source.seededMonths).toBe(10); // the 12 months to this one hold 10 of the 11 seeded months
    expect(r.body.reports).toBeGreaterThan(20);
    expect(r.body.itemsByMonth.filter((m: { sent: number }) => m.sent > 0).length).toBeGreaterThanOrEqual(10);
    const page = await fetchPage('/dashboard', token);
    expect(await page.text()).toContain('个月为演示数据');

    const month = monthBefore(monthBefore(monthOf(new Date(), zoneOf(await orgRepo().getOrg(DEMO.county)))));
    expect((await scoreRepo().readMonth(DEMO.county, month))?.header.mailedAt).toBeUndefined();
    const scores = await fetch(`${stack().appUrl}/scores?month=${month}`, {
      headers: { cookie: `bs_session=${token}` },
    });
    expect(await scores.text()).toContain('演示数据');

    await untilIdle();
    for (const email of ['chief@demo.local', 'leader@demo.local', 'office@demo.local', 'reporter@demo.local'])
      expect(await mailsTo(email, '【信息工作月度得分】')).toEqual([]);
  });
});
