import { expect } from 'vitest';
import { api, signIn, type GivenOrg } from './scenario.ts';

/** Scenario helpers for work information: tokens of the org's people and an item brought to a given stage. */
export type Tokens = Record<'reporter' | 'head' | 'leader' | 'chief' | 'office' | 'reviewer' | 'outsider', string>;

export async function tokensOf(g: GivenOrg): Promise<Tokens> {
  const keys = ['reporter', 'head', 'leader', 'chief', 'office', 'reviewer', 'outsider'] as const;
  const entries = await Promise.all(keys.map(async (k) => [k, await signIn(g.email(k))] as const));
  return Object.fromEntries(entries) as Tokens;
}

export function itemBody(g: GivenOrg, over: Record<string, unknown> = {}) {
  return { kind: 'work', title: '新闻部完成全县两会报道', body: '本月新闻部完成两会报道 36 篇。\n\n- 电视新闻 20 条\n- 网络稿件 16 篇', departmentId: g.newsId, ...over };
}

export async function draftItem(g: GivenOrg, t: Tokens, over: Record<string, unknown> = {}): Promise<string> {
  const r = await api('POST', '/api/items', { token: t.reporter, body: itemBody(g, over) });
  expect(r.status).toBe(201);
  return r.body.itemId;
}

/** An item taken through submit → approve → adopt by the API; `important` items then wait for a sign-off. */
export async function adoptedItem(g: GivenOrg, t: Tokens, title: string, opts: { important?: boolean } = {}): Promise<string> {
  const id = await draftItem(g, t, { title });
  expect((await api('POST', `/api/items/${id}/submit`, { token: t.reporter })).status).toBe(200);
  expect((await api('POST', `/api/items/${id}/review`, { token: t.head, body: { decision: 'approve' } })).status).toBe(200);
  const a = await api('POST', `/api/items/${id}/adopt`, { token: t.reviewer, body: { decision: 'adopt', important: opts.important ?? false } });
  expect(a.status).toBe(200);
  return id;
}
