import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

/** A function as the local runtime plays it: the bundle Lambda would run and the environment the template gives. */
export type BundledFunction = { spec: { functionName: string; bundle: string; env: Record<string, string> } };

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;

/**
 * Imports a bundle in a fresh `node` (the Node of this run, v24) with the function's environment from the template
 * (NODE_OPTIONS included, were it set): the time until its module is evaluated, on the clock and in CPU time (the
 * process's, which a busy machine inflates less than the clock).
 */
function importOnce(bundle: string, env: Record<string, string>): Promise<{ ms: number; cpu: number }> {
  const script = `const c = process.cpuUsage(); const t = performance.now();
await import(${JSON.stringify(pathToFileURL(bundle).href)});
const u = process.cpuUsage(c);
process.stdout.write(JSON.stringify({ ms: performance.now() - t, cpu: (u.user + u.system) / 1000 }));`;
  return new Promise((resolve, reject) => {
    const args = ['--input-type=module', '-e', script];
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(JSON.parse(out));
      else reject(new Error(`import of ${bundle}: ${err}`));
    });
  });
}

/**
 * The size of every function's bundle (minified, as deployed) and its module init: the median of `runs` imports,
 * each in a fresh process, one function after another. Prints each function, then the largest, median and smallest
 * bundle and the init times.
 */
export async function benchBundles(functions: Iterable<BundledFunction>, runs: number): Promise<void> {
  const rows: { name: string; bytes: number; ms: number; cpu: number }[] = [];
  for (const { spec } of functions) {
    const times: { ms: number; cpu: number }[] = [];
    for (let i = 0; i < runs; i++) times.push(await importOnce(spec.bundle, spec.env));
    const ms = median(times.map((t) => t.ms));
    const cpu = median(times.map((t) => t.cpu));
    rows.push({ name: spec.functionName, bytes: statSync(spec.bundle).size, ms, cpu });
  }
  rows.sort((a, b) => b.bytes - a.bytes);
  const how = `init: importing the bundle in a fresh node, median of ${runs}`;
  console.log(`\nfunction bundles (${rows.length}, minified; ${how}):`);
  for (const r of rows) {
    const name = r.name.padEnd(24);
    const init = `init ${r.ms.toFixed(0).padStart(4)} ms (cpu ${r.cpu.toFixed(0)} ms)`;
    console.log(`  ${name} ${kib(r.bytes).padStart(8)}   ${init}`);
  }
  const [largest, smallest] = [rows[0], rows.at(-1)];
  if (!largest || !smallest) return;
  const bySize = median(rows.map((r) => r.bytes));
  const [big, small] = [`${kib(largest.bytes)} (${largest.name})`, `${kib(smallest.bytes)} (${smallest.name})`];
  console.log(`  size: largest ${big}, median ${kib(bySize)}, smallest ${small}`);
  const slowest = rows.reduce((a, b) => (b.ms > a.ms ? b : a));
  const initMedian = median(rows.map((r) => r.ms));
  const cpuMedian = median(rows.map((r) => r.cpu));
  const slow = `${slowest.ms.toFixed(0)} ms (${slowest.name})`;
  console.log(`  init: median ${initMedian.toFixed(0)} ms (cpu ${cpuMedian.toFixed(0)} ms), slowest ${slow}`);
}
