/**
 * `npm run bench`: the figures ARCHITECTURE.md and the issues ask for, measured on the local stack.
 * 0. Every function's bundle size and module init (bundles.ts).
 * 1. Submission → first mail in the mail viewer (HTTP submit, poll the SES emulator's store).
 * 2. The every-minute check's DynamoDB items read and time with 1,000 and with 50,000 stored reports,
 *    ten of them due: it must not grow with the total.
 * 3. The monthly scores job's time and items read for one organisation of 100 departments × 40 items.
 * 4. The monthly fan-out for 1,000 organisations: the hourly dispatcher's one invocation, and the queue drained by the
 *    scoring worker one organisation at a time.
 * 5. Load (load.ts): 500 submissions in batches of 50 at once, each step of submission → first mail.
 * 6. Calls (calls.ts): AWS requests per flow (a report, an item, an idle check, a month's scores), for the README.
 * `BENCH_ONLY=bundles,mail` runs only those parts (bundles, mail, load, calls, overdue, scores, fanout); `BENCH_INIT_RUNS` sets
 * the imports per bundle (7).
 * `reportList` (report-list.ts): the report list over 50,000 stored reports, items read for a month's filtered page.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { monotonicFactory } from 'ulid';
import { LocalStack } from '../../infra/local/runtime.ts';
import { OrgRepo } from '../../shared/org/org-repo.ts';
import { ScoreRepo } from '../../shared/scores/score-repo.ts';
import { keys } from '../../shared/platform/dynamo/keys.ts';
import { DEFAULT_ORG_CONFIG } from '../../shared/org/rules/config.ts';
import { monthRange, previousMonth } from '../../shared/platform/kernel/time.ts';
import { localParts } from '../../shared/platform/kernel/time.ts';
import { benchBundles } from './bundles.ts';
import { benchLoad, LogTap } from './load.ts';
import { benchFirstMail } from './mail.ts';
import { seedPerson, storedReport, writeAll } from './seed.ts';

const ids = monotonicFactory();
const sink = new LogTap();
const only = process.env.BENCH_ONLY?.split(',');
const part = (name: string) => !only || only.includes(name);

async function main() {
  const dir = mkdtempSync(path.join(tmpdir(), 'baosong-bench-'));
  const stack = new LocalStack({
    ports: { app: 0, dynamodb: 0, sqs: 0, ses: 0 },
    outdir: path.join(dir, 'cdk.out'),
    schedules: false,
    functionLog: sink,
  });
  console.log('starting the local stack …');
  const info = await stack.start();
  try {
    // 0. The bundles the stack runs, as Lambda would run them.
    if (part('bundles')) await benchBundles(stack.functions.values(), Number(process.env.BENCH_INIT_RUNS ?? 7));

    const db = DynamoDBDocumentClient.from(
      new DynamoDBClient({
        endpoint: info.dynamoEndpoint,
        region: 'us-east-1',
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      }),
      {
        marshallOptions: { removeUndefinedValues: true },
      },
    );
    const orgs = new OrgRepo(db, info.tableName);
    const orgId = 'bench-org';
    const person = (key: string, roles: string[], departmentId?: string) =>
      seedPerson(orgs, orgId, {
        personId: `bench-${key}`,
        name: key,
        email: `${key}@bench.local`,
        roles,
        departmentId,
      });
    await person('reporter', ['reporter'], 'bench-news');
    await person('head', ['departmentHead'], 'bench-news');
    await person('leader', ['supervisingLeader']);
    await person('chief', ['principalLeader']);
    await orgs.putDepartment({
      orgId,
      departmentId: 'bench-news',
      name: '新闻部',
      headId: 'bench-head',
      supervisingLeaderId: 'bench-leader',
    });
    const days = [-1, 0, 1].map((d) => new Date(Date.now() + d * 86400_000).toISOString().slice(0, 10));
    await orgs.createOrg({
      orgId,
      name: '基准测试单位',
      timezone: 'Asia/Shanghai',
      principalLeaderId: 'bench-chief',
      config: {
        ...DEFAULT_ORG_CONFIG,
        workingHours: { days: [1, 2, 3, 4, 5, 6, 7], periods: [{ start: '00:00', end: '24:00' }] },
      },
      calendarOverrides: { holidays: [], workdays: days },
      createdAt: new Date().toISOString(),
    });

    // 6. AWS requests per flow, for the README's capacity and cost: first, on a table with nothing due.
    if (part('calls'))
      await (await import('./calls.ts')).benchCalls({ stack, appUrl: info.appUrl, db, table: info.tableName });
    // 1. Submission to first mail.
    if (part('mail')) await benchFirstMail(info.appUrl, info.mailUrl);
    // 5. 500 submissions at 50 at once, and where submission → first mail goes.
    if (part('load'))
      await benchLoad({
        stack,
        ...info,
        db,
        table: info.tableName,
        log: sink,
        reporterEmail: 'reporter@bench.local',
        departmentId: 'bench-news',
      });

    // 2. The overdue check against a growing table.
    if (part('overdue')) await benchOverdue(stack, db, info.tableName, orgId);
    // 3. The monthly scores job (issue 7).
    if (part('scores')) await benchMonthlyScores(stack, db, info.tableName, info.mailUrl);
    // 4. The monthly fan-out over 1,000 organisations.
    if (part('fanout')) await benchFanOut(stack, db, info.tableName);
    if (part('dashboard')) await (await import('./dashboard.ts')).benchDashboard(info.appUrl, db, info.tableName);
    if (part('reportList')) await (await import('./report-list.ts')).benchReportList(info.appUrl, db, info.tableName);
  } finally {
    await stack.stop();
  }
}

/** The every-minute check with 1,000 and with 50,000 stored reports, ten of them due. */
async function benchOverdue(
  stack: LocalStack,
  db: DynamoDBDocumentClient,
  table: string,
  orgId: string,
): Promise<void> {
  console.log('\nthe every-minute check (10 reports due; the rest acknowledged or waiting on a future deadline):');
  let stored = 0;
  for (const total of [1_000, 50_000]) {
    const started = performance.now();
    stored += await seedReports(db, table, orgId, total - stored);
    const seeded = performance.now() - started;
    const check = (await stack.invoke('CheckOverdue', { time: new Date().toISOString() })) as {
      due: number;
      advanced: number;
      itemsRead: number;
    };
    const t0 = performance.now();
    const again = (await stack.invoke('CheckOverdue', { time: new Date().toISOString() })) as {
      due: number;
      itemsRead: number;
    };
    const t1 = performance.now();
    console.log(
      `  ${String(total).padStart(6)} stored reports (seeded in ${(seeded / 1000).toFixed(1)} s): first check read ${check.itemsRead} index items, advanced ${check.advanced}; next check read ${again.itemsRead} items in ${(t1 - t0).toFixed(0)} ms`,
    );
  }
}

