import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { LocalFunction } from '../../../infra/local/lambda-host.ts';
import { trace } from '../../../infra/local/trace.ts';

/**
 * Lambda runs one invocation per execution environment at a time and scales out for concurrent ones; module-level
 * state (Powertools' BatchProcessor, a client's cache) is shared only between invocations that follow each other.
 */
const sink = new Writable({ write: (_c, _e, cb) => cb() });
const dir = mkdtempSync(path.join(tmpdir(), 'baosong-host-'));
const started: LocalFunction[] = [];

// Module state: how many invocations this environment runs at once, and how many it has run.
const COUNTING = `import { threadId } from 'node:worker_threads';
let now = 0;
let served = 0;
export const handler = async (event) => {
  now++;
  served++;
  const overlap = now;
  await new Promise((r) => setTimeout(r, event.ms ?? 150));
  now--;
  return { overlap, served, threadId };
};`;

function local(name: string, source: string, opts: { maxWorkers?: number; timeoutSeconds?: number } = {}) {
  const bundle = path.join(dir, `${name}.mjs`);
  writeFileSync(bundle, source);
  const spec = { logicalId: name, functionName: name, bundle, handlerName: 'handler', env: {}, memoryMb: 128 };
  const timeoutSeconds = opts.timeoutSeconds ?? 10;
  const fn = new LocalFunction({ ...spec, timeoutSeconds, maxWorkers: opts.maxWorkers }, sink);
  started.push(fn);
  return fn;
}

type Result = { overlap: number; served: number; threadId: number };

afterEach(async () => {
  await Promise.all(started.splice(0).map((f) => f.stop()));
});

describe('a local function, as Lambda runs one', () => {
  it('runs concurrent invocations in separate environments, never two in one', async () => {
    const fn = local('Concurrent', COUNTING);
    const results = (await Promise.all([fn.invoke({}), fn.invoke({}), fn.invoke({})])) as Result[];
    expect(results.map((r) => r.overlap)).toEqual([1, 1, 1]);
    expect(new Set(results.map((r) => r.threadId)).size).toBe(3);
    expect(fn.workers).toBe(3);
  });

  it('reuses a warm environment for invocations that follow each other, module state included', async () => {
    const fn = local('Warm', COUNTING);
    const first = (await fn.invoke({ ms: 1 })) as Result;
    const second = (await fn.invoke({ ms: 1 })) as Result;
    expect(second).toEqual({ overlap: 1, served: 2, threadId: first.threadId });
    expect(fn.workers).toBe(1);
  });

  it('traced, an invocation carries its thread hops: acquired ≤ the worker began ≤ it answered ≤ ended', async () => {
    const fn = local('Hops', COUNTING);
    trace.enabled = true;
    trace.clear();
    try {
      await fn.invoke({ ms: 20 });
    } finally {
      trace.enabled = false;
    }
    const [inv] = trace.of('invocation', trace.take());
    expect(inv).toBeDefined();
    const { acquired, began, answered, end } = inv!;
    expect([acquired <= began!, began! <= answered!, answered! <= end]).toEqual([true, true, true]);
    expect(answered! - began!).toBeGreaterThanOrEqual(15);
  });

  it('past maxWorkers an invocation waits for a free environment instead of sharing one', async () => {
    const fn = local('Capped', COUNTING, { maxWorkers: 2 });
    const results = (await Promise.all([1, 2, 3, 4, 5].map(() => fn.invoke({})))) as Result[];
    expect(results.map((r) => r.overlap)).toEqual([1, 1, 1, 1, 1]);
    expect(new Set(results.map((r) => r.threadId)).size).toBe(2);
    expect(fn.invocations).toBe(5);
    expect(fn.running).toBe(0);
  });

  it('a timed-out invocation discards only its own environment; the next call gets a fresh one', async () => {
    const fn = local('Slow', COUNTING, { timeoutSeconds: 1 });
    const [late, quick] = await Promise.allSettled([fn.invoke({ ms: 3000 }), fn.invoke({ ms: 10 })]);
    expect(late.status === 'rejected' && (late.reason as Error).message).toMatch(/Task timed out after 1 seconds/);
    expect(quick).toMatchObject({ status: 'fulfilled', value: { overlap: 1 } });
    const after = (await fn.invoke({ ms: 1 })) as Result;
    expect(after.threadId).toBe((quick as PromiseFulfilledResult<Result>).value.threadId);
    await expect(fn.invoke({ ms: 3000 })).rejects.toThrow(/timed out/);
    expect(((await fn.invoke({ ms: 1 })) as Result).served).toBe(1);
  });

  it('a bundle that fails to load fails the invocation and leaves no environment behind', async () => {
    const fn = local('Broken', `throw new Error('cannot load');`);
    await expect(fn.invoke({})).rejects.toThrow(/cannot load/);
    expect(fn.workers).toBe(0);
    expect(fn.running).toBe(0);
  });
});
