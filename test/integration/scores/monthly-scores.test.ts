import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { formatLocal } from '../../../shared/platform/kernel/time.ts';
import type { Deps } from '../../../shared/app/ports.ts';
import { dispatchMonthlyScores, scoreOrgPeriod } from '../../../shared/scores/monthly-scores.ts';
import { scoringConfigOf } from '../../../shared/scores/rules/scoring.ts';
import { quarterOf } from '../../../shared/scores/rules/quarter.ts';
import { MailRejected, type Mail } from '../../../shared/platform/mail/mailer.ts';
import {
  adoptedItem,
  afterMonth,
  api,
  draftItem,
  fetchPage,
  givenOrg,
  invokeFunction,
  localDate,
  localMonth,
  mailsTo,
  runMonthlyScores,
  scoreRepo,
  stack,
  tableDeps,
  tokensOf,
  untilIdle,
} from '../../support/scenario.ts';

const scoreMails = (email: string) => mailsTo(email, '【信息工作月度得分】');

/** An attached workbook as exceljs reads it back. */
async function workbookOf(base64: string) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(base64, 'base64') as unknown as ArrayBuffer);
  return wb;
}

describe('monthly scores: seeded through the API, computed by the scheduled job, stored and mailed once', () => {
  it('stores the hand-computed table, mails each person their own lines and leaders the ranked workbook; a second run changes nothing', async () => {
    const g = await givenOrg();
    const t = await tokensOf(g);
    // The month the API stamps the items with; in a quarter's last month (as in December) its scoring also publishes
    // the quarter, and every assertion below holds either way.
    const month = localMonth(g);
    // 01:00 on the 1st of the next month, local time: the moment the hourly job picks this organisation up.
    const firstOfNext = afterMonth(g, month);

    // Arrange: 新闻部 sends 4 items (3 adopted: work, research, suggestion later adopted at central level; 1 rejected),
    // and 1 more stays with its head (not sent). 技术部 sends nothing.
    const work = await adoptedItem(g, t, '本月工作信息');
    const research = await draftItem(g, t, { title: '调研报告一篇', kind: 'research' });
    const suggestion = await draftItem(g, t, { title: '管理建议一条', kind: 'suggestion' });
    const rejected = await draftItem(g, t, { title: '未采用的信息' });
    for (const id of [research, suggestion, rejected]) {
      expect((await api('POST', `/api/items/${id}/submit`, { token: t.reporter })).status).toBe(200);
      expect(
        (await api('POST', `/api/items/${id}/review`, { token: t.head, body: { decision: 'approve' } })).status,
      ).toBe(200);
    }
    for (const id of [research, suggestion])
      expect(
        (await api('POST', `/api/items/${id}/adopt`, { token: t.reviewer, body: { decision: 'adopt' } })).status,
      ).toBe(200);
    expect(
      (await api('POST', `/api/items/${rejected}/adopt`, { token: t.reviewer, body: { decision: 'reject' } })).status,
    ).toBe(200);
    const central = await api('POST', `/api/items/${suggestion}/external-adoptions`, {
      token: t.office,
      body: { level: 'central', outlet: '人民日报', adoptedOn: localDate(g) },
    });
    expect(central.status).toBe(201);
    const pending = await draftItem(g, t, { title: '还在部门审核的信息' });
    expect((await api('POST', `/api/items/${pending}/submit`, { token: t.reporter })).status).toBe(200);

    // Act: the scheduled job at 01:00 on the 1st (the local scheduler's event shape). The dispatcher puts one message
    // on the scoring queue; the worker scores, stores and mails the month (and the quarter after its last month), and
    // `runMonthlyScores` waits until the stack is idle again, so the message's work is finished.
    const first = await runMonthlyScores(g.orgId, month, { time: firstOfNext });
    expect(first.run).toMatchObject({ organisations: 1, due: 1, complete: 0, enqueued: 1 });
    expect(first.header).toMatchObject({ departments: 2, mailedAt: firstOfNext });

    // Assert: the stored table equals the hand-computed one.
    const repo = scoreRepo();
    const stored = (await repo.readMonth(g.orgId, month))!;
    // Beside the scores, the month's dashboard figures (issue 16): the items each department sent and had adopted.
    const [figures] = await repo.readFigures(g.orgId, month, month);
    expect(figures?.items.find((d) => d.departmentId === g.newsId)).toMatchObject({ sent: 4, adopted: 3 });
    // Quota: 1 a week × weeks (Mondays) of the month. 新闻部 sent 4; 3 adopted: work 2 + research 5 + suggestion 5.
    const weeks = stored.header.weeks;
    const quota = weeks;
    const newsScore = (4 >= quota ? 5 + (4 - quota) : -(quota - 4)) + 2 + 5 + 5;
    expect(stored.departments.map((d) => [d.name, d.sent, d.adopted, d.score, d.rank])).toEqual([
      ['新闻部', 4, 3, newsScore, 1],
      ['技术部', 0, 0, -quota, 2],
    ]);
    expect(stored.departments[0]!.sentItemIds.sort()).toEqual([work, research, suggestion, rejected].sort());
    const fen = (key: keyof typeof g.people) =>
      stored.people.find((p) => p.personId === g.people[key].personId)?.rewardFen;
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

    // Mails: the head sees his department's lines only; leaders get the ranked table with the workbook (.xlsx).
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
      expect(m!.attachments![0]!.filename).toBe(`信息工作得分-${month}.xlsx`);
      const wb = await workbookOf(m!.attachments![0]!.content);
      const ws = wb.getWorksheet('部门得分')!;
      expect(String(ws.getCell('A1').value)).toContain('信息工作得分');
      expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
      expect(ws.getRow(3).values).toEqual([
        undefined,
        1,
        '新闻部',
        quota,
        4,
        3,
        newsScore,
        stored.departments[0]!.parts.map((p) => p.label).join('；'),
      ]);
      const people = wb.getWorksheet('个人奖励')!;
      const reporterRow = people.getRows(3, people.rowCount - 2)!.find((r) => r.getCell(1).value === '报告人')!;
      expect([reporterRow.getCell(2).value, reporterRow.getCell(3).value, reporterRow.getCell(4).value]).toEqual([
        '信息员',
        3,
        250,
      ]);
    }
    expect((await scoreMails(g.email('chief')))[0]!.body.text).toContain('主要领导）奖励：250.00 元');
    const counts = async () =>
      Promise.all(
        (['reporter', 'head', 'leader', 'chief', 'outsider', 'office'] as const).map(
          async (k) => (await scoreMails(g.email(k))).length,
        ),
      );
    expect(await counts()).toEqual([1, 1, 1, 1, 1, 1]);

    // Act again: the next hour's run finds the month done; a forced recompute writes the same rows and mails nobody.
    const second = await invokeFunction('MonthlyScores', {
      time: new Date(Date.parse(firstOfNext) + 3600_000).toISOString(),
      detail: { orgIds: [g.orgId] },
    });
    expect(second).toMatchObject({ due: 1, complete: 1, enqueued: 0 });
    const forced = await runMonthlyScores(g.orgId, month, {
      time: new Date(Date.parse(firstOfNext) + 2 * 3600_000).toISOString(),
      recompute: true,
    });
    expect(forced.run).toMatchObject({ due: 1, enqueued: 1 });
    const again = (await repo.readMonth(g.orgId, month))!;
    expect([again.departments, again.people]).toEqual([stored.departments, stored.people]);
    expect({ ...again.header, lastComputedAt: undefined }).toEqual({ ...stored.header, lastComputedAt: undefined });
    await untilIdle();
    expect(await counts()).toEqual([1, 1, 1, 1, 1, 1]);

    // The API serves the stored month; the pages show it with explanations and the chart.
    const read = await api('GET', `/api/orgs/${g.orgId}/scores?month=${month}`, { token: t.head });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ month, provisional: false, weeks });
    expect(read.body.departments).toEqual(stored.departments);
    expect(read.body.people.find((p: { personId: string }) => p.personId === g.people.reporter.personId)).toMatchObject(
      { rewardFen: 25000, reward: '250.00' },
    );
    // A department head sees every department's score but only his own department's people and himself, as in his mail.
    expect(read.body.people.map((p: { personId: string }) => p.personId).sort()).toEqual(
      [g.people.reporter.personId, g.people.head.personId].sort(),
    );
    const all = await api('GET', `/api/orgs/${g.orgId}/scores?month=${month}`, { token: t.office });
    expect(all.body.people).toHaveLength(stored.people.length);
    expect((await api('GET', `/api/orgs/${g.orgId}/scores?month=${month}`, { token: t.reporter })).status).toBe(403);
    const bad = await api('GET', `/api/orgs/${g.orgId}/scores?month=2026-13`, { token: t.head });
    expect([bad.status, bad.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    const csv = await fetch(`${stack().appUrl}/api/orgs/${g.orgId}/scores?month=${month}&format=csv`, {
      headers: { authorization: `Bearer ${t.chief}` },
    });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect((await csv.text()).split('\r\n')[1]).toMatch(/^1,新闻部,/);
    const xlsx = await fetch(`${stack().appUrl}/api/orgs/${g.orgId}/scores?month=${month}&format=xlsx`, {
      headers: { authorization: `Bearer ${t.chief}` },
    });
    expect(xlsx.headers.get('content-disposition')).toBe(`attachment; filename="scores-${month}.xlsx"`);
    const sheet = (await workbookOf(Buffer.from(await xlsx.arrayBuffer()).toString('base64'))).getWorksheet(
      '部门得分',
    )!;
    expect([sheet.getCell('A3').value, sheet.getCell('B3').value]).toEqual([1, '新闻部']);
    const fromPage = await fetch(`${stack().appUrl}/scores/xlsx?month=${month}`, {
      headers: { cookie: `bs_session=${t.chief}` },
    });
    expect([fromPage.status, fromPage.headers.get('content-type')]).toEqual([
      200,
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    ]);
    const pdf = await api('GET', `/api/orgs/${g.orgId}/scores?month=${month}&format=pdf`, { token: t.chief });
    expect([
      pdf.status,
      pdf.body.error.code,
      pdf.body.error.details.map((d: { message: string }) => d.message),
    ]).toEqual([406, 'NOT_ACCEPTABLE', ['json', 'csv', 'xlsx']]);
    const quarter = `${month.slice(0, 4)}-Q${Math.ceil(Number(month.slice(5)) / 3)}`;
    const stats = await api('GET', `/api/orgs/${g.orgId}/stats?quarter=${quarter}`, { token: t.office });
    expect(stats.status).toBe(200);
    expect(
      stats.body.departments.map(
        (d: {
          name: string;
          submitted: number;
          adopted: number;
          adoptionRate: number;
          external: object;
          rank: number;
        }) => [d.name, d.submitted, d.adopted, d.adoptionRate, d.external, d.rank],
      ),
    ).toEqual([
      ['新闻部', 4, 3, 75, { municipal: 0, provincial: 0, central: 1 }, 1],
      ['技术部', 0, 0, 0, { municipal: 0, provincial: 0, central: 0 }, 2],
    ]);
    const page = await fetch(`${stack().appUrl}/scores?month=${month}`, {
      headers: { cookie: `bs_session=${t.head}` },
    });
    expect(page.status).toBe(200);
    const pageHtml = await page.text();
    expect(pageHtml).toContain('采用管理工作建议及措施 1 条 × 5 = +5');
    expect(pageHtml).toContain('<svg');
    expect(pageHtml).toContain('中央级采用《管理建议一条》200.00 元');
  });

  it('does nothing for an organisation whose local time is not yet 01:00 on the 1st', async () => {
    const g = await givenOrg();
    const month = localMonth(g);
    const justBefore = afterMonth(g, month, 59); // 00:59 on the 1st
    const r = await invokeFunction('MonthlyScores', { time: justBefore, detail: { orgIds: [g.orgId] } });
    expect(r).toMatchObject({ organisations: 1, due: 0, enqueued: 0 });
    // Nor on purpose for a month that is not over: its figures would be stored and mailed early.
    expect(
      await invokeFunction('MonthlyScores', { time: new Date().toISOString(), detail: { orgIds: [g.orgId], month } }),
    ).toMatchObject({ due: 0, notOver: 1, enqueued: 0 });
    await untilIdle();
    expect(await scoreRepo().readMonth(g.orgId, month)).toBeUndefined();
  });

  it("publishes the quarter's adoption statistics to the leaders and the office once, after the quarter's last month", async () => {
    const g = await givenOrg();
    const t = await tokensOf(g);
    await adoptedItem(g, t, '本季度一条工作信息');
    const { quarter } = quarterOf(localMonth(g));
    const lastMonth = `${quarter.slice(0, 4)}-${String(Number(quarter.slice(6)) * 3).padStart(2, '0')}`;

    // As of 01:00 after the quarter's last month, an operator's run of that month scores it and publishes the quarter.
    const after = afterMonth(g, lastMonth);
    await runMonthlyScores(g.orgId, lastMonth, { time: after, recompute: true });
    const published = await scoreRepo().getQuarter(g.orgId, quarter);
    expect(published?.mailedAt).toBeTruthy();
    expect(published!.departments.map((d) => [d.name, d.submitted, d.adopted, d.adoptionRate, d.rank])).toEqual([
      ['新闻部', 1, 1, 100, 1],
      ['技术部', 0, 0, 0, 2],
    ]);
    const statsMails = (k: 'chief' | 'leader' | 'office' | 'head' | 'reporter') =>
      mailsTo(g.email(k), '【信息采用季度统计】');
    for (const k of ['chief', 'leader', 'office'] as const) {
      const [m, extra] = await statsMails(k);
      expect(extra).toBeUndefined();
      expect(m!.body.text).toContain('1. 新闻部：报送 1，采用 1，采用率 100%');
      expect(m!.attachments!.map((a) => a.filename)).toEqual([`信息采用统计-${quarter}.xlsx`]);
      const ws = (await workbookOf(m!.attachments![0]!.content)).getWorksheet('采用统计')!;
      expect(ws.getRow(3).values).toEqual([undefined, 1, '新闻部', 1, 1, 1, 0, 0, 0]);
    }
    expect(await statsMails('head')).toEqual([]);
    expect(await statsMails('reporter')).toEqual([]);

    // At 01:00 on the 1st after the quarter the hourly dispatcher finds month and quarter complete: nothing is queued.
    expect(await invokeFunction('MonthlyScores', { time: after, detail: { orgIds: [g.orgId] } })).toMatchObject({
      due: 1,
      complete: 1,
      enqueued: 0,
    });
    // The API's live figures are the published ones.
    const live = await api('GET', `/api/orgs/${g.orgId}/stats?quarter=${quarter}`, { token: t.chief });
    expect(live.body.departments).toEqual(published!.departments);
    expect(live.body.publishedAt).toBe(published!.mailedAt);
    const page = await (await fetchPage(`/stats?quarter=${quarter}`, t.chief)).text();
    expect(page).toContain(`本季度统计已于 ${formatLocal(published!.mailedAt!, g.tz)} 发送给领导和办公室。`);
    // The same figures as a download, from the page and from the API.
    for (const [url, headers] of [
      [`/stats/csv?quarter=${quarter}`, { cookie: `bs_session=${t.chief}` }],
      [`/api/orgs/${g.orgId}/stats?quarter=${quarter}&format=csv`, { authorization: `Bearer ${t.chief}` }],
    ] as const) {
      const r = await fetch(`${stack().appUrl}${url}`, { headers });
      expect([r.status, r.headers.get('content-type'), r.headers.get('content-disposition')]).toEqual([
        200,
        'text/csv; charset=utf-8',
        `attachment; filename="stats-${quarter}.csv"`,
      ]);
      expect((await r.text()).split('\r\n')[1]).toBe('1,新闻部,1,1,100,0,0,0');
    }
    // And as Excel, from the page and from the API (bytes through the gateway, base64 in the Lambda response).
    for (const [url, headers] of [
      [`/stats/xlsx?quarter=${quarter}`, { cookie: `bs_session=${t.chief}` }],
      [`/api/orgs/${g.orgId}/stats?quarter=${quarter}&format=xlsx`, { authorization: `Bearer ${t.chief}` }],
    ] as const) {
      const r = await fetch(`${stack().appUrl}${url}`, { headers });
      expect([r.status, r.headers.get('content-type'), r.headers.get('content-disposition')]).toEqual([
        200,
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        `attachment; filename="stats-${quarter}.xlsx"`,
      ]);
      const ws = (await workbookOf(Buffer.from(await r.arrayBuffer()).toString('base64'))).getWorksheet('采用统计')!;
      expect(ws.getRow(3).values).toEqual([undefined, 1, '新闻部', 1, 1, 1, 0, 0, 0]);
    }
  });

  it("a mail SES cannot take now fails the message and the retry sends it; a crashed worker's claim is taken over; a refused address is recorded, not retried", async () => {
    const g = await givenOrg();
    const t = await tokensOf(g);
    await adoptedItem(g, t, '一条工作信息');
    const month = localMonth(g);
    const sent: Mail[] = [];
    const refusing = (refuse: (m: Mail) => boolean) => ({
      send: async (m: Mail) => {
        // The outsider's address is refused for good; `refuse` says which mails SES cannot take right now.
        if (m.to === g.email('outsider'))
          throw new MailRejected(m.to, 'MessageRejected: Email address is not verified.');
        if (refuse(m))
          throw Object.assign(new Error('Maximum sending rate exceeded.'), { name: 'TooManyRequestsException' });
        sent.push(m);
        return { messageId: `m${sent.length}` };
      },
    });
    const deps = (refuse: (m: Mail) => boolean): Deps => tableDeps({ mailer: refusing(refuse) });
    // As of 01:00 on the 1st of next month (the worker refuses a month that is not over).
    const now = new Date(afterMonth(g, month));
    await expect(
      scoreOrgPeriod(
        deps(() => false),
        { orgId: g.orgId, month },
        new Date(),
      ),
    ).rejects.toThrow(/is not over yet/);
    expect(sent).toEqual([]);
    // A worker crashed after claiming the office head's mail and before sending it.
    expect(
      await scoreRepo().mailSlot(g.orgId, month, g.people.office.personId).claim(g.email('office'), 'x', now),
    ).toBe('acquired');

    // First delivery: SES throttles the chief's mail; the office head's claim is still live (busy). The message fails.
    await expect(
      scoreOrgPeriod(
        deps((m) => m.to === g.email('chief')),
        { orgId: g.orgId, month },
        now,
      ),
    ).rejects.toThrow(/score mails of .* were not sent/);
    // (In a quarter's last month the quarter's statistics go out too; only the monthly mails are counted here.)
    const monthly = () => sent.filter((m) => m.subject.startsWith('【信息工作月度得分】'));
    expect(
      monthly()
        .map((m) => m.to)
        .sort(),
    ).toEqual([g.email('head'), g.email('leader'), g.email('reporter')].sort());
    expect((await scoreRepo().getHeader(g.orgId, month))?.mailedAt).toBeUndefined();

    // The retry, after the lease ran out: exactly the two missing mails go (the refused address is not tried again), and
    // the month is complete; the scores say whose mail was refused.
    const later = new Date(now.getTime() + 3 * 60_000);
    const r = await scoreOrgPeriod(
      deps(() => false),
      { orgId: g.orgId, month },
      later,
    );
    expect(r.monthOutcome).toMatchObject({ mailed: 2, alreadyMailed: 3, rejected: 1, failed: 0 });
    expect(
      await scoreRepo().mailSlot(g.orgId, month, g.people.outsider.personId).claim(g.email('outsider'), 'x', later),
    ).toBe('rejected');
    expect(
      monthly()
        .map((m) => m.to)
        .filter((to) => to === g.email('chief') || to === g.email('office'))
        .sort(),
    ).toEqual([g.email('chief'), g.email('office')].sort());
    expect((await scoreRepo().getHeader(g.orgId, month))?.mailedAt).toBe(later.toISOString());
    const read = await api('GET', `/api/orgs/${g.orgId}/scores?month=${month}`, { token: t.office });
    expect(read.body.undeliveredMails).toEqual([
      {
        to: g.email('outsider'),
        reason: 'MessageRejected: Email address is not verified.',
        rejectedAt: expect.stringMatching(/^2\d{3}-/),
      },
    ]);
    const page = await (await fetchPage(`/scores?month=${month}`, t.office)).text();
    expect(page).toContain(
      `以下得分邮件被退回，未能送达，请核对邮箱地址：${g.email('outsider')}（MessageRejected: Email address is not verified.）`,
    );
    // A third delivery of the same message does nothing.
    expect(
      await scoreOrgPeriod(
        deps(() => true),
        { orgId: g.orgId, month },
        later,
      ),
    ).toMatchObject({ skipped: true });
    expect(monthly()).toHaveLength(5);

    // The office corrects the address; a recompute sends the refused mail to the new address, and only that one.
    const fixed = `fixed-${g.email('outsider')}`;
    const patched = await api('PATCH', `/api/people/${g.people.outsider.personId}`, {
      token: t.office,
      body: { email: fixed },
    });
    expect(patched.status).toBe(200);
    const again = await scoreOrgPeriod(
      deps(() => false),
      { orgId: g.orgId, month, recompute: true },
      new Date(later.getTime() + 60_000),
    );
    expect(again.monthOutcome).toMatchObject({ mailed: 1, alreadyMailed: 5, rejected: 0, failed: 0 });
    expect(monthly().at(-1)!.to).toBe(fixed);
  });

  it('the scoring worker reports a malformed message as a batch item failure', async () => {
    const r = await invokeFunction('ScoreOrg', {
      Records: [
        {
          messageId: 'bad-1',
          receiptHandle: 'x',
          body: '{"orgId":"x","month":"2026-13"}',
          attributes: {},
          messageAttributes: {},
        },
      ],
    });
    expect(r.batchItemFailures).toEqual([{ itemIdentifier: 'bad-1' }]);
  });

  it('stores a person who is both an officer and a reviewing leader as two rows, and a recompute keeps mailedAt', async () => {
    const repo = scoreRepo();
    const orgId = `two-roles-${Date.now()}`;
    const row = (role: 'officer' | 'reviewingLeader', rewardFen: number) => ({
      personId: 'h1',
      name: '主任',
      role,
      departmentIds: ['A'],
      quota: 1,
      adopted: 0,
      adoptedItemIds: [],
      quotaMet: true,
      rewardFen,
      parts: [{ rule: role, label: role, fen: rewardFen, itemIds: role === 'officer' ? ['i1'] : undefined }],
    });
    const month = {
      month: '2026-10',
      weeks: 4,
      rules: scoringConfigOf({}),
      departments: [],
      people: [row('officer', 5000), row('reviewingLeader', 2500)],
      unassignedFindings: [],
    };
    await repo.saveMonth(orgId, month, '2026-11-01T01:00:00.000Z', 10);
    await repo.markMailed(orgId, '2026-10', '2026-11-01T01:00:05.000Z');
    const stored = (await repo.readMonth(orgId, '2026-10'))!;
    expect(stored.people.map((p) => [p.role, p.rewardFen]).sort()).toEqual([
      ['officer', 5000],
      ['reviewingLeader', 2500],
    ]);
    expect((await repo.getOfficerScore(orgId, '2026-10', 'h1'))?.rewardFen).toBe(5000);
    // A recompute (the leader row gone) deletes the stale row and keeps the first computation's instant and the mail mark.
    const header = await repo.saveMonth(
      orgId,
      { ...month, people: [row('officer', 5000)] },
      '2026-11-01T02:00:00.000Z',
      10,
    );
    expect(header).toMatchObject({
      computedAt: '2026-11-01T01:00:00.000Z',
      lastComputedAt: '2026-11-01T02:00:00.000Z',
      mailedAt: '2026-11-01T01:00:05.000Z',
    });
    expect((await repo.readMonth(orgId, '2026-10'))!.people.map((p) => p.role)).toEqual(['officer']);
  });

  it('the dispatcher leaves an organisation it queued to the queue for three hours, then queues it again while incomplete', async () => {
    const g = await givenOrg();
    const month = localMonth(g);
    const first = Date.parse(afterMonth(g, month));
    const queued: unknown[] = [];
    // The real table; a queue that only records, so that no worker completes the month (a lost or failing message).
    const deps = tableDeps({ scoring: { enqueue: async (m) => void queued.push(...m) } });
    const at = (h: number) => new Date(first + h * 3600_000);
    expect(await dispatchMonthlyScores(deps, at(0), { orgIds: [g.orgId] })).toMatchObject({
      due: 1,
      complete: 0,
      inFlight: 0,
      enqueued: 1,
    });
    expect(await dispatchMonthlyScores(deps, at(1), { orgIds: [g.orgId] })).toMatchObject({
      due: 1,
      inFlight: 1,
      enqueued: 0,
    });
    expect(await dispatchMonthlyScores(deps, at(2), { orgIds: [g.orgId] })).toMatchObject({
      due: 1,
      inFlight: 1,
      enqueued: 0,
    });
    expect(await dispatchMonthlyScores(deps, at(3), { orgIds: [g.orgId] })).toMatchObject({
      due: 1,
      inFlight: 0,
      enqueued: 1,
    });
    expect(queued).toEqual([
      { orgId: g.orgId, month, at: at(0).toISOString() },
      { orgId: g.orgId, month, at: at(3).toISOString() },
    ]);
  });
});
