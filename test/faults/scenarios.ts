/**
 * The fault scenarios of issue 15 item 4, against the local stack on the real emulators. Each injects one fault,
 * lets the system recover (the every-minute check, run as the schedule would), and ends with the same three counts:
 * reports without their first message, duplicate messages to one person for one step, and 5xx answers other than
 * 503 with Retry-After while the database was paused. Messages are counted in the SES emulator's store per recipient
 * and subject (the subject names the report and the step), so the count does not depend on how mails are sent.
 * `npm run faults` runs the full sizes (run.ts); `test/faults/faults.test.ts` the short form.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { fileLog, LocalStack, type LocalStackInfo } from '../../infra/local/runtime.ts';
import { startSes } from '../../infra/local/emulators.ts';
import { OrgRepo } from '../../shared/org/org-repo.ts';
import { DEFAULT_ORG_CONFIG } from '../../shared/org/rules/config.ts';

export type Sizes = {
  /** Scenario 1: submissions while SES refuses every call, and for how long it refuses. */
  sesSubmissions: number;
  sesDownMs: number;
  /** Scenario 2: submissions around the pause, and how long DynamoDB Local is stopped. */
  dbSubmissions: number;
  dbPauseMs: number;
  /** Scenario 5: submissions before the whole stack is killed. */
  killSubmissions: number;
  /** How often the every-minute check runs while a fault lasts (the schedule's minute, shortened in the short form). */
  checkEveryMs: number;
};

export const FULL: Sizes = {
  sesSubmissions: 50,
  sesDownMs: 120_000,
  dbSubmissions: 30,
  dbPauseMs: 20_000,
  killSubmissions: 20,
  checkEveryMs: 60_000,
};
export const SHORT: Sizes = {
  sesSubmissions: 10,
  sesDownMs: 6_000,
  dbSubmissions: 6,
  dbPauseMs: 8_000,
  killSubmissions: 5,
  checkEveryMs: 3_000,
};

export type Verdict = {
  scenario: string;
  did: string;
  lost: string;
  reports: number;
  withoutFirstMessage: number;
  duplicates: number;
  bad5xx: number;
  answers: Record<string, number>;
};

type Mail = { subject: string; destination: { to: string[] } };
const CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };
const ORG = 'faults-org';
const ROOT = path.resolve(import.meta.dirname, '..', '..');
const quiet = () =>
  new Writable({
    write(_c, _e, cb) {
      cb();
    },
  });

function docClient(endpoint: string) {
  return DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: CREDENTIALS }), {
    marshallOptions: { removeUndefinedValues: true },
  });
}

/** The organisation every scenario reports in: a department head, a supervising leader, a principal leader. */
async function seedOrg(dynamoEndpoint: string, table: string): Promise<void> {
  const orgs = new OrgRepo(docClient(dynamoEndpoint), table);
  if (await orgs.getOrg(ORG)) return;
  const person = (key: string, roles: string[], dept?: string) => ({
    personId: `faults-${key}`,
    orgId: ORG,
    name: key,
    email: `${key}@faults.local`,
    roles: roles as never,
    available: true,
    ...(dept ? { departmentId: dept } : {}),
  });
  for (const p of [
    person('reporter', ['reporter'], 'faults-news'),
    person('head', ['departmentHead'], 'faults-news'),
    person('leader', ['supervisingLeader']),
    person('chief', ['principalLeader']),
  ])
    await orgs.createPerson(p);
  await orgs.putDepartment({
    orgId: ORG,
    departmentId: 'faults-news',
    name: '新闻部',
    headId: 'faults-head',
    supervisingLeaderId: 'faults-leader',
  });
  const days = [-1, 0, 1].map((d) => new Date(Date.now() + d * 86400_000).toISOString().slice(0, 10));
  await orgs.createOrg({
    orgId: ORG,
    name: '故障演练单位',
    timezone: 'Asia/Shanghai',
    principalLeaderId: 'faults-chief',
    config: {
      ...DEFAULT_ORG_CONFIG,
      // Always working time: the chain starts at the department head whatever the hour the test runs.
      workingHours: { days: [1, 2, 3, 4, 5, 6, 7], periods: [{ start: '00:00', end: '24:00' }] },
    },
    calendarOverrides: { holidays: [], workdays: days },
    createdAt: new Date().toISOString(),
  });
}

