import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { GetCommand, type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { loadavg } from 'node:os';
import { Writable } from 'node:stream';
import type { LocalStack } from '../../infra/local/runtime.ts';
import { keys } from '../../shared/platform/dynamo/keys.ts';

/**
 * `npm run bench` part `load` (issue 15, item 6): 500 submissions over HTTP in batches of 50 at once, then every
 * report's first mail awaited in the SES emulator. Prints errors, duplicates, submit time, the time until every first
 * message is out, and where the time of submission → first mail goes, step by step, from what each step leaves:
 *
 *   client sent (A) → reports function invoked (I0) → report's `submittedAt` (B, the use case's clock) → the nudge
 *   in SQS (C, its `SentTimestamp`) → function returned (I1) → 201 at the client (D); SendEscalation invoked with
 *   the report's message (E) → its record's turn (F: the first mail's send-once record keeps as `sentAt` the clock
 *   it read as it began the record) → its "escalation advanced" log line (G: the outbox record, its nudge and the
 *   report's writes done) and, through the outbox queue and Deliver, the mail seen in the emulator's store (H,
 *   polled every 50 ms from the start).
 *
 * The function invocations are timed by wrapping the local runtime's `invoke` of the two functions (the gateway and
 * the queue poller call it); nothing of the delivery design is changed. SES's own share is the raw SendEmail time
 * against the same emulator, measured apart.
 */

/** The functions' log lines, for parts that read them (the stack's `functionLog`). */
export class LogTap extends Writable {
  private rest = '';
  private taps: ((line: Record<string, unknown>) => void)[] = [];
  constructor() {
    super({
      write: (chunk, _e, cb) => {
        const text = this.rest + String(chunk);
        const lines = text.split('\n');
        this.rest = lines.pop() ?? '';
        for (const l of lines) {
          if (!l.startsWith('{') || !this.taps.length) continue;
          try {
            const v = JSON.parse(l) as Record<string, unknown>;
            for (const f of this.taps) f(v);
          } catch {
            /* not a JSON line */
          }
        }
        cb();
      },
    });
  }
  listen(f: (line: Record<string, unknown>) => void): () => void {
    this.taps.push(f);
    return () => {
      this.taps = this.taps.filter((x) => x !== f);
    };
  }
}

type Fn = { invoke(event: unknown): Promise<unknown>; acquire(): Promise<unknown> };
type Seen = (event: any, t: { invoked: number; worker: number; returned: number }) => void;
/**
 * Wraps one function's `invoke` of the local runtime: `seen(event, times)` for each invocation, with when it was
 * invoked, when it got one of the function's execution environments (locally at most 4 per function; an invocation
 * waits for a free one) and when it returned. `invoke` asks for an environment before its first await, so the
 * environment an `acquire` gives belongs to the invocation being started.
 */
function timeInvocations(stack: LocalStack, prefix: string, seen: Seen) {
  const entry = [...stack.functions.entries()].find(([id]) => id.startsWith(prefix));
  if (!entry) throw new Error(`no function ${prefix}* in the stack`);
  const fn = entry[1] as unknown as Fn;
  const original = fn.invoke.bind(fn);
  const acquire = fn.acquire.bind(fn);
  const worker = new WeakMap<object, number>();
  let starting: object | undefined;
  fn.acquire = () => {
    const event = starting;
    return acquire().then((env) => {
      if (event) worker.set(event, Date.now());
      return env;
    });
  };
  fn.invoke = async (event: unknown) => {
    const invoked = Date.now();
    starting = event as object;
    const running = original(event);
    starting = undefined;
    try {
      return await running;
    } finally {
      seen(event, { invoked, worker: worker.get(event as object) ?? invoked, returned: Date.now() });
    }
  };
  return () => {
    fn.invoke = original;
    fn.acquire = acquire;
  };
}

const pct = (xs: number[], p: number) =>
  xs.length ? [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]! : Number.NaN;

type Submission = {
  title: string;
  a: number;
  d?: number;
  status?: number;
  reportId?: string;
  i0?: number;
  iw?: number;
  i1?: number;
  b?: number;
  c?: number;
  e?: number;
  ew?: number;
  f?: number;
  g?: number;
  h?: number;
};

export async function benchLoad(opts: {
  stack: LocalStack;
  appUrl: string;
  mailUrl: string;
  db: DynamoDBDocumentClient;
  table: string;
  log: LogTap;
  reporterEmail: string;
  departmentId: string;
  total?: number;
  batch?: number;
}): Promise<void> {
  const total = opts.total ?? Number(process.env.BENCH_LOAD ?? 500);
  const batch = opts.batch ?? 50;
  const login = await fetch(`${opts.appUrl}/api/auth/dev-login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: opts.reporterEmail }),
  });
  const { token } = (await login.json()) as { token: string };
  const run = Date.now().toString(36);
  const subs: Submission[] = Array.from({ length: total }, (_, i) => ({ title: `负载 ${run} ${i}`, a: 0 }));
  const byTitle = new Map(subs.map((s) => [s.title, s]));
  const byReport = new Map<string, Submission>();

  const untimeReports = timeInvocations(opts.stack, 'Reports', (event, t) => {
    try {
      const s = byTitle.get((JSON.parse(event.body ?? '{}') as { title?: string }).title ?? '');
      if (s && event.rawPath === '/api/reports') Object.assign(s, { i0: t.invoked, iw: t.worker, i1: t.returned });
    } catch {
      /* not a submission */
    }
  });
  const consumerInvocations: number[] = [];
  const batchSizes: number[] = [];
  const untimeConsumer = timeInvocations(opts.stack, 'SendEscalation', (event, t) => {
    consumerInvocations.push(t.returned - t.worker);
    batchSizes.push(event.Records?.length ?? 0);
    for (const r of (event.Records ?? []) as { body: string; attributes: Record<string, string> }[]) {
      const s = byReport.get((JSON.parse(r.body) as { reportId: string }).reportId);
      if (s && s.e === undefined)
        Object.assign(s, { e: t.invoked, ew: t.worker, c: Number(r.attributes.SentTimestamp) });
    }
  });
  // The emulator's store, polled from the first submission on: when each first mail is there, and how many.
  const mailsOf = new Map<string, Set<string>>();
  let polling = true;
  const poller = (async () => {
    const since = Math.floor(Date.now() / 1000) - 1;
    while (polling) {
      const r = await fetch(`${opts.mailUrl}/store?since=${since}`);
      const store = (await r.json()) as { emails: { subject: string; messageId: string }[] };
      const now = Date.now();
      for (const m of store.emails) {
        const title = m.subject.slice(m.subject.lastIndexOf('负载 '));
        const s = byTitle.get(title);
        if (!s) continue;
        const ids = mailsOf.get(title) ?? new Set();
        mailsOf.set(title, ids.add(m.messageId));
        s.h ??= now;
      }
      await new Promise((res) => setTimeout(res, 50));
    }
  })();
  const stopListening = opts.log.listen((line) => {
    if (line.message !== 'escalation advanced') return;
    const s = byReport.get(String(line.reportId));
    if (s && s.g === undefined) s.g = Date.parse(String(line.timestamp));
  });

  const started = Date.now();
  try {
    for (let i = 0; i < total; i += batch) {
      await Promise.all(
        subs.slice(i, i + batch).map(async (s) => {
          s.a = Date.now();
          const r = await fetch(`${opts.appUrl}/api/reports`, {
            method: 'POST',
            headers: {
              authorization: `Bearer ${token}`,
              'content-type': 'application/json',
              'idempotency-key': `load-${run}-${s.title.split(' ').pop()}`,
            },
            body: JSON.stringify({
              departmentId: opts.departmentId,
              category: 'safety',
              severity: 'III',
              title: s.title,
              occurredAt: new Date().toISOString(),
              place: '机房',
              summary: '负载基准',
              measuresTaken: '无',
              contact: { name: '甲', phone: '12345678' },
            }),
          });
          s.d = Date.now();
          s.status = r.status;
          const body = (await r.json()) as { reportId?: string };
          if (r.status === 201 && body.reportId) {
            s.reportId = body.reportId;
            byReport.set(body.reportId, s);
          }
        }),
      );
    }
    const submitted = Date.now();
    // Every report's first mail in the emulator's store (or two minutes, then what is missing is counted).
    const waitUntil = Date.now() + 120_000;
    while (!subs.every((s) => !s.reportId || s.h !== undefined) && Date.now() < waitUntil)
      await new Promise((r) => setTimeout(r, 50));
    polling = false;
    await poller;
    const out = Date.now();
    // What the table kept: the use case's clock and the first mail's send-once record.
    for (const s of subs) {
      if (!s.reportId) continue;
      const report = await opts.db.send(
        new GetCommand({ TableName: opts.table, Key: keys.report(s.reportId), ConsistentRead: true }),
      );
      s.b = Date.parse(String(report.Item?.submittedAt));
      const mails = await opts.db.send(
        new QueryCommand({
          TableName: opts.table,
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :mail)',
          ExpressionAttributeValues: { ':pk': keys.report(s.reportId).PK, ':mail': 'MAIL#' },
          ConsistentRead: true,
        }),
      );
      const sent = (mails.Items ?? []).map((m) => Date.parse(String(m.sentAt))).filter((t) => !Number.isNaN(t));
      if (sent.length) s.f = Math.min(...sent);
    }
    const ses = await rawSesTime(opts.mailUrl);

    const ok = subs.filter((s) => s.status === 201);
    const errors = subs.filter((s) => s.status !== 201);
    const duplicated = [...mailsOf.values()].filter((ids) => ids.size > 1).length;
    const missing = ok.filter((s) => s.h === undefined).length;
    const lastMail = Math.max(...ok.map((s) => s.h ?? 0));
    const ms = (n: number) => `${Number.isNaN(n) ? '–' : n.toFixed(0)} ms`;
    const row = (label: string, f: (s: Submission) => number | undefined) => {
      const xs = ok.map(f).filter((x): x is number => x !== undefined && !Number.isNaN(x));
      return `  ${label.padEnd(52)} p50 ${ms(pct(xs, 50)).padStart(8)}   p95 ${ms(pct(xs, 95)).padStart(8)}   (${xs.length})`;
    };
    const d = (x?: number, y?: number) => (x === undefined || y === undefined ? undefined : y - x);
    console.log(
      `\n${total} submissions over HTTP in batches of ${batch} at once, then every first mail awaited (load average ${loadavg()
        .map((x) => x.toFixed(1))
        .join(' ')}):`,
    );
    console.log(
      `  errors ${errors.length}${errors.length ? ` (${[...new Set(errors.map((e) => e.status))].join(', ')})` : ''}; duplicates ${duplicated} (reports with more than one first mail); first mails missing after 2 min ${missing}`,
    );
    console.log(
      `  submitting took ${((submitted - started) / 1000).toFixed(1)} s; every first message out ${((lastMail - started) / 1000).toFixed(1)} s after the first submission (${((out - submitted) / 1000).toFixed(1)} s after the last 201)`,
    );
    console.log(row('submit (client: sent → 201)', (s) => d(s.a, s.d)));
    console.log(row('submission → first mail in the store', (s) => d(s.a, s.h)));
    console.log('  where it goes:');
    console.log(row('  gateway in (sent → reports function invoked)', (s) => d(s.a, s.i0)));
    console.log(row('  waiting for one of its 4 local workers', (s) => d(s.i0, s.iw)));
    console.log(row('  handler: worker hop, auth, reads (→ use case clock)', (s) => d(s.iw, s.b)));
    console.log(row('  handler: transaction + SendMessage (→ in SQS)', (s) => d(s.b, s.c)));
    console.log(row('  handler: after the nudge (→ function returned)', (s) => d(s.c, s.i1)));
    console.log(row('  gateway out (→ 201 at the client)', (s) => d(s.i1, s.d)));
    console.log(row('  queue wait (in SQS → SendEscalation invoked)', (s) => d(s.c, s.e)));
    console.log(row('  SendEscalation: waiting for a worker', (s) => d(s.e, s.ew)));
    console.log(row('  SendEscalation: records before it in the batch (→ its clock)', (s) => d(s.ew, s.f)));
    console.log(row('  SendEscalation: claim, outbox record, writes (→ logged)', (s) => d(s.f, s.g)));
    console.log(row('  the outbox queue and Deliver (→ in the store, ±50 ms)', (s) => d(s.g, s.h)));
    console.log(
      `  SES alone (raw SendEmail to the same emulator, 20 calls): p50 ${ms(pct(ses, 50))}, p95 ${ms(pct(ses, 95))}; SendEscalation invocations ${consumerInvocations.length} (batch p50 ${pct(batchSizes, 50)}), each p50 ${ms(pct(consumerInvocations, 50))}, p95 ${ms(pct(consumerInvocations, 95))}`,
    );
  } finally {
    polling = false;
    untimeReports();
    untimeConsumer();
    stopListening();
  }
}

/** SES's own latency on this machine: SendEmail straight to the emulator. */
async function rawSesTime(endpoint: string): Promise<number[]> {
  const ses = new SESv2Client({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const times: number[] = [];
  for (let i = 0; i < 20; i++) {
    const t0 = performance.now();
    await ses.send(
      new SendEmailCommand({
        FromEmailAddress: 'bench@bench.local',
        Destination: { ToAddresses: ['raw@bench.local'] },
        Content: { Simple: { Subject: { Data: 'raw' }, Body: { Text: { Data: 'raw' } } } },
      }),
    );
    times.push(performance.now() - t0);
  }
  return times;
}
