import { type Credentials, signRequest } from './sigv4.ts';

/** One AWS service as these clients call it: its signing name, its endpoint variable and its public host. */
export type Service = { signingName: string; endpointEnv: string; host: (region: string) => string };

/** The error an AWS call failed with, shaped as the SDK shapes it: `name` is the service's error code. */
export type AwsError = Error & {
  $fault: 'client' | 'server';
  $metadata: { httpStatusCode?: number; requestId?: string; attempts: number };
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

function errorOf(status: number, headers: Headers, text: string, attempts: number): AwsError {
  let body: Record<string, unknown> = {};
  try {
    body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    body = { message: text };
  }
  const code =
    headers.get('x-amzn-errortype')?.split(':')[0] ??
    String(body.__type ?? body.code ?? body.Code ?? (status >= 500 ? 'InternalFailure' : `Http${status}`));
  const name = code.split('#').pop()!;
  const { __type: _t, message, Message, ...fields } = body;
  const err = new Error(String(message ?? Message ?? name)) as AwsError;
  Object.assign(err, fields);
  err.name = name;
  err.$fault = status >= 500 ? 'server' : 'client';
  err.$metadata = { httpStatusCode: status, requestId: headers.get('x-amzn-requestid') ?? undefined, attempts };
  return err;
}

/**
 * One signed JSON call with the SDK's standard retries (up to `maxAttempts` tries, exponential back-off with full
 * jitter from 100 ms, at most 20 s): throttling codes, 5xx and network failures are tried again. The parsed body is
 * returned; a failure is thrown as an `AwsError`.
 */
export async function callAws(
  service: Service,
  req: { endpoint: string; path: string; headers: Record<string, string>; body: unknown; maxAttempts?: number },
): Promise<Record<string, unknown>> {
  const body = JSON.stringify(req.body);
  const url = new URL(req.path, `${req.endpoint}/`);
  const maxAttempts = req.maxAttempts ?? 3;
  for (let attempt = 1; ; attempt++) {
    const headers = signRequest(
      { method: 'POST', url, headers: req.headers, body },
      { service: service.signingName, region: region(), credentials: credentials() },
    );
    let failure: AwsError;
    try {
      const res = await fetch(url, { method: 'POST', headers, body });
      const text = await res.text();
      if (res.ok) return text ? (JSON.parse(text) as Record<string, unknown>) : {};
      failure = errorOf(res.status, res.headers, text, attempt);
    } catch (err) {
      if ((err as AwsError).$metadata) throw err;
      // fetch failed before an answer (connection refused or reset): transient, as the SDK treats it.
      failure = Object.assign(err as Error, { $fault: 'client', $metadata: { attempts: attempt } }) as AwsError;
      failure.$network = true;
    }
    const status = failure.$metadata.httpStatusCode;
    const retryable = failure.$network || RETRYABLE.has(failure.name) || status === 429 || (status ?? 0) >= 500;
    if (!retryable || attempt >= maxAttempts) throw failure;
    await new Promise((r) => setTimeout(r, Math.random() * Math.min(20_000, 100 * 2 ** (attempt - 1))));
  }
}
