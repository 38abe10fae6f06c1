import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { FUNCTIONS, NOT_FOUND_ROUTES, ORG_ROUTES, ROUTES } from '../../../shared/app/routes.ts';
import {
  api,
  httpFunction,
  openPage,
  page,
  type Handlers,
  type HttpRoute,
} from '../../../shared/platform/http/router.ts';

type Result = APIGatewayProxyStructuredResultV2 & { body: string; headers: Record<string, string> };
const known = { personId: 'p1', orgId: 'o1', name: '甲', roles: ['reporter'] };
const people = { findPersonByEmail: async (email: string) => (email === 'known@x' ? known : undefined) };
const deps = () => ({ orgs: people });
const errors: unknown[] = [];
const log = (_m: string, extra: { error: Error }) => void errors.push(extra.error);

/** An HTTP API (payload 2.0) event as API Gateway (or the local runtime) hands it over for `routeKey`. */
type EventOptions = {
  body?: string;
  headers?: Record<string, string>;
  claims?: Record<string, unknown>;
  pathParameters?: Record<string, string>;
};
function event(method: string, path: string, routeKey: string, opts: EventOptions = {}) {
  const authorizer = opts.claims ? { authorizer: { jwt: { claims: opts.claims } } } : {};
  return {
    version: '2.0',
    routeKey,
    rawPath: path,
    rawQueryString: '',
    headers: opts.headers ?? {},
    pathParameters: opts.pathParameters,
    requestContext: { http: { method, path, sourceIp: '127.0.0.1' }, ...authorizer },
    body: opts.body,
    isBase64Encoded: false,
  } as unknown as APIGatewayProxyEventV2;
}
type Handler = (e: never, c: Context) => Promise<unknown>;
const call = async (h: Handler, e: APIGatewayProxyEventV2) => (await h(e as never, {} as Context)) as Result;

describe('the router behind /admin/{proxy+}: one page per path of the route table', () => {
  const routes = ORG_ROUTES.filter((r) => r.path.startsWith('/admin'));
  const keys = routes.flatMap((r) => ('pages' in r ? r.pages : [r.path]).map((p) => `${r.method} ${p}`));
  const echo = Object.fromEntries(
    keys.map((key) => [key, openPage(async ({ params }) => ({ html: JSON.stringify({ key, params }) }))]),
  );
  const handler = httpFunction({ routes, handlers: echo as never, deps, log });
  const proxied = (method: string, path: string) => {
    if (path === '/admin') return event(method, path, `${method} /admin`);
    const pathParameters = { proxy: path.slice('/admin/'.length) };
    return event(method, path, `${method} /admin/{proxy+}`, { pathParameters });
  };

  it.each([
    ['GET', '/admin', 'GET /admin', {}],
    ['GET', '/admin/o1', 'GET /admin/{orgId}', { orgId: 'o1' }],
    ['GET', '/admin/o1/', 'GET /admin/{orgId}', { orgId: 'o1' }],
    ['POST', '/admin/o1/roster/delete', 'POST /admin/{orgId}/roster/delete', { orgId: 'o1' }],
    ['POST', '/admin/o1/roster', 'POST /admin/{orgId}/roster', { orgId: 'o1' }],
    [
      'POST',
      '/admin/o1/departments/d%2D1',
      'POST /admin/{orgId}/departments/{departmentId}',
      { orgId: 'o1', departmentId: 'd-1' },
    ],
    ['GET', '/admin/o1/people/p1', 'GET /admin/{orgId}/people/{personId}', { orgId: 'o1', personId: 'p1' }],
  ])('%s %s → %s', async (method, path, key, params) => {
    const r = await call(handler, proxied(method, path));
    expect(r.statusCode).toBe(200);
    const { proxy: _p, ...found } = JSON.parse(r.body).params;
    expect({ key: JSON.parse(r.body).key, params: found }).toEqual({ key, params });
  });

  it.each([
    ['GET', '/admin/o1/roster/delete'],
    ['DELETE', '/admin/o1'],
    ['GET', '/admin/o1/nothing'],
    ['GET', '/admin/o1/people/p1/extra'],
  ])('%s %s is not a page: the 404 page', async (method, path) => {
    const r = await call(handler, proxied(method, path));
    expect(r.statusCode).toBe(404);
    expect(r.headers['content-type']).toContain('text/html');
    expect(r.body).toContain('页面不存在');
  });
});

