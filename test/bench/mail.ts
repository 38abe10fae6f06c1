import { loadavg } from 'node:os';
import { stats, trace, type TraceEvent } from '../../infra/local/trace.ts';

/**
 * `npm run bench` part `mail` (issue 15, item 6): submission → first mail, one report at a time, with the local
 * runtime's trace (infra/local/trace.ts) switched on, so each step of the path is measured where it happens:
 *
 *   client → gateway (auth, event) → the reports function (waiting for an environment, its AWS calls, its own code)
 *   → the nudge sent to SQS → its wait in the queue → the poller → the consumer (waiting for an environment, its reads
 *   and writes, SES) → the mail seen in the SES emulator's store by the client.
 *
 * "On the mail's path" adds up to the whole (the handler's work after its SendMessage and the 201 are off the path).
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

/** One run's steps from its trace: the submission's request, its invocation, the consumer's invocation with the first SendEmail. */
function hopsOf(events: TraceEvent[], clientStart: number, clientGot201: number, seen: number): Hops | undefined {
  const h: Hops = new Map();
  const gw = trace.of('gateway', events).find((g) => g.routeKey === 'POST /api/reports');
  const inv = trace.of('invocation', events).find((i) => i.requestId && i.requestId === gw?.requestId);
  const aws = trace.of('aws', events);
  const firstMail = aws.filter((c) => c.operation === 'SendEmail').sort((a, b) => a.end - b.end)[0];
  const consumer = trace.of('invocation', events).find((i) => i.invocationId === firstMail?.invocationId);
  const queued = trace
    .of('queue', events)
    .filter((q) => consumer?.messageIds?.includes(q.messageId))
    .sort((a, b) => a.sent - b.sent)[0];
  if (!gw || !inv || !firstMail || !consumer || !queued) return undefined;
  const callsOf = (invocationId: string) => aws.filter((c) => c.invocationId === invocationId);
  const handlerCalls = callsOf(inv.invocationId);
  const send = handlerCalls.find((c) => c.service === 'sqs' && c.operation === 'SendMessage');
  const consumerCalls = callsOf(consumer.invocationId);
  const set = (k: string, v: number) => h.set(k, (h.get(k) ?? 0) + v);

  // The mail's path, end to end.
  set('path: client → gateway', gw.start - clientStart);
  set('path: gateway: body, route, JWT, event', inv.start - gw.start);
  set('path: reports fn: waiting for an environment', inv.acquired - inv.start);
  set('path: reports fn: worker hop → its SendMessage done', (send?.end ?? queued.sent) - inv.acquired);
  set('path: in SQS (sent → received by the poller)', queued.received - queued.sent);
  set('path: poller → consumer invoked', consumer.start - queued.received);
  set('path: consumer: waiting for an environment', consumer.acquired - consumer.start);
  set('path: consumer: worker hop → SendEmail done', firstMail.end - consumer.acquired);
  set('path: mail seen by the client (store polled every 5 ms)', seen - firstMail.end);
  set('total: submission → first mail seen', seen - clientStart);
  // Off the path: what follows the nudge, and the 201.
  set('off path: reports fn after its SendMessage', inv.end - (send?.end ?? inv.end));
  set('off path: gateway out → 201 at the client', clientGot201 - inv.end);
  set('off path: consumer after SendEmail (its writes)', consumer.end - firstMail.end);
  // Inside the two functions: each AWS call, and the time in none of them.
  for (const [name, i, calls] of [
    ['reports fn', inv, handlerCalls],
    ['consumer', consumer, consumerCalls],
  ] as const) {
    for (const c of calls) set(`${name}: ${c.service} ${c.operation}`, c.end - c.start);
    set(`${name}: AWS calls (${calls.map((c) => c.operation).join(', ')})`, 0);
    set(`${name}: in no AWS call (own code, worker hop)`, i.end - i.acquired - covered(calls));
    set(`${name}: whole invocation`, i.end - i.acquired);
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
  try {
    for (let i = 0; i < runs; i++) {
      trace.clear();
      const title = `基准 ${i} ${Date.now()}`;
      const started = Date.now();
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
        const store = (await (await fetch(`${mailUrl}/store`)).json()) as { emails: { subject: string }[] };
        if (store.emails.some((m) => m.subject.endsWith(title))) {
          seen = Date.now();
          break;
        }
        await new Promise((res) => setTimeout(res, 5));
      }
      latencies.push(seen - started);
      // The consumer's writes after SES end the run: wait for its invocation to end so the next run starts clean.
      const until = Date.now() + 5000;
      while (Date.now() < until && !trace.of('aws').some((c) => c.operation === 'SendEmail')) await pause(5);
      const mailInv = () => trace.of('aws').find((c) => c.operation === 'SendEmail')?.invocationId;
      while (Date.now() < until && !trace.of('invocation').some((x) => x.invocationId === mailInv())) await pause(5);
      const h = hopsOf(trace.take(), started, got201, seen);
      if (h && i > 0) hops.push(h);
      loads.push(load());
    }
  } finally {
    trace.enabled = wasOn;
    trace.clear();
  }
  const warm = latencies.slice(1);
  console.log(
    `\nsubmission → first mail in the mail viewer (${runs} reports, one at a time; the first includes cold starts; load average ${load()}):`,
  );
  console.log(
    `  first ${latencies[0]!.toFixed(0)} ms; then p50 ${stats.pct(warm, 50).toFixed(0)} ms, p95 ${stats.pct(warm, 95).toFixed(0)} ms, max ${Math.max(...warm).toFixed(0)} ms`,
  );
  console.log(`  where it goes (${hops.length} warm runs traced; p50 and p95 of each step on its own):`);
  const labels = [...new Set(hops.flatMap((h) => [...h.keys()]))];
  for (const label of labels) {
    const xs = hops.map((h) => h.get(label)).filter((x): x is number => x !== undefined);
    if (label.includes('AWS calls (')) {
      console.log(`  ${label}`);
      continue;
    }
    console.log(
      `  ${label.padEnd(60)} p50 ${stats.pct(xs, 50).toFixed(0).padStart(5)} ms   p95 ${stats.pct(xs, 95).toFixed(0).padStart(5)} ms${xs.length < hops.length ? `   (in ${xs.length})` : ''}`,
    );
  }
  const medians = labels
    .filter((l) => l.startsWith('path: '))
    .map((l) =>
      stats.pct(
        hops.map((h) => h.get(l) ?? 0),
        50,
      ),
    );
  console.log(`  the path's medians add up to ${stats.sum(medians).toFixed(0)} ms`);
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
