import middy from '@middy/core';
import httpUrlencodeBodyParser from '@middy/http-urlencode-body-parser';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { downloadBody, downloadHeaders, type Download } from './download.ts';
import { verifyToken } from '../auth/tokens.ts';
import type { Caller } from '../auth/caller.ts';
import { callerFromClaims, paramsOf, queryOf, type PeopleDirectory } from './api-handler.ts';
import { errorMapper, htmlError, type ErrorLog } from './error-mapper.ts';

export const SESSION_COOKIE = 'bs_session';

/** A page's request: the form posted (url-encoded), the signed-in caller if any, path parameters and query. */
export type OpenPageContext<D> = {
  event: APIGatewayProxyEventV2;
  form: Record<string, string>;
  caller: Caller | undefined;
  deps: D;
  params: Record<string, string>;
  query: Record<string, string>;
};
/** A page that needs a session has its caller: a visitor without one was sent to the sign-in page. */
export type PageContext<D> = OpenPageContext<D> & { caller: Caller };
/** `download`: a file (a CSV export) instead of the page. */
export type PageResult = {
  status?: number;
  html?: string;
  redirect?: string;
  headers?: Record<string, string>;
  cookies?: string[];
  download?: Download;
};

const PAGE_HEADERS = {
  'cache-control': 'no-store',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'content-security-policy':
    "default-src 'self'; style-src 'self' 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
};

function readCookie(event: APIGatewayProxyEventV2, name: string): string | undefined {
  const all = [...(event.cookies ?? []), ...(event.headers?.cookie ?? '').split(';')];
  for (const c of all) {
    const [k, ...v] = c.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}

/** The caller of a page, from the session cookie (the same token the API takes, verified here). */
async function pageCaller(people: PeopleDirectory, event: APIGatewayProxyEventV2): Promise<Caller | undefined> {
  const token = readCookie(event, SESSION_COOKIE);
  if (!token) return undefined;
  try {
    const claims = await verifyToken(token);
    return await callerFromClaims(people, claims, event.requestContext?.http?.sourceIp);
  } catch {
    return undefined;
  }
}

/**
 * The middy chain of one server-rendered page: url-encoded form → session → handler, errors rendered as a Chinese
 * page. `session: 'required'` sends a visitor without a session to the sign-in page.
 */
export function pageChain<D extends { orgs: PeopleDirectory }>(opts: {
  session: 'required' | 'optional';
  deps: () => D;
  log: ErrorLog;
  run: (ctx: OpenPageContext<D>) => Promise<PageResult>;
}) {
  return middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
    .use(httpUrlencodeBodyParser({ disableContentTypeError: true }))
    .use(errorMapper(opts.log, htmlError))
    .handler(async (event): Promise<APIGatewayProxyStructuredResultV2> => {
      const deps = opts.deps();
      const caller = await pageCaller(deps.orgs, event);
      if (opts.session === 'required' && !caller) {
        const next = event.rawPath + (event.rawQueryString ? `?${event.rawQueryString}` : '');
        return { statusCode: 303, headers: { location: `/login?next=${encodeURIComponent(next)}` }, body: '' };
      }
      const form = (typeof event.body === 'object' && event.body ? event.body : {}) as Record<string, string>;
      const r = await opts.run({ event, form, caller, deps, params: paramsOf(event), query: queryOf(event) });
      const headers: Record<string, string> = { ...PAGE_HEADERS, ...r.headers };
      const { cookies } = r;
      const status = r.status ?? (r.redirect ? 303 : 200);
      if (r.redirect) return { statusCode: status, headers: { ...headers, location: r.redirect }, cookies, body: '' };
      if (r.download) {
        const file = downloadBody(r.download);
        return { statusCode: status, headers: { ...headers, ...downloadHeaders(r.download) }, cookies, ...file };
      }
      const html = { ...headers, 'content-type': 'text/html; charset=utf-8' };
      return { statusCode: status, headers: html, cookies, body: r.html ?? '' };
    });
}

export function sessionCookie(token: string, secure: boolean): string {
  const attributes = `Path=/; HttpOnly; SameSite=Lax; Max-Age=43200${secure ? '; Secure' : ''}`;
  return `${SESSION_COOKIE}=${encodeURIComponent(token)}; ${attributes}`;
}
export function clearSessionCookie(): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`;
}
