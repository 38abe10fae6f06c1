import { loadavg } from 'node:os';
import { stats, trace, type TraceEvent } from '../../infra/local/trace.ts';

/**
 * `npm run bench` part `mail` (issue 15, item 6): submission → first mail, one report at a time, with the local
 * runtime's trace (infra/local/trace.ts) switched on, so each step of the path is measured where it happens:
 *
 *   client → gateway (auth, event) → the reports function (waiting for an environment, the thread hop into its worker,
 *   its handler until its nudge is in SQS) → the escalation queue → the poller → SendEscalation (its handler until
 *   the outbox's nudge is in SQS) → the outbox queue → Deliver (until its SendEmail is done) → the mail seen in the
 *   SES emulator's store by the client.
 *
 * The chain is walked back from the invocation that sent the mail, so a hop added to the path shows as its own steps.
 * Each run's steps add up to its total ("not traced" is what they miss, 0 by construction); work after a function's
 * part (the 201, the writes after SES) is off the path and shown apart.
 */
export const load = () =>
  loadavg()
    .map((x) => x.toFixed(1))
    .join(' ');

/** A short name for a function's logical id (`ReportsFunction1A2B3C4D` → `Reports`). */
export const short = (fn: string) => fn.replace(/(Function)?[0-9A-F]{8}$/, '').replace(/Function$/, '');

/** The length of the union of intervals: time spent in at least one of them. */
export function covered(spans: { start: number; end: number }[]): number {
  const s = [...spans].sort((a, b) => a.start - b.start);
  let total = 0;
  let end = Number.NEGATIVE_INFINITY;
  for (const x of s) {
    if (x.end <= end) continue;
    total += x.end - Math.max(x.start, end);
    end = x.end;
  }
  return total;
}

type Hops = Map<string, number>;
type Invocation = Extract<TraceEvent, { kind: 'invocation' }>;
type Queued = Extract<TraceEvent, { kind: 'queue' }>;

/**
 * The invocations from the submission to the first SendEmail, each with the SQS message that started it: walked back
 * from the invocation that sent the mail, through its message (the queue's record of it) to the invocation whose
 * SendMessage was under way when SQS stamped it, until the one that answered the submission's HTTP request.
 */
function chainOf(events: TraceEvent[], requestId: string, mailInvocation: string) {
  const invocations = trace.of('invocation', events);
  const aws = trace.of('aws', events);
  const queued = trace.of('queue', events);
  const chain: { inv: Invocation; message?: Queued }[] = [];
  let inv = invocations.find((i) => i.invocationId === mailInvocation);
  while (inv && chain.length < 8) {
    if (inv.requestId === requestId) return [{ inv }, ...chain];
    const ids = inv.messageIds ?? [];
    const message = queued.filter((q) => ids.includes(q.messageId)).sort((a, b) => a.sent - b.sent)[0];
    if (!message) return undefined;
    chain.unshift({ inv, message });
    const send = aws.find(
      (c) => c.operation === 'SendMessage' && c.start - 1 <= message.sent && message.sent <= c.end + 1,
    );
    inv = invocations.find((i) => i.invocationId === send?.invocationId);
  }
  return undefined;
}

/**
 * One run's steps from its trace, end to end and adding up to the whole: client → gateway → each invocation on the
 * way (waiting for an environment, the thread hop into its worker, its handler until its message is in SQS or its
 * SendEmail is done) → each queue (sent → received by the poller → the next function invoked) → the mail seen.
 */
function hopsOf(events: TraceEvent[], clientStart: number, clientGot201: number, seen: number): Hops | undefined {
  const h: Hops = new Map();
  const gw = trace.of('gateway', events).find((g) => g.routeKey === 'POST /api/reports');
  const aws = trace.of('aws', events);
  const firstMail = aws.filter((c) => c.operation === 'SendEmail').sort((a, b) => a.end - b.end)[0];
  const chain = gw && firstMail ? chainOf(events, gw.requestId, firstMail.invocationId) : undefined;
  if (!gw || !firstMail || !chain) return undefined;
  const set = (k: string, v: number) => h.set(k, (h.get(k) ?? 0) + v);

  set("path: client → gateway (the client's request out)", gw.start - clientStart);
  set('path: gateway: body, route, JWT, event', chain[0]!.inv.start - gw.start);
  chain.forEach(({ inv, message }, n) => {
    const fn = short(inv.fn);
    if (message) {
      set(`path: in SQS ${short(message.queue)} (sent → received by the poller)`, message.received - message.sent);
      set(`path: poller → ${fn} invoked`, inv.start - message.received);
    }
    set(`path: ${fn}: waiting for an environment`, inv.acquired - inv.start);
    const began = inv.began ?? inv.acquired;
    set(`path: ${fn}: thread hop into its worker`, began - inv.acquired);
    const next = chain[n + 1]?.message;
    set(
      next ? `path: ${fn}: handler until its message is in SQS` : `path: ${fn}: handler until SendEmail done`,
      (next ? next.sent : firstMail.end) - began,
    );
  });
  set('path: mail seen by the client (store polled every 5 ms)', seen - firstMail.end);
  set('total: submission → first mail seen', seen - clientStart);
  const steps = [...h].filter(([k]) => k.startsWith('path: ')).reduce((n, [, v]) => n + v, 0);
  set('not traced (total − the steps above)', seen - clientStart - steps);
  // Off the path: what the functions do after their part, and the 201.
  const last = chain.at(-1)!.inv;
  set('off path: gateway out → 201 at the client', clientGot201 - chain[0]!.inv.end);
  set(`off path: ${short(last.fn)} after SendEmail (its writes)`, last.end - firstMail.end);
  // Inside each function: each AWS call, and the time in none of them.
  for (const { inv } of chain) {
    const fn = short(inv.fn);
    const calls = aws.filter((c) => c.invocationId === inv.invocationId);
    for (const c of calls) set(`${fn}: ${c.service} ${c.operation}`, c.end - c.start);
    set(`${fn}: AWS calls (${calls.map((c) => c.operation).join(', ')})`, 0);
    set(`${fn}: in no AWS call (own code, worker hops)`, inv.end - inv.acquired - covered(calls));
    set(`${fn}: whole invocation`, inv.end - inv.acquired);
  }
  return h;
}

