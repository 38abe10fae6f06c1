import { describe, expect, it } from 'vitest';
import { adoptItem, createItem, listItems, reviewItem, submitItem } from '../../../shared/work-info/item-flow.ts';
import {
  adoptedItem,
  api,
  callerOf,
  draftItem,
  givenOrg,
  itemBody,
  itemRepo,
  localDate,
  mailsTo,
  orgRepo,
  tableDeps,
  tokensOf,
  untilIdle,
  waitForMail,
} from '../../support/scenario.ts';

const types = (history: { type: string }[]) => history.map((e) => e.type);

describe('work information: from draft to published issue through the API', () => {
  it('walks draft → submitted → returned → resubmitted → approved → adopted (important) → signed off → published, mailing each next person', async () => {
    const g = await givenOrg();
    const t = await tokensOf(g);
    const started = new Date().toISOString();

    const created = await api('POST', '/api/items', {
      token: t.reporter,
      body: itemBody(g, { title: '新闻部完成 <b>两会</b> 报道' }),
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      state: 'draft',
      revision: 1,
      authorId: g.people.reporter.personId,
      departmentName: '新闻部',
      kind: 'work',
    });
    const id = created.body.itemId as string;

    const edited = await api('PATCH', `/api/items/${id}`, { token: t.reporter, body: { body: '修改后的正文。' } });
    expect(edited.status).toBe(200);
    expect(edited.body.revision).toBe(2);

    const submitted = await api('POST', `/api/items/${id}/submit`, { token: t.reporter });
    expect(submitted.status).toBe(200);
    expect(submitted.body).toMatchObject({
      state: 'submitted',
      reviewingLeaderId: g.people.head.personId,
      submissions: 1,
    });
    const [toHead] = await waitForMail(g.email('head'));
    expect(toHead!.subject).toBe('【待审核·工作信息】新闻部完成 <b>两会</b> 报道');
    expect(toHead!.body.html).toContain('新闻部完成 &lt;b&gt;两会&lt;/b&gt; 报道');
    expect(toHead!.body.text).toContain(`/items/${id}`);

    const noComment = await api('POST', `/api/items/${id}/review`, { token: t.head, body: { decision: 'return' } });
    expect(noComment.status).toBe(400);
    expect(noComment.body.error.details[0].field).toBe('comment');
    const returned = await api('POST', `/api/items/${id}/review`, {
      token: t.head,
      body: { decision: 'return', comment: '请补充具体数字' },
    });
    expect(returned.status).toBe(200);
    expect(returned.body).toMatchObject({ state: 'returned', returnComment: '请补充具体数字' });
    const [toAuthor] = await waitForMail(g.email('reporter'));
    expect(toAuthor!.subject).toContain('【退回修改·工作信息】');
    expect(toAuthor!.body.text).toContain('请补充具体数字');

    expect(
      (
        await api('PATCH', `/api/items/${id}`, {
          token: t.reporter,
          body: { body: '本月完成报道 36 篇，其中电视 20 条。' },
        })
      ).body.revision,
    ).toBe(3);
    const resubmitted = await api('POST', `/api/items/${id}/submit`, { token: t.reporter });
    expect(resubmitted.body).toMatchObject({ state: 'submitted', submissions: 2 });
    await waitForMail(g.email('head'), 2);

    const approved = await api('POST', `/api/items/${id}/review`, {
      token: t.head,
      body: { decision: 'approve', comment: '同意' },
    });
    expect(approved.body.state).toBe('approved');
    const [toGroup] = await waitForMail(g.email('reviewer'));
    expect(toGroup!.subject).toContain('【待采用·工作信息】');

    const adopted = await api('POST', `/api/items/${id}/adopt`, {
      token: t.reviewer,
      body: { decision: 'adopt', important: true },
    });
    expect(adopted.body).toMatchObject({ state: 'adopted', important: true, adoptedBy: g.people.reviewer.personId });
    const [toChief] = await waitForMail(g.email('chief'));
    expect(toChief!.subject).toContain('【待签发·工作信息】');

    const early = await api('POST', `/api/orgs/${g.orgId}/periodicals`, { token: t.office, body: { itemIds: [id] } });
    expect(early.status).toBe(422);
    expect(early.body.error.code).toBe('ITEM_NOT_PUBLISHABLE');
    expect(early.body.error.details[0].message).toContain('尚未经领导签发');

    const signed = await api('POST', `/api/items/${id}/sign-off`, { token: t.chief, body: {} });
    expect(signed.body.state).toBe('signedOff');
    const [toOffice] = await waitForMail(g.email('office'));
    expect(toOffice!.subject).toContain('【可编刊·工作信息】');

    const issue = await api('POST', `/api/orgs/${g.orgId}/periodicals`, {
      token: t.office,
      body: { title: '融媒动态', itemIds: [id] },
    });
    expect(issue.status).toBe(201);
    expect(issue.body).toMatchObject({ issueNo: 1, title: '融媒动态', periodicalId: `${issue.body.year}-1` });
    const periodicalMail = (await waitForMail(g.email('chief'), 2)).find((m) => m.subject.startsWith('【交流刊物】'));
    expect(periodicalMail!.subject).toBe(`【交流刊物】融媒动态 ${issue.body.year}年第1期`);
    expect(periodicalMail!.body.html).toContain('本月完成报道 36 篇');
    expect(issue.body.mailedTo).toEqual(
      expect.arrayContaining([g.email('chief'), g.email('leader'), g.email('head'), g.email('office')]),
    );
    expect(issue.body.mailedTo).not.toContain(g.email('reporter'));

    const view = await api('GET', `/api/items/${id}`, { token: t.reporter });
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({ state: 'published', issueNo: 1, periodicalId: issue.body.periodicalId });
    expect(view.body.revisions.map((r: { revision: number }) => r.revision)).toEqual([1, 2, 3]);
    expect(view.body.revisions[0].title).toBe('新闻部完成 <b>两会</b> 报道');
    expect(types(view.body.history)).toEqual([
      'created',
      'edited',
      'submitted',
      'returned',
      'edited',
      'submitted',
      'approved',
      'adopted',
      'signedOff',
      'published',
    ]);
    const at = (type: string) => view.body.history.filter((e: { type: string }) => e.type === type).at(-1).at;
    expect(view.body.submittedAt).toBe(at('submitted'));
    expect(view.body.firstSubmittedAt).toBe(view.body.history[2].at);
    expect(view.body.approvedAt).toBe(at('approved'));
    expect(view.body.adoptedAt).toBe(at('adopted'));
    expect(view.body.signedOffAt).toBe(at('signedOff'));
    expect(view.body.publishedAt).toBe(at('published'));
    expect(view.body.adoptedAt > started).toBe(true);

    // Scoring's question: items adopted in a month, read from the "adopted" index only.
    const month = await itemRepo().listAdopted(g.orgId, started, new Date().toISOString());
    expect(month.map((i) => i.itemId)).toEqual([id]);
    const earlier = await itemRepo().listAdopted(g.orgId, '2000-01-01T00:00:00.000Z', started);
    expect(earlier).toEqual([]);
    // …and every transition with its instant, from the month ledger.
    const ledger = await itemRepo().ledger(g.orgId, started, new Date().toISOString());
    expect(ledger.map((e) => e.type)).toEqual(types(view.body.history));
    expect(ledger.map((e) => e.at)).toEqual(view.body.history.map((e: { at: string }) => e.at));
    expect(
      ledger.every((e) => e.departmentId === g.newsId && e.authorId === g.people.reporter.personId && e.itemId === id),
    ).toBe(true);

    const mine = await api('GET', '/api/items?view=mine', { token: t.reporter });
    expect(mine.body.items).toEqual([expect.objectContaining({ itemId: id, state: 'published', issueNo: 1 })]);
  });

  it('refuses forbidden transitions with clear errors and changes nothing', async () => {
    const g = await givenOrg();
    const t = await tokensOf(g);
    const id = await draftItem(g, t);
    await api('POST', `/api/items/${id}/submit`, { token: t.reporter });
    const before = await api('GET', `/api/items/${id}`, { token: t.reporter });

    const unreviewed = await api('POST', `/api/items/${id}/adopt`, { token: t.reviewer, body: { decision: 'adopt' } });
    expect(unreviewed.status).toBe(404); // the review group does not see items still in the department
    expect(unreviewed.body.error.code).toBe('ITEM_NOT_FOUND');
    const approveTwice = await api('POST', `/api/items/${id}/review`, { token: t.head, body: { decision: 'approve' } });
    expect(approveTwice.status).toBe(200);
    const again = await api('POST', `/api/items/${id}/review`, { token: t.head, body: { decision: 'approve' } });
    expect(again.status).toBe(422);
    expect(again.body.error.code).toBe('ITEM_NOT_UNDER_REVIEW');

    const editWithOffice = await api('PATCH', `/api/items/${id}`, { token: t.reporter, body: { title: '改标题' } });
    expect(editWithOffice.status).toBe(422);
    expect(editWithOffice.body.error.code).toBe('ITEM_NOT_EDITABLE');

    const afterApprove = await api('GET', `/api/items/${id}`, { token: t.reporter });
    expect(afterApprove.body.title).toBe(before.body.title);
    expect(afterApprove.body.revisions).toHaveLength(1);
    expect(types(afterApprove.body.history)).toEqual(['created', 'submitted', 'approved']);

    const rejected = await api('POST', `/api/items/${id}/adopt`, {
      token: t.reviewer,
      body: { decision: 'reject', comment: '与上周重复' },
    });
    expect(rejected.body).toMatchObject({ state: 'rejected', decisionComment: '与上周重复' });
    const [rejectMail] = await waitForMail(g.email('reporter'));
    expect(rejectMail!.subject).toContain('【未采用·工作信息】');

    const publishRejected = await api('POST', `/api/orgs/${g.orgId}/periodicals`, {
      token: t.office,
      body: { itemIds: [id] },
    });
    expect(publishRejected.status).toBe(422);
    expect(publishRejected.body.error.code).toBe('ITEM_NOT_PUBLISHABLE');
    expect(publishRejected.body.error.details).toEqual([expect.objectContaining({ field: 'itemIds.0' })]);
    expect(await itemRepo().lastIssueNo(g.orgId, Number(localDate(g).slice(0, 4)))).toBe(0);
    expect(await itemRepo().listPeriodicals(g.orgId)).toEqual([]);

    const adoptedId = await adoptedItem(g, t, '已采用的信息');
    const editAdopted = await api('PATCH', `/api/items/${adoptedId}`, {
      token: t.reporter,
      body: { body: '偷偷改正文' },
    });
    expect(editAdopted.status).toBe(422);
    expect(editAdopted.body.error.code).toBe('ITEM_NOT_EDITABLE');
    expect(editAdopted.body.error.message).toContain('只有草稿或退回修改');
    const stored = await itemRepo().getBundle(adoptedId);
    expect(stored!.item.body).not.toContain('偷偷');
    expect(stored!.revisions).toHaveLength(1);

    const signOffNotImportant = await api('POST', `/api/items/${adoptedId}/sign-off`, { token: t.chief, body: {} });
    expect(signOffNotImportant.status).toBe(422);
    expect(signOffNotImportant.body.error.code).toBe('ITEM_NOT_AWAITING_SIGN_OFF');
  });

  it('shows items only to those concerned (404), and refuses the wrong role (403)', async () => {
    const g = await givenOrg();
    const t = await tokensOf(g);
    const id = await draftItem(g, t);

    expect((await api('GET', `/api/items/${id}`, { token: t.outsider })).status).toBe(404);
    expect((await api('GET', `/api/items/${id}`, { token: t.reviewer })).status).toBe(404);
    expect((await api('GET', `/api/items/${id}`, { token: t.head })).status).toBe(404); // a draft is the author's alone
    expect((await api('PATCH', `/api/items/${id}`, { token: t.head, body: { title: '部门负责人改的' } })).status).toBe(
      404,
    );
    expect((await api('POST', `/api/items/${id}/submit`, { token: t.outsider })).status).toBe(404);
    const other = await givenOrg();
    const foreign = await api('GET', `/api/items/${id}`, { token: (await tokensOf(other)).reporter });
    expect(foreign.status).toBe(404);

    await api('POST', `/api/items/${id}/submit`, { token: t.reporter });
    expect((await api('GET', `/api/items/${id}`, { token: t.head })).status).toBe(200);
    const headEdits = await api('PATCH', `/api/items/${id}`, { token: t.head, body: { title: '部门负责人改的' } });
    expect(headEdits.status).toBe(403);
    const selfReview = await api('POST', `/api/items/${id}/review`, {
      token: t.reporter,
      body: { decision: 'approve' },
    });
    expect(selfReview.status).toBe(403);
    expect((await api('GET', `/api/items/${id}`, { token: t.reporter })).body.state).toBe('submitted');

    const forOtherDept = await api('POST', '/api/items', {
      token: t.reporter,
      body: itemBody(g, { departmentId: `${g.orgId}-tech` }),
    });
    expect(forOtherDept.status).toBe(403);
    const byHead = await api('POST', '/api/items', { token: t.head, body: itemBody(g) });
    expect(byHead.status).toBe(403);
    const invalid = await api('POST', '/api/items', {
      token: t.reporter,
      body: { kind: 'gossip', title: '', departmentId: g.newsId },
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual(['body', 'kind', 'title']);
    expect((await api('GET', '/api/items?view=mine', { token: t.head })).body.items).toEqual([]);
    expect((await api('GET', '/api/items?view=mine', { token: t.reporter })).body.items).toHaveLength(1);
    const noPublish = await api('POST', `/api/orgs/${g.orgId}/periodicals`, {
      token: t.reporter,
      body: { itemIds: [id] },
    });
    expect(noPublish.status).toBe(403);
    expect((await api('GET', '/api/items?view=office', { token: t.reporter })).status).toBe(403);
    expect((await api('GET', '/api/items?view=adopted', { token: t.reporter })).status).toBe(403);
    expect((await api('GET', `/api/orgs/${g.orgId}/periodicals`, { token: t.reporter })).status).toBe(403);
  });

  it('lists a page at a time with nextCursor', async () => {
    const g = await givenOrg();
    const t = await tokensOf(g);
    const ids = [
      await draftItem(g, t, { title: '一' }),
      await draftItem(g, t, { title: '二' }),
      await draftItem(g, t, { title: '三' }),
    ];
    const first = await api('GET', '/api/items?view=mine&limit=2', { token: t.reporter });
    expect(first.body.items.map((i: { title: string }) => i.title)).toEqual(['三', '二']);
    expect(typeof first.body.nextCursor).toBe('string');
    const second = await api('GET', `/api/items?view=mine&limit=2&cursor=${first.body.nextCursor}`, {
      token: t.reporter,
    });
    expect(second.body.items.map((i: { itemId: string }) => i.itemId)).toEqual([ids[0]]);
    expect(second.body.nextCursor).toBeNull();
    const bad = await api('GET', '/api/items?view=mine&cursor=not-a-cursor', { token: t.reporter });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].field).toBe('cursor');
    expect((await api('GET', '/api/items?view=everything', { token: t.reporter })).status).toBe(400);
  });

  it("sends the item to the department's named reviewing leader instead of its head", async () => {
    const g = await givenOrg();
    const dept = (await orgRepo().getDepartment(g.orgId, g.newsId))!;
    await orgRepo().putDepartment({ ...dept, reviewingLeaderId: g.people.leader.personId });
    const t = await tokensOf(g);
    const id = await draftItem(g, t, { title: '由分管领导审核' });
    const r = await api('POST', `/api/items/${id}/submit`, { token: t.reporter });
    expect(r.body.reviewingLeaderId).toBe(g.people.leader.personId);
    const [mail] = await waitForMail(g.email('leader'));
    expect(mail!.subject).toContain('由分管领导审核');
    await untilIdle();
    expect(await mailsTo(g.email('head'))).toEqual([]);
    expect(
      (await api('POST', `/api/items/${id}/review`, { token: t.head, body: { decision: 'approve' } })).status,
    ).toBe(403);
    const queue = await api('GET', '/api/items?view=review', { token: t.leader });
    expect(queue.body.items.map((i: { itemId: string }) => i.itemId)).toEqual([id]);
    expect(
      (await api('POST', `/api/items/${id}/review`, { token: t.leader, body: { decision: 'approve' } })).body.state,
    ).toBe('approved');
    expect((await api('GET', '/api/items?view=review', { token: t.leader })).body.items).toEqual([]);
    const office = await api('GET', '/api/items?view=office', { token: t.reviewer });
    expect(office.body.items.map((i: { itemId: string }) => i.itemId)).toEqual([id]);
  });

  it('sends the item to the supervising leader while the head is on leave, and says so in the history', async () => {
    const g = await givenOrg();
    const head = (await orgRepo().getPerson(g.people.head.personId))!;
    await orgRepo().updatePerson(head, { ...head, available: false });
    const t = await tokensOf(g);
    const id = await draftItem(g, t, { title: '部门负责人请假时' });
    const r = await api('POST', `/api/items/${id}/submit`, { token: t.reporter });
    expect(r.status).toBe(200);
    expect(r.body.reviewingLeaderId).toBe(g.people.leader.personId);
    expect(r.body.history.at(-1).detail).toContain('请假或外出，改由分管领导 分管领导 审核');
    await waitForMail(g.email('leader'));
    await untilIdle();
    expect(await mailsTo(g.email('head'))).toEqual([]);
  });

  it('creates one item and one issue per Idempotency-Key, however often the request is repeated', async () => {
    const g = await givenOrg();
    const t = await tokensOf(g);
    const headers = { 'idempotency-key': `item-${g.orgId}` };
    const [first, second] = await Promise.all([
      api('POST', '/api/items', { token: t.reporter, body: itemBody(g), headers }),
      api('POST', '/api/items', { token: t.reporter, body: itemBody(g), headers }),
    ]);
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(second.body.itemId).toBe(first.body.itemId);
    const third = await api('POST', '/api/items', { token: t.reporter, body: itemBody(g), headers });
    expect(third.headers.get('idempotent-replayed')).toBe('true');
    expect(third.body.itemId).toBe(first.body.itemId);
    expect(await itemRepo().listByAuthor(g.people.reporter.personId)).toHaveLength(1);
    const otherBody = await api('POST', '/api/items', {
      token: t.reporter,
      body: itemBody(g, { title: '另一条' }),
      headers,
    });
    expect(otherBody.status).toBe(422);
    expect(otherBody.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    const malformed = await api('POST', '/api/items', {
      token: t.reporter,
      body: itemBody(g),
      headers: { 'idempotency-key': 'x' },
    });
    expect(malformed.status).toBe(400);
    expect(await itemRepo().listByAuthor(g.people.reporter.personId)).toHaveLength(1);

    const id = await adoptedItem(g, t, '只发一次');
    const key = { 'idempotency-key': `issue-${g.orgId}` };
    const p1 = await api('POST', `/api/orgs/${g.orgId}/periodicals`, {
      token: t.office,
      body: { itemIds: [id] },
      headers: key,
    });
    const p2 = await api('POST', `/api/orgs/${g.orgId}/periodicals`, {
      token: t.office,
      body: { itemIds: [id] },
      headers: key,
    });
    expect([p1.status, p2.status]).toEqual([201, 201]);
    expect(p2.headers.get('idempotent-replayed')).toBe('true');
    expect(p2.body.issueNo).toBe(p1.body.issueNo);
    expect(await itemRepo().listPeriodicals(g.orgId)).toHaveLength(1);
  });

  it('keeps the step when the mail cannot be sent, and says so in the history', async () => {
    const g = await givenOrg();
    const t = await tokensOf(g);
    const id = await draftItem(g, t);
    const deps = tableDeps({ mailer: { send: async () => Promise.reject(new Error('SES unreachable')) } });
    const view = await submitItem(deps, callerOf(g, 'reporter'), id);
    expect(view.state).toBe('submitted');
    expect(types(view.history)).toEqual(['created', 'submitted', 'mailFailed']);
    expect(view.history.at(-1)!.detail).toContain(g.people.head.name);
    await untilIdle();
    expect(await mailsTo(g.email('head'))).toEqual([]);
  });

  it('stamps each transition with the exact instant, and counts an adoption in the month of the organisation time zone', async () => {
    const g = await givenOrg();
    let now = new Date('2026-03-31T15:59:00.000Z'); // 23:59 on 31 March in Beijing
    const deps = tableDeps({ mailer: { send: async () => ({}) }, clock: () => now });
    const caller = (k: 'reporter' | 'head' | 'reviewer') => callerOf(g, k);
    const { body: created } = await createItem(deps, caller('reporter'), {
      kind: 'research',
      title: '跨月的调研报告',
      body: '正文',
      departmentId: g.newsId,
    });
    await submitItem(deps, caller('reporter'), created.itemId);
    now = new Date('2026-03-31T15:59:30.000Z');
    await reviewItem(deps, caller('head'), created.itemId, { decision: 'approve', comment: undefined });
    now = new Date('2026-03-31T16:00:00.000Z'); // 00:00 on 1 April in Beijing
    const adopted = await adoptItem(deps, caller('reviewer'), created.itemId, {
      decision: 'adopt',
      comment: undefined,
      important: false,
    });
    expect(adopted).toMatchObject({
      createdAt: '2026-03-31T15:59:00.000Z',
      submittedAt: '2026-03-31T15:59:00.000Z',
      approvedAt: '2026-03-31T15:59:30.000Z',
      adoptedAt: '2026-03-31T16:00:00.000Z',
    });
    expect(adopted.history.map((e) => [e.type, e.at, e.fromState, e.toState])).toEqual([
      ['created', '2026-03-31T15:59:00.000Z', undefined, 'draft'],
      ['submitted', '2026-03-31T15:59:00.000Z', 'draft', 'submitted'],
      ['approved', '2026-03-31T15:59:30.000Z', 'submitted', 'approved'],
      ['adopted', '2026-03-31T16:00:00.000Z', 'approved', 'adopted'],
    ]);
    const office = callerOf(g, 'office');
    const april = await listItems(deps, office, 'adopted', { month: '2026-04' });
    const march = await listItems(deps, office, 'adopted', { month: '2026-03' });
    expect(april.items.map((i) => (i as { itemId: string }).itemId)).toEqual([created.itemId]);
    expect(march.items).toEqual([]);
  });

  it('records external adoptions on adopted items only', async () => {
    const g = await givenOrg();
    const t = await tokensOf(g);
    const draft = await draftItem(g, t);
    const tooEarly = await api('POST', `/api/items/${draft}/external-adoptions`, {
      token: t.reporter,
      body: { level: 'provincial', outlet: '省委信息', adoptedOn: '2026-11-20' },
    });
    expect(tooEarly.status).toBe(403);
    const id = await adoptedItem(g, t, '被省里采用的信息');
    const bad = await api('POST', `/api/items/${id}/external-adoptions`, {
      token: t.office,
      body: { level: 'county', outlet: '', adoptedOn: '20.11.2026' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual([
      'adoptedOn',
      'level',
      'outlet',
    ]);
    const ok = await api('POST', `/api/items/${id}/external-adoptions`, {
      token: t.office,
      body: { level: 'provincial', outlet: '省委办公厅《每日要情》', adoptedOn: '2026-11-20' },
    });
    expect(ok.status).toBe(201);
    expect(ok.body.externalAdoptions).toEqual([
      expect.objectContaining({
        level: 'provincial',
        outlet: '省委办公厅《每日要情》',
        adoptedOn: '2026-11-20',
        recordedBy: g.people.office.personId,
      }),
    ]);
    expect(types(ok.body.history).at(-1)).toBe('externalAdoption');
    expect(ok.body.state).toBe('adopted');
  });
});
