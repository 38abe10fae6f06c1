import {
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  type CreateTableCommandInput,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, paginateScan } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { randomBytes } from 'node:crypto';
import { monotonicFactory } from 'ulid';
import { accountabilityApi } from '../../functions/http/accountability/api.ts';
import { accountabilityPages } from '../../functions/http/accountability/pages.ts';
import { followupApi } from '../../functions/http/followups/api.ts';
import { followupPages } from '../../functions/http/followups/pages.ts';
import { verificationApi } from '../../functions/http/followups/verification-api.ts';
import { verificationPages } from '../../functions/http/followups/verification-pages.ts';
import { orgApi } from '../../functions/http/org/api.ts';
import { adminPages } from '../../functions/http/org/pages.ts';
import { reportApi } from '../../functions/http/reports/api.ts';
import { reportPages } from '../../functions/http/reports/pages.ts';
import { phonedReportHandlers } from '../../functions/http/reports/phoned.ts';
import { zeroReportHandlers } from '../../functions/http/reports/zero.ts';
import { scoreApi } from '../../functions/http/scores/api.ts';
import { scorePages } from '../../functions/http/scores/pages.ts';
import { sessionApi } from '../../functions/http/session/api.ts';
import { sessionPages } from '../../functions/http/session/pages.ts';
import { workInfoApi } from '../../functions/http/work-info/api.ts';
import { workInfoPages } from '../../functions/http/work-info/pages.ts';
import { FindingRepo } from '../../shared/accountability/finding-repo.ts';
import type { Deps } from '../../shared/app/ports.ts';
import {
  ACCOUNTABILITY_ROUTES,
  FOLLOWUP_ROUTES,
  type FunctionName,
  NOT_FOUND_ROUTES,
  ORG_ROUTES,
  PHONED_REPORT_ROUTES,
  REPORT_ROUTES,
  type Route,
  SCORE_ROUTES,
  SESSION_ROUTES,
  WORK_INFO_ROUTES,
  ZERO_REPORT_ROUTES,
} from '../../shared/app/routes.ts';
import { OrgRepo } from '../../shared/org/org-repo.ts';
import { TableSignInAccounts } from '../../shared/org/sign-in-account-repo.ts';
import { DEFAULT_ORG_CONFIG } from '../../shared/org/rules/config.ts';
import { DEFAULT_TIMEZONE, type Person, type Role } from '../../shared/org/rules/model.ts';
import { signDevToken } from '../../shared/platform/auth/tokens.ts';
import { SESSION_COOKIE } from '../../shared/platform/http/page-handler.ts';
import { httpFunction } from '../../shared/platform/http/router.ts';
import { localParts } from '../../shared/platform/kernel/time.ts';
import type { Mail } from '../../shared/platform/mail/mailer.ts';
import { OutboxRepo } from '../../shared/platform/outbox/outbox-repo.ts';
import { ReportRepo } from '../../shared/reports/report-repo.ts';
import { ZeroReportRepo } from '../../shared/reports/zero-repo.ts';
import { ScoreRepo } from '../../shared/scores/score-repo.ts';
import { VerificationRepo } from '../../shared/followups/verification-repo.ts';
import { ItemRepo } from '../../shared/work-info/item-repo.ts';

/**
 * One lane of the fuzzer: a DynamoDB Local table of its own (the stack table's key schema and indexes), an
 * organisation with everyone in it and a report, an item, an instruction, a finding, and every HTTP function of the
 * route table built in-process on it: the same routers, routes and handlers as `functions/http/<context>.ts`, with
 * the repositories on the lane's table. Mail and queue messages are kept in lists (a refused request must add none).
 * Its own table makes "nothing written" exact: nothing else writes there.
 */

export const DEV_SECRET = 'fuzz-dev-secret-0123456789abcdef';
process.env.AUTH_MODE = 'dev';
process.env.DEV_AUTH_SECRET = DEV_SECRET;
process.env.APP_URL ??= 'http://127.0.0.1:9';
// The stage's sign-in provider, as the stack sets it for the session function (port 9: nothing answers there).
process.env.OIDC_ISSUER ??= 'http://127.0.0.1:9/oidc';
process.env.OIDC_DOMAIN ??= 'http://127.0.0.1:9/oidc';
process.env.OIDC_CLIENT_ID ??= 'fuzz-client';

