import type { Agent, IncomingHttpHeaders } from 'node:http';
import { createRequire } from 'node:module';
import { type Credentials, signRequest } from './sigv4.ts';

/**
 * node:http and node:https through `require`, not `fetch`: the first `fetch` of a process loads undici (tens of
 * milliseconds of CPU that `node-http.ts` keeps out of init); the SDK did without it too. A keep-alive agent each.
 */
const load = createRequire(import.meta.url);
const agents: Record<string, Agent> = {};
function transport(protocol: string): { request: typeof import('node:http').request; agent: Agent } {
  const mod = load(protocol === 'https:' ? 'node:https' : 'node:http') as typeof import('node:http');
  agents[protocol] ??= new mod.Agent({ keepAlive: true });
  return { request: mod.request, agent: agents[protocol]! };
}

type Answer = { status: number; headers: IncomingHttpHeaders; text: string };
function post(url: URL, headers: Record<string, string>, body: string, timeoutMs: number): Promise<Answer> {
  const { request, agent } = transport(url.protocol);
  return new Promise((resolve, reject) => {
    // A service that accepts the connection and never answers (a stalled database) is given up on, not waited for.
    const timer = setTimeout(() => {
      req.destroy(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { name: 'TimeoutError' }));
    }, timeoutMs);
    timer.unref?.();
    const done =
      <T>(f: (v: T) => void) =>
      (v: T) => {
        clearTimeout(timer);
        f(v);
      };
    resolve = done(resolve);
    reject = done(reject);
    const req = request(
      url,
      { method: 'POST', agent, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * One AWS service as these clients call it: its signing name, its endpoint variable and its public host, and how long
 * one call may take in all, its retries included (`timeoutMs`, default 20 s).
 */
export type Service = {
  signingName: string;
  endpointEnv: string;
  host: (region: string) => string;
  timeoutMs?: number;
};

/** The error an AWS call failed with, shaped as the SDK shapes it: `name` is the service's error code. */
export type AwsError = Error & {
  $fault: 'client' | 'server';
  $metadata: { httpStatusCode?: number; requestId?: string; attempts: number };
  /** The service's signing name ('dynamodb', 'ses', …): which dependency failed. */
  $service?: string;
  [field: string]: unknown;
};

/** Codes the SDK's standard retry strategy retries (throttling and transient), besides any 5xx and network failure. */
const RETRYABLE = new Set([
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'RequestThrottledException',
  'TooManyRequestsException',
  'ProvisionedThroughputExceededException',
  'TransactionInProgressException',
  'RequestLimitExceeded',
  'BandwidthLimitExceeded',
  'LimitExceededException',
  'RequestThrottled',
  'SlowDown',
  'PriorRequestNotComplete',
  'EC2ThrottledException',
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
  'InternalServerError',
  'InternalFailure',
  'ServiceUnavailable',
]);

/** A command as the SDK's clients take it: its input, and the operation it calls. */
export abstract class AwsCommand<I extends object> {
  abstract readonly operation: string;
  constructor(readonly input: I) {}
}

/** The class of one operation's commands (`new GetCommand(input)`). */
export const commandOf = <I extends object>(operation: string) =>
  class extends AwsCommand<I> {
    readonly operation = operation;
  };

export const region = () => process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1';
/** The public host's domain in the region's partition (the China regions have their own). */
export const dnsSuffix = (r: string) => (r.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com');

/** The environment's credentials (Lambda puts the execution role's there; the local runtime its own). */
function credentials(): Credentials {
  const accessKeyId = process.env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = process.env.AWS_SECRET_ACCESS_KEY;
  if (!accessKeyId || !secretAccessKey) {
    throw Object.assign(new Error('AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set'), {
      name: 'CredentialsProviderError',
    });
  }
  const sessionToken = process.env.AWS_SESSION_TOKEN;
  return { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
}

/** Where a service is called: its own endpoint variable, then AWS_ENDPOINT_URL, then `fallback`, then AWS. */
export function endpointOf(service: Service, fallback?: string): string {
  const url = process.env[service.endpointEnv] ?? process.env.AWS_ENDPOINT_URL ?? fallback;
  return (url ?? `https://${service.host(region())}`).replace(/\/+$/, '');
}

function errorOf({ status, headers, text }: Answer, attempts: number): AwsError {
  const header = (name: string) => [headers[name] ?? []].flat()[0];
  let body: Record<string, unknown> = {};
  try {
    body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    body = { message: text };
  }
  const code =
    header('x-amzn-errortype')?.split(':')[0] ??
    String(body.__type ?? body.code ?? body.Code ?? (status >= 500 ? 'InternalFailure' : `Http${status}`));
  const name = code.split('#').pop()!;
  const { __type: _t, message, Message, ...fields } = body;
  const err = new Error(String(message ?? Message ?? name)) as AwsError;
  Object.assign(err, fields);
  err.name = name;
  err.$fault = status >= 500 ? 'server' : 'client';
  err.$metadata = { httpStatusCode: status, requestId: header('x-amzn-requestid'), attempts };
  return err;
}

/** One call: where it goes, its target headers and JSON body, and how long and how often it may be tried. */
type CallRequest = {
  endpoint: string;
  path: string;
  headers: Record<string, string>;
  body: unknown;
  maxAttempts?: number;
  timeoutMs?: number;
};

/**
 * One signed JSON call with the SDK's standard retries (up to `maxAttempts` tries, exponential back-off with full
 * jitter from 100 ms, at most 20 s): throttling codes, 5xx and network failures are tried again. The whole call, its
 * retries included, takes at most `timeoutMs` (the service's, else 20 s): past it the call fails with `TimeoutError`,
 * so a stalled dependency makes a request fail in bounded time (the API answers 503) instead of hanging until the
 * function's own timeout. The parsed body is returned; a failure is thrown as an `AwsError`.
 */
export async function callAws(service: Service, req: CallRequest): Promise<Record<string, unknown>> {
  const failed = (e: AwsError) => Object.assign(e, { $service: service.signingName });
  try {
    return await callWithRetries(service, req);
  } catch (err) {
    throw failed(err as AwsError);
  }
}

async function callWithRetries(service: Service, req: CallRequest): Promise<Record<string, unknown>> {
  const body = JSON.stringify(req.body);
  const url = new URL(req.path, `${req.endpoint}/`);
  const maxAttempts = req.maxAttempts ?? 3;
  const deadline = Date.now() + (req.timeoutMs ?? service.timeoutMs ?? 20_000);
  for (let attempt = 1; ; attempt++) {
    const headers = signRequest(
      { method: 'POST', url, headers: req.headers, body },
      { service: service.signingName, region: region(), credentials: credentials() },
    );
    let failure: AwsError;
    try {
      const answer = await post(url, headers, body, Math.max(1, deadline - Date.now()));
      if (answer.status >= 200 && answer.status < 300) return answer.text ? JSON.parse(answer.text) : {};
      failure = errorOf(answer, attempt);
    } catch (err) {
      if ((err as AwsError).$metadata) throw err;
      // No answer (connection refused or reset, a stale keep-alive socket): transient, as the SDK treats it.
      failure = Object.assign(err as Error, { $fault: 'client', $metadata: { attempts: attempt } }) as AwsError;
      failure.$network = true;
    }
    const status = failure.$metadata.httpStatusCode;
    const retryable = failure.$network || RETRYABLE.has(failure.name) || status === 429 || (status ?? 0) >= 500;
    if (!retryable || attempt >= maxAttempts || Date.now() >= deadline) throw failure;
    const pause = Math.random() * Math.min(20_000, 100 * 2 ** (attempt - 1));
    await new Promise((r) => setTimeout(r, Math.min(pause, Math.max(0, deadline - Date.now()))));
    if (Date.now() >= deadline) throw failure;
  }
}
