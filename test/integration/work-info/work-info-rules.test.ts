import { describe, expect, it } from 'vitest';
import { createItem, reviewItem, submitItem } from '../../../shared/work-info/item-flow.ts';
import { remindWeeklyQuota } from '../../../shared/work-info/weekly-reminder.ts';
import type { Mail } from '../../../shared/platform/mail/mailer.ts';
import { localInputToIso, localParts, monthRange } from '../../../shared/platform/kernel/time.ts';
import {
  adoptedItem,
  api,
  callerOf,
  draftItem,
  givenOrg,
  invokeFunction,
  itemBody,
  itemRepo,
  localMonth,
  mailsTo,
  tableDeps,
  tokensOf,
  untilIdle,
  waitForMail,
  type GivenOrg,
} from '../../support/scenario.ts';

/** The next Friday after today (never today), at `time` local: a moment the reminder is due and nothing was sent yet. */
function nextFriday(g: GivenOrg, time: string): string {
  for (let d = 1; d <= 8; d++) {
    const p = localParts(new Date(Date.now() + d * 86400_000), g.tz);
    if (p.weekday === 5) return new Date(localInputToIso(`${p.date}T${time}`, g.tz)).toISOString();
  }
  throw new Error('no Friday');
}

describe('the weekly quota reminder', () => {
  it('mails only the departments short of the week’s quota, from Friday 15:00 local, once per department and week (fixed clock)', async () => {
    const g = await givenOrg({ tz: 'Asia/Kolkata' });
    const sent: Mail[] = [];
    const mailer = {
      send: async (m: Mail) => {
        sent.push(m);
        return { messageId: `m-${sent.length}` };
      },
    };
    const wednesday = new Date(localInputToIso('2027-03-10T10:00', g.tz));
    const deps = tableDeps({ mailer, clock: () => wednesday });
    // 新闻部 sends its item of the week (approved by the head); 技术部 sends nothing.
    const item = await createItem(deps, callerOf(g, 'reporter'), itemBody(g) as never);
    await submitItem(deps, callerOf(g, 'reporter'), item.body.itemId);
    await reviewItem(deps, callerOf(g, 'head'), item.body.itemId, { decision: 'approve', comment: undefined });
    sent.length = 0;

    const before = new Date(localInputToIso('2027-03-12T14:59', g.tz));
    const early = await remindWeeklyQuota({ ...deps, clock: () => before }, before, { orgIds: [g.orgId] });
    expect(early).toMatchObject({ orgs: 1, due: 0, sent: 0 });

    const friday = new Date(localInputToIso('2027-03-12T15:30', g.tz));
    const run = await remindWeeklyQuota({ ...deps, clock: () => friday }, friday, { orgIds: [g.orgId] });
    expect(run).toMatchObject({ due: 1, departmentsShort: 1, sent: 1, failed: 0 });
    expect(sent.map((m) => m.to)).toEqual([g.email('outsider')]);
    expect(sent[0]!.subject).toBe('【信息报送提醒】技术部本周还差 1 条工作信息');
    expect(sent[0]!.text).toContain('本周（2027-03-08 至 2027-03-14）技术部经部门审核报送办公室的工作信息 0 条');

    const again = await remindWeeklyQuota({ ...deps, clock: () => friday }, new Date(friday.getTime() + 3600_000), {
      orgIds: [g.orgId],
    });
    expect(again).toMatchObject({ sent: 0, alreadySent: 1 });
    expect(sent).toHaveLength(1);
    // The next week is a new week: reminded again.
    const nextWeek = new Date(localInputToIso('2027-03-19T15:30', g.tz));
    const next = await remindWeeklyQuota({ ...deps, clock: () => nextWeek }, nextWeek, { orgIds: [g.orgId] });
    expect(next.sent).toBe(3); // 新闻部 (reporter, head) and 技术部 are both short in a week without items
  });

  it('runs through the local scheduler path (the WeeklyReminder function) and mails through SES once', async () => {
    const g = await givenOrg();
    const time = nextFriday(g, '15:10');
    const event = { 'detail-type': 'Scheduled Event', source: 'aws.events', time, detail: { orgIds: [g.orgId] } };
    const run = await invokeFunction('WeeklyReminder', event);
    expect(run).toMatchObject({ due: 1, departmentsShort: 2, sent: 3 });
    const [mail] = await waitForMail(g.email('reporter'), 1, '【信息报送提醒】');
    expect(mail!.subject).toBe('【信息报送提醒】新闻部本周还差 1 条工作信息');
    expect(mail!.body.text).toContain('/items/new');
    await waitForMail(g.email('head'), 1, '【信息报送提醒】');
    await waitForMail(g.email('outsider'), 1, '【信息报送提醒】');
    const second = await invokeFunction('WeeklyReminder', event);
    expect(second).toMatchObject({ sent: 0, alreadySent: 3 });
    await untilIdle();
    expect(await mailsTo(g.email('reporter'), '【信息报送提醒】')).toHaveLength(1);
    expect(await mailsTo(g.email('office'), '【信息报送提醒】')).toHaveLength(0);
  });
});

