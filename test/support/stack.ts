import { TableSignInAccounts } from '../../shared/org/sign-in-account-repo.ts';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import { FindingRepo } from '../../shared/accountability/finding-repo.ts';
import { OrgRepo } from '../../shared/org/org-repo.ts';
import { ReportRepo } from '../../shared/reports/report-repo.ts';
import { ScoreRepo } from '../../shared/scores/score-repo.ts';
import { ItemRepo } from '../../shared/work-info/item-repo.ts';

/** The running local stack of the test run (started once by the global setup): its URLs, table and emulators. */
export const stack = () => inject('stack');

let doc: DynamoDBDocumentClient | undefined;
export function db(): DynamoDBDocumentClient {
  if (doc) return doc;
  const client = new DynamoDBClient({
    endpoint: stack().dynamoEndpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  return doc;
}
export const orgRepo = () => new OrgRepo(db(), stack().tableName);
export const reportRepo = () => new ReportRepo(db(), stack().tableName);
export const itemRepo = () => new ItemRepo(db(), stack().tableName);
export const scoreRepo = () => new ScoreRepo(db(), stack().tableName);
export const findingRepo = () => new FindingRepo(db(), stack().tableName);
/** What the local sign-in account adapter recorded (org/sign-in-account-repo.ts). */
export const signInAccounts = () => new TableSignInAccounts(db(), stack().tableName);

export type ApiResponse<T = any> = { status: number; body: T; headers: Headers };
type ApiOptions = { token?: string; body?: unknown; raw?: string; headers?: Record<string, string> };

/** One call to the stack's HTTP API; the body is parsed as JSON when it is JSON. */
export async function api<T = any>(method: string, path: string, opts: ApiOptions = {}): Promise<ApiResponse<T>> {
  const json = opts.body !== undefined || opts.raw !== undefined;
  const r = await fetch(`${stack().appUrl}${path}`, {
    method,
    headers: {
      ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
      ...(json ? { 'content-type': 'application/json' } : {}),
      ...opts.headers,
    },
    body: opts.raw ?? (opts.body !== undefined ? JSON.stringify(opts.body) : undefined),
  });
  const text = await r.text();
  let body: any = text;
  try {
    body = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: r.status, body, headers: r.headers };
}

/** The page at `path` as the signed-in person of `token` sees it (the session cookie the pages read); without, nobody's. */
export const fetchPage = (path: string, token?: string) =>
  fetch(`${stack().appUrl}${path}`, { headers: token ? { cookie: `bs_session=${token}` } : {} });

/** A token for a registered person, from the local sign-in. */
export async function signIn(email: string): Promise<string> {
  const r = await api<{ token: string }>('POST', '/api/auth/dev-login', { body: { email } });
  if (r.status !== 200) throw new Error(`dev-login ${email}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.token;
}

/** Invokes a function of the stack by the start of its logical id, as `aws lambda invoke` would. */
export async function invokeFunction(name: string, event: unknown = {}): Promise<any> {
  const r = await api('POST', `/__local/functions/${name}/invoke`, { body: event });
  if (r.status !== 200) throw new Error(`invoke ${name}: ${JSON.stringify(r.body)}`);
  return r.body;
}

type Busy = {
  queues: Record<string, { visible: number; inFlight: number; delayed: number; retrying: number }>;
  running: Record<string, number>;
};

/**
 * Busy only with work for later: delayed messages (nudges the system sent itself for a later minute, like a
 * schedule's next run) and messages a consumer gave back to come again after the visibility timeout (a worker that
 * found another holding the same step's lease; minutes away, as on AWS).
 */
const onlyDelayed = (b: Busy | undefined) =>
  !!b && !Object.keys(b.running).length && Object.values(b.queues).every((q) => q.visible + q.inFlight === 0);

/**
 * Waits until the stack is quiet — no function running, no message waiting or being handled in any queue — through
 * the local runtime's quiescence barrier (`POST /__local/idle`). Call it before asserting that something did *not*
 * happen, so that the assertion checks finished work however slow the machine. A delayed message (a report's nudge
 * for when its level times out, up to 15 minutes ahead) is work for later, not for now: it does not count as busy,
 * as the test's own checks (`checkAt`) stand in for that later minute; so is a message waiting out its visibility
 * timeout after its consumer gave it back. Fails with what was busy after `timeoutMs`.
 */
export async function untilIdle(timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  let quietButDelayed = 0;
  for (;;) {
    const r = await api<{ idle: boolean; busy?: Busy }>('POST', '/__local/idle', { body: { timeoutMs: 120 } });
    if (r.status === 200 && r.body.idle) return;
    if (r.status !== 503) throw new Error(`POST /__local/idle: ${r.status} ${JSON.stringify(r.body)}`);
    // Two answers in a row that only delayed messages remain: as quiet as the barrier's own two checks.
    quietButDelayed = onlyDelayed(r.body.busy) ? quietButDelayed + 1 : 0;
    if (quietButDelayed >= 2) return;
    if (Date.now() > until) throw new Error(`the stack was not idle after ${timeoutMs} ms: ${JSON.stringify(r.body)}`);
  }
}

/** Waits on the clock until `iso` has passed (for what the system compares with its own clock, e.g. "overdue"). */
export async function untilPast(iso: string): Promise<void> {
  const ms = Date.parse(iso) - Date.now();
  if (ms >= 0) await new Promise((r) => setTimeout(r, ms + 1));
}

/**
 * Polls `fn` until it returns something truthy, for a positive outcome that arrives asynchronously (a mail, a stored
 * record). The deadline is generous: on a busy machine the work is slow, and a passing test never waits for it.
 */
export async function waitFor<T>(
  what: string,
  fn: () => Promise<T | undefined | false>,
  timeoutMs = 30_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