type Handler = (event: unknown, context: Context) => Promise<Result>;
export type Result = { statusCode: number; headers?: Record<string, string>; body?: string; cookies?: string[] };

/** What each HTTP function of FUNCTIONS serves, as its entry in functions/http/ composes it. */
const FUNCTION_ROUTES = {
  session: { routes: [...SESSION_ROUTES, ...NOT_FOUND_ROUTES], handlers: { ...sessionApi, ...sessionPages } },
  org: { routes: ORG_ROUTES, handlers: { ...orgApi, ...adminPages } },
  reports: {
    routes: [...REPORT_ROUTES, ...PHONED_REPORT_ROUTES],
    handlers: { ...reportApi, ...reportPages, ...phonedReportHandlers },
  },
  zeroReports: { routes: ZERO_REPORT_ROUTES, handlers: zeroReportHandlers },
  followups: {
    routes: FOLLOWUP_ROUTES,
    handlers: { ...followupApi, ...followupPages, ...verificationApi, ...verificationPages },
  },
  workInfo: { routes: WORK_INFO_ROUTES, handlers: { ...workInfoApi, ...workInfoPages } },
  accountability: { routes: ACCOUNTABILITY_ROUTES, handlers: { ...accountabilityApi, ...accountabilityPages } },
  scores: { routes: SCORE_ROUTES, handlers: { ...scoreApi, ...scorePages } },
} as const;
type HttpFunctionName = keyof typeof FUNCTION_ROUTES;

/** The adapters each function's production wiring names (`productionDeps({...})` in its entry): it gets only those. */
async function wiredOf(fn: HttpFunctionName): Promise<readonly string[]> {
  const entry = {
    session: () => import('../../functions/http/session.ts'),
    org: () => import('../../functions/http/org.ts'),
    reports: () => import('../../functions/http/reports.ts'),
    zeroReports: () => import('../../functions/http/zero-reports.ts'),
    followups: () => import('../../functions/http/followups.ts'),
    workInfo: () => import('../../functions/http/work-info.ts'),
    accountability: () => import('../../functions/http/accountability.ts'),
    scores: () => import('../../functions/http/scores.ts'),
  }[fn];
  return (await entry()).production.wired;
}

export type RoleKey = 'reporter' | 'head' | 'leader' | 'chief' | 'office' | 'duty' | 'reviewer' | 'outsider' | 'admin';
const ROLE_KEYS: RoleKey[] = ['reporter', 'head', 'leader', 'chief', 'office', 'duty', 'reviewer', 'outsider', 'admin'];

export type Fixture = {
  orgId: string;
  otherOrgId: string;
  newsId: string;
  officeId: string;
  people: Record<RoleKey, Person>;
  reportId: string;
  itemId: string;
  instructionId?: string;
  findingId?: string;
  periodicalId?: string;
  circularId?: string;
  /** A zero-report period (零报告) of the organisation, today to two days on. */
  periodId?: string;
  /** A phoned-in report whose written version is owed (the caller is the reporter, the office took it down). */
  phonedReportId?: string;
  /** A session cookie per role, for the pages. */
  cookies: Record<RoleKey, string>;
};

/** A request as API Gateway hands it to a function: the route it matched, the path parameters it found. */
export type Request = {
  route: Route;
  /** For a `{proxy+}` route: the page path the router tells apart (else the route's path). */
  path: string;
  params: Record<string, string>;
  query?: Record<string, string>;
  headers: Record<string, string>;
  body?: string;
  isBase64Encoded?: boolean;
  /** The authorizer's claims (JWT routes): who is calling, or nobody. */
  email?: string;
};

const WRITES = /^(PutItem|UpdateItem|DeleteItem|BatchWriteItem|TransactWriteItems)Command$/;

export class Lane {
  /** The writes DynamoDB accepted on the lane's table, in order (`PutItem`, `TransactWriteItems`, …). */
  readonly writes: string[] = [];
  readonly mails: Mail[] = [];
  readonly nudges: unknown[] = [];
  private fns = new Map<FunctionName, Handler>();
  readonly deps: Deps;
  fixture!: Fixture;