/** Writes `n` reports straight into the table: all but ten acknowledged or due in the future, ten due now. */
async function seedReports(db: DynamoDBDocumentClient, table: string, orgId: string, n: number): Promise<number> {
  const now = Date.now();
  const items = Array.from({ length: n }, (_, i) => {
    const reportId = ids();
    const kind = i < 10 ? 'due' : i % 10 === 0 ? 'waiting' : 'done';
    const nextDueAt =
      kind === 'due'
        ? new Date(now - 60_000).toISOString()
        : kind === 'waiting'
          ? new Date(now + 3600_000).toISOString()
          : undefined;
    const submittedAt = new Date(now - (i + 1) * 1000).toISOString();
    const report = storedReport({
      reportId,
      orgId,
      departmentId: 'bench-news',
      reporterId: 'bench-reporter',
      reporterName: 'reporter',
      category: 'safety',
      categoryLabel: '安全事故',
      severity: 'III',
      title: `存量报告 ${i}`,
      status: kind === 'done' ? 'acknowledged' : 'escalating',
      submittedAt,
      chain: [
        {
          level: 1,
          role: 'departmentHead',
          personId: 'bench-head',
          name: 'head',
          email: 'head@bench.local',
          state: kind === 'done' ? 'acknowledged' : 'pending',
        },
        {
          level: 2,
          role: 'principalLeader',
          personId: 'bench-chief',
          name: 'chief',
          email: 'chief@bench.local',
          state: kind === 'done' ? 'acknowledged' : 'pending',
        },
      ],
      timezone: 'Asia/Shanghai',
      ...(nextDueAt ? { nextDueAt } : {}),
    });
    return {
      ...keys.report(reportId),
      GSI1PK: keys.orgReports(orgId),
      GSI1SK: `${submittedAt}#${reportId}`,
      ...(nextDueAt ? keys.due(reportId, nextDueAt) : {}),
      entity: 'report',
      ...report,
    };
  });
  await writeAll(db, table, items);
  return n;
}

// ----- 3. Monthly scores (issue 7): one organisation of 100 departments × 40 items, its month scored, stored and mailed. -----

