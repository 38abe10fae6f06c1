import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import { closeServer } from './emulators.ts';

export type LocalOidcClient = { clientId: string; redirectUris: string[]; postLogoutRedirectUris: string[] };

/**
 * The OpenID Connect provider of one machine (`oidc-provider`), playing the Cognito user pool's managed login: the
 * same paths (/oauth2/authorize, /oauth2/token, /.well-known/jwks.json, /logout), one public client with
 * authorization code + PKCE (S256), ID tokens with `email` for an hour and refresh tokens for 30 days. Its login page
 * asks only for an e-mail, as the dev sign-in did: whether the e-mail belongs to a registered person is the app's
 * question, as it is on AWS. The signing key is kept beside the data (with `keyFile`), so a restart keeps ID tokens valid; its sessions and refresh tokens live in memory.
 */
export async function startOidcProvider(opts: {
  port: number;
  clients: LocalOidcClient[];
  keyFile?: string;
}): Promise<{ issuer: string; stop: () => Promise<void> }> {
  const { default: Provider } = (await import('oidc-provider')) as unknown as { default: any };
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, '127.0.0.1', () => resolve());
  });
  const issuer = `http://localhost:${(server.address() as { port: number }).port}`;
  const provider = new Provider(issuer, {
    clients: opts.clients.map((c) => ({
      client_id: c.clientId,
      token_endpoint_auth_method: 'none',
      redirect_uris: c.redirectUris,
      post_logout_redirect_uris: c.postLogoutRedirectUris,
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
    })),
    jwks: { keys: [await signingKey(opts.keyFile)] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    routes: {
      authorization: '/oauth2/authorize',
      token: '/oauth2/token',
      jwks: '/.well-known/jwks.json',
      userinfo: '/oauth2/userInfo',
      end_session: '/logout',
    },
    claims: { openid: ['sub'], email: ['email', 'email_verified'] },
    scopes: ['openid', 'email'],
    conformIdTokenClaims: false,
    findAccount: (_ctx: unknown, id: string) => ({
      accountId: id,
      claims: () => ({ sub: id, email: id, email_verified: true }),
    }),
    // Cognito issues a refresh token with every code; so does this provider, without asking for offline_access.
    issueRefreshToken: async (_ctx: unknown, client: any) => client.grantTypeAllowed('refresh_token'),
    ttl: {
      IdToken: 3600,
      AccessToken: 3600,
      AuthorizationCode: 300,
      RefreshToken: 30 * 86400,
      Session: 86400,
      Interaction: 600,
      Grant: 30 * 86400,
    },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: { enabled: true, logoutSource, postLogoutSuccessSource },
    },
    renderError: async (ctx: any, out: { error: string; error_description?: string }) => {
      ctx.type = 'html';
      ctx.body = page('登录出错', `<h1>登录出错</h1><p>${esc(out.error)}：${esc(out.error_description ?? '')}</p>`);
    },
  });
  const app = provider.callback();
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const m = /^\/interaction\/([\w-]+)(\/login)?$/.exec(new URL(req.url ?? '/', issuer).pathname);
    if (!m) return app(req, res);
    interaction(provider, req, res, m[2] === '/login').catch((err: Error) => {
      res.writeHead(400, { 'content-type': 'text/html; charset=utf-8' });
      res.end(page('登录出错', `<h1>登录出错</h1><p>${esc(err.message)}</p><p>请回到报送系统重新登录。</p>`));
    });
  });
  return { issuer, stop: () => closeServer(server) };
}

/** The login step: the e-mail form, and on its POST the login and the consent (the app's own client) at once. */
async function interaction(provider: any, req: IncomingMessage, res: ServerResponse, submitted: boolean) {
  const details = await provider.interactionDetails(req, res);
  if (!submitted) {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(loginForm(details.uid, ''));
    return;
  }
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const email = (new URLSearchParams(Buffer.concat(chunks).toString('utf8')).get('email') ?? '').trim().toLowerCase();
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
    res.writeHead(400, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(loginForm(details.uid, email ? '邮箱格式不正确。' : '请填写邮箱。', email));
    return;
  }
  const grant = new provider.Grant({ accountId: email, clientId: details.params.client_id });
  grant.addOIDCScope(String(details.params.scope ?? 'openid email'));
  const grantId = await grant.save();
  await provider.interactionFinished(
    req,
    res,
    { login: { accountId: email }, consent: { grantId } },
    { mergeWithLastSubmission: false },
  );
}

async function signingKey(file: string | undefined): Promise<JWK> {
  if (file && existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as JWK;
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), alg: 'RS256', use: 'sig', kid: randomBytes(8).toString('hex') };
  if (file) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(jwk), { mode: 0o600 });
  }
  return jwk;
}

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function page(title: string, body: string): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${esc(title)} · 本机身份认证</title>
<style>*{box-sizing:border-box}body{margin:0;font-family:"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;background:#f4f4f1;color:#1f1f1f;line-height:1.6}
main{max-width:420px;margin:0 auto;background:#fff;padding:24px 20px;min-height:100vh}h1{font-size:22px;margin:0 0 8px}
label{display:block;font-weight:600;margin-top:16px}input{width:100%;padding:10px;font:inherit;border:1px solid #8a8a8a;border-radius:4px;min-height:44px}
button{width:100%;margin-top:16px;min-height:44px;background:#8b1a1a;color:#fff;border:0;border-radius:4px;font:inherit;cursor:pointer}
.hint{color:#5c5c5c;font-size:14px}.errors{background:#fdecea;border:1px solid #e8a19c;color:#5f1410;padding:8px 12px;border-radius:4px}
@media (min-width:720px){main{margin:40px auto;min-height:0;border-radius:6px;box-shadow:0 1px 3px rgba(0,0,0,.08)}}</style></head>
<body><main>${body}</main></body></html>`;
}

function loginForm(uid: string, error: string, email = ''): string {
  return page(
    '登录',
    `<h1>登录报送系统</h1><p class="hint">本机身份认证（在 AWS 上由 Cognito 登录页代替）。只需填写您在单位登记的邮箱。</p>
${error ? `<div class="errors" role="alert" id="email-error">${esc(error)}</div>` : ''}
<form method="post" action="/interaction/${esc(uid)}/login" novalidate>
<label for="email">邮箱</label><input id="email" name="email" type="email" autocomplete="email" value="${esc(email)}" required autofocus${error ? ' aria-invalid="true" aria-describedby="email-error"' : ''}>
<button type="submit">登录</button></form>`,
  );
}

async function logoutSource(ctx: any, form: string) {
  ctx.body = page(
    '退出登录',
    `<h1>正在退出登录…</h1>${form}<button autofocus type="submit" form="op.logoutForm" value="yes" name="logout" id="logout-yes">确认退出</button>
<script>document.getElementById('logout-yes').click()</script>`,
  );
}

async function postLogoutSuccessSource(ctx: any) {
  ctx.body = page('已退出', '<h1>已退出登录</h1><p><a href="/">返回</a></p>');
}