/** The reporter's side: submissions with an Idempotency-Key each, sent again after Retry-After on a 503. */
class Reporter {
  readonly answers: Record<string, number> = {};
  bad5xx = 0;
  private token = '';
  /** While the database is paused (and its calls' bounded time after): a 503 with Retry-After is allowed then. */
  pausedUntil = 0;
  pausedFrom = Number.POSITIVE_INFINITY;

  constructor(private appUrl: string) {}

  retarget(appUrl: string) {
    this.appUrl = appUrl;
  }

  async login(): Promise<void> {
    const r = await fetch(`${this.appUrl}/api/auth/dev-login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'reporter@faults.local' }),
    });
    if (r.status !== 200) throw new Error(`dev-login: ${r.status} ${await r.text()}`);
    this.token = ((await r.json()) as { token: string }).token;
  }

  /** Submits until accepted (at most `patienceMs`); every answer is counted, and any 5xx but an allowed 503 is bad. */
  async submit(title: string, patienceMs = 90_000): Promise<boolean> {
    const key = crypto.randomUUID();
    // A client sends the same body again with the same key: the body is built once (a fresh occurredAt per attempt
    // would be another request under the same key, which the API rightly refuses with 422 IDEMPOTENCY_KEY_REUSED).
    const body = JSON.stringify({
      departmentId: 'faults-news',
      category: 'safety',
      severity: 'III',
      title,
      occurredAt: new Date(Date.now() - 60_000).toISOString(),
      place: '机房',
      summary: '故障演练',
      measuresTaken: '无',
      contact: { name: '甲', phone: '12345678' },
    });
    const until = Date.now() + patienceMs;
    while (Date.now() < until) {
      const started = Date.now();
      const r = await fetch(`${this.appUrl}/api/reports`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${this.token}`,
          'content-type': 'application/json',
          'idempotency-key': key,
        },
        body,
      }).catch(() => undefined);
      const status = r?.status ?? 0;
      const retryAfter = r?.headers.get('retry-after');
      const label = status === 503 && retryAfter ? '503+Retry-After' : String(status);
      this.answers[label] = (this.answers[label] ?? 0) + 1;
      if (status === 201 || status === 200) return true;
      const during = started < this.pausedUntil && Date.now() >= this.pausedFrom;
      if (status >= 500 || status === 0) {
        if (!(status === 503 && retryAfter && during)) this.bad5xx++;
        await new Promise((res) => setTimeout(res, Number(retryAfter ?? 1) * 1000));
        continue;
      }
      throw new Error(`submit ${title}: ${status} ${await r?.text()}`);
    }
    return false;
  }
}

/** One running stack as the scenarios see it: the app's URL, its control paths, the table, the mailbox. */
type Target = { info: LocalStackInfo; mailUrl: string };

async function control(appUrl: string, fn: string, event: unknown): Promise<unknown> {
  const r = await fetch(`${appUrl}/__local/functions/${fn}/invoke`, { method: 'POST', body: JSON.stringify(event) });
  return r.json();
}

async function idle(appUrl: string, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const r = await fetch(`${appUrl}/__local/idle`, { method: 'POST', body: JSON.stringify({ timeoutMs: 2_000 }) });
    const body = (await r.json()) as {
      idle: boolean;
      busy?: { queues: Record<string, { visible: number; inFlight: number; delayed: number }>; running: object };
    };
    // Messages that failed and wait out their visibility timeout (3 min) are nobody's work now: quiet enough, since
    // the check takes over what they were for (when they come back, the steps they ask for are done already).
    const onlyRetrying =
      body.busy &&
      Object.keys(body.busy.running).length === 0 &&
      Object.values(body.busy.queues).every((q) => q.visible + q.inFlight + q.delayed === 0);
    if (body.idle || onlyRetrying) return;
    if (Date.now() > until) throw new Error(`not idle after ${timeoutMs} ms: ${JSON.stringify(body)}`);
  }
}

const check = (appUrl: string, at = new Date()) =>
  control(appUrl, 'CheckOverdue', { time: at.toISOString() }) as Promise<{ advanced: number; failed: number }>;

/**
 * Recovery as the schedule gives it: the every-minute check now, then as of three minutes later (past the two-minute
 * lease of a mail whose sender died between claiming and recording it), each followed by quiescence.
 */