/** Seeds a month of 100 departments × 40 items straight into the ledger and the adopted index, then times the monthly job. */
async function benchMonthlyScores(
  stack: LocalStack,
  db: DynamoDBDocumentClient,
  table: string,
  mailUrl: string,
): Promise<void> {
  const orgId = 'bench-scores';
  const orgs = new OrgRepo(db, table);
  const month = previousMonth(new Date(), 'Asia/Shanghai');
  const { from } = monthRange(month, 'Asia/Shanghai');
  const rows: Record<string, unknown>[] = [];
  for (let d = 0; d < 100; d++) {
    const departmentId = `bs-dept-${d}`;
    const officers = [`bs-${d}-a`, `bs-${d}-b`];
    await orgs.putDepartment({ orgId, departmentId, name: `部门${d}`, headId: `bs-${d}-head` });
    for (const [personId, roles] of [
      [officers[0], ['reporter']],
      [officers[1], ['reporter']],
      [`bs-${d}-head`, ['departmentHead']],
    ] as const) {
      await seedPerson(orgs, orgId, {
        personId: personId!,
        name: personId!,
        email: `${personId}@bench.local`,
        roles,
        departmentId,
      });
    }
    for (let i = 0; i < 40; i++) {
      const itemId = ids();
      const authorId = officers[i % 2]!;
      const at = new Date(Date.parse(from) + (d * 40 + i) * 600_000).toISOString();
      const kind = (['work', 'research', 'suggestion', 'other'] as const)[i % 4];
      const line = (type: string, t: string, extra: Record<string, unknown> = {}) => ({
        ...keys.itemLedger(orgId, t.slice(0, 7), t, itemId, ids()),
        entity: 'itemLedger',
        at: t,
        itemId,
        type,
        orgId,
        departmentId,
        authorId,
        kind,
        ...extra,
      });
      rows.push(line('approved', at));
      if (i % 2 === 0) {
        const adoptedAt = new Date(Date.parse(at) + 60_000).toISOString();
        rows.push(line('adopted', adoptedAt));
        rows.push({
          ...keys.item(itemId),
          GSI1PK: keys.itemsAdopted(orgId),
          GSI1SK: `${adoptedAt}#${itemId}`,
          entity: 'item',
          itemId,
          orgId,
          departmentId,
          authorId,
          kind,
          title: `信息 ${d}-${i}`,
          state: 'adopted',
          adoptedAt,
          externalAdoptions: [],
        });
        if (i % 10 === 0)
          rows.push(
            line('externalAdoption', new Date(Date.parse(adoptedAt) + 60_000).toISOString(), {
              externalLevel: i % 20 === 0 ? 'central' : 'provincial',
            }),
          );
      }
    }
  }
  await seedPerson(orgs, orgId, {
    personId: 'bs-chief',
    name: '局长',
    email: 'bs-chief@bench.local',
    roles: ['principalLeader'],
  });
  await orgs.createOrg({
    orgId,
    name: '得分基准单位',
    timezone: 'Asia/Shanghai',
    principalLeaderId: 'bs-chief',
    config: DEFAULT_ORG_CONFIG,
    createdAt: from,
  });
  await writeAll(db, table, rows);
  console.log(
    `\nthe monthly scores worker (1 organisation, 100 departments × 40 items = 4,000 items, ${rows.length} rows seeded; 301 people mailed):`,
  );
  const scores = new ScoreRepo(db, table);
  for (const label of ['first run (computes, stores, mails)', 'second run (same rows, no mail)']) {
    const mailsBefore = await mailCount(mailUrl);
    const t0 = performance.now();
    const r = (await stack.invoke(
      'ScoreOrg',
      sqsEvent({ orgId, month, at: new Date().toISOString(), recompute: true }),
    )) as { batchItemFailures: unknown[] };
    const ms = performance.now() - t0;
    if (r.batchItemFailures.length) throw new Error('the scoring worker failed; see the function log');
    const h = (await scores.getHeader(orgId, month))!;
    console.log(
      `  ${label}: ${ms.toFixed(0)} ms; ${h.itemsRead} items read (ledger lines and adopted items), ${h.departments} departments, ${(await mailCount(mailUrl)) - mailsBefore} mailed`,
    );
  }
}

const sqsEvent = (body: unknown) => ({
  Records: [
    {
      messageId: ids(),
      receiptHandle: 'bench',
      body: JSON.stringify(body),
      attributes: { ApproximateReceiveCount: '1' },
      messageAttributes: {},
      eventSource: 'aws:sqs',
    },
  ],
});
const mailCount = async (mailUrl: string) =>
  ((await (await fetch(`${mailUrl}/store`)).json()) as { emails: unknown[] }).emails.length;