describe('a function of the route table', () => {
  const body = z.object({ title: z.string({ error: '请填写标题' }).min(2, { error: '标题太短' }) }).strict();
  const routes = [
    { method: 'POST', path: '/api/things', auth: 'jwt', body },
    { method: 'GET', path: '/api/things/{thingId}', auth: 'jwt' },
    { method: 'GET', path: '/api/things/new', auth: 'public' },
    { method: 'POST', path: '/things/{thingId}/{action}', auth: 'public' },
    { method: 'POST', path: '/things/{thingId}/edit', auth: 'public' },
    { method: 'GET', path: '/things', auth: 'public' },
  ] as const satisfies readonly HttpRoute[];
  const handlers = {
    'POST /api/things': api(async ({ body: b, caller }) => ({
      status: 201,
      body: { title: b.title.toUpperCase(), by: caller.personId },
    })),
    'GET /api/things/{thingId}': api(async ({ params }) => ({ body: { thingId: params.thingId } })),
    'GET /api/things/new': api(async () => {
      throw new Error('a bug with a secret in it');
    }),
    'POST /things/{thingId}/{action}': openPage(async ({ params }) => ({ html: `action ${params.action}` })),
    'POST /things/{thingId}/edit': openPage(async () => ({ html: 'edit' })),
    'GET /things': page(async ({ caller }) => ({ html: caller.name })),
  } satisfies Handlers<(typeof routes)[number], ReturnType<typeof deps>>;
  const handler = httpFunction({ routes, deps, log, handlers });
  const json = { 'content-type': 'application/json' };
  const signedIn = { claims: { email: 'known@x' } };

  const post = (body: string, headers = json) =>
    call(handler, event('POST', '/api/things', 'POST /api/things', { body, headers, ...signedIn }));

  it('validates a body with the schema of its route; the handler gets the parsed body and the caller', async () => {
    const ok = await post('{"title":"ab"}');
    expect([ok.statusCode, JSON.parse(ok.body)]).toEqual([201, { title: 'AB', by: 'p1' }]);
    const bad = await post('{"title":"a","x":1}');
    expect(bad.statusCode).toBe(400);
    const details = [
      { field: 'title', message: '标题太短' },
      { field: 'x', code: 'unknown_field' },
    ];
    expect(JSON.parse(bad.body).error).toMatchObject({ code: 'VALIDATION_FAILED', details });
    const malformed = await post('{"title":');
    expect([malformed.statusCode, JSON.parse(malformed.body).error.code]).toEqual([400, 'MALFORMED_BODY']);
    expect((await post('title', { 'content-type': 'text/plain' })).statusCode).toBe(415);
  });

  it('knows the caller of a JWT route from the table, or refuses', async () => {
    const get = (claims: Record<string, unknown>) =>
      call(handler, event('GET', '/api/things/t1', 'GET /api/things/{thingId}', { claims }));
    const stranger = await get({ email: 'nobody@x' });
    expect([stranger.statusCode, JSON.parse(stranger.body).error.code]).toEqual([403, 'FORBIDDEN']);
    expect((await get({})).statusCode).toBe(401);
    const known = await get({ email: 'known@x' });
    expect([known.statusCode, JSON.parse(known.body)]).toEqual([200, { thingId: 't1' }]);
  });

  it('answers an unknown route with the standard error envelope: JSON under /api/, a page elsewhere', async () => {
    const r = await call(handler, event('GET', '/api/nothing', 'GET /api/nothing'));
    expect(r.statusCode).toBe(404);
    expect(JSON.parse(r.body)).toEqual({
      error: { code: 'NOT_FOUND', message: '接口不存在或您无权查看。', details: [] },
    });
    const p = await call(handler, event('GET', '/nothing', 'GET /nothing'));
    expect([p.statusCode, p.headers['content-type']]).toEqual([404, 'text/html; charset=utf-8']);
  });

  it('prefers the route with more fixed segments, as API Gateway does', async () => {
    const edit = await call(handler, event('POST', '/things/t1/edit', 'POST /things/{thingId}/edit'));
    const other = await call(handler, event('POST', '/things/t1/submit', 'POST /things/{thingId}/{action}'));
    const fixed = await call(handler, event('GET', '/api/things/new', 'GET /api/things/new'));
    expect([edit.body, other.body, fixed.statusCode]).toEqual(['edit', 'action submit', 500]);
  });

  it('turns an unexpected error into a 500 that says nothing of it, and logs it', async () => {
    errors.length = 0;
    const r = await call(handler, event('GET', '/api/things/new', 'GET /api/things/new'));
    expect(r.statusCode).toBe(500);
    expect(r.body).not.toContain('secret');
    expect(JSON.parse(r.body).error.code).toBe('INTERNAL');
    expect((errors[0] as Error).message).toContain('secret');
  });

  it('sends a visitor without a session from a page that needs one to the sign-in page', async () => {
    const r = await call(handler, event('GET', '/things', 'GET /things'));
    expect([r.statusCode, r.headers.location]).toEqual([303, '/login?next=%2Fthings']);
  });

  it.each([
    ['over 1 KB', 'x'.repeat(2048)],
    ['NUL', 'a\u0000b'],
    ['%00 as sent', '%00'],
    ['emoji', '😀'],
    ['path traversal', '../../etc/passwd'],
    ['a key of the table', 'ORG#o1'],
    ['blank', ' '],
  ])(
    'refuses a path id that cannot be one (%s) with the 404 envelope naming it, before the handler runs',
    async (_, id) => {
      const claims = { email: 'known@x' };
      const r = await call(
        handler,
        event('GET', `/api/things/${encodeURIComponent(id)}`, 'GET /api/things/{thingId}', {
          claims,
          pathParameters: { thingId: id },
        }),
      );
      expect(r.statusCode).toBe(404);
      expect(JSON.parse(r.body).error).toMatchObject({ code: 'NOT_FOUND', details: [{ field: 'thingId' }] });
    },
  );

  it('refuses a malformed id behind a page route with the 404 page', async () => {
    const r = await call(
      handler,
      event('POST', '/things/%F0%9F%98%80/edit', 'POST /things/{thingId}/edit', { pathParameters: { thingId: '😀' } }),
    );
    expect([r.statusCode, r.headers['content-type']]).toEqual([404, 'text/html; charset=utf-8']);
  });

  it('treats a session cookie that cannot be decoded as no session, instead of failing', async () => {
    const r = await call(handler, event('GET', '/things', 'GET /things', { headers: { cookie: 'bs_session=%E4' } }));
    expect([r.statusCode, r.headers.location]).toEqual([303, '/login?next=%2Fthings']);
  });

  it('fails at cold start when a route has no handler or a handler no route', () => {
    const one = [{ method: 'GET', path: '/a', auth: 'public' }] as const satisfies readonly HttpRoute[];
    const none = {} as never;
    expect(() => httpFunction({ routes: one, deps, log, handlers: none })).toThrow(/routes without a handler: GET \/a/);
    const extra = { 'GET /a': openPage(async () => ({})), 'GET /b': openPage(async () => ({})) };
    const more = extra as never;
    expect(() => httpFunction({ routes: one, deps, log, handlers: more })).toThrow(/handlers without a route: GET \/b/);
  });
});

