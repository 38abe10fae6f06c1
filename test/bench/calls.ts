import type { LocalStack } from '../../infra/local/runtime.ts';
import { trace, type TraceEvent } from '../../infra/local/trace.ts';
import { OrgRepo } from '../../shared/org/org-repo.ts';
import { DEFAULT_ORG_CONFIG } from '../../shared/org/rules/config.ts';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { load, short } from './mail.ts';

/**
 * `npm run bench` part `calls` (issue 15, item 7): what one flow costs in AWS requests, counted by the local runtime's
 * trace over the whole flow until the stack is idle: Lambda invocations per function, DynamoDB reads and writes with
 * their capacity units (DynamoDB Local's answer to `ReturnConsumedCapacity`, which the IAM gate asks for while
 * tracing), SQS requests (the functions' own, plus one receive and one delete per message for the event-source
 * mapping) and mails. The README's "Capacity and cost" is computed from these counts.
 */
type Answer = { reportId?: string; itemId?: string; chain?: { personId: string; state: string }[] };

const READS = new Set(['GetItem', 'BatchGetItem', 'Query', 'Scan', 'TransactGetItems']);

export type FlowCount = {
  flow: string;
  invocations: Record<string, number>;
  dynamoReads: number;
  dynamoWrites: number;
  rru: number;
  wru: number;
  itemsRead: number;
  itemsWritten: number;
  sqsByFunctions: number;
  sqsMessages: number;
  mails: number;
  other: Record<string, number>;
  /** Delayed messages left in the queues at the end (acknowledgement deadlines that come back later). */
  delayedLeft?: number;
};

export function countOf(flow: string, events: TraceEvent[]): FlowCount {
  const c: FlowCount = {
    flow,
    invocations: {},
    dynamoReads: 0,
    dynamoWrites: 0,
    rru: 0,
    wru: 0,
    itemsRead: 0,
    itemsWritten: 0,
    sqsByFunctions: 0,
    sqsMessages: 0,
    mails: 0,
    other: {},
  };
  for (const i of trace.of('invocation', events)) c.invocations[short(i.fn)] = (c.invocations[short(i.fn)] ?? 0) + 1;
  for (const a of trace.of('aws', events)) {
    if (a.service === 'dynamodb') {
      if (READS.has(a.operation)) c.dynamoReads++;
      else c.dynamoWrites++;
    } else if (a.service === 'sqs') c.sqsByFunctions++;
    else if (a.operation === 'SendEmail') c.mails++;
    else c.other[`${a.service} ${a.operation}`] = (c.other[`${a.service} ${a.operation}`] ?? 0) + 1;
  }
  for (const k of trace.of('capacity', events)) {
    c.rru += k.read;
    c.wru += k.write;
    if (READS.has(k.operation)) c.itemsRead += k.items;
    else c.itemsWritten += k.items;
  }
  c.sqsMessages = trace.of('queue', events).length;
  return c;
}

function print(c: FlowCount): void {
  const inv = Object.entries(c.invocations);
  const sqs = c.sqsByFunctions + 2 * c.sqsMessages;
  console.log(`  ${c.flow}:`);
  console.log(
    `    Lambda invocations ${inv.reduce((n, [, v]) => n + v, 0)} (${inv.map(([k, v]) => `${k} ${v}`).join(', ')})`,
  );
  console.log(
    `    DynamoDB ${c.dynamoReads} read requests (${c.itemsRead} items, ${c.rru.toFixed(1)} RRU), ${c.dynamoWrites} write requests (${c.itemsWritten} items, ${c.wru.toFixed(1)} WRU)`,
  );
  console.log(
    `    SQS ${sqs} requests (${c.sqsByFunctions} by the functions, ${c.sqsMessages} messages × receive + delete by the event-source mapping); mails ${c.mails}; delayed messages left ${c.delayedLeft ?? 0}${Object.keys(c.other).length ? `; other ${JSON.stringify(c.other)}` : ''}`,
  );
}