// ----- 4. The monthly fan-out (issue 7): 1,000 small organisations due at once. -----

/**
 * Seeds 1,000 organisations (2 departments, a head, an officer and a principal leader each; 4 items in the month), then
 * runs the hourly dispatcher as of 01:00 on the 1st of next month and waits until the scoring worker has completed
 * every organisation. On AWS the worker runs 5 at a time (the event source's maximum concurrency); locally one.
 */
async function benchFanOut(stack: LocalStack, db: DynamoDBDocumentClient, table: string): Promise<void> {
  const N = Number(process.env.BENCH_ORGS ?? 1000);
  const orgs = new OrgRepo(db, table);
  const scores = new ScoreRepo(db, table);
  const month = localParts(new Date(), 'Asia/Shanghai').date.slice(0, 7);
  const at = new Date(Date.parse(monthRange(month, 'Asia/Shanghai').to) + 1 + 3600_000).toISOString();
  const { from } = monthRange(month, 'Asia/Shanghai');
  const t0 = performance.now();
  const orgIds = Array.from({ length: N }, (_, i) => `fan-${String(i).padStart(4, '0')}`);
  const rows: Record<string, unknown>[] = [];
  for (let i = 0; i < orgIds.length; i += 25) {
    await Promise.all(
      orgIds.slice(i, i + 25).map(async (orgId) => {
        const p = (key: string, roles: string[], departmentId?: string) =>
          seedPerson(orgs, orgId, {
            personId: `${orgId}-${key}`,
            name: key,
            email: `${orgId}-${key}@bench.local`,
            roles,
            departmentId,
          });
        await Promise.all([
          p('head', ['departmentHead'], `${orgId}-news`),
          p('officer', ['reporter'], `${orgId}-news`),
          p('chief', ['principalLeader']),
        ]);
        await orgs.putDepartment({ orgId, departmentId: `${orgId}-news`, name: '新闻部', headId: `${orgId}-head` });
        await orgs.putDepartment({ orgId, departmentId: `${orgId}-tech`, name: '技术部' });
        await orgs.createOrg({
          orgId,
          name: `单位${orgId}`,
          timezone: 'Asia/Shanghai',
          principalLeaderId: `${orgId}-chief`,
          config: DEFAULT_ORG_CONFIG,
          createdAt: new Date().toISOString(),
        });
      }),
    );
  }
  for (const orgId of orgIds) {
    for (let k = 0; k < 4; k++) {
      const itemId = ids();
      const t = new Date(Date.parse(from) + (k + 1) * 3600_000).toISOString();
      rows.push({
        ...keys.itemLedger(orgId, t.slice(0, 7), t, itemId, ids()),
        entity: 'itemLedger',
        at: t,
        itemId,
        type: 'approved',
        orgId,
        departmentId: `${orgId}-news`,
        authorId: `${orgId}-officer`,
        kind: 'work',
      });
    }
  }
  await writeAll(db, table, rows);
  console.log(
    `\nthe monthly fan-out (${N} organisations seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s; 3 mails each):`,
  );
  const d0 = performance.now();
  const run = (await stack.invoke('MonthlyScores', { 'detail-type': 'Scheduled Event', time: at })) as {
    organisations: number;
    due: number;
    complete: number;
    enqueued: number;
  };
  const dispatchMs = performance.now() - d0;
  console.log(
    `  dispatcher (one invocation): ${dispatchMs.toFixed(0)} ms for ${run.organisations} organisations listed, ${run.due} due, ${run.complete} complete, ${run.enqueued} messages queued`,
  );
  let done = 0;
  for (;;) {
    done = (await scores.completed(orgIds.map((orgId) => ({ orgId, month })))).size;
    if (done >= N) break;
    if (performance.now() - d0 > 30 * 60_000)
      throw new Error(`fan-out: only ${done} of ${N} complete after 30 minutes`);
    await new Promise((res) => setTimeout(res, 1000));
  }
  const drained = performance.now() - d0;
  console.log(
    `  queue drained by the worker (locally one at a time): ${N} organisations complete in ${(drained / 1000).toFixed(1)} s (${(drained / N).toFixed(0)} ms per organisation)`,
  );
  const again0 = performance.now();
  const again = (await stack.invoke('MonthlyScores', {
    'detail-type': 'Scheduled Event',
    time: new Date(Date.parse(at) + 3600_000).toISOString(),
  })) as { due: number; complete: number; enqueued: number };
  console.log(
    `  the next hour's dispatcher: ${(performance.now() - again0).toFixed(0)} ms; ${again.due} due, ${again.complete} complete, ${again.enqueued} queued`,
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
