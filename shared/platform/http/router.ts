import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import httpRouterHandler, { type Method } from '@middy/http-router';
import type * as z from 'zod';
import { NotFoundError } from '../kernel/errors.ts';
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

/** The keys a function's handlers answer: `METHOD /path` of each route, or of each page behind a proxy route. */
export type RouteKey<R> = R extends { method: infer M extends string; pages: readonly (infer P extends string)[] }
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
const GATEWAY_PARAMS = Symbol('gateway path parameters');
type Tagged = Event & { [GATEWAY_PARAMS]?: Record<string, string | undefined> };

/**
 * One Lambda function's HTTP entry: the middy router over the function's routes of the route table. Each route runs
 * its own chain (JSON or page, see `apiChain` and `pageChain`) after the shared one: normalise headers → body limit.
 * A route of the table without a handler, or a handler without a route, fails at cold start. An unknown route is the
 * standard 404 (JSON under `/api/`, a page elsewhere). Parameters the router finds behind a proxy route are decoded;
 * those API Gateway matched arrive as it gives them.
 */
export function httpFunction<R extends HttpRoute, D extends { orgs: PeopleDirectory }>(opts: {
  routes: readonly R[];
  handlers: NoInfer<Handlers<R, D>>;
  deps: () => D;
  log: ErrorLog;
}) {
  const handlers = opts.handlers as Record<string, ApiRoute<unknown, D> | PageRoute<D>>;
  const keyed = opts.routes.flatMap((route) =>
    (route.pages ?? [route.path]).map((path) => ({ route, path, key: `${route.method} ${path}` })),
  );
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
        return chain(event, context);
      };
      return [{ method: route.method, path, handler }];
    });
  return middy<Tagged, Result>()
    .use(httpHeaderNormalizer())
    .use({
      before: async ({ event }) => {
        event[GATEWAY_PARAMS] = { ...event.pathParameters };
      },
    })
    .use(bodyLimit())
    .use(errorMapper(opts.log, byPath))
    .handler(
      httpRouterHandler<Tagged, Result>({
        routes: routes as never,
        notFoundResponse: ({ path }) => {
          throw new NotFoundError(path.startsWith('/api/') ? '接口' : '页面');
        },
      }) as never,
    );
}
