/**
 * `npm run fuzz`: every route of the route table, 10,000 cases each (`FUZZ_RUNS`), in-process through the real router
 * on the local stack's DynamoDB Local (see fuzz.ts). Prints the requests, the status histogram and the 5xx count; exits
 * 1 when a property failed; interrupted (Ctrl-C), it prints the figures of what ran. `FUZZ_SEED` repeats a run, `FUZZ_LANES` sets how many tables run side by side (3),
 * `FUZZ_ROUTES` keeps the routes whose `METHOD /path` contains it.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { LocalStack } from '../../infra/local/runtime.ts';
import { ALL_ROUTES } from './lane.ts';
import { emptyReport, fuzz, summary } from './fuzz.ts';

const runs = Number(process.env.FUZZ_RUNS ?? 10_000);
const only = process.env.FUZZ_ROUTES;
const routes = only ? ALL_ROUTES.filter((r) => `${r.method} ${r.path}`.includes(only)) : ALL_ROUTES;
const dir = mkdtempSync(path.join(tmpdir(), 'baosong-fuzz-'));
const stack = new LocalStack({
  ports: { app: 0, dynamodb: 0, sqs: 0, ses: 0 },
  outdir: path.join(dir, 'cdk.out'),
  schedules: false,
  functionLog: new Writable({ write: (_c, _e, cb) => cb() }),
});
console.log('starting the local stack (its DynamoDB Local and table) …');
const info = await stack.start();
let failed = true;
// Ctrl-C (or SIGTERM) prints what ran so far: the routes done, the requests and their statuses.
const live = emptyReport();
const interrupted = async () => {
  console.log(`\ninterrupted\n${summary(live, runs)}`);
  await stack.stop();
  process.exit(live.failures.length || live.fiveXX ? 1 : 130);
};
process.once('SIGINT', interrupted);
process.once('SIGTERM', interrupted);
try {
  const report = await fuzz({
    live,
    endpoint: info.dynamoEndpoint,
    sourceTable: info.tableName,
    runsPerRoute: runs,
    routes,
    lanes: Number(process.env.FUZZ_LANES ?? 3),
    seed: process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined,
    onRoute: (line) => console.log(`  ${line}`),
  });
  console.log(`\n${summary(report, runs)}`);
  failed = report.failures.length > 0 || report.fiveXX > 0;
} finally {
  await stack.stop();
}
process.exit(failed ? 1 : 0);