describe('the target (报送任务) set by the parent organisation', () => {
  it('is set by the parent’s office only, and shown against the month’s count', async () => {
    const parent = await givenOrg();
    const g = await givenOrg({ parentOrgId: parent.orgId });
    const stranger = await givenOrg();
    const [pt, t, st] = await Promise.all([tokensOf(parent), tokensOf(g), tokensOf(stranger)]);
    const month = localMonth(g);
    const path = `/api/orgs/${g.orgId}/item-target`;

    const bad = await api('PUT', path, { token: pt.office, body: { month, items: -2 } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].field).toBe('items');
    expect((await api('PUT', path, { token: t.office, body: { month, items: 5 } })).status).toBe(403);
    expect((await api('PUT', path, { token: pt.reporter, body: { month, items: 5 } })).status).toBe(403);
    expect((await api('PUT', path, { token: st.office, body: { month, items: 5 } })).status).toBe(404);
    expect((await api('GET', path, { token: t.office })).body.target).toBeUndefined();

    const set = await api('PUT', path, { token: pt.office, body: { month, items: 3, note: '每月不少于 3 条' } });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect(set.body).toMatchObject({ month, sent: 0, remaining: 3, target: { items: 3, setByName: '办公室主任' } });

    const id = await draftItem(g, t);
    await api('POST', `/api/items/${id}/submit`, { token: t.reporter });
    await api('POST', `/api/items/${id}/review`, { token: t.head, body: { decision: 'approve' } });
    const got = await api('GET', path, { token: t.chief });
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({
      month,
      sent: 1,
      remaining: 2,
      met: false,
      target: { items: 3, fromMonth: month },
    });
    // The parent's office reads it too; a reporter of the organisation does not; a stranger learns nothing.
    expect((await api('GET', path, { token: pt.office })).body.sent).toBe(1);
    expect((await api('GET', path, { token: t.reporter })).status).toBe(403);
    expect((await api('GET', path, { token: st.chief })).status).toBe(404);
    // A later month without its own target keeps this one.
    const later = `${Number(month.slice(0, 4)) + 1}${month.slice(4)}`;
    const next = await api('GET', `${path}?month=${later}`, { token: t.office });
    expect(next.body).toMatchObject({ month: later, sent: 0, target: { items: 3, fromMonth: month } });
    expect((await api('GET', `${path}?month=2027-13`, { token: t.office })).status).toBe(400);
  });
});

describe('自行发表 after review', () => {
  it('lets the author record his own publication of an approved item, which leaves the office’s queue', async () => {
    const g = await givenOrg();
    const t = await tokensOf(g);
    const id = await draftItem(g, t, { kind: 'photo', title: '县城新貌（组图）' });
    const path = `/api/items/${id}/self-published`;
    const body = { outlet: '县融媒体中心公众号', publishedOn: '2027-03-01', url: 'https://example.cn/a/1' };
    expect((await api('POST', path, { token: t.reporter, body })).body.error.code).toBe('ITEM_NOT_SELF_PUBLISHABLE');
    await api('POST', `/api/items/${id}/submit`, { token: t.reporter });
    await api('POST', `/api/items/${id}/review`, { token: t.head, body: { decision: 'approve' } });
    const queued = await api('GET', '/api/items?view=office', { token: t.reviewer });
    expect(queued.body.items.map((i: { itemId: string }) => i.itemId)).toContain(id);

    const badUrl = await api('POST', path, { token: t.reporter, body: { ...body, url: 'ftp://x' } });
    expect(badUrl.status).toBe(400);
    expect(badUrl.body.error.details[0].field).toBe('url');
    expect((await api('POST', path, { token: t.head, body })).status).toBe(403);
    const done = await api('POST', path, { token: t.reporter, body });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({
      state: 'selfPublished',
      kind: 'photo',
      kindLabel: '图片影像资料',
      selfPublication: { outlet: '县融媒体中心公众号', publishedOn: '2027-03-01', url: 'https://example.cn/a/1' },
    });
    expect(done.body.history.at(-1)).toMatchObject({ type: 'selfPublished', toState: 'selfPublished' });
    const after = await api('GET', '/api/items?view=office', { token: t.reviewer });
    expect(after.body.items.map((i: { itemId: string }) => i.itemId)).not.toContain(id);
    expect((await api('POST', path, { token: t.reporter, body })).status).toBe(422);
  });
});

