import middy from '@middy/core';
import httpUrlencodeBodyParser from '@middy/http-urlencode-body-parser';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { downloadBody, downloadHeaders, type Download } from './download.ts';
import { verifyToken } from '../auth/tokens.ts';
import { oidcConfig, refreshTokens, type Tokens } from '../auth/oidc.ts';
import { env } from '../kernel/env.ts';
import { ForbiddenError } from '../kernel/errors.ts';
import { unregisteredPage, withFlash } from '../pages/layout.ts';
import { PAGE_SCRIPT_CSP } from '../pages/picker-script.ts';
import type { Caller } from '../auth/caller.ts';
import { callerFromClaims, paramsOf, queryOf, type PeopleDirectory } from './api-handler.ts';
import { errorMapper, htmlError, type ErrorLog } from './error-mapper.ts';

export const SESSION_COOKIE = 'bs_session';
export const REFRESH_COOKIE = 'bs_refresh';
export const LOGIN_COOKIE = 'bs_login';
export const FLASH_COOKIE = 'bs_flash';
/** A flash that is a refusal, not a confirmation (see `withFlash`). */
export const REFUSAL_PREFIX = 'refusal:';

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
  /**
   * With `redirect`: a confirmation the page redirected to shows once at its top ("已确认接报"), so that every
   * action ends on a page that says what happened (Post/Redirect/Get).
   */
  flash?: string;
  /**
   * With `redirect`: a whole-form refusal (a 409/422 of a one-button form such as 催办 or 销号) shown once at the top of
   * the page it goes back to, as an error with the anchor `#refusal`, rather than a bare error page.
   */
  refusal?: string;
};

const PAGE_HEADERS = {
  'cache-control': 'no-store',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'content-security-policy':
    // The one inline script of the pages (search in long pickers, the report form's draft) by its hash.
    `default-src 'self'; script-src 'self' ${PAGE_SCRIPT_CSP}; style-src 'self' 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'`,
};

