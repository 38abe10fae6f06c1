import { DeleteCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { keys } from '../../../shared/platform/dynamo/keys.ts';
import {
  adoptedItem,
  api,
  checkAt,
  db,
  givenOrg,
  itemRepo,
  minutesFrom,
  stack,
  tokensOf,
} from '../../support/scenario.ts';

const marker = { PK: 'MIGRATION#item-signoff-rows-v1', SK: 'MIGRATION' };
const get = async (Key: Record<string, string>) =>
  (await db().send(new GetCommand({ TableName: stack().tableName, Key, ConsistentRead: true }))).Item;
const remove = (Key: Record<string, string>) => db().send(new DeleteCommand({ TableName: stack().tableName, Key }));

async function toSignOff(token: string): Promise<string[]> {
  const r = await api('GET', '/api/me/inbox', { token });
  expect(r.status).toBe(200);
  return (r.body.items as { kind: string; itemId?: string }[])
    .filter((e) => e.kind === 'itemSignOff')
    .map((e) => e.itemId!);
}

describe('the one-off backfill of the items’ sign-off lines (待办 签发 for items adopted before the index)', () => {
  it('an adopted important item without its line gets it from the every-minute check; a second run writes nothing', async () => {
    const g = await givenOrg();
    const t = await tokensOf(g);
    const id = await adoptedItem(g, t, '索引之前采用的重要信息', { important: true });
    const plain = await adoptedItem(g, t, '索引之前采用的一般信息');
    const line = keys.itemSignOffLine(id);
    const original = await get(line);
    expect(original).toBeDefined();
    // As stored before the index existed: no line, and the backfill has not run.
    await remove(line);
    await remove(marker);
    expect(await toSignOff(t.chief)).toEqual([]);

    // Bounded runs resumed from the marker: as many every-minute checks as the shared test table needs.
    for (let run = 0; run < 50; run++) {
      await checkAt(minutesFrom(0));
      if ((await get(marker))?.done) break;
    }
    expect((await get(marker))?.done).toBe(true);
    const { at: _a, ...restored } = (await get(line)) ?? {};
    const { at: _b, ...was } = original!;
    expect(restored).toEqual(was);
    expect(await get(keys.itemSignOffLine(plain))).toBeUndefined();
    expect(await toSignOff(t.chief)).toEqual([id]);

    // Once done, a run reads the marker only: a line removed again stays removed.
    expect(await itemRepo().backfillSignOffLines()).toEqual({ ran: false, items: 0, written: 0, done: true });
    await remove(line);
    await checkAt(minutesFrom(0));
    expect(await get(line)).toBeUndefined();
  });

  it('bounded and resumable: a small budget stops with a cursor and goes on; lines present are not written again', async () => {
    const g = await givenOrg();
    const t = await tokensOf(g);
    const id = await adoptedItem(g, t, '分批补写的重要信息', { important: true });
    await remove(keys.itemSignOffLine(id));
    await remove(marker);
    // This file adopted three items in two organisations: a budget of one stops after the first, keeping its place.
    const first = await itemRepo().backfillSignOffLines(1);
    expect(first).toMatchObject({ ran: true, items: 1, done: false });
    expect((await get(marker))?.done).toBeUndefined();
    const calls = [first];
    do calls.push(await itemRepo().backfillSignOffLines(100));
    while (!calls.at(-1)!.done && calls.length < 1000);
    expect(calls.at(-1)!.done).toBe(true);
    expect(calls.every((c) => c.items <= 100)).toBe(true);
    expect(calls.reduce((n, c) => n + c.items, 0)).toBeGreaterThanOrEqual(3);
    expect(calls.reduce((n, c) => n + c.written, 0)).toBeGreaterThanOrEqual(1);
    expect(await get(keys.itemSignOffLine(id))).toBeDefined();

    // Again from the start: every line is there, so nothing is written.
    await remove(marker);
    const again: { written: number; done: boolean }[] = [];
    do again.push(await itemRepo().backfillSignOffLines());
    while (!again.at(-1)!.done && again.length < 200);
    expect(again.reduce((n, c) => n + c.written, 0)).toBe(0);
  });
});
