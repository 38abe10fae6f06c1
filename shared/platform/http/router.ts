import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import httpRouterHandler, { type Method } from '@middy/http-router';
import type * as z from 'zod';
import { NotFoundError } from '../kernel/errors.ts';
import { assertIdShapes } from '../kernel/ids.ts';
import {
  apiChain,
  bodyLimit,
  type ApiContext,
  type ApiResult,
  type Event,
  type PeopleDirectory,
  type Result,
} from './api-handler.ts';
import { byPath, errorMapper, type ErrorLog } from './error-mapper.ts';
import { pageChain, type OpenPageContext, type PageContext, type PageResult } from './page-handler.ts';

/**
 * What the router reads of a route of the route table. `pages`: the paths a `{proxy+}` route stands for (one API
 * Gateway route per method instead of one per page keeps the stack small); the router tells them apart.
 */
export type HttpRoute = {
  readonly method: Exclude<Method, 'ANY' | 'OPTIONS' | 'HEAD'>;
  readonly path: string;
  readonly auth: 'jwt' | 'public';
  readonly body?: z.ZodType;
  readonly pages?: readonly string[];
};

/** The catch-all route (`NOT_FOUND_ROUTES`): no handler, the router answers the standard 404 itself. */
export const CATCH_ALL = '/{proxy+}';

/**
 * The keys a function's handlers answer: `METHOD /path` of each route, or of each page behind a proxy route; none for
 * the catch-all.
 */
export type RouteKey<R> = R extends { path: typeof CATCH_ALL }
  ? never
  : R extends { method: infer M extends string; pages: readonly (infer P extends string)[] }
    ? `${M} ${P}`
    : R extends { method: infer M extends string; path: infer P extends string }
      ? `${M} ${P}`
      : never;
type RouteOf<R, K> = R extends unknown ? (K extends RouteKey<R> ? R : never) : never;
/** The parsed body of the route behind `K`: what its schema in the route table gives, or nothing. */
export type BodyOf<R, K> = RouteOf<R, K> extends { body: infer S extends z.ZodType } ? z.infer<S> : undefined;

export type ApiRoute<B, D> = { kind: 'api'; run: (ctx: ApiContext<B, D>) => Promise<ApiResult> };
export type PageRoute<D> = {
  kind: 'page';
  session: 'required' | 'optional';
  run: (ctx: OpenPageContext<D>) => Promise<PageResult>;
};
/** One handler per route key of the function's routes, each typed by its route's body schema. */
export type Handlers<R, D> = { [K in RouteKey<R>]: ApiRoute<BodyOf<R, K>, D> | PageRoute<D> };

/** A JSON route: parse → one use case → shape the response. Its body arrives validated by the route's schema. */
export const api = <B, D>(run: (ctx: ApiContext<B, D>) => Promise<ApiResult>): ApiRoute<B, D> => ({ kind: 'api', run });
/** A page for the signed-in: a visitor without a session is sent to the sign-in page first. */
export const page = <D>(run: (ctx: PageContext<D>) => Promise<PageResult>): PageRoute<D> => ({
  kind: 'page',
  session: 'required',
  run: run as PageRoute<D>['run'],
});
/** A page anyone may open (sign-in, a mail link carrying its own token); `caller` is set when there is a session. */
export const openPage = <D>(run: (ctx: OpenPageContext<D>) => Promise<PageResult>): PageRoute<D> => ({
  kind: 'page',
  session: 'optional',
  run,
});

/** Fixed segments first, as API Gateway picks the most specific route; a `{proxy+}` last. */
const specificity = (path: string) =>
  path.includes('{proxy+}') ? -1 : path.split('/').filter((s) => s && !s.startsWith('{')).length;