export function readCookie(event: APIGatewayProxyEventV2, name: string): string | undefined {
  const all = [...(event.cookies ?? []), ...(event.headers?.cookie ?? '').split(';')];
  for (const c of all) {
    const [k, ...v] = c.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}

/** The ID token is renewed when less than this is left of it (Cognito's ID tokens last an hour by default). */
const REFRESH_MARGIN_MS = 10 * 60_000;

/** The directory also names organisations where it can (the header shows the name). */
type OrgNames = {
  getOrg?: (orgId: string) => Promise<{ name: string; principalLeaderId?: string } | undefined>;
};
/**
 * What a person's 待办 holds, for the count in the navigation: the reports' 待办 rows (reports/ports.ts `todosOf`,
 * one query of the person's partition) and the work-information items waiting for the person's 签发 (work-info
 * ports.ts `signOffsWaiting`, one count on the organisation's sign-off index). Every function with pages is wired
 * with the report and the item store for it.
 */
type TodoSource = {
  reports?: { todosOf(personId: string): Promise<readonly unknown[]> };
  items?: { signOffsWaiting?(orgId: string, personId: string, principal: boolean): Promise<number> };
};

type PageSession = { caller?: Caller; unregistered?: string; cookies: string[] };

/**
 * The caller of a page, from the session cookie (the ID token, verified by the issuer's JWKS). An ID token close to
 * its expiry, or past it, is renewed with the refresh token and the new cookie goes out with the response. A valid
 * token of an e-mail the table does not know is `unregistered`: the page says so rather than sending the person
 * round the sign-in again.
 */
async function pageSession(
  deps: { orgs: PeopleDirectory } & TodoSource,
  event: APIGatewayProxyEventV2,
): Promise<PageSession> {
  const people = deps.orgs;
  const token = readCookie(event, SESSION_COOKIE);
  const refresh = readCookie(event, REFRESH_COOKIE);
  let claims = token ? await verifyToken(token).catch(() => undefined) : undefined;
  const cookies: string[] = [];
  if (refresh && (!claims || claims.exp * 1000 - Date.now() < REFRESH_MARGIN_MS)) {
    try {
      const renewed = await refreshTokens(oidcConfig(), refresh);
      claims = await verifyToken(renewed.idToken);
      cookies.push(...sessionCookies(renewed, secureCookies()));
    } catch {
      if (!claims) cookies.push(...clearSessionCookies());
    }
  }
  if (!claims) return { cookies };
  try {
    const caller = await callerFromClaims(people, claims, event.requestContext?.http?.sourceIp);
    const orgRead = (people as OrgNames).getOrg?.(caller.orgId);
    const [org, todos, toSign] = await Promise.all([
      orgRead,
      deps.reports?.todosOf(caller.personId),
      Promise.resolve(orgRead).then((o) =>
        deps.items?.signOffsWaiting?.(caller.orgId, caller.personId, o?.principalLeaderId === caller.personId),
      ),
    ]);
    const named = org?.name ? { ...caller, orgName: org.name } : caller;
    const count = todos || toSign ? (todos?.length ?? 0) + (toSign ?? 0) : undefined;
    return { caller: count !== undefined ? { ...named, todoCount: count } : named, cookies };
  } catch (err) {
    if (err instanceof ForbiddenError) return { unregistered: claims.email, cookies };
    throw err;
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
      const session = await pageSession(deps as D & TodoSource, event);
      const { caller } = session;
      if (session.unregistered) {
        const body = unregisteredPage(session.unregistered);
        const headers = { ...PAGE_HEADERS, 'content-type': 'text/html; charset=utf-8' };
        return { statusCode: 403, headers, cookies: session.cookies, body };
      }
      if (opts.session === 'required' && !caller) {
        const next = event.rawPath + (event.rawQueryString ? `?${event.rawQueryString}` : '');
        const location = `/login?next=${encodeURIComponent(next)}`;
        return { statusCode: 303, headers: { location }, cookies: session.cookies, body: '' };
      }
      const form = (typeof event.body === 'object' && event.body ? event.body : {}) as Record<string, string>;
      const r = await opts.run({ event, form, caller, deps, params: paramsOf(event), query: queryOf(event) });
      const headers: Record<string, string> = { ...PAGE_HEADERS, ...r.headers };
      const cookies = [...session.cookies, ...(r.cookies ?? [])];
      const status = r.status ?? (r.redirect ? 303 : 200);
      if (r.redirect) {
        if (r.flash) cookies.push(flashCookie(r.flash));
        if (r.refusal) cookies.push(flashCookie(`${REFUSAL_PREFIX}${r.refusal}`));
        return { statusCode: status, headers: { ...headers, location: r.redirect }, cookies, body: '' };
      }
      if (r.download) {
        const file = downloadBody(r.download);
        return { statusCode: status, headers: { ...headers, ...downloadHeaders(r.download) }, cookies, ...file };
      }
      const html = { ...headers, 'content-type': 'text/html; charset=utf-8' };
      // The message of the action that redirected here (Post/Redirect/Get), shown once.
      const flash = readCookie(event, FLASH_COOKIE);
      if (flash) cookies.push(clearCookie(FLASH_COOKIE));
      return { statusCode: status, headers: html, cookies, body: withFlash(r.html ?? '', flash) };
    });
}

const secureCookies = () => env('APP_URL').startsWith('https:');
const attributes = (maxAge: number, secure: boolean) =>
  `Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAge}${secure ? '; Secure' : ''}`;
const clearCookie = (name: string) => `${name}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`;

/** The session cookie: the ID token, kept until it expires (12 h for a dev sign-in token without `maxAgeSeconds`). */
export function sessionCookie(token: string, secure: boolean, maxAgeSeconds = 43200): string {
  return `${SESSION_COOKIE}=${encodeURIComponent(token)}; ${attributes(Math.max(0, maxAgeSeconds), secure)}`;
}

/** The cookies of a signed-in browser: the ID token and, when the provider gave one, the refresh token (30 days). */
export function sessionCookies(tokens: Tokens, secure: boolean, now = Date.now()): string[] {
  const out = [sessionCookie(tokens.idToken, secure, Math.floor((tokens.expiresAt - now) / 1000))];
  if (tokens.refreshToken)
    out.push(`${REFRESH_COOKIE}=${encodeURIComponent(tokens.refreshToken)}; ${attributes(30 * 86400, secure)}`);
  return out;
}
export function clearSessionCookie(): string {
  return clearCookie(SESSION_COOKIE);
}
export function clearSessionCookies(): string[] {
  return [clearCookie(SESSION_COOKIE), clearCookie(REFRESH_COOKIE)];
}

/** The short-lived cookie that carries the PKCE verifier, state and nonce from /login to /auth/callback. */
export const loginCookie = (value: string, secure: boolean) => `${LOGIN_COOKIE}=${value}; ${attributes(600, secure)}`;
export const clearLoginCookie = () => clearCookie(LOGIN_COOKIE);

export function flashCookie(message: string): string {
  return `${FLASH_COOKIE}=${encodeURIComponent(message.slice(0, 200))}; ${attributes(60, secureCookies())}`;
}