describe('the catch-all routes (NOT_FOUND_ROUTES): what no route matches', () => {
  const routes = [{ method: 'GET', path: '/things', auth: 'public' }, ...NOT_FOUND_ROUTES] as const;
  const handler = httpFunction({
    routes,
    deps,
    log,
    handlers: { 'GET /things': openPage(async () => ({ html: 'things' })) },
  });
  const unknown = (method: string, path: string) =>
    call(handler, event(method, path, `${method} /{proxy+}`, { pathParameters: { proxy: path.slice(1) } }));

  it.each(['GET', 'POST', 'PUT', 'PATCH', 'DELETE'])('%s of an unknown page is the 404 page', async (method) => {
    const r = await unknown(method, '/no/such/page');
    expect([r.statusCode, r.headers['content-type']]).toEqual([404, 'text/html; charset=utf-8']);
    expect(r.body).toContain('找不到页面');
  });

  it('an unknown /api/ path is the JSON 404 envelope', async () => {
    const r = await unknown('DELETE', '/api/no/such/thing');
    expect(r.statusCode).toBe(404);
    expect(JSON.parse(r.body)).toEqual({
      error: { code: 'NOT_FOUND', message: '接口不存在或您无权查看。', details: [] },
    });
  });

  it('come last in ROUTES, one per method, served by the session function', () => {
    const tail = ROUTES.slice(-NOT_FOUND_ROUTES.length);
    expect(tail.map((r) => `${r.method} ${r.path} ${r.fn} ${r.auth}`)).toEqual(
      ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].map((m) => `${m} /{proxy+} session public`),
    );
  });
});

describe('the HTTP functions of FUNCTIONS', () => {
  const http = Object.entries(FUNCTIONS).filter(([, f]) => f.entry.startsWith('functions/http/'));
  it.each(http)('%s serves exactly its routes of the table (else it fails at import)', async (_name, f) => {
    const entry = (await import(/* @vite-ignore */ pathToFileURL(path.resolve(f.entry)).href)) as { handler: unknown };
    expect(typeof entry.handler).toBe('function');
  });
  it('are one per context (and one each for documents, the .docx writer, and zero reports), and every route belongs to one', () => {
    const names = http.map(([name]) => name);
    expect(names.sort()).toEqual([
      'accountability',
      'attachments',
      'documents',
      'followups',
      'org',
      'reports',
      'scores',
      'session',
      'workInfo',
      'zeroReports',
    ]);
    expect(ROUTES.filter((r) => !names.includes(r.fn))).toEqual([]);
  });
});
