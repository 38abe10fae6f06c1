import type { SESSION_ROUTES } from '#shared/app/routes.ts';
import type { RouteHandlers } from '../handlers.ts';
import {
  authorizeUrl,
  decodeAttempt,
  encodeAttempt,
  exchangeCode,
  logoutUrl,
  newLoginAttempt,
  oidcConfig,
  SIGNED_OUT_PATH,
  verifyIdToken,
} from '#shared/platform/auth/oidc.ts';
import { env } from '#shared/platform/kernel/env.ts';
import {
  clearLoginCookie,
  clearSessionCookies,
  LOGIN_COOKIE,
  loginCookie,
  readCookie,
  SESSION_COOKIE,
  sessionCookies,
} from '#shared/platform/http/page-handler.ts';
import { openPage } from '#shared/platform/http/router.ts';
import { html } from '#shared/platform/pages/html.ts';
import { layout, unregisteredPage } from '#shared/platform/pages/layout.ts';
import { ROLE_LABELS } from '#shared/org/rules/model.ts';
import { canSeeReport } from '#shared/reports/acknowledge-report.ts';
import { formatLocal } from '#shared/platform/kernel/time.ts';

type Routes = RouteHandlers<typeof SESSION_ROUTES>;

/** A form field or query parameter sent twice arrives as a list: only a single string is a path to go back to. */
const safeNext = (next: unknown) =>
  typeof next === 'string' && next.startsWith('/') && !next.startsWith('//') ? next : '/';
const roleLabel = (r: string) => ROLE_LABELS[r as keyof typeof ROLE_LABELS] ?? r;

/** The home page, and sign-in and sign-out by OpenID Connect (code + PKCE) against this stage's provider. */
export const sessionPages = {
  'GET /': openPage(async ({ caller, deps }) => {
    if (!caller) return { redirect: '/login' };
    const page = await deps.reports.listByOrg(caller.orgId, 20);
    const org = await deps.orgs.getOrg(caller.orgId);
    const mine = page.items.filter((r) => canSeeReport(r, caller, org?.officeDepartmentId));
    const rows = mine.map((r) => {
      const link = html`<a href="/reports/${r.reportId}">${r.title}</a>`;
      const status = r.status === 'acknowledged' ? '已确认' : '报送中';
      const at = formatLocal(r.submittedAt, r.timezone);
      return html`<tr><td>${at}</td><td>${link}</td><td>${r.severity}</td><td>${status}</td></tr>`;
    });
    const recent = mine.length
      ? html`<table><tr><th>报送时间</th><th>标题</th><th>等级</th><th>状态</th></tr>${rows}</table>`
      : html`<p>暂无。</p>`;
    const body = html`<h1>${org?.name ?? ''}</h1><p>${caller.name}（${caller.roles.map(roleLabel).join('、')}）</p>
<p><a class="button" href="/reports/new">报送紧急信息</a></p>
<h2>最近的紧急信息</h2>${recent}`;
    return { html: layout('首页', body, caller) };
  }),
  /** Step 1 of the sign-in: a fresh state, nonce and PKCE verifier in a short-lived cookie, then the provider. */
  'GET /login': openPage(async ({ query }) => {
    const config = oidcConfig();
    const attempt = newLoginAttempt(safeNext(query.next));
    return { redirect: authorizeUrl(config, attempt), cookies: [loginCookie(encodeAttempt(attempt), secure())] };
  }),
  /**
   * Step 2: the provider sends the browser back with a code.
   * 1. The state must match the cookie's (else start again: a stale or forged callback).
   * 2. The code and the PKCE verifier are traded for the ID and refresh tokens; the ID token is verified by the
   *    issuer's JWKS with the nonce.
   * 3. A person the table does not know gets a page that says so; everyone else the session cookies and `next`.
   */
  'GET /auth/callback': openPage(async ({ query, event, deps }) => {
    const config = oidcConfig();
    const attempt = decodeAttempt(readCookie(event, LOGIN_COOKIE));
    if (query.error) return { status: 401, html: signInFailed(`登录没有完成（${query.error}）。`) };
    if (!attempt || !query.code || query.state !== attempt.state)
      return { status: 400, html: signInFailed('登录已过期或链接不完整，请重新登录。'), cookies: [clearLoginCookie()] };
    const tokens = await exchangeCode(config, query.code, attempt).catch(() => undefined);
    const claims = tokens
      ? await verifyIdToken(tokens.idToken, {
          issuer: config.issuer,
          audiences: [config.clientId],
          nonce: attempt.nonce,
        }).catch(() => undefined)
      : undefined;
    if (!tokens || !claims)
      return { status: 401, html: signInFailed('身份验证没有通过，请重新登录。'), cookies: [clearLoginCookie()] };
    const cookies = [clearLoginCookie(), ...sessionCookies(tokens, secure())];
    const person = await deps.orgs.findPersonByEmail(claims.email);
    if (!person) return { status: 403, html: unregisteredPage(claims.email), cookies };
    return { redirect: safeNext(attempt.next), cookies, flash: `${person.name}，您已登录。` };
  }),
  /** Sign-out ends both sides: the cookies here, then the provider's session (its /logout), back to /signed-out. */
  'POST /logout': openPage(async ({ event }) => {
    const idToken = readCookie(event, SESSION_COOKIE);
    const cookies = [...clearSessionCookies(), clearLoginCookie()];
    // A dev sign-in token (tests, scripts) has no provider session to end.
    const devToken = idToken?.split('.')[0] && readAlg(idToken) === 'HS256';
    if (devToken) return { redirect: SIGNED_OUT_PATH, cookies };
    return { redirect: logoutUrl(oidcConfig(), idToken), cookies };
  }),
  'GET /signed-out': openPage(async ({ caller }) => {
    if (caller) return { redirect: '/' };
    return {
      html: layout(
        '已退出',
        html`<h1>已退出登录</h1><p class="ok" role="status">您已安全退出报送系统。在公用电脑上，请关闭浏览器。</p>
<p><a class="button" href="/login">重新登录</a></p>`,
      ),
    };
  }),
} satisfies Partial<Routes>;

const secure = () => env('APP_URL').startsWith('https:');
function readAlg(token: string): string | undefined {
  try {
    return (JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString('utf8')) as { alg?: string }).alg;
  } catch {
    return undefined;
  }
}

function signInFailed(message: string): string {
  return layout(
    '登录未完成',
    html`<h1>登录未完成</h1><div class="errors" role="alert"><p>${message}</p></div><p><a class="button" href="/login">重新登录</a></p>`,
  );
}