  private constructor(
    readonly db: DynamoDBDocumentClient,
    readonly table: string,
  ) {
    const ids = monotonicFactory();
    this.deps = {
      orgs: new OrgRepo(db, table),
      reports: new ReportRepo(db, table),
      items: new ItemRepo(db, table),
      findings: new FindingRepo(db, table),
      scores: new ScoreRepo(db, table),
      verifications: new VerificationRepo(db, table),
      zeroReports: new ZeroReportRepo(db, table),
      queue: { nudge: async (m) => void this.nudges.push(m) },
      scoring: { enqueue: async (m) => void this.nudges.push(...m) },
      accounts: new TableSignInAccounts(db, table),
      outbox: { records: new OutboxRepo(db, table), queue: { nudge: async (id) => void this.nudges.push(id) } },
      mailer: {
        send: async (m) => {
          this.mails.push(m);
          return { messageId: `fuzz-${this.mails.length}` };
        },
      },
      clock: () => new Date(),
      ids,
      appUrl: process.env.APP_URL!,
      log: { info() {}, warn() {}, error() {} },
    };
  }

  /** A lane on a new table shaped like `sourceTable` (its keys and indexes), with the functions and the fixture. */
  static async open(endpoint: string, sourceTable: string, onError: (e: Error) => void): Promise<Lane> {
    const client = new DynamoDBClient({
      endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const { Table: t } = await client.send(new DescribeTableCommand({ TableName: sourceTable }));
    const table = `fuzz-${randomBytes(4).toString('hex')}`;
    const input: CreateTableCommandInput = {
      TableName: table,
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: t!.KeySchema,
      AttributeDefinitions: t!.AttributeDefinitions,
      GlobalSecondaryIndexes: t!.GlobalSecondaryIndexes?.map((g) => ({
        IndexName: g.IndexName,
        KeySchema: g.KeySchema,
        Projection: g.Projection,
      })),
    };
    await client.send(new CreateTableCommand(input));
    const db = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
    const lane = new Lane(db, table);
    // Every write that DynamoDB accepted, by command: the table is the lane's alone, so these are all its changes.
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const out = await next(args);
        if (WRITES.test(context.commandName ?? '')) lane.writes.push(context.commandName!.replace(/Command$/, ''));
        return out;
      },
      { step: 'initialize', name: 'fuzzWriteObserver' },
    );
    for (const fn of Object.keys(FUNCTION_ROUTES) as HttpFunctionName[]) {
      const { routes, handlers } = FUNCTION_ROUTES[fn];
      const wired = await wiredOf(fn);
      const deps = lane.wiredDeps(wired);
      const handler = httpFunction({
        routes: routes as readonly Route[],
        handlers: handlers as never,
        deps: () => deps,
        log: (_m, { error }) => onError(error),
      });
      lane.fns.set(fn, handler as unknown as Handler);
    }
    await lane.seed();
    return lane;
  }

