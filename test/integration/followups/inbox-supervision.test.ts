import { DeleteCommand, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { keys } from '../../../shared/platform/dynamo/keys.ts';
import { supervisionHolder } from '../../../shared/reports/rules/todo.ts';
import { api, db, reportRepo, stack, untilIdle } from '../../support/stack.ts';
import { ALWAYS, givenNewerReports, givenOrg, givenReport, tokensOf, type GivenOrg } from '../../support/given.ts';
import { checkAt, minutesFrom } from '../../support/when.ts';
import { waitForMail } from '../../support/then.ts';

type Overview = {
  openEvents: { reportId: string }[];
  unacknowledged: { reportId: string; silent: { name: string; phone?: string }[] }[];
  overdueSignOffs: { reportId: string }[];
};
const overview = async (g: GivenOrg, token: string): Promise<Overview> => {
  const r = await api('GET', `/api/orgs/${g.orgId}/supervision`, { token });
  expect(r.status).toBe(200);
  return r.body;
};
const ids = (rows: { reportId: string }[]) => rows.map((r) => r.reportId);

/** Every 待办/supervision row of a report, wherever it is (the test's own organisation's people and holder). */
async function rowsOf(g: GivenOrg, reportId: string) {
  const holders = [...Object.values(g.people).map((p) => p.personId), supervisionHolder(g.orgId)];
  const out: { PK: string; SK: string }[] = [];
  for (const h of holders) {
    const r = await db().send(
      new QueryCommand({
        TableName: stack().tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :p)',
        ExpressionAttributeValues: { ':pk': keys.person(h).PK, ':p': `TODO#${reportId}#` },
      }),
    );
    out.push(...((r.Items ?? []) as { PK: string; SK: string }[]));
  }
  return out;
}

describe('督办 reads the organisation’s supervised reports, not a window of recent ones (issue 17, items 5–6)', () => {
  it('an open event behind 250 newer reports is on 督办 with who has not acknowledged; it leaves once done', async () => {
    const g = await givenOrg({ hours: ALWAYS });
    const t = await tokensOf(g);
    const { reportId } = await givenReport(g);
    await waitForMail(g.email('head'));
    await untilIdle();
    await givenNewerReports(g, 250, (closedAt) => ({
      closedAt,
      signOff: { decision: 'keep', byId: 'x', byName: 'x', at: closedAt },
      version: 1,
    }));

    let o = await overview(g, t.office);
    expect(ids(o.openEvents)).toEqual([reportId]);
    expect(ids(o.unacknowledged)).toEqual([reportId]);
    expect(o.unacknowledged[0]!.silent.map((s) => s.name)).toEqual(['部门负责人']);

    for (const k of ['head', 'leader', 'chief'] as const) {
      expect((await api('POST', `/api/reports/${reportId}/ack`, { token: t[k] })).status).toBe(200);
      await untilIdle();
    }
    const signed = await api('POST', `/api/reports/${reportId}/sign-off`, {
      token: t.chief,
      body: { decision: 'keep' },
    });
    expect(signed.status).toBe(200);
    o = await overview(g, t.office);
    expect(ids(o.unacknowledged)).toEqual([]);
    expect(ids(o.openEvents)).toEqual([reportId]);
    const final = await api('POST', `/api/reports/${reportId}/followups`, {
      token: t.reporter,
      body: { kind: 'final', summary: '处置完毕。' },
    });
    expect(final.status).toBe(201);
    o = await overview(g, t.office);
    expect(o.openEvents).toEqual([]);
    expect(await rowsOf(g, reportId)).toEqual([]);
  });

  it('a report stored before the rows existed gets them from the one-off backfill; a second run reads one marker', async () => {
    const g = await givenOrg({ hours: ALWAYS });
    const t = await tokensOf(g);
    const { reportId } = await givenReport(g);
    await waitForMail(g.email('head'));
    await untilIdle();
    // As stored before issue 17: no 待办 rows, no supervision row.
    for (const row of await rowsOf(g, reportId))
      await db().send(new DeleteCommand({ TableName: stack().tableName, Key: { PK: row.PK, SK: row.SK } }));
    const marker = { PK: 'MIGRATION#todo-rows-v1', SK: 'MIGRATION' };
    await db().send(new DeleteCommand({ TableName: stack().tableName, Key: marker }));
    expect((await overview(g, t.office)).openEvents).toEqual([]);

    // A bounded number of reports per check, resumed from the marker: as many checks as the table needs.
    for (let run = 0; run < 50; run++) {
      await checkAt(minutesFrom(0));
      const m = await db().send(new GetCommand({ TableName: stack().tableName, Key: marker }));
      if (m.Item?.done) break;
    }
    const o = await overview(g, t.office);
    expect(ids(o.openEvents)).toEqual([reportId]);
    const inbox = await api('GET', '/api/me/inbox', { token: t.head });
    expect(
      inbox.body.items
        .filter((e: { reportId?: string }) => e.reportId === reportId)
        .map((e: { kind: string }) => e.kind),
    ).toEqual(expect.arrayContaining(['acknowledge', 'followupDue']));

    // Bounded: 100 reports a call, each call resuming where the last stopped, until done.
    for (const row of await rowsOf(g, reportId))
      await db().send(new DeleteCommand({ TableName: stack().tableName, Key: { PK: row.PK, SK: row.SK } }));
    await db().send(new DeleteCommand({ TableName: stack().tableName, Key: marker }));
    const calls: { reports: number; done: boolean }[] = [];
    do calls.push(await reportRepo().backfillTodos(100));
    while (!calls.at(-1)!.done && calls.length < 100);
    expect(calls.length).toBeGreaterThan(1);
    expect(calls.slice(0, -1).every((c) => c.reports >= 100 && !c.done)).toBe(true);
    expect(ids((await overview(g, t.office)).openEvents)).toEqual([reportId]);

    // Once: with the marker written, a removed row stays removed by the next run (the report's own writes keep them).
    const again = (await rowsOf(g, reportId)).find((r) => r.PK === keys.person(supervisionHolder(g.orgId)).PK)!;
    await db().send(new DeleteCommand({ TableName: stack().tableName, Key: { PK: again.PK, SK: again.SK } }));
    await checkAt(minutesFrom(0));
    expect((await overview(g, t.office)).openEvents).toEqual([]);
  });
});