describe('推荐报送: an adopted item recommended to the parent organisation', () => {
  it('enters the parent’s adoption queue and, adopted there, counts as the parent’s-level adoption for the author', async () => {
    const parent = await givenOrg();
    const g = await givenOrg({ parentOrgId: parent.orgId });
    const [pt, t] = await Promise.all([tokensOf(parent), tokensOf(g)]);
    const id = await adoptedItem(g, t, '乡镇推进垃圾分类的做法');

    expect((await api('POST', `/api/items/${id}/recommend`, { token: t.reviewer, body: {} })).status).toBe(403);
    const rec = await api('POST', `/api/items/${id}/recommend`, { token: t.office, body: { note: '经验可推广' } });
    expect(rec.status, JSON.stringify(rec.body)).toBe(201);
    expect(rec.body.recommendation).toMatchObject({ toOrgId: parent.orgId, state: 'pending', note: '经验可推广' });
    expect((await api('POST', `/api/items/${id}/recommend`, { token: t.office, body: {} })).status).toBe(409);
    const [toGroup] = await waitForMail(parent.email('reviewer'), 1, '【推荐报送·工作信息】');
    expect(toGroup!.body.text).toContain('经验可推广');

    const queue = await api('GET', '/api/items?view=office', { token: pt.reviewer });
    const line = queue.body.items.find((i: { itemId: string }) => i.itemId === id);
    expect(line).toMatchObject({
      title: '乡镇推进垃圾分类的做法',
      recommendedBy: { orgId: g.orgId, note: '经验可推广' },
    });
    expect((await api('GET', `/api/items/${id}`, { token: pt.reviewer })).status).toBe(200);
    expect((await api('GET', `/api/items/${id}`, { token: pt.outsider })).status).toBe(404);
    expect(
      (await api('POST', `/api/items/${id}/adopt`, { token: pt.office, body: { decision: 'adopt' } })).status,
    ).toBe(403);

    const adopted = await api('POST', `/api/items/${id}/adopt`, { token: pt.reviewer, body: { decision: 'adopt' } });
    expect(adopted.status, JSON.stringify(adopted.body)).toBe(200);
    expect(adopted.body.recommendation.state).toBe('adopted');
    expect(adopted.body.externalAdoptions).toEqual([
      expect.objectContaining({ level: 'municipal', outlet: expect.any(String) }),
    ]);
    expect(
      (await api('POST', `/api/items/${id}/adopt`, { token: pt.reviewer, body: { decision: 'adopt' } })).status,
    ).toBe(409);
    const gone = await api('GET', '/api/items?view=office', { token: pt.reviewer });
    expect(gone.body.items.map((i: { itemId: string }) => i.itemId)).not.toContain(id);
    // The author's organisation's ledger (what monthly scoring reads) carries it as a municipal external adoption.
    const { from, to } = monthRange(localMonth(g), g.tz);
    const ledger = await itemRepo().ledger(g.orgId, from, to);
    expect(ledger.filter((e) => e.itemId === id && e.type === 'externalAdoption')).toEqual([
      expect.objectContaining({ externalLevel: 'municipal', authorId: g.people.reporter.personId }),
    ]);
    await waitForMail(g.email('reporter'), 2, '【已采用·工作信息】');
  });

  it('is refused for an organisation without a parent, and for an item not adopted', async () => {
    const g = await givenOrg();
    const t = await tokensOf(g);
    const id = await adoptedItem(g, t, '无上级单位');
    const r = await api('POST', `/api/items/${id}/recommend`, { token: t.office, body: {} });
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('NO_PARENT_ORG');
    const draft = await draftItem(g, t);
    expect((await api('POST', `/api/items/${draft}/recommend`, { token: t.office, body: {} })).status).toBe(404);
  });
});

