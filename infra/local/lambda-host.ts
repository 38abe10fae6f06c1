import { Worker } from 'node:worker_threads';
import { randomUUID } from 'node:crypto';
import type { Writable } from 'node:stream';
import path from 'node:path';

const WORKER = path.join(import.meta.dirname, 'lambda-worker.mjs');

export type FunctionSpec = {
  logicalId: string;
  functionName: string;
  bundle: string;
  handlerName: string;
  env: Record<string, string>;
  timeoutSeconds: number;
  memoryMb: number;
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

type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void; timer: NodeJS.Timeout };

/**
 * One Lambda function played locally: its esbuild bundle in a worker thread whose process.env is the function's
 * environment from the template, so functions never see each other's configuration. An invocation past the
 * function's timeout fails and the worker is replaced, as Lambda replaces a timed-out instance.
 */
export class LocalFunction {
  private worker: Worker | undefined;
  private ready: Promise<void> | undefined;
  private readonly pending = new Map<string, Pending>();
  invocations = 0;
  /** Invocations accepted and not yet answered (worker start-up included): what the quiescence barrier waits for. */
  running = 0;

  constructor(
    readonly spec: FunctionSpec,
    private readonly log: Writable,
  ) {}

  private start(): Promise<void> {
    const worker = new Worker(WORKER, {
      env: this.spec.env,
      workerData: { bundle: this.spec.bundle, handlerName: this.spec.handlerName, functionName: this.spec.functionName, memoryMb: this.spec.memoryMb, arn: `arn:aws:lambda:us-east-1:000000000000:function:${this.spec.functionName}` },
      stdout: true,
      stderr: true,
    });
    worker.stdout.pipe(this.log, { end: false });
    worker.stderr.pipe(this.log, { end: false });
    this.worker = worker;
    this.ready = new Promise<void>((resolve, reject) => {
      const onMessage = (m: { ready?: boolean }) => {
        if (m.ready) {
          worker.off('error', reject);
          resolve();
        }
      };
      worker.on('message', onMessage);
      worker.once('error', reject);
    });
    worker.on('message', (m: { id?: string; result?: unknown; error?: { name: string; message: string; stack?: string } }) => {
      if (!m.id) return;
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      clearTimeout(p.timer);
      if (m.error) p.reject(new FunctionError(this.spec.functionName, m.error.name, m.error.message, m.error.stack));
      else p.resolve(m.result);
    });
    worker.on('error', (err) => this.failAll(err));
    worker.on('exit', () => {
      if (this.worker === worker) {
        this.worker = undefined;
        this.ready = undefined;
      }
      this.failAll(new Error(`${this.spec.functionName} worker exited`));
    });
    return this.ready;
  }

  private failAll(err: Error) {
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer);
      p.reject(err);
      this.pending.delete(id);
    }
  }

  get name(): string {
    return this.spec.functionName;
  }

  async invoke(event: unknown): Promise<unknown> {
    this.running++;
    try {
      return await this.invokeOnce(event);
    } finally {
      this.running--;
    }
  }

  private async invokeOnce(event: unknown): Promise<unknown> {
    if (!this.worker || !this.ready) await this.start();
    else await this.ready;
    this.invocations++;
    const id = randomUUID();
    const timeoutMs = this.spec.timeoutSeconds * 1000;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new FunctionError(this.spec.functionName, 'TimeoutError', `Task timed out after ${this.spec.timeoutSeconds} seconds`));
        void this.worker?.terminate();
      }, timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      this.worker!.postMessage({ id, event, deadlineMs: Date.now() + timeoutMs });
    });
  }

  async stop(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    this.ready = undefined;
    if (w) await w.terminate();
  }
}
