import { Worker } from 'node:worker_threads';
import { randomUUID } from 'node:crypto';
import type { Writable } from 'node:stream';
import path from 'node:path';
import { trace, type AwsCallSpan, type WorkerHops } from './trace.ts';

const WORKER = path.join(import.meta.dirname, 'lambda-worker.mjs');

export type FunctionSpec = {
  logicalId: string;
  functionName: string;
  bundle: string;
  handlerName: string;
  env: Record<string, string>;
  timeoutSeconds: number;
  memoryMb: number;
  /** Execution environments (workers) that may run at once; further invocations wait for one. @default 4 */
  maxWorkers?: number;
};

export class FunctionError extends Error {
  constructor(
    readonly functionName: string,
    readonly errorName: string,
    message: string,
    readonly errorStack?: string,
  ) {
    super(`${functionName}: ${errorName}: ${message}`);
  }
}

type Reply = {
  id?: string;
  result?: unknown;
  error?: { name: string; message: string; stack?: string };
  /** The AWS calls the invocation made, when it was traced. */
  calls?: Omit<AwsCallSpan, 'kind' | 'fn' | 'invocationId'>[];
  /** When traced: the worker got the invocation (`began`) and posted its answer (`answered`). */
  hops?: WorkerHops;
};

/**
 * One execution environment: the bundle loaded once in a worker thread whose process.env is the function's
 * environment, running one invocation at a time, as Lambda runs one per environment. Module-level state lives on
 * between invocations (a warm start) and is never shared with another environment.
 */
class ExecutionEnvironment {
  readonly ready: Promise<void>;
  /** False once the worker has exited or was terminated: it takes no more invocations. */
  alive = true;
  /** Invocations it has run: the first is a cold start. */
  runs = 0;
  /** The worker's own times of the last invocation, when it was traced. */
  hops: WorkerHops | undefined;
  private current: { id: string; resolve: (v: unknown) => void; reject: (e: Error) => void } | undefined;
  private readonly worker: Worker;

  constructor(
    private readonly spec: FunctionSpec,
    log: Writable,
  ) {
    const arn = `arn:aws:lambda:us-east-1:000000000000:function:${spec.functionName}`;
    const { bundle, handlerName, functionName, memoryMb } = spec;
    const worker = new Worker(WORKER, {
      env: spec.env,
      workerData: { bundle, handlerName, functionName, memoryMb, arn },
      stdout: true,
      stderr: true,
    });
    worker.stdout.pipe(log, { end: false });
    worker.stderr.pipe(log, { end: false });
    this.worker = worker;
    this.ready = new Promise<void>((resolve, reject) => {
      worker.on('message', (m: { ready?: boolean }) => {
        if (m.ready) resolve();
      });
      worker.once('error', reject);
      worker.once('exit', () => reject(new Error(`${functionName} worker exited at start`)));
    });
    // Settled once it has served its purpose; a failed start is reported by the invocation that waited for it.
    this.ready.catch(() => undefined);
    worker.on('message', (m: Reply) => {
      const c = this.current;
      if (!m.id || !c || c.id !== m.id) return;
      this.current = undefined;
      this.hops = m.hops;
      for (const call of m.calls ?? []) trace.record({ kind: 'aws', fn: functionName, invocationId: m.id, ...call });
      if (m.error) c.reject(new FunctionError(functionName, m.error.name, m.error.message, m.error.stack));
      else c.resolve(m.result);
    });
    worker.on('error', (err) => this.fail(err));
    worker.on('exit', () => {
      this.alive = false;
      this.fail(new Error(`${functionName} worker exited`));
    });
  }

  /** Running an invocation now. */
  get busy(): boolean {
    return this.alive && !!this.current;
  }

  private fail(err: Error) {
    const c = this.current;
    this.current = undefined;
    c?.reject(err);
  }

  /** Runs one invocation; past the function's timeout it fails and the environment is discarded, as on Lambda. */
  run(event: unknown, id: string = randomUUID()): Promise<unknown> {
    const { functionName, timeoutSeconds } = this.spec;
    this.runs++;
    this.hops = undefined;
    const timeoutMs = timeoutSeconds * 1000;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.current = undefined;
        void this.stop();
        reject(new FunctionError(functionName, 'TimeoutError', `Task timed out after ${timeoutSeconds} seconds`));
      }, timeoutMs);
      const settle =
        <T>(f: (v: T) => void) =>
        (v: T) => {
          clearTimeout(timer);
          f(v);
        };
      this.current = { id, resolve: settle(resolve), reject: settle(reject) };
      this.worker.postMessage({ id, event, deadlineMs: Date.now() + timeoutMs, trace: trace.enabled });
    });
  }

  async stop(): Promise<void> {
    this.alive = false;
    await this.worker.terminate();
  }
}

