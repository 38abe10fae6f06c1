import { createHash, randomBytes } from 'node:crypto';
import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose';
import { env } from '../kernel/env.ts';

/**
 * The pages' side of OpenID Connect, authorization code + PKCE (S256), written once for both sides: Cognito's managed
 * login on AWS, the local provider (`infra/local/oidc-provider.ts`) on one machine, which serves Cognito's paths.
 */
export type OidcConfig = {
  issuer: string;
  /** Base of /oauth2/authorize, /oauth2/token and /logout. */
  domain: string;
  clientId: string;
  /** The app's own address: the callback and the signed-out page are under it. */
  appUrl: string;
  /** Cognito's /logout takes `logout_uri`; the local provider is a standard RP-initiated logout. */
  flavour: 'cognito' | 'standard';
};

export const oidcConfig = (): OidcConfig => ({
  issuer: env('OIDC_ISSUER').replace(/\/$/, ''),
  domain: env('OIDC_DOMAIN').replace(/\/$/, ''),
  clientId: env('OIDC_CLIENT_ID'),
  appUrl: env('APP_URL').replace(/\/$/, ''),
  flavour: env('AUTH_MODE') === 'cognito' ? 'cognito' : 'standard',
});

export const CALLBACK_PATH = '/auth/callback';
export const SIGNED_OUT_PATH = '/signed-out';

/** What the browser keeps (HttpOnly cookie) between /login and /auth/callback. */
export type LoginAttempt = { state: string; verifier: string; nonce: string; next: string };

const b64url = (b: Buffer) => b.toString('base64url');
export const pkceChallenge = (verifier: string) => b64url(createHash('sha256').update(verifier).digest());

export function newLoginAttempt(next: string): LoginAttempt {
  return { state: b64url(randomBytes(16)), verifier: b64url(randomBytes(32)), nonce: b64url(randomBytes(16)), next };
}
export const encodeAttempt = (a: LoginAttempt) => Buffer.from(JSON.stringify(a)).toString('base64url');
export function decodeAttempt(value: string | undefined): LoginAttempt | undefined {
  if (!value) return undefined;
  try {
    const a = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as LoginAttempt;
    return typeof a.state === 'string' && typeof a.verifier === 'string' && typeof a.nonce === 'string' ? a : undefined;
  } catch {
    return undefined;
  }
}

/** Step 1: where /login sends the browser. */
export function authorizeUrl(c: OidcConfig, a: LoginAttempt): string {
  const q = new URLSearchParams({
    response_type: 'code',
    client_id: c.clientId,
    redirect_uri: c.appUrl + CALLBACK_PATH,
    scope: 'openid email',
    state: a.state,
    nonce: a.nonce,
    code_challenge: pkceChallenge(a.verifier),
    code_challenge_method: 'S256',
  });
  return `${c.domain}/oauth2/authorize?${q}`;
}

export type Tokens = { idToken: string; refreshToken?: string; expiresAt: number };

async function tokenRequest(c: OidcConfig, params: Record<string, string>): Promise<Tokens> {
  const r = await fetch(`${c.domain}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams({ client_id: c.clientId, ...params }),
    signal: AbortSignal.timeout(5000),
  });
  const body = (await r.json().catch(() => ({}))) as Record<string, unknown>;
  if (!r.ok || typeof body.id_token !== 'string')
    throw new Error(`token endpoint answered ${r.status} ${String(body.error ?? '')}`);
  const exp = decodeJwt(body.id_token).exp ?? 0;
  return {
    idToken: body.id_token,
    refreshToken: typeof body.refresh_token === 'string' ? body.refresh_token : undefined,
    expiresAt: exp * 1000,
  };
}

/** Step 2: the callback trades the code (with the PKCE verifier) for tokens. */
export const exchangeCode = (c: OidcConfig, code: string, a: LoginAttempt) =>
  tokenRequest(c, {
    grant_type: 'authorization_code',
    code,
    redirect_uri: c.appUrl + CALLBACK_PATH,
    code_verifier: a.verifier,
  });

/** Before the ID token expires: a new one from the refresh token. */
export const refreshTokens = (c: OidcConfig, refreshToken: string) =>
  tokenRequest(c, { grant_type: 'refresh_token', refresh_token: refreshToken });

/** Sign-out on the provider's side, then back to the signed-out page. */
export function logoutUrl(c: OidcConfig, idToken: string | undefined): string {
  const back = c.appUrl + SIGNED_OUT_PATH;
  const q =
    c.flavour === 'cognito'
      ? new URLSearchParams({ client_id: c.clientId, logout_uri: back })
      : new URLSearchParams({
          client_id: c.clientId,
          post_logout_redirect_uri: back,
          ...(idToken ? { id_token_hint: idToken } : {}),
        });
  return `${c.domain}/logout?${q}`;
}

const jwksByIssuer = new Map<string, ReturnType<typeof createRemoteJWKSet>>();

/** Verifies an ID token by the issuer's JWKS, as API Gateway's JWT authorizer does (issuer, audience, expiry). */
export async function verifyIdToken(
  token: string,
  opts: { issuer: string; audiences: string[]; nonce?: string; now?: Date },
): Promise<{ sub: string; email: string; exp: number }> {
  let jwks = jwksByIssuer.get(opts.issuer);
  if (!jwks) {
    jwks = createRemoteJWKSet(new URL(`${opts.issuer}/.well-known/jwks.json`), { timeoutDuration: 5000 });
    jwksByIssuer.set(opts.issuer, jwks);
  }
  const { payload } = await jwtVerify(token, jwks, {
    issuer: opts.issuer,
    audience: opts.audiences,
    currentDate: opts.now,
  });
  if (payload.token_use !== undefined && payload.token_use !== 'id') throw new Error('not an ID token');
  if (opts.nonce !== undefined && payload.nonce !== opts.nonce) throw new Error('nonce mismatch');
  if (typeof payload.sub !== 'string' || typeof payload.email !== 'string') throw new Error('token lacks sub or email');
  return { sub: payload.sub, email: payload.email, exp: payload.exp ?? 0 };
}
