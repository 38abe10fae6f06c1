import { GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';

/**
 * A queue the barrier watches, by its logical id in the template; `waitingRetry` says how many of its in-flight
 * messages no consumer holds any more (failed, back after the visibility timeout).
 */
export type WatchedQueue = { id: string; url: string; waitingRetry?: () => number };

/** Message counts of one queue: in flight means held by a running consumer; retrying, waiting to come back. */
export type QueueCounts = { visible: number; inFlight: number; delayed: number; retrying: number };

/** Something that runs work in this process and can say how much of it is under way (functions, pollers). */
export type Busy = { readonly name: string; readonly running: number };

/** What was still busy when the barrier gave up: message counts per queue, running invocations per function. */
export type BusyReport = {
  queues: Record<string, QueueCounts>;
  running: Record<string, number>;
};

export type IdleReport = { idle: true } | { idle: false; waitedMs: number; busy: BusyReport };

const COUNTS = [
  'ApproximateNumberOfMessages',
  'ApproximateNumberOfMessagesNotVisible',
  'ApproximateNumberOfMessagesDelayed',
] as const;

/**
 * The local runtime's quiescence barrier: resolves once every watched queue holds no message (visible, in flight or
 * delayed), nothing in `workers` is running, and that stays so across a settle window. An invocation that sends a
 * message before it returns leaves the message visible in its queue before the invocation ends, so no step in a
 * chain of queue → function → queue is missed between two checks.
 */
export class Quiescence {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queues: () => WatchedQueue[],
    private readonly workers: () => Busy[],
    private readonly settleMs = 50,
  ) {}

  /** What is busy right now; an empty report means idle. */
  async busy(): Promise<BusyReport> {
    const running: BusyReport['running'] = {};
    const count = () => {
      for (const w of this.workers()) if (w.running > 0) running[w.name] = Math.max(running[w.name] ?? 0, w.running);
    };
    count();
    const queues: BusyReport['queues'] = {};
    await Promise.all(
      this.queues().map(async (q) => {
        const r = await this.sqs.send(new GetQueueAttributesCommand({ QueueUrl: q.url, AttributeNames: [...COUNTS] }));
        const [messages, notVisible, delayed] = COUNTS.map((k) => Number(r.Attributes?.[k] ?? 0)) as [
          number,
          number,
          number,
        ];
        // The emulator's ApproximateNumberOfMessages counts in-flight messages too (SQS's does not).
        const visible = Math.max(0, messages - notVisible);
        const retrying = Math.min(notVisible, q.waitingRetry?.() ?? 0);
        const inFlight = notVisible - retrying;
        if (messages + notVisible + delayed > 0) queues[q.id] = { visible, inFlight, delayed, retrying };
      }),
    );
    // Counted again after the queues: an invocation that started while they were read is not missed.
    count();
    return { queues, running };
  }

  /** Waits until idle for two consecutive checks `settleMs` apart, or reports what is still busy after `timeoutMs`. */
  async idle(timeoutMs = 30_000): Promise<IdleReport> {
    const started = Date.now();
    let quietChecks = 0;
    for (;;) {
      const busy = await this.busy();
      const quiet = Object.keys(busy.queues).length === 0 && Object.keys(busy.running).length === 0;
      quietChecks = quiet ? quietChecks + 1 : 0;
      if (quietChecks >= 2) return { idle: true };
      const waitedMs = Date.now() - started;
      if (waitedMs >= timeoutMs) return { idle: false, waitedMs, busy };
      await new Promise((r) => setTimeout(r, quiet ? this.settleMs : Math.min(this.settleMs, 25)));
    }
  }
}

/** `POST /__local/idle` with an optional `{"timeoutMs": N}`: 200 `{"idle":true}`, or 503 with what is still busy. */
export async function idleResponse(
  barrier: Pick<Quiescence, 'idle'>,
  body: Buffer,
): Promise<{ status: number; body: unknown }> {
  let timeoutMs = 30_000;
  if (body.length) {
    const parsed = (() => {
      try {
        return JSON.parse(body.toString('utf8')) as { timeoutMs?: unknown };
      } catch {
        return undefined;
      }
    })();
    const t = parsed?.timeoutMs;
    if (!parsed || (t !== undefined && (typeof t !== 'number' || !Number.isFinite(t) || t < 0))) {
      return { status: 400, body: { message: 'body must be {"timeoutMs": <milliseconds ≥ 0>} or empty' } };
    }
    if (typeof t === 'number') timeoutMs = t;
  }
  const report = await barrier.idle(timeoutMs);
  return { status: report.idle ? 200 : 503, body: report };
}