describe('the periodical’s outside recipients (市直相关单位)', () => {
  it('validates the addresses and mails each issue to them without a sign-in link', async () => {
    const g = await givenOrg();
    const t = await tokensOf(g);
    const path = `/api/orgs/${g.orgId}/periodical-distribution`;
    const bad = await api('PUT', path, {
      token: t.office,
      body: { outside: [{ name: '市统计局', email: 'not-an-address' }] },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].field).toBe('outside.0.email');
    expect((await api('GET', path, { token: t.office })).body.outside).toEqual([]);
    expect((await api('PUT', path, { token: t.reporter, body: { outside: [] } })).status).toBe(403);
    const outside = `tjj-${g.orgId}@example.gov.cn`;
    const ok = await api('PUT', path, { token: t.office, body: { outside: [{ name: '市统计局', email: outside }] } });
    expect(ok.status).toBe(200);

    const id = await adoptedItem(g, t, '交流刊物抄送市直单位');
    const issue = await api('POST', `/api/orgs/${g.orgId}/periodicals`, { token: t.office, body: { itemIds: [id] } });
    expect(issue.status).toBe(201);
    expect(issue.body.distribution.outside).toEqual(['市统计局']);
    expect(issue.body.mailedTo).toContain(outside);
    const [mail] = await waitForMail(outside, 1, '【交流刊物】');
    expect(mail!.body.text).toContain('交流刊物抄送市直单位');
    expect(mail!.body.text).not.toContain('/periodicals/');
    expect(mail!.body.html).toContain('抄送：市统计局');
  });
});

describe('约稿: commissioned items', () => {
  it('asks chosen departments by a deadline, links the answers, shows who answered, reminds an overdue one once', async () => {
    const g = await givenOrg();
    const t = await tokensOf(g);
    const techId = `${g.orgId}-tech`;
    const dueAt = new Date(Date.now() + 2 * 86400_000).toISOString();
    const path = `/api/orgs/${g.orgId}/commissions`;
    const body = { topic: '优化营商环境经验做法', departmentIds: [g.newsId, techId], dueAt };

    const bad = await api('POST', path, { token: t.office, body: { ...body, departmentIds: [g.newsId, 'nope'] } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].field).toBe('departmentIds.1');
    const past = await api('POST', path, { token: t.office, body: { ...body, dueAt: '2020-01-01T00:00:00Z' } });
    expect(past.body.error.details[0].field).toBe('dueAt');
    expect((await api('POST', path, { token: t.reporter, body })).status).toBe(403);
    const made = await api('POST', path, { token: t.office, body });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const id = made.body.commissionId as string;
    await waitForMail(g.email('reporter'), 1, '【约稿】');
    await waitForMail(g.email('outsider'), 1, '【约稿】');

    // 新闻部 answers with an ordinary item linked to the request; 技术部 does not.
    const answer = await api('POST', '/api/items', { token: t.reporter, body: itemBody(g, { commissionId: id }) });
    expect(answer.status).toBe(201);
    expect(answer.body.commissionId).toBe(id);
    const wrong = await api('POST', '/api/items', { token: t.reporter, body: itemBody(g, { commissionId: 'nope' }) });
    expect(wrong.body.error.details[0].field).toBe('commissionId');
    const seen = await api('GET', `/api/commissions/${id}`, { token: t.office });
    expect(seen.body.answers).toEqual([
      expect.objectContaining({ departmentId: g.newsId, itemIds: [answer.body.itemId], answered: true }),
      expect.objectContaining({ departmentId: techId, itemIds: [], answered: false, overdue: false }),
    ]);
    expect((await api('GET', `/api/commissions/${id}`, { token: t.outsider })).status).toBe(200);
    expect((await api('GET', `/api/commissions/${id}`, { token: t.duty })).status).toBe(404);

    // After the deadline the hourly schedule reminds 技术部 once; 新闻部 answered and is not reminded.
    const after = new Date(Date.parse(dueAt) + 3600_000).toISOString();
    const event = {
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      time: after,
      detail: { orgIds: [g.orgId] },
    };
    const run = await invokeFunction('WeeklyReminder', event);
    expect(run.commissions).toMatchObject({ overdue: 1, sent: 1 });
    const [late] = await waitForMail(g.email('outsider'), 1, '【约稿逾期】');
    expect(late!.subject).toBe('【约稿逾期】优化营商环境经验做法');
    expect((await invokeFunction('WeeklyReminder', event)).commissions).toMatchObject({ sent: 0, alreadySent: 1 });
    await untilIdle();
    expect(await mailsTo(g.email('reporter'), '【约稿逾期】')).toHaveLength(0);
    expect(await mailsTo(g.email('outsider'), '【约稿逾期】')).toHaveLength(1);
  });
});