async function catchUp(appUrl: string, log: Log = () => undefined): Promise<string> {
  await idle(appUrl);
  log('   quiet; the every-minute check now …');
  const a = await check(appUrl);
  await idle(appUrl);
  log('   … and as of 3 minutes later');
  const b = await check(appUrl, new Date(Date.now() + 3 * 60_000));
  await idle(appUrl);
  return `check advanced ${a.advanced} then ${b.advanced} (as of +3 min)`;
}

async function mails(mailUrl: string): Promise<Mail[]> {
  return ((await (await fetch(`${mailUrl}/store`)).json()) as { emails: Mail[] }).emails;
}

/** The three counts over the reports whose title starts with `tag`. */
async function verdict(
  t: Target,
  tag: string,
  base: Omit<Verdict, 'reports' | 'withoutFirstMessage' | 'duplicates' | 'bad5xx' | 'answers'>,
  reporter: Reporter,
): Promise<Verdict> {
  const db = docClient(t.info.dynamoEndpoint);
  const reports: { title: string; chain: { level: number; email?: string; state: string }[] }[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const r = await db.send(
      new ScanCommand({
        TableName: t.info.tableName,
        FilterExpression: 'SK = :sk AND begins_with(title, :tag)',
        ExpressionAttributeValues: { ':sk': 'REPORT', ':tag': tag },
        ExclusiveStartKey: start,
      }),
    );
    reports.push(...((r.Items ?? []) as typeof reports));
    start = r.LastEvaluatedKey;
  } while (start);
  const all = (await mails(t.mailUrl)).filter((m) => m.subject.includes(tag));
  const withoutFirst = reports.filter((rep) => {
    const first = [...rep.chain].sort((a, b) => a.level - b.level).find((l) => l.state !== 'skipped');
    return !all.some((m) => m.subject.includes(rep.title) && (!first?.email || m.destination.to.includes(first.email)));
  });
  const seen = new Map<string, number>();
  for (const m of all)
    for (const to of m.destination.to) seen.set(`${to}|${m.subject}`, (seen.get(`${to}|${m.subject}`) ?? 0) + 1);
  const duplicates = [...seen.values()].reduce((n, c) => n + Math.max(0, c - 1), 0);
  const answers = { ...reporter.answers };
  const bad5xx = reporter.bad5xx;
  for (const k of Object.keys(reporter.answers)) delete reporter.answers[k];
  reporter.bad5xx = 0;
  return { ...base, reports: reports.length, withoutFirstMessage: withoutFirst.length, duplicates, bad5xx, answers };
}

const mailsOf = async (mailUrl: string, tag: string) => (await mails(mailUrl)).filter((m) => m.subject.includes(tag));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Runs `f` every `ms` until stopped (the every-minute check while a fault lasts); its failures are counted. */
function every(ms: number, f: () => Promise<unknown>) {
  let stopped = false;
  let runs = 0;
  const loop = (async () => {
    while (!stopped) {
      await sleep(ms);
      if (stopped) break;
      await f().catch(() => undefined);
      runs++;
    }
  })();
  return async () => {
    stopped = true;
    await loop;
    return runs;
  };
}

export type Log = (line: string) => void;

/** Runs the five scenarios and returns their verdicts; `log` gets what each did as it goes. */
export async function runScenarios(sizes: Sizes, log: Log, only?: number[]): Promise<Verdict[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'baosong-faults-'));
  const outdir = path.join(tmpdir(), 'baosong-faults-cdk.out');
  const out: Verdict[] = [];
  const want = (n: number) => !only || only.includes(n);
  if ([1, 2, 3, 4].some(want)) {
    const stack = new LocalStack({
      ports: { app: 0, dynamodb: 0, sqs: 0, ses: 0 },
      outdir,
      reuseAssembly: true,
      schedules: false,
      faults: true,
      functionLog: process.env.FAULTS_LOG ? fileLog(process.env.FAULTS_LOG) : quiet(),
    });
    log('starting the local stack (fault hooks on) …');
    const info = await stack.start();
    try {
      await seedOrg(info.dynamoEndpoint, info.tableName);
      const t: Target = { info, mailUrl: info.mailUrl };
      const reporter = new Reporter(info.appUrl);
      await reporter.login();
      const faults = stack.faults!;
      if (want(1)) out.push(await sesDown(t, reporter, sizes, (r) => (faults.rule = r), log));
      if (want(2)) out.push(await dbPaused(t, reporter, sizes, faults.dynamoPid, log));
      if (want(3)) out.push(await workerKilled(t, reporter, stack, log));
      if (want(4)) out.push(await sqsLost(t, reporter, sizes, (r) => (faults.rule = r), log));
    } finally {
      await stack.stop();
    }
  }
  if (want(5)) out.push(await stackKilled(dir, outdir, sizes, log));
  return out;
}