  /** The lane's dependencies as a function given only `wired` sees them: reaching for another fails, as in production. */
  private wiredDeps(wired: readonly string[]): Deps {
    const all = this.deps as unknown as Record<string, unknown>;
    const ports = [
      'reports',
      'items',
      'findings',
      'scores',
      'verifications',
      'zeroReports',
      'queue',
      'scoring',
      'mailer',
      'outbox',
    ];
    const deps: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(all)) {
      if (!ports.includes(k) || wired.includes(k)) deps[k] = v;
      else if (k === 'findings' || k === 'scores' || k === 'verifications' || k === 'zeroReports') continue;
      else
        Object.defineProperty(deps, k, {
          get: () => {
            throw new Error(`${k} is not wired into this function`);
          },
          enumerable: true,
        });
    }
    return deps as Deps;
  }

  async close(): Promise<void> {
    await this.db.send(new DeleteTableCommand({ TableName: this.table }));
  }

  /** Every item of the lane's table, as one string to compare (sorted by key). */
  async snapshot(): Promise<string> {
    const rows: string[] = [];
    for await (const page of paginateScan({ client: this.db }, { TableName: this.table, ConsistentRead: true }))
      for (const item of page.Items ?? []) rows.push(canonical(item));
    return rows.sort().join('\n');
  }

  /** One request through the function that serves its route, as API Gateway (payload 2.0) would hand it over. */
  async send(req: Request): Promise<Result> {
    const handler = this.fns.get(req.route.fn)!;
    const rawPath = rawPathOf(req);
    const proxied = req.route.path.includes('{proxy+}');
    const pathParameters = proxied ? { proxy: rawPath.slice(req.route.path.indexOf('{proxy+}')) } : req.params;
    const rawQueryString = req.query ? new URLSearchParams(req.query).toString() : '';
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k.toLowerCase(), v]));
    const now = new Date();
    const event = {
      version: '2.0',
      routeKey: `${req.route.method} ${req.route.path}`,
      rawPath,
      rawQueryString,
      cookies: headers.cookie ? headers.cookie.split(';').map((c) => c.trim()) : undefined,
      headers,
      queryStringParameters: req.query && Object.keys(req.query).length ? { ...req.query } : undefined,
      pathParameters: Object.keys(pathParameters).length ? { ...pathParameters } : undefined,
      requestContext: {
        accountId: '000000000000',
        apiId: 'fuzz',
        domainName: 'localhost',
        domainPrefix: 'localhost',
        http: { method: req.route.method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: '' },
        requestId: randomBytes(8).toString('hex'),
        routeKey: `${req.route.method} ${req.route.path}`,
        stage: '$default',
        time: now.toISOString(),
        timeEpoch: now.getTime(),
        ...(req.route.auth === 'jwt' && req.email
          ? { authorizer: { jwt: { claims: { email: req.email, sub: 'fuzz' }, scopes: null } } }
          : {}),
      },
      body: req.body,
      isBase64Encoded: req.isBase64Encoded ?? false,
    };
    return handler(event, {} as Context);
  }

  /** A call of the fixture's own: it must succeed. */
  private async call(route: Route, params: Record<string, string>, who: RoleKey, body?: unknown) {
    const r = await this.send({
      route,
      path: route.path,
      params,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      email: this.fixture.people[who].email,
    });
    return { status: r.statusCode, body: r.body ? (JSON.parse(r.body) as Record<string, unknown>) : {} };
  }

  /** The organisation, as the stack tests' `givenOrg` makes one, and one of each thing its routes name. */
  private async seed(): Promise<void> {
    const tag = randomBytes(4).toString('hex');
    const orgId = `org-${tag}`;
    const otherOrgId = `org-${tag}-other`;
    const newsId = `${orgId}-news`;
    const officeId = `${orgId}-office`;
    const mk = (key: RoleKey, roles: Role[], dept?: string, org = orgId): Person => ({
      personId: `${tag}-${key}`,
      orgId: org,
      name: key,
      email: `${key}-${tag}@fuzz.local`,
      roles,
      available: true,
      ...(dept ? { departmentId: dept } : {}),
    });
    const people: Record<RoleKey, Person> = {
      reporter: mk('reporter', ['reporter'], newsId),
      head: mk('head', ['departmentHead'], newsId),
      leader: mk('leader', ['supervisingLeader']),
      chief: mk('chief', ['principalLeader']),
      office: mk('office', ['officeHead'], officeId),
      duty: mk('duty', ['dutyLeader']),
      reviewer: mk('reviewer', ['reviewer'], newsId),
      admin: mk('admin', ['admin']),
      outsider: mk('outsider', ['officeHead'], undefined, otherOrgId),
    };
    const repo = this.deps.orgs as OrgRepo;
    for (const p of Object.values(people)) await repo.createPerson(p);
    const now = Date.now();
    const days = [-1, 0, 1, 2, 3].map((d) => localParts(new Date(now + d * 86400_000), DEFAULT_TIMEZONE).date);
    const hours = { days: [1, 2, 3, 4, 5, 6, 7], periods: [{ start: '00:00', end: '24:00' }] };
    await repo.putDepartment({ orgId, departmentId: newsId, name: '新闻部', headId: people.head.personId });
    await repo.putDepartment({ orgId, departmentId: officeId, name: '办公室', headId: people.office.personId });
    await repo.createOrg({
      orgId,
      name: `模糊测试单位 ${tag}`,
      timezone: DEFAULT_TIMEZONE,
      principalLeaderId: people.chief.personId,
      officeDepartmentId: officeId,
      config: { ...DEFAULT_ORG_CONFIG, workingHours: hours },
      calendarOverrides: { holidays: [], workdays: days },
      createdAt: new Date(now).toISOString(),
    });
    await repo.createOrg({
      orgId: otherOrgId,
      name: `另一单位 ${tag}`,
      timezone: DEFAULT_TIMEZONE,
      config: DEFAULT_ORG_CONFIG,
      createdAt: new Date(now).toISOString(),
    });
    const cookies = {} as Record<RoleKey, string>;
    for (const k of ROLE_KEYS) {
      const token = await signDevToken({ sub: people[k].personId, email: people[k].email }, DEV_SECRET);
      cookies[k] = `${SESSION_COOKIE}=${encodeURIComponent(token)}`;
    }
    this.fixture = { orgId, otherOrgId, newsId, officeId, people, cookies, reportId: '', itemId: '' };
    const route = (method: string, path: string) => ALL_ROUTES.find((r) => r.method === method && r.path === path)!;

    const report = await this.call(route('POST', '/api/reports'), {}, 'reporter', {
      departmentId: newsId,
      category: 'safety',
      severity: 'III',
      title: '演播室起火',
      occurredAt: new Date(now - 10 * 60_000).toISOString(),
      place: '二楼演播室',
      summary: '电线短路引发明火，已疏散人员。',
      measuresTaken: '已用灭火器扑灭。',
      contact: { name: '李信息', phone: '13800000000' },
    });
    if (report.status !== 201) throw new Error(`fixture report: ${report.status} ${JSON.stringify(report.body)}`);
    this.fixture.reportId = String(report.body.reportId);
    const item = await this.call(route('POST', '/api/items'), {}, 'reporter', {
      kind: 'work',
      title: '一条工作信息',
      body: '正文',
      departmentId: newsId,
    });
    if (item.status !== 201) throw new Error(`fixture item: ${item.status} ${JSON.stringify(item.body)}`);
    this.fixture.itemId = String(item.body.itemId);
    const due = new Date(now + 3 * 86400_000).toISOString();
    const instruction = await this.call(
      route('POST', '/api/reports/{reportId}/instructions'),
      { reportId: this.fixture.reportId },
      'head',
      { text: '请抓紧处置', assigneeIds: [people.reporter.personId], dueAt: due },
    );
    if (instruction.status === 201) this.fixture.instructionId = String(instruction.body.instructionId);
    const finding = await this.call(route('POST', '/api/orgs/{orgId}/findings'), { orgId }, 'office', {
      kind: 'late',
      reportId: this.fixture.reportId,
      responsibleOrgId: orgId,
      occurredAt: new Date().toISOString(),
      note: '迟报',
    });
    if (finding.status === 201) this.fixture.findingId = String(finding.body.findingId);
    const period = await this.call(route('POST', '/api/orgs/{orgId}/zero-report-periods'), { orgId }, 'office', {
      title: '春节假期',
      from: days[1],
      to: days[3],
      cutoff: '23:59',
      departmentIds: [newsId, officeId],
    });
    if (period.status === 201) this.fixture.periodId = String(period.body.periodId);
    const phoned = await this.call(route('POST', '/api/reports'), {}, 'office', {
      departmentId: newsId,
      category: 'safety',
      severity: 'II',
      title: '来电：机房冒烟',
      occurredAt: new Date(now - 10 * 60_000).toISOString(),
      summary: '来电称机房冒烟。',
      intake: {
        channel: 'phone',
        callerPersonId: people.reporter.personId,
        calledAt: new Date(now - 5 * 60_000).toISOString(),
      },
    });
    if (phoned.status === 201) this.fixture.phonedReportId = String(phoned.body.reportId);
  }
}

/** JSON with every object's keys sorted, at every depth: equal items print equal. */
const canonical = (v: unknown): string =>
  Array.isArray(v)
    ? `[${v.map(canonical).join(',')}]`
    : v && typeof v === 'object'
      ? `{${Object.keys(v)
          .sort()
          .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
          .join(',')}}`
      : (JSON.stringify(v) ?? 'null');

/** Percent-encoded as a client sends it (a lone surrogate, which no URL can carry, as the bytes it becomes). */
export const encode = (s: string) =>
  s.replace(/[^A-Za-z0-9_.~-]/gu, (c) => Buffer.from(c).toString('hex').replace(/../g, '%$&'));

/**
 * The path as sent (`rawPath`, ASCII as every URL is): its route's (or page's) path with the parameters in it, each
 * encoded; a `{proxy+}` keeps its slashes.
 */
export const rawPathOf = (req: Request) =>
  req.path.replace(/\{(\w+)(\+?)\}/g, (_, name: string, greedy: string) => {
    const v = req.params[name] ?? '';
    return greedy ? v.split('/').map(encode).join('/') : encode(v);
  });

export const ALL_ROUTES: readonly Route[] = Object.values(FUNCTION_ROUTES).flatMap((f) => f.routes as readonly Route[]);
