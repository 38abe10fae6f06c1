import { describe, expect, it } from 'vitest';
import { publishPeriodical } from '../../../shared/work-info/periodical.ts';
import {
  adoptedItem,
  api,
  callerOf,
  givenOrg,
  itemRepo,
  mailsTo,
  stack,
  tableDeps,
  tokensOf,
  untilIdle,
  waitForMail,
} from '../../support/scenario.ts';

describe('periodical issues', () => {
  it('gives issue numbers that never repeat or skip when several are published at once', async () => {
    const g = await givenOrg();
    const t = await tokensOf(g);
    const ids: string[] = [];
    for (let i = 1; i <= 6; i++) ids.push(await adoptedItem(g, t, `第 ${i} 条信息`));

    const results = await Promise.all(
      ids.map((id) => api('POST', `/api/orgs/${g.orgId}/periodicals`, { token: t.office, body: { itemIds: [id] } })),
    );
    expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201, 201, 201]);
    expect(results.map((r) => r.body.issueNo).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6]);

    // The year the issues were numbered in (the organisation's, at publication).
    const year = results[0]!.body.year;
    expect(results.map((r) => r.body.year)).toEqual(Array(6).fill(year));
    expect(await itemRepo().lastIssueNo(g.orgId, year)).toBe(6);
    const archive = await api('GET', `/api/orgs/${g.orgId}/periodicals`, { token: t.chief });
    expect(archive.status).toBe(200);
    expect(archive.body.items.map((p: { issueNo: number }) => p.issueNo)).toEqual([6, 5, 4, 3, 2, 1]);
    // Each issue holds exactly the item it was published with, and the item points back at it.
    for (const r of results) {
      const item = await itemRepo().get(r.body.items[0].itemId);
      expect(item).toMatchObject({ state: 'published', issueNo: r.body.issueNo, periodicalId: r.body.periodicalId });
    }
  });

  it('retries on the next number when another issue took it between read and write (both read N, one writes N+1, the other N+2)', async () => {
    const g = await givenOrg();
    const t = await tokensOf(g);
    const a = await adoptedItem(g, t, '甲');
    const b = await adoptedItem(g, t, '乙');
    // The real table, with a barrier: neither publisher writes before both have read the counter.
    const real = itemRepo();
    let waiting: (() => void)[] = [];
    let reads = 0;
    const items = Object.create(real) as typeof real;
    items.lastIssueNo = async (orgId, year) => {
      const n = await real.lastIssueNo(orgId, year);
      if (++reads <= 2) {
        await new Promise<void>((resolve) => {
          waiting.push(resolve);
          if (waiting.length === 2) {
            for (const w of waiting) w();
            waiting = [];
          }
        });
      }
      return n;
    };
    const sent: string[] = [];
    const mailer = {
      send: async (m: { to: string }) => {
        sent.push(m.to);
        return {};
      },
    };
    const deps = tableDeps({ items, mailer });
    const office = callerOf(g, 'office');
    const [p1, p2] = await Promise.all([
      publishPeriodical(deps, office, g.orgId, { title: undefined, itemIds: [a] }),
      publishPeriodical(deps, office, g.orgId, { title: undefined, itemIds: [b] }),
    ]);
    expect(reads).toBe(3); // both read 0; the loser read again and took 2
    expect([p1.body.issueNo, p2.body.issueNo].sort()).toEqual([1, 2]);
    expect((await itemRepo().listPeriodicals(g.orgId)).map((p) => p.issueNo)).toEqual([2, 1]);
    expect(sent).toContain(g.email('chief'));
  });

  it('publishes an item once when two issues race for it, and the loser takes no number', async () => {
    const g = await givenOrg();
    const t = await tokensOf(g);
    const shared = await adoptedItem(g, t, '两期都想要的信息');
    const other = await adoptedItem(g, t, '另一条信息');

    const [a, b] = await Promise.all([
      api('POST', `/api/orgs/${g.orgId}/periodicals`, { token: t.office, body: { itemIds: [shared] } }),
      api('POST', `/api/orgs/${g.orgId}/periodicals`, { token: t.office, body: { itemIds: [other, shared] } }),
    ]);
    expect([a.status, b.status].sort()).toEqual([201, 422]);
    const loser = a.status === 422 ? a : b;
    expect(loser.body.error.code).toBe('ITEM_NOT_PUBLISHABLE');
    expect(loser.body.error.details.map((d: { message: string }) => d.message).join()).toContain('已编入第1期');
    const winner = a.status === 201 ? a : b;
    expect(await itemRepo().lastIssueNo(g.orgId, winner.body.year)).toBe(1);
    // The loser changed nothing: the other item is still waiting and gets the next number, 2.
    expect((await itemRepo().get(other))!.state).toBe(a.status === 201 ? 'adopted' : 'published');
    if (a.status === 201) {
      const next = await api('POST', `/api/orgs/${g.orgId}/periodicals`, {
        token: t.office,
        body: { itemIds: [other] },
      });
      expect(next.body.issueNo).toBe(2);
    }
  });

  it('numbers each organisation on its own, keeps the chosen order and mails the issue to the distribution list', async () => {
    const g = await givenOrg();
    const t = await tokensOf(g);
    const first = await adoptedItem(g, t, '甲 <script>alert(1)</script>');
    const second = await adoptedItem(g, t, '乙');
    const r = await api('POST', `/api/orgs/${g.orgId}/periodicals`, {
      token: t.office,
      body: { title: '融媒工作动态', itemIds: [second, first] },
    });
    expect(r.status).toBe(201);
    expect(r.body.issueNo).toBe(1);
    expect(r.body.items.map((i: { itemId: string }) => i.itemId)).toEqual([second, first]);
    expect(r.body.distribution.leaders).toEqual(expect.arrayContaining(['主要领导', '分管领导']));
    expect(r.body.distribution.departments).toEqual(expect.arrayContaining(['新闻部', '办公室', '技术部']));

    const [mail] = await waitForMail(g.email('leader'));
    expect(mail!.subject).toBe(`【交流刊物】融媒工作动态 ${r.body.year}年第1期`);
    expect(mail!.body.html.indexOf('乙')).toBeLessThan(mail!.body.html.indexOf('甲'));
    expect(mail!.body.html).not.toContain('<script>alert(1)</script>');
    expect(mail!.body.html).toContain('&lt;script&gt;');
    expect(mail!.body.text).toContain(`/periodicals/${r.body.periodicalId}`);
    await untilIdle();
    expect(await mailsTo(g.email('reporter'), mail!.subject)).toEqual([]);
    const stored = await itemRepo().getPeriodical(g.orgId, r.body.year, 1);
    expect(stored!.mailedTo).toEqual(
      expect.arrayContaining([g.email('chief'), g.email('leader'), g.email('head'), g.email('office')]),
    );

    const other = await givenOrg();
    const t2 = await tokensOf(other);
    const otherItem = await adoptedItem(other, t2, '别的单位的信息');
    const r2 = await api('POST', `/api/orgs/${other.orgId}/periodicals`, {
      token: t2.office,
      body: { itemIds: [otherItem] },
    });
    expect(r2.body.issueNo).toBe(1);
    const cross = await api('POST', `/api/orgs/${other.orgId}/periodicals`, {
      token: t2.office,
      body: { itemIds: [first] },
    });
    expect(cross.status).toBe(400);
    const foreign = await api('GET', `/api/orgs/${g.orgId}/periodicals/${r.body.periodicalId}`, { token: t2.office });
    expect(foreign.status).toBe(404);
    const one = await api('GET', `/api/orgs/${g.orgId}/periodicals/${r.body.periodicalId}`, { token: t.head });
    expect(one.body).toMatchObject({ issueNo: 1, title: '融媒工作动态' });
  });

  it('renders the issue as a printable A4 page with its number', async () => {
    const g = await givenOrg();
    const t = await tokensOf(g);
    const id = await adoptedItem(g, t, '可打印的信息');
    const r = await api('POST', `/api/orgs/${g.orgId}/periodicals`, { token: t.office, body: { itemIds: [id] } });
    // The page session is the sign-in's cookie; the local stage's dev sign-in token stands in for the ID token.
    const cookie = `bs_session=${t.chief}`;
    const page = await fetch(`${stack().appUrl}/periodicals/${r.body.periodicalId}`, { headers: { cookie } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('size:A4');
    expect(html).toContain(`${r.body.year}年第1期`);
    expect(html).toContain('可打印的信息');
    expect(html).toContain('报：');
  });
});
