import { randomBytes } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { backfillEachOrg, putIfUnchanged } from '../../../shared/platform/dynamo/backfill.ts';
import { transactLocked, type LostWrite } from '../../../shared/platform/dynamo/locked-transaction.ts';
import { readPartition } from '../../../shared/platform/dynamo/partition.ts';
import { readScopedCreation, scopedCreation } from '../../../shared/platform/dynamo/scoped-creation.ts';
import { versionedPut } from '../../../shared/platform/dynamo/transaction.ts';
import { IdempotencyReplay } from '../../../shared/platform/kernel/once.ts';
import { db, givenOrg, stack } from '../../support/scenario.ts';

const tag = () => randomBytes(5).toString('hex');
const table = () => stack().tableName;
const put = (Item: Record<string, unknown>) => db().send(new PutCommand({ TableName: table(), Item }));

describe('readPartition: a record and what is kept beside it, from one consistent read', () => {
  it('finds the record by its sort key and the rest by prefix, in sort key order, without the table keys', async () => {
    const pk = `TEST#${tag()}`;
    await put({ PK: pk, SK: 'HEAD', entity: 'test', name: '记录' });
    for (const sk of ['EVENT#2', 'EVENT#1', 'MAIL#a']) await put({ PK: pk, SK: sk, GSI1PK: 'X', GSI1SK: sk, n: sk });
    const rows = await readPartition(db(), table(), pk);
    expect(rows.one('HEAD')).toEqual({ name: '记录' });
    expect(rows.one('NONE')).toBeUndefined();
    expect(rows.all('EVENT#')).toEqual([{ n: 'EVENT#1' }, { n: 'EVENT#2' }]);
    expect(rows.all('REV#')).toEqual([]);
    expect((await readPartition(db(), table(), `TEST#${tag()}`)).one('HEAD')).toBeUndefined();
  });
});

describe('transactLocked: a transaction whose lost condition is told as what lost', () => {
  const lost = (w: LostWrite) => new Error(`lost ${w}`);

  it('commits; a stale version names the write that lost it, and nothing of the transaction is written', async () => {
    const a = { PK: `TEST#${tag()}`, SK: 'A', version: 1 };
    const b = { PK: `TEST#${tag()}`, SK: 'B', version: 1 };
    await transactLocked(db(), table(), [versionedPut(table(), a), versionedPut(table(), b)], undefined, lost);
    const moved = { ...a, version: 2, note: 'moved' };
    const stale = transactLocked(
      db(),
      table(),
      [versionedPut(table(), moved, 1), versionedPut(table(), b)],
      undefined,
      lost,
    );
    await expect(stale).rejects.toThrow('lost 1');
    expect((await readPartition(db(), table(), a.PK)).one('A')).toEqual({ version: 1 });
  });

  it('a key used meanwhile is the first answer (IdempotencyReplay), under its scope only', async () => {
    const record = { requestHash: 'h', status: 201, response: { id: 'first' }, createdAt: new Date().toISOString() };
    const creation = { callerId: `caller-${tag()}`, scope: 'item' as const, key: 'k1', record };
    const row = () => versionedPut(table(), { PK: `TEST#${tag()}`, SK: 'A', version: 0 });
    await transactLocked(db(), table(), [row()], scopedCreation(creation), lost);
    const again = transactLocked(db(), table(), [row()], scopedCreation(creation), lost);
    await expect(again).rejects.toBeInstanceOf(IdempotencyReplay);
    expect(await readScopedCreation(db(), table(), creation.callerId, 'item', 'k1')).toEqual(record);
    expect(await readScopedCreation(db(), table(), creation.callerId, 'periodical', 'k1')).toBeUndefined();
  });
});

describe('backfillEachOrg: a one-off migration over every organisation, bounded and resumable', () => {
  it('visits each row once over calls of at most `budget` rows, then is done and reads the marker alone', async () => {
    const run = tag();
    const orgs = [await givenOrg(), await givenOrg()];
    const ownerPk = (orgId: string) => `TEST#${run}#${orgId}`;
    for (const g of orgs)
      for (let i = 0; i < 3; i++)
        await put({ PK: `TEST#${run}#${g.orgId}#${i}`, SK: 'ROW', GSI1PK: ownerPk(g.orgId), GSI1SK: `${i}`, i });
    const seen: string[] = [];
    const job = {
      marker: `MIGRATION#test-${run}`,
      ownerPk,
      visit: async (row: Record<string, unknown>) => {
        if (row.i === 1 && !seen.includes(String(row.PK))) {
          seen.push(String(row.PK));
          throw new Error('a row this version cannot read');
        }
        seen.push(String(row.PK));
      },
    };
    const calls = [];
    do calls.push(await backfillEachOrg(db(), table(), job, 2));
    while (!calls.at(-1)!.done && calls.length < 1000);
    expect(calls.at(-1)).toMatchObject({ ran: true, done: true });
    expect(calls.every((c) => c.rows <= 2)).toBe(true);
    expect(calls.reduce((n, c) => n + c.rows, 0)).toBe(6);
    // The rows that threw were passed over once, never visited again.
    expect(new Set(seen).size).toBe(6);
    expect(seen).toHaveLength(6);
    expect(await backfillEachOrg(db(), table(), job, 2)).toEqual({ ran: false, rows: 0, done: true });
  });
});

describe('putIfUnchanged: a migration writes only over the record as it read it', () => {
  it('writes at the version read; a newer version is stale, a row already there present, and neither writes', async () => {
    const pk = `TEST#${tag()}`;
    await put({ PK: pk, SK: 'HEAD', version: 3 });
    const line = (sk: string) => ({
      Put: { TableName: table(), Item: { PK: pk, SK: sk }, ConditionExpression: 'attribute_not_exists(PK)' },
    });
    const key = { PK: pk, SK: 'HEAD' };
    expect(await putIfUnchanged(db(), table(), { key, version: 3 }, [line('LINE#1')])).toBe('written');
    expect(await putIfUnchanged(db(), table(), { key, version: 2 }, [line('LINE#2')])).toBe('stale');
    expect(await putIfUnchanged(db(), table(), { key, version: 3 }, [line('LINE#2'), line('LINE#1')])).toBe('present');
    expect((await readPartition(db(), table(), pk)).all('LINE#')).toEqual([{}]);
    // A record stored before versions were kept: unchanged while it still has none.
    await put({ PK: pk, SK: 'OLD' });
    expect(await putIfUnchanged(db(), table(), { key: { PK: pk, SK: 'OLD' } }, [line('LINE#3')])).toBe('written');
    expect(await putIfUnchanged(db(), table(), { key, version: undefined }, [line('LINE#4')])).toBe('stale');
  });
});