const decode = (v: string) => {
  try {
    return decodeURIComponent(v);
  } catch {
    return v;
  }
};
/** Whether a cookie's value can be read: one the browser holds from elsewhere, or forged, may not be percent-decodable. */
const readable = (cookie: string) => {
  try {
    decodeURIComponent(cookie);
    return true;
  } catch {
    return false;
  }
};
/** Cookies that are not percent-decodable are none of ours: dropped, so a page sees no session instead of failing. */
const dropUnreadableCookies = (event: Event) => {
  if (event.cookies) event.cookies = event.cookies.filter(readable);
  const header = event.headers?.cookie;
  if (header !== undefined && !readable(header))
    event.headers.cookie = header
      .split(';')
      .filter((c) => readable(c))
      .join(';');
};
const GATEWAY_PARAMS = Symbol('gateway path parameters');
type Tagged = Event & { [GATEWAY_PARAMS]?: Record<string, string | undefined> };

/** What no route answers: the standard 404, the envelope under /api/ and the 404 page elsewhere (`byPath`). */
const notFound = async (event: Event): Promise<never> => {
  throw new NotFoundError((event.rawPath ?? '').startsWith('/api/') ? '接口' : '页面');
};

/**
 * One Lambda function's HTTP entry: the middy router over the function's routes of the route table. Each route runs
 * its own chain (JSON or page, see `apiChain` and `pageChain`) after the shared one: normalise headers → drop cookies
 * that cannot be decoded → body limit.
 * A route of the table without a handler, or a handler without a route, fails at cold start. An unknown route is the
 * standard 404 (JSON under `/api/`, a page elsewhere). Parameters the router finds behind a proxy route are decoded;
 * those API Gateway matched arrive as it gives them. A parameter naming a record (`…Id`) that is not of an id's shape
 * is a 404 before any handler runs, so no malformed id reaches a key (`assertIdShapes`).
 */
export function httpFunction<R extends HttpRoute, D extends { orgs: PeopleDirectory }>(opts: {
  routes: readonly R[];
  handlers: NoInfer<Handlers<R, D>>;
  deps: () => D;
  log: ErrorLog;
}) {
  const handlers = opts.handlers as Record<string, ApiRoute<unknown, D> | PageRoute<D>>;
  const catchAll = opts.routes.filter((r) => r.path === CATCH_ALL);
  const keyed = opts.routes
    .filter((r) => r.path !== CATCH_ALL)
    .flatMap((route) => (route.pages ?? [route.path]).map((path) => ({ route, path, key: `${route.method} ${path}` })));
  const unrouted = Object.keys(handlers).filter((k) => !keyed.some((r) => r.key === k));
  const unhandled = keyed.filter((r) => !handlers[r.key]).map((r) => r.key);
  if (unrouted.length || unhandled.length) {
    const list = (keys: string[]) => keys.join(', ') || '-';
    throw new Error(`routes without a handler: ${list(unhandled)}; handlers without a route: ${list(unrouted)}`);
  }
  const routes = keyed
    .sort((a, b) => specificity(b.path) - specificity(a.path))
    .flatMap(({ route, path, key }) => {
      const h = handlers[key];
      if (!h) return [];
      const { deps, log } = opts;
      const chain = (h.kind === 'api'
        ? apiChain({ auth: route.auth, body: route.body, deps, log, run: h.run })
        : pageChain({ session: h.session, deps, log, run: h.run })) as unknown as (
        event: Event,
        context: Context,
      ) => Promise<Result>;
      const handler = (event: Tagged, context: Context) => {
        const gateway = event[GATEWAY_PARAMS] ?? {};
        const found = Object.entries(event.pathParameters ?? {});
        event.pathParameters = Object.fromEntries(found.map(([k, v]) => [k, k in gateway || !v ? v : decode(v)]));
        assertIdShapes(event.pathParameters);
        return chain(event, context);
      };
      return [{ method: route.method, path, handler }];
    })
    .concat(catchAll.map((r) => ({ method: r.method, path: r.path, handler: notFound as never })));
  return middy<Tagged, Result>()
    .use(httpHeaderNormalizer())
    .use({
      before: async ({ event }) => {
        event[GATEWAY_PARAMS] = { ...event.pathParameters };
        dropUnreadableCookies(event);
      },
    })
    .use(bodyLimit())
    .use(errorMapper(opts.log, byPath))
    .handler(
      httpRouterHandler<Tagged, Result>({
        routes: routes as never,
        notFoundResponse: ({ path }) => notFound({ rawPath: path } as Event),
      }) as never,
    );
}