/** Submission to first mail: one report at a time, from the HTTP submit until its first mail is in the store. */
export async function benchFirstMail(
  appUrl: string,
  mailUrl: string,
  runs = Number(process.env.BENCH_MAIL_RUNS ?? 30),
) {
  const login = await fetch(`${appUrl}/api/auth/dev-login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'reporter@bench.local' }),
  });
  const { token } = (await login.json()) as { token: string };
  const latencies: number[] = [];
  const hops: Hops[] = [];
  const loads: string[] = [];
  const wasOn = trace.enabled;
  trace.enabled = true;
  // Timing only: the gate's capacity bookkeeping (the calls bench's) would add its own parsing to every DynamoDB call.
  trace.capacity = false;
  try {
    for (let i = 0; i < runs; i++) {
      trace.clear();
      const title = `基准 ${i} ${Date.now()}`;
      const started = Date.now();
      // The store's mails since the run began (seconds), not all of them: the client's own polling stays small.
      const since = Math.floor(started / 1000) - 1;
      const r = await fetch(`${appUrl}/api/reports`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          departmentId: 'bench-news',
          category: 'safety',
          severity: 'III',
          title,
          occurredAt: new Date().toISOString(),
          place: '机房',
          summary: '基准',
          measuresTaken: '无',
          contact: { name: '甲', phone: '12345678' },
        }),
      });
      const got201 = Date.now();
      if (r.status !== 201) throw new Error(`submit: ${r.status} ${await r.text()}`);
      let seen = 0;
      for (;;) {
        const store = (await (await fetch(`${mailUrl}/store?since=${since}`)).json()) as {
          emails: { subject: string }[];
        };
        if (store.emails.some((m) => m.subject.endsWith(title))) {
          seen = Date.now();
          break;
        }
        await new Promise((res) => setTimeout(res, 5));
      }
      latencies.push(seen - started);
      // The mail's function ends the run (its writes after SES): wait until the whole chain is in the trace, so the
      // next run starts clean.
      const until = Date.now() + 5000;
      let h = hopsOf(trace.events, started, got201, seen);
      while (!h && Date.now() < until) {
        await pause(5);
        h = hopsOf(trace.events, started, got201, seen);
      }
      trace.clear();
      if (h && i > 0) hops.push(h);
      loads.push(load());
    }
  } finally {
    trace.enabled = wasOn;
    trace.capacity = true;
    trace.clear();
  }
  const warm = latencies.slice(1);
  console.log(
    `\nsubmission → first mail in the mail viewer (${runs} reports, one at a time; the first includes cold starts; load average ${load()}):`,
  );
  console.log(
    `  first ${latencies[0]!.toFixed(0)} ms; then p50 ${stats.pct(warm, 50).toFixed(0)} ms, p95 ${stats.pct(warm, 95).toFixed(0)} ms, max ${Math.max(...warm).toFixed(0)} ms`,
  );
  console.log(`  where it goes (${hops.length} warm runs traced; each step's p50, p95 and mean on its own):`);
  const labels = [...new Set(hops.flatMap((h) => [...h.keys()]))];
  const of = (label: string) => hops.map((h) => h.get(label) ?? 0);
  const mean = (xs: number[]) => stats.sum(xs) / xs.length;
  const shown = new Set<string>();
  for (const label of labels) {
    if (label.includes('AWS calls (')) {
      // The calls of one run (parallel ones come in either order): once per function.
      const fn = label.split(':')[0]!;
      if (!shown.has(fn)) console.log(`  ${label}`);
      shown.add(fn);
      continue;
    }
    const xs = hops.map((h) => h.get(label)).filter((x): x is number => x !== undefined);
    const cell = (x: number) => x.toFixed(0).padStart(5);
    const cells = `p50 ${cell(stats.pct(xs, 50))} ms  p95 ${cell(stats.pct(xs, 95))} ms  mean ${cell(mean(xs))} ms`;
    console.log(`  ${label.padEnd(62)} ${cells}${xs.length < hops.length ? `   (in ${xs.length})` : ''}`);
  }
  // Each run's steps add up to its total; across runs the means add up, the medians need not (a run's slow step is
  // seldom the same step as another run's, so the sum of the steps' medians falls short of the totals' median).
  const path = labels.filter((l) => l.startsWith('path: '));
  const total = of('total: submission → first mail seen');
  const sums = { means: path.map((l) => mean(of(l))), medians: path.map((l) => stats.pct(of(l), 50)) };
  console.log(
    `  the path's means add up to ${stats.sum(sums.means).toFixed(0)} ms (mean total ${mean(total).toFixed(0)} ms);` +
      ` its medians to ${stats.sum(sums.medians).toFixed(0)} ms (median total ${stats.pct(total, 50).toFixed(0)} ms)`,
  );
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
