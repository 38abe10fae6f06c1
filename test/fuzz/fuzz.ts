import fc from 'fast-check';
import type { Route } from '../../shared/app/routes.ts';
import { requestFor } from './arbitraries.ts';
import { ALL_ROUTES, Lane, rawPathOf, type Request, type Result } from './lane.ts';

/**
 * The fuzzer: one fast-check property per route of the route table, run in-process through the real router and
 * handlers on DynamoDB Local (see `Lane`). For every request: never a 5xx; a refusal (4xx) of the JSON API is the
 * error envelope of API.md "Conventions" (a page's is an HTML page); and a refusal writes nothing and sends no mail and
 * no queue message. "Writes nothing" is watched on the lane's DynamoDB client (every write DynamoDB accepted, per
 * request: the table is the lane's alone) and checked on the table itself: read whole before a route's first case
 * and after its last, it is unchanged when every case was refused.
 */

export type FuzzOptions = {
  endpoint: string;
  /** The stack's table, whose key schema and indexes each lane's table copies. */
  sourceTable: string;
  runsPerRoute: number;
  lanes?: number;
  seed?: number;
  routes?: readonly Route[];
  /** Progress, one line per route done. */
  onRoute?: (line: string) => void;
  /** Filled as the run goes (to print what ran so far when it is interrupted). */
  live?: FuzzReport;
};

export type Failure = { route: string; seed: number; path: string; error: string; request: string };
export type FuzzReport = {
  requests: number;
  routes: number;
  byStatus: Record<string, number>;
  fiveXX: number;
  failures: Failure[];
  /** Errors the router logged as unexpected (each one a 500), with where they came from. */
  unexpected: string[];
  seconds: number;
};

/** The JSON API answers with the envelope; every other path (pages, the unknown) with an HTML page. */
const API = (req: Request) => rawPathOf(req).startsWith('/api/') || req.path === '/openapi.json';

/** What is wrong with one answer, or nothing. */
function judge(req: Request, r: Result): string[] {
  const problems: string[] = [];
  const type = r.headers?.['content-type'] ?? '';
  if (r.statusCode >= 500) problems.push(`answered ${r.statusCode}`);
  if (r.statusCode >= 400) {
    if (API(req)) {
      let body: { error?: { code?: unknown; message?: unknown; details?: unknown } } | undefined;
      try {
        body = JSON.parse(r.body ?? '');
      } catch {
        /* judged below */
      }
      const e = body?.error;
      const ok =
        type.startsWith('application/json') &&
        typeof e?.code === 'string' &&
        e.code.length > 0 &&
        typeof e.message === 'string' &&
        e.message.length > 0 &&
        Array.isArray(e.details) &&
        Object.keys(body ?? {}).length === 1;
      if (!ok) problems.push(`${r.statusCode} without the error envelope: ${type} ${String(r.body).slice(0, 200)}`);
    } else if (!type.startsWith('text/html')) problems.push(`${r.statusCode} page that is not HTML: ${type}`);
  }
  return problems;
}

function diff(before: string, after: string): string {
  const a = new Set(before.split('\n'));
  const b = new Set(after.split('\n'));
  const added = [...b].filter((x) => !a.has(x)).map((x) => `+ ${x.slice(0, 300)}`);
  const removed = [...a].filter((x) => !b.has(x)).map((x) => `- ${x.slice(0, 300)}`);
  return [...removed, ...added].slice(0, 6).join('\n');
}

/** A request shortened for reading: long strings cut, so that a 200 KB body prints as its start and its length. */
export function describe(req: Request): string {
  const cut = (s: string | undefined) =>
    s === undefined ? undefined : s.length > 120 ? `${s.slice(0, 80)}… (${s.length} chars)` : s;
  const params = Object.fromEntries(Object.entries(req.params).map(([k, v]) => [k, cut(v)]));
  const query = req.query && Object.fromEntries(Object.entries(req.query).map(([k, v]) => [cut(k) ?? '', cut(v)]));
  return JSON.stringify({
    path: req.path,
    params,
    query,
    headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, cut(v)])),
    body: cut(req.body),
    base64: req.isBase64Encoded || undefined,
    caller: req.email,
  });
}

