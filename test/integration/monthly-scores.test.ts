import { describe, expect, it } from 'vitest';
import { ScoreRepo } from '../../shared/data/score-repo.ts';
import { monthRange } from '../../shared/domain/monthly-scores.ts';
import { localParts } from '../../shared/domain/time.ts';
import { api, db, givenOrg, invokeFunction, mailsTo, stack, type StoredMail } from '../support/scenario.ts';
import { adoptedItem, draftItem, tokensOf } from '../support/items.ts';

type MailWithFiles = StoredMail & { attachments?: { filename: string; contentType: string; content: string }[] };
const scoreMails = async (email: string) => ((await mailsTo(email)) as MailWithFiles[]).filter((m) => m.subject.startsWith('【信息工作月度得分】'));

describe('monthly scores: seeded through the API, computed by the scheduled job, stored and mailed once', () => {
  it('stores the hand-computed table, mails each person their own lines and leaders the ranked CSV; a second run changes nothing', async () => {
    const g = await givenOrg();
    const t = await tokensOf(g);
    const month = localParts(new Date(), 'Asia/Shanghai').date.slice(0, 7);
    // 01:00 on the 1st of the next month, Beijing time: the moment the hourly job picks this organisation up.
    const firstOfNext = new Date(new Date(monthRange(month, 'Asia/Shanghai').to).getTime() + 1 + 3600_000).toISOString();

    // Arrange: 新闻部 sends 4 items (3 adopted: work, research, suggestion later adopted at central level; 1 rejected),
    // and 1 more stays with its head (not sent). 技术部 sends nothing.
    const work = await adoptedItem(g, t, '本月工作信息');
    const research = await draftItem(g, t, { title: '调研报告一篇', kind: 'research' });
    const suggestion = await draftItem(g, t, { title: '管理建议一条', kind: 'suggestion' });
    const rejected = await draftItem(g, t, { title: '未采用的信息' });
    for (const id of [research, suggestion, rejected]) {
      expect((await api('POST', `/api/items/${id}/submit`, { token: t.reporter })).status).toBe(200);
      expect((await api('POST', `/api/items/${id}/review`, { token: t.head, body: { decision: 'approve' } })).status).toBe(200);
    }
    for (const id of [research, suggestion]) expect((await api('POST', `/api/items/${id}/adopt`, { token: t.reviewer, body: { decision: 'adopt' } })).status).toBe(200);
    expect((await api('POST', `/api/items/${rejected}/adopt`, { token: t.reviewer, body: { decision: 'reject' } })).status).toBe(200);
    const central = await api('POST', `/api/items/${suggestion}/external-adoptions`, { token: t.office, body: { level: 'central', outlet: '人民日报', adoptedOn: localParts(new Date(), 'Asia/Shanghai').date } });
    expect(central.status).toBe(201);
    const pending = await draftItem(g, t, { title: '还在部门审核的信息' });
    expect((await api('POST', `/api/items/${pending}/submit`, { token: t.reporter })).status).toBe(200);

    // Act: the scheduled job at 01:00 on the 1st (the local scheduler's event shape).
    const first = await invokeFunction('MonthlyScores', { 'detail-type': 'Scheduled Event', time: firstOfNext, detail: { orgIds: [g.orgId] } });

    // Assert: the stored table equals the hand-computed one.
    expect(first.outcomes).toEqual([expect.objectContaining({ orgId: g.orgId, month, departments: 2, failed: 0 })]);
    const repo = new ScoreRepo(db(), stack().tableName);
    const stored = (await repo.readMonth(g.orgId, month))!;
    // Quota: 1 a week × weeks (Mondays) of the month. 新闻部 sent 4; 3 adopted: work 2 + research 5 + suggestion 5.
    const weeks = stored.header.weeks;
    const quota = weeks;
    const newsScore = (4 >= quota ? 5 + (4 - quota) : -(quota - 4)) + 2 + 5 + 5;
    expect(stored.departments.map((d) => [d.name, d.sent, d.adopted, d.score, d.rank])).toEqual([
      ['新闻部', 4, 3, newsScore, 1],
      ['技术部', 0, 0, -quota, 2],
    ]);
    expect(stored.departments[0]!.sentItemIds.sort()).toEqual([work, research, suggestion, rejected].sort());
    const fen = (key: keyof typeof g.people) => stored.people.find((p) => p.personId === g.people[key].personId)?.rewardFen;
    // The reporter's first adopted item meets the personal quota; research 50 + central-level suggestion 200 = 250 yuan.
    expect(fen('reporter')).toBe(25000);
    expect(fen('outsider')).toBe(0);
    expect(fen('head')).toBe(25000); // the reviewing leader of 新闻部, whose only officer earned 250
    expect(fen('chief')).toBe(25000); // the average of the reviewing leaders with officers: the head alone
    expect(stored.people.find((p) => p.personId === g.people.reporter.personId)!.parts.map((p) => p.label)).toEqual([
      '计入本月定额（1 条）的 1 条不奖励',
      '采用《调研报告一篇》50.00 元',
      '中央级采用《管理建议一条》200.00 元',
    ]);

    // Mails: the head sees his department's lines only; leaders get the ranked table with the CSV.
    const [toHead] = await scoreMails(g.email('head'));
    expect(toHead!.body.text).toContain(`新闻部：${newsScore} 分（第 1 名，共 2 个部门）`);
    expect(toHead!.body.text).toContain('采用管理工作建议及措施 1 条 × 5 = +5');
    expect(toHead!.body.text).not.toContain('技术部');
    expect(toHead!.attachments ?? []).toHaveLength(0);
    const [toReporter] = await scoreMails(g.email('reporter'));
    expect(toReporter!.body.text).toContain('报告人（信息员）奖励：250.00 元');
    const [toOutsider] = await scoreMails(g.email('outsider'));
    expect(toOutsider!.body.text).toContain(`技术部：${-quota} 分（第 2 名，共 2 个部门）`);
    expect(toOutsider!.body.text).not.toContain('新闻部');
    for (const leader of ['leader', 'chief'] as const) {
      const [m] = await scoreMails(g.email(leader));
      expect(m!.body.text).toContain('各部门排名');
      expect(m!.attachments).toHaveLength(1);
      expect(m!.attachments![0]!.filename).toBe(`信息工作得分-${month}.csv`);
      const csv = Buffer.from(m!.attachments![0]!.content, 'base64').toString('utf8');
      expect(csv.split('\r\n')[1]).toBe(`1,新闻部,${quota},4,3,${newsScore},${stored.departments[0]!.parts.map((p) => p.label).join('；')}`);
      expect(csv).toContain('报告人,信息员,3,250.00,');
    }
    expect((await scoreMails(g.email('chief')))[0]!.body.text).toContain('主要领导）奖励：250.00 元');
    const counts = async () => Promise.all((['reporter', 'head', 'leader', 'chief', 'outsider', 'office'] as const).map(async (k) => (await scoreMails(g.email(k))).length));
    expect(await counts()).toEqual([1, 1, 1, 1, 1, 1]);

    // Act again: the next hour's run finds the month done; a forced recompute writes the same rows and mails nobody.
    const second = await invokeFunction('MonthlyScores', { time: new Date(Date.parse(firstOfNext) + 3600_000).toISOString(), detail: { orgIds: [g.orgId] } });
    expect([second.due, second.skipped, second.outcomes.length]).toEqual([1, 1, 0]);
    const forced = await invokeFunction('MonthlyScores', { time: firstOfNext, detail: { orgIds: [g.orgId], month } });
    expect(forced.outcomes).toEqual([expect.objectContaining({ mailed: 0, alreadyMailed: 6 })]);
    expect(await repo.readMonth(g.orgId, month)).toEqual(stored);
    await new Promise((r) => setTimeout(r, 300));
    expect(await counts()).toEqual([1, 1, 1, 1, 1, 1]);

    // The API serves the stored month; the pages show it with explanations and the chart.
    const read = await api('GET', `/api/orgs/${g.orgId}/scores?month=${month}`, { token: t.head });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ month, provisional: false, weeks });
    expect(read.body.departments).toEqual(stored.departments);
    expect(read.body.people.find((p: { personId: string }) => p.personId === g.people.reporter.personId)).toMatchObject({ rewardFen: 25000, reward: '250.00' });
    expect((await api('GET', `/api/orgs/${g.orgId}/scores?month=${month}`, { token: t.reporter })).status).toBe(403);
    const bad = await api('GET', `/api/orgs/${g.orgId}/scores?month=2026-13`, { token: t.head });
    expect([bad.status, bad.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    const csv = await fetch(`${stack().appUrl}/api/orgs/${g.orgId}/scores?month=${month}&format=csv`, { headers: { authorization: `Bearer ${t.chief}` } });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect((await csv.text()).split('\r\n')[1]).toMatch(/^1,新闻部,/);
    const quarter = `${month.slice(0, 4)}-Q${Math.ceil(Number(month.slice(5)) / 3)}`;
    const stats = await api('GET', `/api/orgs/${g.orgId}/stats?quarter=${quarter}`, { token: t.office });
    expect(stats.status).toBe(200);
    expect(stats.body.departments.map((d: { name: string; submitted: number; adopted: number; adoptionRate: number; external: object; rank: number }) => [d.name, d.submitted, d.adopted, d.adoptionRate, d.external, d.rank])).toEqual([
      ['新闻部', 4, 3, 75, { municipal: 0, provincial: 0, central: 1 }, 1],
      ['技术部', 0, 0, 0, { municipal: 0, provincial: 0, central: 0 }, 2],
    ]);
    const page = await fetch(`${stack().appUrl}/scores?month=${month}`, { headers: { cookie: `bs_session=${t.head}` } });
    expect(page.status).toBe(200);
    const pageHtml = await page.text();
    expect(pageHtml).toContain('采用管理工作建议及措施 1 条 × 5 = +5');
    expect(pageHtml).toContain('<svg');
    expect(pageHtml).toContain('中央级采用《管理建议一条》200.00 元');
  });

  it('does nothing for an organisation whose local time is not yet 01:00 on the 1st', async () => {
    const g = await givenOrg();
    const month = localParts(new Date(), 'Asia/Shanghai').date.slice(0, 7);
    const justBefore = new Date(new Date(monthRange(month, 'Asia/Shanghai').to).getTime() + 1 + 59 * 60_000).toISOString(); // 00:59
    const r = await invokeFunction('MonthlyScores', { time: justBefore, detail: { orgIds: [g.orgId] } });
    expect([r.organisations, r.due, r.outcomes.length]).toEqual([1, 0, 0]);
    expect(await new ScoreRepo(db(), stack().tableName).readMonth(g.orgId, month)).toBeUndefined();
  });
});
