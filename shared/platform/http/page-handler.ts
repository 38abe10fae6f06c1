import middy from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import httpUrlencodeBodyParser from '@middy/http-urlencode-body-parser';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { downloadHeaders, type Download } from './download.ts';
import { verifyToken } from '../auth/tokens.ts';
import { productionDeps } from '../../app/production.ts';
import type { Caller } from '../auth/caller.ts';
import type { Deps } from '../../app/ports.ts';
import { bodyLimit, callerFromClaims } from './api-handler.ts';
import { toAppError } from './error-mapper.ts';
import { errorPage } from '../pages/layout.ts';

export const SESSION_COOKIE = 'bs_session';

export type PageContext = {
  event: APIGatewayProxyEventV2;
  form: Record<string, string>;
  caller: Caller | undefined;
  deps: Deps;
  params: Record<string, string>;
  query: Record<string, string>;
};
/** `download`: a file (a CSV export) instead of the page. */
export type PageResult = { status?: number; html?: string; redirect?: string; headers?: Record<string, string>; cookies?: string[]; download?: Download };

function readCookie(event: APIGatewayProxyEventV2, name: string): string | undefined {
  const all = [...(event.cookies ?? []), ...(event.headers?.cookie ?? '').split(';')];
  for (const c of all) {
    const [k, ...v] = c.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}

/** The caller of a page, from the session cookie (the same token the API takes, verified here). */
async function pageCaller(deps: Deps, event: APIGatewayProxyEventV2): Promise<Caller | undefined> {
  const token = readCookie(event, SESSION_COOKIE);
  if (!token) return undefined;
  try {
    const claims = await verifyToken(token);
    return await callerFromClaims(deps, claims, event.requestContext?.http?.sourceIp);
  } catch {
    return undefined;
  }
}

/**
 * The middy chain of server-rendered pages: normalise headers → body limit → url-encoded form → session → handler,
 * errors rendered as a Chinese page. `auth: true` sends a visitor without a session to the sign-in page.
 */
export function pageHandler(opts: { auth: boolean }, fn: (ctx: PageContext) => Promise<PageResult>) {
  return middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
    .use(httpHeaderNormalizer())
    .use(bodyLimit())
    .use(httpUrlencodeBodyParser({ disableContentTypeError: true }))
    .use({
      onError: async (request) => {
        const err = toAppError(request.error);
        request.response = { statusCode: err.status, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }, body: errorPage(err) };
      },
    })
    .handler(async (event): Promise<APIGatewayProxyStructuredResultV2> => {
      const deps = productionDeps();
      const caller = await pageCaller(deps, event);
      if (opts.auth && !caller) {
        const next = event.rawPath + (event.rawQueryString ? `?${event.rawQueryString}` : '');
        return { statusCode: 303, headers: { location: `/login?next=${encodeURIComponent(next)}` }, body: '' };
      }
      const form = (typeof event.body === 'object' && event.body ? event.body : {}) as Record<string, string>;
      const r = await fn({
        event,
        form,
        caller,
        deps,
        params: (event.pathParameters ?? {}) as Record<string, string>,
        query: (event.queryStringParameters ?? {}) as Record<string, string>,
      });
      const headers: Record<string, string> = {
        'cache-control': 'no-store',
        'x-frame-options': 'DENY',
        'referrer-policy': 'no-referrer',
        'content-security-policy': "default-src 'self'; style-src 'self' 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
        ...r.headers,
      };
      if (r.redirect) return { statusCode: r.status ?? 303, headers: { ...headers, location: r.redirect }, cookies: r.cookies, body: '' };
      if (r.download) return { statusCode: r.status ?? 200, headers: { ...headers, ...downloadHeaders(r.download) }, cookies: r.cookies, body: r.download.content };
      return { statusCode: r.status ?? 200, headers: { ...headers, 'content-type': 'text/html; charset=utf-8' }, cookies: r.cookies, body: r.html ?? '' };
    });
}

export function sessionCookie(token: string, secure: boolean): string {
  return `${SESSION_COOKIE}=${encodeURIComponent(token)}; Path=/; HttpOnly; SameSite=Lax; Max-Age=43200${secure ? '; Secure' : ''}`;
}
export function clearSessionCookie(): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`;
}
