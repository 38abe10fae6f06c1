import {
  CreateQueueCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SetQueueAttributesCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSqs } from '../../../infra/local/emulators.ts';
import { LocalFunction } from '../../../infra/local/lambda-host.ts';
import { idleResponse, Quiescence, type WatchedQueue } from '../../../infra/local/quiescence.ts';
import { SqsPoller } from '../../../infra/local/sqs-poller.ts';

/**
 * The barrier against the real SQS emulator and real function workers: a chain queue → function → queue →
 * function, and an invocation running on its own. Each consumer sleeps first, so a barrier that did not wait fails.
 */
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const sink = new Writable({ write: (_c, _e, cb) => cb() });
const sqsModule = createRequire(import.meta.url).resolve('@aws-sdk/client-sqs');

let dir: string;
let stopSqs: () => Promise<void>;
let sqs: SQSClient;
let endpoint: string;
const fns: LocalFunction[] = [];
const pollers: SqsPoller[] = [];

function fn(name: string, source: string, env: Record<string, string> = {}): LocalFunction {
  const bundle = path.join(dir, `${name}.mjs`);
  writeFileSync(bundle, source);
  const env0 = { AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local', SQS: endpoint };
  const spec = { logicalId: name, functionName: name, bundle, handlerName: 'handler', timeoutSeconds: 10 };
  const f = new LocalFunction({ ...spec, memoryMb: 128, env: { ...env0, ...env } }, sink);
  fns.push(f);
  return f;
}

async function queue(name: string): Promise<WatchedQueue> {
  const q = await sqs.send(new CreateQueueCommand({ QueueName: `${name}-${Date.now().toString(36)}` }));
  return { id: name, url: q.QueueUrl! };
}

function consume(q: WatchedQueue, f: LocalFunction, visibilityTimeoutSeconds = 30): SqsPoller {
  const arn = `arn:aws:sqs:us-east-1:000000000000:${q.id}`;
  const opts = { queueUrl: q.url, queueArn: arn, batchSize: 10, reportBatchItemFailures: true, onError() {} };
  const p = new SqsPoller(sqs, { ...opts, fn: f, visibilityTimeoutSeconds });
  p.start();
  pollers.push(p);
  return p;
}

const SLEEP = 'const sleep = (ms) => new Promise((r) => setTimeout(r, ms));';

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'baosong-idle-'));
  const started = await startSqs(0);
  stopSqs = started.stop;
  endpoint = started.endpoint;
  sqs = new SQSClient({ endpoint, region: 'us-east-1', credentials });
});

afterAll(async () => {
  await Promise.all(pollers.map((p) => p.stop()));
  await Promise.all(fns.map((f) => f.stop()));
  sqs?.destroy();
  await stopSqs?.();
});