export async function benchCalls(opts: {
  stack: LocalStack;
  appUrl: string;
  db: DynamoDBDocumentClient;
  table: string;
}): Promise<FlowCount[]> {
  const { stack, appUrl } = opts;
  const orgs = new OrgRepo(opts.db, opts.table);
  const tag = Date.now().toString(36);
  const orgId = `calls-${tag}`;
  const news = `${orgId}-news`;
  const office = `${orgId}-office`;
  const roles = {
    reporter: ['reporter'],
    head: ['departmentHead'],
    leader: ['supervisingLeader'],
    chief: ['principalLeader'],
    office: ['officeHead'],
    reviewer: ['reviewer'],
  } as const;
  const email = (k: string) => `${k}-${tag}@calls.local`;
  for (const [k, r] of Object.entries(roles))
    await orgs.createPerson({
      personId: `${tag}-${k}`,
      orgId,
      name: k,
      email: email(k),
      roles: [...r] as never,
      available: true,
      ...(k === 'office' ? { departmentId: office } : k === 'leader' || k === 'chief' ? {} : { departmentId: news }),
    });
  await orgs.putDepartment({
    orgId,
    departmentId: news,
    name: '新闻部',
    headId: `${tag}-head`,
    supervisingLeaderId: `${tag}-leader`,
  });
  await orgs.putDepartment({
    orgId,
    departmentId: office,
    name: '办公室',
    headId: `${tag}-office`,
    supervisingLeaderId: `${tag}-leader`,
    isOffice: true,
  });
  const days = [-1, 0, 1].map((d) => new Date(Date.now() + d * 86400_000).toISOString().slice(0, 10));
  await orgs.createOrg({
    orgId,
    name: '计数单位',
    timezone: 'Asia/Shanghai',
    principalLeaderId: `${tag}-chief`,
    officeDepartmentId: office,
    config: {
      ...DEFAULT_ORG_CONFIG,
      workingHours: { days: [1, 2, 3, 4, 5, 6, 7], periods: [{ start: '00:00', end: '24:00' }] },
    },
    calendarOverrides: { holidays: [], workdays: days },
    // Two months old, so that its previous month is one the scores job owes.
    createdAt: new Date(Date.now() - 60 * 86400_000).toISOString(),
  });
  const tokens: Record<string, string> = {};
  for (const k of Object.keys(roles)) {
    const r = await fetch(`${appUrl}/api/auth/dev-login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: email(k) }),
    });
    tokens[k] = ((await r.json()) as { token: string }).token;
  }
  const api = async (method: string, path: string, who: string, body?: unknown) => {
    const r = await fetch(`${appUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${tokens[who]}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const json = (await r.json().catch(() => ({}))) as Answer;
    if (r.status >= 300) throw new Error(`${method} ${path} as ${who}: ${r.status} ${JSON.stringify(json)}`);
    return json;
  };
  // Idle but for delayed messages: a report's acknowledgement deadlines wait in the queue as delayed nudges (they
  // come back after the flow; counted apart as `delayed`).
  let delayed = 0;
  const idle = async () => {
    const until = Date.now() + 120_000;
    let quiet = 0;
    while (Date.now() < until) {
      const r = await stack.idle(1000);
      if (r.idle) {
        delayed = 0;
        return;
      }
      const q = Object.values(r.busy.queues);
      const busy = Object.keys(r.busy.running).length || q.some((x) => x.visible || x.inFlight || x.retrying);
      quiet = busy ? 0 : quiet + 1;
      delayed = q.reduce((n, x) => n + x.delayed, 0);
      if (quiet >= 2) return;
    }
    throw new Error('the stack did not settle in 2 minutes');
  };
  const byPerson = Object.fromEntries(Object.keys(roles).map((k) => [`${tag}-${k}`, k]));
  const counted = async (flow: string, run: () => Promise<void>) => {
    await idle();
    const delayedBefore = delayed;
    trace.clear();
    trace.enabled = true;
    try {
      await run();
      await idle();
    } finally {
      trace.enabled = false;
    }
    const c = countOf(flow, trace.take());
    c.delayedLeft = delayed - delayedBefore;
    return c;
  };

  const out: FlowCount[] = [];
  // 1. One report: submission, each level of its chain acknowledging as it is reached, the principal leader's sign-off.
  let acks = 0;
  out.push(
    await counted('one report (level II): submission → acknowledgements → sign-off', async () => {
      const report = await api('POST', '/api/reports', 'reporter', {
        departmentId: news,
        category: 'safety',
        severity: 'II',
        title: `计数 ${tag}`,
        occurredAt: new Date().toISOString(),
        place: '机房',
        summary: '计数',
        measuresTaken: '无',
        contact: { name: '甲', phone: '13800000000' },
      });
      for (let step = 0; step < 10; step++) {
        await idle();
        const r = await api('GET', `/api/reports/${report.reportId}`, 'reporter');
        const next = (r.chain ?? []).find((c) => c.state === 'notified');
        if (!next) break;
        await api('POST', `/api/reports/${report.reportId}/ack`, byPerson[next.personId]!);
        acks++;
      }
      await api('POST', `/api/reports/${report.reportId}/sign-off`, 'chief', { decision: 'keep' });
    }),
  );
  out[0]!.flow += ` (${acks} acknowledgements)`;
  // 2. One work-information item: draft, submitted, approved by the department head, adopted by the review group.
  out.push(
    await counted('one work-information item: draft → submit → approve → adopt', async () => {
      const item = await api('POST', '/api/items', 'reporter', {
        kind: 'work',
        title: `计数信息 ${tag}`,
        body: '本月完成报道 36 篇。',
        departmentId: news,
      });
      await api('POST', `/api/items/${item.itemId}/submit`, 'reporter');
      await idle();
      await api('POST', `/api/items/${item.itemId}/review`, 'head', { decision: 'approve', comment: '同意' });
      await idle();
      await api('POST', `/api/items/${item.itemId}/adopt`, 'reviewer', { decision: 'adopt' });
    }),
  );
  // 3. The every-minute check with nothing due.
  out.push(
    await counted('one every-minute check, nothing due', async () => {
      await stack.invoke('CheckOverdue', { time: new Date().toISOString() });
    }),
  );
  // 4. The monthly scores of this one organisation (its previous month, scored, stored and mailed).
  out.push(
    await counted('the monthly scores of one organisation (dispatcher + worker + mails)', async () => {
      await stack.invoke('MonthlyScores', {
        'detail-type': 'Scheduled Event',
        time: new Date().toISOString(),
        detail: { orgIds: [orgId] },
      });
    }),
  );
  console.log(`\nAWS requests per flow (counted by the local runtime's trace until idle; load average ${load()}):`);
  for (const c of out) print(c);
  return out;
}
