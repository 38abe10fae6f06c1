import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { callAws } from '../../../infra/constructs/aws-lite/call.ts';

/** A service that takes the request and never answers: what a stopped (SIGSTOP) DynamoDB Local looks like. */
let server: Server;
let endpoint = '';
beforeAll(async () => {
  server = createServer(() => undefined);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  process.env.AWS_ACCESS_KEY_ID ??= 'local';
  process.env.AWS_SECRET_ACCESS_KEY ??= 'local';
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

it('gives up on a service that never answers within its bounded time, retries included', async () => {
  const service = { signingName: 'dynamodb', endpointEnv: 'NONE', host: () => 'x', timeoutMs: 400 };
  const started = Date.now();
  const err = await callAws(service, { endpoint, path: '/', headers: {}, body: {}, maxAttempts: 4 }).catch((e) => e);
  const took = Date.now() - started;
  expect(err.name).toBe('TimeoutError');
  expect(err.$service).toBe('dynamodb');
  expect(took).toBeGreaterThanOrEqual(390);
  expect(took).toBeLessThan(1500);
});