describe('the quiescence barrier', () => {
  it("waits for a queued message, the message its consumer sends on, and that message's consumer", async () => {
    const first = await queue('First');
    const second = await queue('Second');
    const marker = path.join(dir, 'chain.txt');
    const forward = fn(
      'Forward',
      `import sqsModule from ${JSON.stringify(sqsModule)};
${SLEEP}
const { SQSClient, SendMessageCommand } = sqsModule;
const sqs = new SQSClient({ endpoint: process.env.SQS });
export const handler = async (e) => {
  await sleep(200);
  await sqs.send(new SendMessageCommand({ QueueUrl: process.env.NEXT, MessageBody: e.Records[0].body + '>forwarded' }));
  return { batchItemFailures: [] };
};`,
      { NEXT: second.url },
    );
    const record = fn(
      'Record',
      `import { appendFileSync } from 'node:fs';
${SLEEP}
export const handler = async (e) => {
  await sleep(200);
  for (const r of e.Records) appendFileSync(process.env.MARKER, r.body + '\\n');
  return { batchItemFailures: [] };
};`,
      { MARKER: marker },
    );
    consume(first, forward);
    consume(second, record);
    const barrier = new Quiescence(
      sqs,
      () => [first, second],
      () => fns,
    );

    await sqs.send(new SendMessageCommand({ QueueUrl: first.url, MessageBody: 'm1' }));
    expect(await barrier.idle(20_000)).toEqual({ idle: true });

    expect(existsSync(marker) ? readFileSync(marker, 'utf8') : '').toBe('m1>forwarded\n');
    expect(await barrier.busy()).toEqual({ queues: {}, running: {} });
  });

  it('waits for an invocation that runs outside any queue', async () => {
    const slow = fn('Slow', `${SLEEP}\nexport const handler = async () => { await sleep(400); return 'done'; };`);
    const barrier = new Quiescence(
      sqs,
      () => [],
      () => [slow],
    );
    let settled = false;
    const invocation = slow.invoke({}).then((r) => {
      settled = true;
      return r;
    });
    expect(await barrier.idle(20_000)).toEqual({ idle: true });
    expect(settled).toBe(true);
    expect(await invocation).toBe('done');
  });

  it('reports what is still busy when the time is up: messages per queue, invocations per function', async () => {
    const waiting = await queue('Waiting');
    const long = fn('Long', `${SLEEP}\nexport const handler = async () => { await sleep(1500); return 'late'; };`);
    await sqs.send(new SendMessageCommand({ QueueUrl: waiting.url, MessageBody: 'nobody reads me yet' }));
    const barrier = new Quiescence(
      sqs,
      () => [waiting],
      () => [long],
    );
    const invocation = long.invoke({});

    const report = await barrier.idle(100);
    expect(report).toMatchObject({
      idle: false,
      busy: { queues: { Waiting: { visible: 1, inFlight: 0, delayed: 0, retrying: 0 } }, running: { Long: 1 } },
    });
    expect(await invocation).toBe('late');
  });

  it('counts a received message that is neither deleted nor released as in flight', async () => {
    const held = await queue('Held');
    await sqs.send(new SendMessageCommand({ QueueUrl: held.url, MessageBody: 'taken, never deleted' }));
    await sqs.send(new ReceiveMessageCommand({ QueueUrl: held.url, VisibilityTimeout: 60 }));
    const report = await new Quiescence(
      sqs,
      () => [held],
      () => [],
    ).idle(60);
    expect(report).toMatchObject({
      idle: false,
      busy: { queues: { Held: { visible: 0, inFlight: 1, delayed: 0, retrying: 0 } } },
    });
  });
});

describe('a message its consumer gave back', () => {
  it('counts as retrying, not in flight, until its visibility timeout ends, and then as work again', async () => {
    const q = await queue('GaveBack');
    await sqs.send(new SetQueueAttributesCommand({ QueueUrl: q.url, Attributes: { VisibilityTimeout: '2' } }));
    const f = fn(
      'GiveBack',
      'export const handler = async (e) => ({ batchItemFailures: e.Records.map((r) => ({ itemIdentifier: r.messageId })) });',
    );
    const poller = consume(q, f, 2);
    const watched = { ...q, waitingRetry: () => poller.waitingRetry() };
    await sqs.send(new SendMessageCommand({ QueueUrl: q.url, MessageBody: 'fails every time' }));
    const barrier = new Quiescence(
      sqs,
      () => [watched],
      () => [f],
    );
    let report = await barrier.idle(50);
    for (let i = 0; i < 200 && !(report.idle === false && report.busy.queues.GaveBack?.retrying); i++) {
      report = await barrier.idle(20);
    }
    expect(report).toMatchObject({
      idle: false,
      busy: { queues: { GaveBack: { visible: 0, inFlight: 0, retrying: 1 } }, running: {} },
    });
    // Past the visibility timeout the poller no longer vouches for it: received again, it is work under way.
    expect(poller.waitingRetry(Date.now() + 2_001)).toBe(0);
  });
});

describe('POST /__local/idle', () => {
  const fixed = (idle: boolean) => ({
    idle: async (timeoutMs: number) =>
      idle
        ? { idle: true as const }
        : { idle: false as const, waitedMs: timeoutMs, busy: { queues: {}, running: { F: 1 } } },
  });

  it('answers 200 when idle, 503 with what is busy otherwise, and passes the timeout on', async () => {
    expect(await idleResponse(fixed(true), Buffer.alloc(0))).toEqual({ status: 200, body: { idle: true } });
    expect(await idleResponse(fixed(false), Buffer.from('{"timeoutMs":250}'))).toEqual({
      status: 503,
      body: { idle: false, waitedMs: 250, busy: { queues: {}, running: { F: 1 } } },
    });
    expect((await idleResponse(fixed(false), Buffer.alloc(0))).body).toMatchObject({ waitedMs: 30_000 });
  });

  it.each(['not json', '{"timeoutMs":"soon"}', '{"timeoutMs":-1}'])('rejects the body %s with 400', async (body) => {
    expect((await idleResponse(fixed(true), Buffer.from(body))).status).toBe(400);
  });
});
