import { describe, expect, it } from 'vitest';
import { api, fetchPage } from '../../support/stack.ts';
import { draftItem, givenOrg, tokensOf, type GivenOrg, type Tokens } from '../../support/given.ts';
import { goesOnLeave } from '../../support/when.ts';

type Entry = { kind: string; itemId?: string; link: string; detail: string };

/** The `itemSignOff` entries of the caller's 待办. */
async function toSignOff(token: string): Promise<Entry[]> {
  const r = await api('GET', '/api/me/inbox', { token });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return (r.body.items as Entry[]).filter((e) => e.kind === 'itemSignOff');
}

/** The count of the 待办 badge in the navigation of the page at `path` as the person of `token` sees it (0 without). */
async function badge(path: string, token: string): Promise<number> {
  const res = await fetchPage(path, token);
  expect(res.status, path).toBe(200);
  const m = /aria-label="，(\d+) 项待办"/.exec(await res.text());
  return m ? Number(m[1]) : 0;
}

/** An item submitted, approved by the head and adopted by the review group (`important` or not). */
async function adopted(g: GivenOrg, t: Tokens, title: string, important: boolean) {
  const id = await draftItem(g, t, { title });
  expect((await api('POST', `/api/items/${id}/submit`, { token: t.reporter })).status).toBe(200);
  const approve = { decision: 'approve' };
  expect((await api('POST', `/api/items/${id}/review`, { token: t.head, body: approve })).status).toBe(200);
  const adopt = await api('POST', `/api/items/${id}/adopt`, {
    token: t.reviewer,
    body: { decision: 'adopt', important },
  });
  expect(adopt.status, JSON.stringify(adopt.body)).toBe(200);
  return id;
}

describe('待办 lists the important items waiting for the caller’s 签发 (issue 17 item 6, itemSignOff)', () => {
  it('an important item adopted is in the principal leader’s 待办 until he signs it off; others never see it', async () => {
    const g = await givenOrg();
    const t = await tokensOf(g);
    const id = await adopted(g, t, '重要信息待签发', true);
    const plain = await adopted(g, t, '一般信息不需签发', false);

    const chief = await toSignOff(t.chief);
    expect(chief).toEqual([
      expect.objectContaining({ kind: 'itemSignOff', itemId: id, title: '重要信息待签发', link: `/items/${id}` }),
    ]);
    expect(chief.map((e) => e.itemId)).not.toContain(plain);
    for (const who of ['leader', 'office', 'reviewer', 'outsider', 'head'] as const)
      expect(await toSignOff(t[who]), who).toEqual([]);
    // The nav badge counts it, on the pages of every function (待办 in followups, 查找报告 in reports, 工作信息).
    for (const path of ['/inbox', '/reports', '/items']) expect(await badge(path, t.chief), path).toBe(1);
    expect(await badge('/inbox', t.leader)).toBe(0);

    const signed = await api('POST', `/api/items/${id}/sign-off`, { token: t.chief, body: {} });
    expect(signed.status, JSON.stringify(signed.body)).toBe(200);
    expect(await toSignOff(t.chief)).toEqual([]);
    expect(await badge('/inbox', t.chief)).toBe(0);
  });

  it('adopted while the chief is away: his stand-in sees it (代 X) and the chief does not; gone once signed', async () => {
    const g = await givenOrg();
    const t = await tokensOf(g);
    await goesOnLeave(g, 'chief', 'outsider');
    const id = await adopted(g, t, '请假期间的重要信息', true);

    const standIn = await toSignOff(t.outsider);
    expect(standIn).toEqual([expect.objectContaining({ itemId: id, link: `/items/${id}` })]);
    expect(standIn[0]!.detail).toContain('代 主要领导');
    expect(await badge('/inbox', t.outsider)).toBe(1);
    expect(await toSignOff(t.chief)).toEqual([]);
    expect(await badge('/inbox', t.chief)).toBe(0);

    const signed = await api('POST', `/api/items/${id}/sign-off`, { token: t.outsider, body: {} });
    expect(signed.status, JSON.stringify(signed.body)).toBe(200);
    expect(await toSignOff(t.outsider)).toEqual([]);
    expect(await toSignOff(t.chief)).toEqual([]);
  });

  it('another organisation’s principal leader does not see the item', async () => {
    const g = await givenOrg();
    const other = await givenOrg();
    const t = await tokensOf(g);
    const id = await adopted(g, t, '本单位重要信息', true);
    expect((await toSignOff(t.chief)).map((e) => e.itemId)).toEqual([id]);
    expect(await toSignOff((await tokensOf(other)).chief)).toEqual([]);
  });
});
