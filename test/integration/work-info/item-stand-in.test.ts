import { describe, expect, it } from 'vitest';
import { api, fetchPage, untilIdle } from '../../support/stack.ts';
import { draftItem, givenOrg, tokensOf } from '../../support/given.ts';
import { goesOnLeave } from '../../support/when.ts';
import { mailsTo, waitForMail } from '../../support/then.ts';

const details = (history: { detail: string }[]) => history.map((e) => e.detail).join('\n');

describe('work-information reviews and sign-offs reach a stand-in (代理, issue 17 item 7)', () => {
  it('an item submitted while the head is away goes to his stand-in, mailed, in 待办 and reviewed as 代 X', async () => {
    const g = await givenOrg();
    const t = await tokensOf(g);
    await goesOnLeave(g, 'head', 'outsider');
    const id = await draftItem(g, t, { title: '新闻部代理审核' });
    const submitted = await api('POST', `/api/items/${id}/submit`, { token: t.reporter });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
    expect(submitted.body).toMatchObject({
      reviewingLeaderId: g.people.outsider.personId,
      reviewingStandInFor: { personId: g.people.head.personId, name: '部门负责人' },
    });
    expect(details(submitted.body.history)).toContain('报送 无关人员（代 部门负责人） 审核');

    const [mail] = await waitForMail(g.email('outsider'), 1, '【待审核·工作信息】');
    expect(mail!.body.text).toContain('无关人员（代 部门负责人）：');
    expect(mail!.body.text).toContain('部门负责人 请假期间由您代为处理');
    expect(mail!.body.html).toContain('（代 部门负责人）');
    expect(mail!.body.text).toContain(`/items/${id}`);

    const inbox = (await api('GET', '/api/me/inbox', { token: t.outsider })).body.items;
    expect(inbox).toContainEqual(expect.objectContaining({ kind: 'itemReview', itemId: id, link: `/items/${id}` }));
    expect((await fetchPage(`/items/${id}`, t.outsider)).status).toBe(200);

    const reviewed = await api('POST', `/api/items/${id}/review`, {
      token: t.outsider,
      body: { decision: 'approve' },
    });
    expect(reviewed.status, JSON.stringify(reviewed.body)).toBe(200);
    expect(details(reviewed.body.history)).toContain('无关人员（代 部门负责人） 审核通过');
    await untilIdle();
    expect(await mailsTo(g.email('head'), '【待审核·工作信息】')).toHaveLength(0);
  });

  it('away without a stand-in: the supervising leader reviews as before, the would-be stand-in sees nothing', async () => {
    const g = await givenOrg();
    const t = await tokensOf(g);
    await goesOnLeave(g, 'head');
    const id = await draftItem(g, t, { title: '无代理人' });
    const submitted = await api('POST', `/api/items/${id}/submit`, { token: t.reporter });
    expect(submitted.body.reviewingLeaderId).toBe(g.people.leader.personId);
    expect(submitted.body.reviewingStandInFor).toBeUndefined();
    expect((await api('GET', `/api/items/${id}`, { token: t.outsider })).status).toBe(404);
  });

  it('an important item adopted while the chief is away asks his stand-in to sign off, who signs as 代 X', async () => {
    const g = await givenOrg();
    const t = await tokensOf(g);
    const id = await draftItem(g, t, { title: '重要信息代签' });
    expect((await api('POST', `/api/items/${id}/submit`, { token: t.reporter })).status).toBe(200);
    expect(
      (await api('POST', `/api/items/${id}/review`, { token: t.head, body: { decision: 'approve' } })).status,
    ).toBe(200);
    // Before the leave the stand-in-to-be may not see the item at all.
    expect((await api('GET', `/api/items/${id}`, { token: t.outsider })).status).toBe(404);
    await goesOnLeave(g, 'chief', 'outsider');
    const adopted = await api('POST', `/api/items/${id}/adopt`, {
      token: t.reviewer,
      body: { decision: 'adopt', important: true },
    });
    expect(adopted.status, JSON.stringify(adopted.body)).toBe(200);
    expect(details(adopted.body.history)).toContain('报 无关人员（代 主要领导） 签发');

    const [mail] = await waitForMail(g.email('outsider'), 1, '【待签发·工作信息】');
    expect(mail!.body.text).toContain('无关人员（代 主要领导）：');
    expect(mail!.body.text).toContain(`/items/${id}`);
    expect((await fetchPage(`/items/${id}`, t.outsider)).status).toBe(200);

    const signed = await api('POST', `/api/items/${id}/sign-off`, { token: t.outsider, body: {} });
    expect(signed.status, JSON.stringify(signed.body)).toBe(200);
    expect(signed.body).toMatchObject({
      state: 'signedOff',
      signedOffBy: g.people.outsider.personId,
      signedOffStandInFor: { personId: g.people.chief.personId, name: '主要领导' },
    });
    expect(details(signed.body.history)).toContain('无关人员（代 主要领导） 签发');
    await untilIdle();
    expect(await mailsTo(g.email('chief'), '【待签发·工作信息】')).toHaveLength(0);
  });

  it('someone who is nobody’s stand-in still may not sign off an important item (403)', async () => {
    const g = await givenOrg();
    const t = await tokensOf(g);
    const id = await draftItem(g, t, { title: '非代理人' });
    expect((await api('POST', `/api/items/${id}/submit`, { token: t.reporter })).status).toBe(200);
    expect(
      (await api('POST', `/api/items/${id}/review`, { token: t.head, body: { decision: 'approve' } })).status,
    ).toBe(200);
    const adopt = { decision: 'adopt', important: true };
    expect((await api('POST', `/api/items/${id}/adopt`, { token: t.reviewer, body: adopt })).status).toBe(200);
    expect((await api('POST', `/api/items/${id}/sign-off`, { token: t.office, body: {} })).status).toBe(403);
    await waitForMail(g.email('chief'), 1, '【待签发·工作信息】');
  });
});