export async function fuzz(opts: FuzzOptions): Promise<FuzzReport> {
  const started = performance.now();
  const unexpected: string[] = [];
  const onError = (e: Error) => {
    if (unexpected.length < 50)
      unexpected.push(`${e.name}: ${e.message}\n${e.stack?.split('\n').slice(1, 6).join('\n')}`);
  };
  const laneCount = opts.lanes ?? 3;
  const lanes = await Promise.all(
    Array.from({ length: laneCount }, () => Lane.open(opts.endpoint, opts.sourceTable, onError)),
  );
  const routes = opts.routes ?? ALL_ROUTES;
  const live = opts.live ?? emptyReport();
  live.routes = 0;
  const { byStatus, failures } = live;
  const seed = opts.seed ?? Date.now() % 2 ** 31;
  try {
    await Promise.all(
      lanes.map(async (lane, i) => {
        for (let k = i; k < routes.length; k += laneCount) {
          const route = routes[k]!;
          const name = `${route.method} ${route.path}`;
          const t0 = performance.now();
          const routeSeed = (seed + k) % 2 ** 31;
          const before = await lane.snapshot();
          let accepted = 0;
          const property = fc.asyncProperty(requestFor(route, lane.fixture), async (req) => {
            const mails = lane.mails.length;
            const nudges = lane.nudges.length;
            const writes = lane.writes.length;
            live.requests++;
            const r = await lane.send(req);
            byStatus[r.statusCode] = (byStatus[r.statusCode] ?? 0) + 1;
            if (r.statusCode >= 500) live.fiveXX++;
            const problems = judge(req, r);
            if (r.statusCode >= 400) {
              const wrote = lane.writes.slice(writes);
              if (wrote.length) problems.push(`refused with ${r.statusCode}, yet it wrote: ${wrote.join(', ')}`);
              if (lane.mails.length !== mails) problems.push(`refused with ${r.statusCode}, yet a mail was sent`);
              if (lane.nudges.length !== nudges)
                problems.push(`refused with ${r.statusCode}, yet a message was queued`);
            } else accepted++;
            if (problems.length) throw new Error(problems.join('; '));
          });
          const run = await fc.check(property, { numRuns: opts.runsPerRoute, seed: routeSeed, endOnFailure: true });
          if (run.failed) {
            const req = run.counterexample?.[0] as Request | undefined;
            const error = run.errorInstance instanceof Error ? run.errorInstance.message : String(run.errorInstance);
            failures.push({
              route: name,
              seed: routeSeed,
              path: req?.path ?? '',
              error,
              request: req ? describe(req) : '',
            });
          } else if (accepted === 0) {
            // Every case refused: the table, read whole, is as it was before the first.
            const after = await lane.snapshot();
            if (after !== before) {
              const error = `every case refused, yet the table changed:\n${diff(before, after)}`;
              failures.push({ route: name, seed: routeSeed, path: route.path, error, request: '' });
            }
          }
          live.routes++;
          live.seconds = (performance.now() - started) / 1000;
          opts.onRoute?.(
            `${name}: ${run.numRuns} cases in ${((performance.now() - t0) / 1000).toFixed(1)} s${run.failed ? ' FAILED' : ''}`,
          );
        }
      }),
    );
  } finally {
    await Promise.all(lanes.map((l) => l.close()));
  }
  live.unexpected.push(...unexpected);
  live.seconds = (performance.now() - started) / 1000;
  return live;
}

export const emptyReport = (): FuzzReport => ({
  requests: 0,
  routes: 0,
  byStatus: {},
  fiveXX: 0,
  failures: [],
  unexpected: [],
  seconds: 0,
});

/** The figures, as `npm run fuzz` prints them. */
export function summary(r: FuzzReport, runsPerRoute: number): string {
  const statuses = Object.entries(r.byStatus)
    .sort(([a], [b]) => Number(a) - Number(b))
    .map(([s, n]) => `${s} × ${n}`)
    .join(', ');
  const lines = [
    `fuzz: ${r.routes} routes done × up to ${runsPerRoute} cases; ${r.requests} requests in ${r.seconds.toFixed(1)} s`,
    `  status: ${statuses}`,
    `  5xx: ${r.fiveXX}`,
    `  failed properties: ${r.failures.length}`,
  ];
  for (const f of r.failures) lines.push(`  ✗ ${f.route} (seed ${f.seed}): ${f.error}\n      ${f.request}`);
  for (const u of r.unexpected) lines.push(`  unexpected error: ${u}`);
  return lines.join('\n');
}