type SetRule = (r: import('../../infra/local/fault-proxy.ts').FaultRule | undefined) => void;

async function sesDown(t: Target, reporter: Reporter, s: Sizes, setRule: SetRule, log: Log): Promise<Verdict> {
  const tag = `[故障1-${Date.now()}]`;
  let refused = 0;
  setRule((c) => (c.service === 'ses' ? (refused++, 'refuse') : 'pass'));
  const started = Date.now();
  const stopChecks = every(s.checkEveryMs, () => check(t.info.appUrl));
  let accepted = 0;
  for (let i = 0; i < s.sesSubmissions; i++) {
    // Spread over the window, in fives at once.
    const batch = Array.from({ length: Math.min(5, s.sesSubmissions - i) }, (_, k) =>
      reporter.submit(`${tag} 报告 ${i + k + 1}`),
    );
    i += batch.length - 1;
    accepted += (await Promise.all(batch)).filter(Boolean).length;
    await sleep(Math.max(0, (s.sesDownMs * 0.8) / (s.sesSubmissions / 5)));
  }
  while (Date.now() - started < s.sesDownMs) await sleep(100);
  const checks = await stopChecks();
  setRule(undefined);
  const before = (await mailsOf(t.mailUrl, tag)).length;
  const recovery = await catchUp(t.info.appUrl);
  const after = (await mailsOf(t.mailUrl, tag)).length;
  log(`1. SES refused every call for ${s.sesDownMs / 1000} s`);
  return verdict(
    t,
    tag,
    {
      scenario: `1. SES refusing every call for ${fmtMs(s.sesDownMs)} during ${s.sesSubmissions} submissions`,
      did: `${accepted}/${s.sesSubmissions} submissions accepted; SES refused ${refused} calls; the check ran ${checks} times during the outage; ${recovery}`,
      lost: `mails out during the outage: ${before}; after it: ${after}`,
    },
    reporter,
  );
}

async function dbPaused(t: Target, reporter: Reporter, s: Sizes, pid: number, log: Log): Promise<Verdict> {
  const tag = `[故障2-${Date.now()}]`;
  // Half the submissions before the pause, half during it; the every-minute check runs while it lasts.
  const first = Math.floor(s.dbSubmissions / 2);
  const results: Promise<boolean>[] = [];
  for (let i = 0; i < first; i++) results.push(reporter.submit(`${tag} 报告 ${i + 1}`));
  await sleep(50);
  process.kill(pid, 'SIGSTOP');
  const pausedAt = Date.now();
  reporter.pausedFrom = pausedAt;
  // Calls that started while it was stopped may take their bounded time (6 s) after it resumes.
  reporter.pausedUntil = pausedAt + s.dbPauseMs + 1_000;
  let checkAnswer = 'not run';
  const duringCheck = check(t.info.appUrl).then(
    (r) => (checkAnswer = JSON.stringify(r).slice(0, 120)),
    (e) => (checkAnswer = String(e)),
  );
  for (let i = first; i < s.dbSubmissions; i++) {
    results.push(reporter.submit(`${tag} 报告 ${i + 1}`));
    await sleep(s.dbPauseMs / 2 / (s.dbSubmissions - first));
  }
  while (Date.now() - pausedAt < s.dbPauseMs) await sleep(50);
  process.kill(pid, 'SIGCONT');
  const accepted = (await Promise.all(results)).filter(Boolean).length;
  await duringCheck;
  const recovery = await catchUp(t.info.appUrl);
  log(`2. DynamoDB Local stopped for ${s.dbPauseMs / 1000} s`);
  reporter.pausedUntil = 0;
  reporter.pausedFrom = Number.POSITIVE_INFINITY;
  return verdict(
    t,
    tag,
    {
      scenario: `2. DynamoDB Local paused (SIGSTOP) for ${fmtMs(s.dbPauseMs)} during ${s.dbSubmissions} submissions and the every-minute check`,
      did: `${accepted}/${s.dbSubmissions} submissions accepted (503s sent again after Retry-After with the same Idempotency-Key); the check during the pause answered ${checkAnswer}; ${recovery}`,
      lost: 'nothing accepted was lost',
    },
    reporter,
  );
}

