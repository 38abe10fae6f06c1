/**
 * A trace of the local runtime, off by default (the bench switches it on): per HTTP request the gateway's time, each
 * function invocation (cold or warm, waiting for an environment, running), each AWS call a function makes (service,
 * operation, duration; DynamoDB's consumed capacity, which the IAM gate asks for while tracing) and each SQS message's
 * wait in its queue before the poller received it. The hooks in the gateway, the host, the worker, the IAM gate and
 * the poller cost one boolean test while tracing is off.
 *
 * Clocks are `Date.now()` of this process (the worker threads share it), in milliseconds.
 */

/** One HTTP request through the local API Gateway: from the request's arrival to the response written. */
export type GatewaySpan = {
  kind: 'gateway';
  requestId: string;
  routeKey: string;
  status: number;
  start: number;
  end: number;
};

/** Inside the worker thread: when it got the invocation and when it posted the answer back (the handler between). */
export type WorkerHops = { began: number; answered: number };

/**
 * One invocation: accepted, given an execution environment (`acquired`; a cold start includes the bundle's init),
 * ended; with the worker's own `began` and `answered` when it answered (not when it crashed or timed out).
 */
export type InvocationSpan = Partial<WorkerHops> & {
  kind: 'invocation';
  fn: string;
  invocationId: string;
  cold: boolean;
  start: number;
  acquired: number;
  end: number;
  /** The HTTP request it answers (API Gateway's requestId), if any. */
  requestId?: string;
  /** The SQS messages it was given, if any. */
  messageIds?: string[];
  ok: boolean;
};

/** One AWS call made by a function (seen inside its worker): service, operation, duration. */
export type AwsCallSpan = {
  kind: 'aws';
  fn: string;
  invocationId: string;
  service: string;
  operation: string;
  start: number;
  end: number;
  status: number;
};

/** DynamoDB's consumed capacity for one request, as DynamoDB Local answered it (seen by the function's IAM gate). */
export type CapacitySpan = {
  kind: 'capacity';
  fn: string;
  operation: string;
  /** Read and write capacity units: on demand, RRU and WRU. */
  read: number;
  write: number;
  /** Items returned (reads) or written (puts, updates, deletes in a batch or transaction). */
  items: number;
  at: number;
};

/** One SQS message's wait in its queue: sent (SentTimestamp) to received by the poller. */
export type QueueSpan = {
  kind: 'queue';
  queue: string;
  messageId: string;
  sent: number;
  received: number;
  receiveCount: number;
};

export type TraceEvent = GatewaySpan | InvocationSpan | AwsCallSpan | CapacitySpan | QueueSpan;

/** The runtime's trace: `enabled` is read by every hook; `events` keeps what happened since the last `clear`. */
export class Trace {
  enabled = false;
  /**
   * While tracing, whether the IAM gate asks DynamoDB for each request's consumed capacity (the calls bench counts
   * it). Timing runs switch it off: it parses and rewrites every request and parses every answer on the main thread.
   */
  capacity = true;
  events: TraceEvent[] = [];

  record(e: TraceEvent): void {
    if (this.enabled) this.events.push(e);
  }

  /** Returns what was recorded and starts again. */
  take(): TraceEvent[] {
    const out = this.events;
    this.events = [];
    return out;
  }

  clear(): void {
    this.events = [];
  }

  of<K extends TraceEvent['kind']>(kind: K, events = this.events): Extract<TraceEvent, { kind: K }>[] {
    return events.filter((e): e is Extract<TraceEvent, { kind: K }> => e.kind === kind);
  }
}

/** The one trace of this process's local runtime. */
export const trace = new Trace();

/** The DynamoDB operations that take `ReturnConsumedCapacity`. */
const WITH_CAPACITY = new Set([
  'GetItem',
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'Query',
  'Scan',
  'BatchGetItem',
  'BatchWriteItem',
  'TransactGetItems',
  'TransactWriteItems',
]);

/**
 * While tracing, the IAM gate asks DynamoDB for the request's consumed capacity: returns the body to forward
 * (unchanged when the operation does not take it or the caller asked already).
 */
export function withCapacity(target: string, body: Buffer): { body: Buffer; asked: boolean } {
  const op = target.split('.').pop() ?? '';
  if (!trace.enabled || !trace.capacity || !WITH_CAPACITY.has(op)) return { body, asked: false };
  try {
    const input = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
    if (input.ReturnConsumedCapacity) return { body, asked: false };
    input.ReturnConsumedCapacity = 'TOTAL';
    return { body: Buffer.from(JSON.stringify(input)), asked: true };
  } catch {
    return { body, asked: false };
  }
}

type Capacity = { CapacityUnits?: number; ReadCapacityUnits?: number; WriteCapacityUnits?: number };

/** Records the consumed capacity of a DynamoDB answer (the IAM gate calls it with the whole response body). */
export function recordCapacity(fn: string, target: string, requestBody: Buffer, responseBody: Buffer): void {
  if (!trace.enabled || !trace.capacity) return;
  const op = target.split('.').pop() ?? '';
  try {
    const out = JSON.parse(responseBody.toString('utf8')) as {
      ConsumedCapacity?: Capacity | Capacity[];
      Item?: unknown;
      Items?: unknown[];
      Responses?: unknown;
    };
    const caps = [out.ConsumedCapacity ?? []].flat();
    const writes = /Put|Update|Delete|Write/.test(op);
    let read = 0;
    let write = 0;
    for (const c of caps) {
      // DynamoDB Local gives CapacityUnits only; an operation is either a read or a write (a transaction of writes
      // is writes; its condition checks count as reads on AWS, not split here).
      read += c.ReadCapacityUnits ?? (writes ? 0 : (c.CapacityUnits ?? 0));
      write += c.WriteCapacityUnits ?? (writes ? (c.CapacityUnits ?? 0) : 0);
    }
    let items = 0;
    if (out.Item) items = 1;
    else if (out.Items) items = out.Items.length;
    else if (out.Responses && Array.isArray(out.Responses)) items = out.Responses.length;
    else if (out.Responses && typeof out.Responses === 'object')
      items = Object.values(out.Responses as Record<string, unknown[]>).reduce((n, xs) => n + xs.length, 0);
    else if (writes) {
      const input = JSON.parse(requestBody.toString('utf8')) as {
        TransactItems?: unknown[];
        RequestItems?: Record<string, unknown[]>;
      };
      items = input.TransactItems
        ? input.TransactItems.length
        : input.RequestItems
          ? Object.values(input.RequestItems).reduce((n, xs) => n + xs.length, 0)
          : 1;
    }
    trace.record({ kind: 'capacity', fn, operation: op, read, write, items, at: Date.now() });
  } catch {
    /* not JSON: an error answer */
  }
}

/** Summary helpers for the bench. */
export const stats = {
  pct(xs: number[], p: number): number {
    if (!xs.length) return Number.NaN;
    const s = [...xs].sort((a, b) => a - b);
    return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
  },
  sum(xs: number[]): number {
    return xs.reduce((a, b) => a + b, 0);
  },
};