/**
 * One Lambda function played locally: up to `maxWorkers` execution environments, each its esbuild bundle in a worker
 * thread, so functions never see each other's configuration and two concurrent invocations never share module
 * state. An invocation takes an idle environment, else starts one (a cold start), else waits for one to be free.
 */
export class LocalFunction {
  private readonly environments: ExecutionEnvironment[] = [];
  private readonly idle: ExecutionEnvironment[] = [];
  private readonly waiting: (() => void)[] = [];
  private stopped = false;
  invocations = 0;
  /** Invocations accepted and not yet answered (waiting and start-up included): what the quiescence barrier counts. */
  running = 0;

  constructor(
    readonly spec: FunctionSpec,
    private readonly log: Writable,
  ) {}

  get name(): string {
    return this.spec.functionName;
  }

  /** Execution environments started and still alive. */
  get workers(): number {
    return this.environments.filter((e) => e.alive).length;
  }

  async invoke(event: unknown): Promise<unknown> {
    this.running++;
    const start = Date.now();
    try {
      const env = await this.acquire();
      this.invocations++;
      const acquired = Date.now();
      const cold = env.runs === 0;
      const invocationId = randomUUID();
      let ok = false;
      try {
        const result = await env.run(event, invocationId);
        ok = true;
        return result;
      } finally {
        this.release(env);
        if (trace.enabled)
          traceInvocation(this.spec.functionName, invocationId, event, { start, acquired, cold, ok, ...env.hops });
      }
    } finally {
      this.running--;
    }
  }

  private async acquire(): Promise<ExecutionEnvironment> {
    for (;;) {
      if (this.stopped) throw new Error(`${this.spec.functionName} is stopped`);
      const warm = this.idle.pop();
      if (warm?.alive) return warm;
      if (warm) continue;
      this.prune();
      if (this.environments.length < (this.spec.maxWorkers ?? 4)) {
        const env = new ExecutionEnvironment(this.spec, this.log);
        this.environments.push(env);
        try {
          await env.ready;
        } catch (err) {
          this.prune();
          await env.stop();
          this.wakeOne();
          throw err;
        }
        return env;
      }
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
  }

  private release(env: ExecutionEnvironment): void {
    if (env.alive && !this.stopped) this.idle.push(env);
    else this.prune();
    this.wakeOne();
  }

  private prune(): void {
    const alive = this.environments.filter((e) => e.alive);
    this.environments.splice(0, this.environments.length, ...alive);
  }

  private wakeOne(): void {
    this.waiting.shift()?.();
  }

  /**
   * Test-only (fault tests): terminates one environment that is running an invocation, as a crashed Lambda
   * environment; that invocation fails and the next one starts a new environment. False when none was busy.
   */
  killBusy(): boolean {
    const env = this.environments.find((e) => e.busy);
    if (!env) return false;
    void env.stop();
    return true;
  }

  /** Ends every environment; a stopped function takes no more invocations. */
  async stop(): Promise<void> {
    this.stopped = true;
    const all = this.environments.splice(0);
    this.idle.length = 0;
    for (const wake of this.waiting.splice(0)) wake();
    await Promise.all(all.map((e) => e.stop()));
  }
}

/** The trace's record of one invocation, with the HTTP request or SQS messages it was given. */
function traceInvocation(
  fn: string,
  invocationId: string,
  event: unknown,
  t: { start: number; acquired: number; cold: boolean; ok: boolean } & Partial<WorkerHops>,
): void {
  const e = (event ?? {}) as { requestContext?: { requestId?: string }; Records?: { messageId?: string }[] };
  trace.record({
    kind: 'invocation',
    fn,
    invocationId,
    ...t,
    end: Date.now(),
    ...(e.requestContext?.requestId ? { requestId: e.requestContext.requestId } : {}),
    ...(Array.isArray(e.Records) ? { messageIds: e.Records.map((r) => String(r.messageId)) } : {}),
  });
}