async function workerKilled(t: Target, reporter: Reporter, stack: LocalStack, log: Log): Promise<Verdict> {
  const tag = `[故障3-${Date.now()}]`;
  const faults = stack.faults!;
  // The submissions' own nudges are held back, so that the ten nudges below reach the consumer as one batch.
  // The consumer's mails are slowed, each a little more than the one before, so the batch is half done for a while.
  let sesCalls = 0;
  faults.rule = (c) =>
    c.service === 'sqs' && c.fn.startsWith('Reports')
      ? 'drop'
      : c.service === 'ses' && c.fn.startsWith('SendEscalation')
        ? { delayMs: 200 + 250 * sesCalls++ }
        : 'pass';
  const db = docClient(t.info.dynamoEndpoint);
  for (let i = 0; i < 10; i++) await reporter.submit(`${tag} 报告 ${i + 1}`);
  const ids = (
    await db.send(
      new ScanCommand({
        TableName: t.info.tableName,
        FilterExpression: 'SK = :sk AND begins_with(title, :tag)',
        ExpressionAttributeValues: { ':sk': 'REPORT', ':tag': tag },
      }),
    )
  ).Items!.map((i) => String(i.reportId));
  const queue = Object.entries(t.info.queues).find(([id]) => id.startsWith('Escalation') && !/Dlq|Dead/i.test(id))!;
  const sqs = new SQSClient({ endpoint: t.info.sqsEndpoint, region: 'us-east-1', credentials: CREDENTIALS });
  await sqs.send(
    new SendMessageBatchCommand({
      QueueUrl: queue[1].url,
      Entries: ids.map((reportId, i) => ({ Id: String(i), MessageBody: JSON.stringify({ reportId }) })),
    }),
  );
  // Killed once some of the batch's mails are out and recorded as sent, and the rest claimed and on their way.
  const sentRecords = async () =>
    (
      await db.send(
        new ScanCommand({
          TableName: t.info.tableName,
          FilterExpression: 'begins_with(SK, :mail) AND #s = :sent',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':mail': 'MAIL#', ':sent': 'sent' },
        }),
      )
    ).Items!.filter((i) => ids.includes(String(i.PK).replace('REPORT#', ''))).length;
  let killed = false;
  for (let n = 0; n < 1000 && !killed; n++) {
    if ((await sentRecords()) >= 2) killed = faults.killBusyWorker('SendEscalation');
    else await sleep(10);
  }
  const atKill = (await mailsOf(t.mailUrl, tag)).length;
  log(`   killed: ${killed}, ${atKill} mails out`);
  faults.rule = undefined;
  const recovery = await catchUp(t.info.appUrl, log);
  log('3. the escalation consumer killed in the middle of a batch of 10');
  return verdict(
    t,
    tag,
    {
      scenario: "3. the escalation consumer's worker killed in the middle of a batch of 10",
      did: `${ids.length} nudges in one batch; worker ${killed ? 'killed' : 'NOT killed (never busy)'} with ${atKill} of the batch's mails out; ${recovery}`,
      lost: `the rest of the batch (${ids.length} reports, ${atKill} mails out) came back through the check`,
    },
    reporter,
  );
}

async function sqsLost(t: Target, reporter: Reporter, s: Sizes, setRule: SetRule, log: Log): Promise<Verdict> {
  const tag = `[故障4-${Date.now()}]`;
  let lost = 0;
  setRule((c) => (c.service === 'sqs' && c.fn.startsWith('Reports') ? (lost++, 'drop') : 'pass'));
  const n = s.killSubmissions;
  const accepted = (await Promise.all(Array.from({ length: n }, (_, i) => reporter.submit(`${tag} 报告 ${i + 1}`))))
    .length;
  await idle(t.info.appUrl);
  const before = (await mailsOf(t.mailUrl, tag)).length;
  const recovery = await catchUp(t.info.appUrl);
  setRule(undefined);
  log('4. every SQS send of a submission lost');
  return verdict(
    t,
    tag,
    {
      scenario: `4. every SQS send of a submission lost (${n} submissions)`,
      did: `${accepted} submissions accepted; ${lost} SendMessage calls answered as sent and dropped; ${recovery}`,
      lost: `mails out before the check: ${before}`,
    },
    reporter,
  );
}

/** Starts the stack in a process group of its own on `dataDir`, its mail going to `sesEndpoint` (the mailboxes). */
async function spawnStack(
  dataDir: string,
  outdir: string,
  sesEndpoint: string,
): Promise<{ child: ChildProcess; info: LocalStackInfo }> {
  const child = spawn(
    path.join(ROOT, 'node_modules', '.bin', 'tsx'),
    [path.join(ROOT, 'test', 'faults', 'stack-process.ts')],
    {
      cwd: ROOT,
      detached: true,
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, FAULTS_DATA_DIR: dataDir, FAULTS_OUTDIR: outdir, FAULTS_SES: sesEndpoint },
    },
  );
  const lines = createInterface({ input: child.stdout! });
  const info = await new Promise<LocalStackInfo>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the stack process exited (${code})`)));
    lines.on('line', (l) => {
      if (l.startsWith('{')) resolve(JSON.parse(l) as LocalStackInfo);
    });
  });
  return { child, info };
}

async function stackKilled(dir: string, outdir: string, s: Sizes, log: Log): Promise<Verdict> {
  const tag = `[故障5-${Date.now()}]`;
  const ses = await startSes(0);
  const dataDir = path.join(dir, 'data');
  const reporter = new Reporter('');
  try {
    log('starting the local stack in a process of its own (DynamoDB Local on disk) …');
    let { child, info } = await spawnStack(dataDir, outdir, ses.endpoint);
    await seedOrg(info.dynamoEndpoint, info.tableName);
    reporter.retarget(info.appUrl);
    await reporter.login();
    const n = s.killSubmissions;
    const accepted = (
      await Promise.all(Array.from({ length: n }, (_, i) => reporter.submit(`${tag} 报告 ${i + 1}`)))
    ).filter(Boolean).length;
    // Right after the last answer: the whole group (gateway, functions, SQS emulator, DynamoDB Local's Java).
    process.kill(-child.pid!, 'SIGKILL');
    const atKill = (await mailsOf(ses.endpoint, tag)).length;
    await new Promise((r) => (child.exitCode !== null || child.signalCode ? r(null) : child.once('exit', r)));
    await sleep(500);
    log(`   killed with ${atKill} of ${n} first mails out; starting again on the same data …`);
    ({ child, info } = await spawnStack(dataDir, outdir, ses.endpoint));
    try {
      const recovery = await catchUp(info.appUrl);
      return await verdict(
        { info, mailUrl: ses.endpoint },
        tag,
        {
          scenario: `5. the whole local stack killed (SIGKILL) right after ${n} submissions, then started again`,
          did: `${accepted}/${n} submissions accepted; killed with ${atKill} mails out (the queue's messages died with the SQS emulator); started again on the same DynamoDB data; ${recovery}`,
          lost: 'the in-memory queue; no report',
        },
        reporter,
      );
    } finally {
      process.kill(-child.pid!, 'SIGTERM');
      await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
    }
  } finally {
    await ses.stop();
  }
}

const fmtMs = (ms: number) => (ms >= 60_000 ? `${ms / 60_000} min` : `${ms / 1000} s`);

/** The printed form: one block per scenario, and the three counts. */
export function print(v: Verdict[]): string {
  const lines: string[] = [];
  for (const x of v) {
    lines.push(x.scenario);
    lines.push(`   did:  ${x.did}`);
    lines.push(`   lost: ${x.lost}`);
    lines.push(
      `   answers to submissions: ${Object.entries(x.answers)
        .map(([k, c]) => `${c} × ${k}`)
        .join(', ')}`,
    );
    lines.push(
      `   => ${x.reports} reports: ${x.withoutFirstMessage} without their first message, ${x.duplicates} duplicate messages, ${x.bad5xx} × 5xx other than 503 with Retry-After while the database was paused`,
    );
  }
  return lines.join('\n');
}
