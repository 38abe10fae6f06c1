import { SignJWT, decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import { env } from '../kernel/env.ts';
import { oidcConfig, verifyIdToken } from './oidc.ts';

/** The claims every part of the system reads from a token, whoever issued it (Cognito or the local OIDC provider, or the local dev sign-in). */
export type Claims = { sub: string; email: string };

export const DEV_ISSUER = 'baosong-local-dev';
export const DEV_AUDIENCE = 'baosong-local';
const TOKEN_HOURS = 12;

/** Local stage only: a token with the same claims as a Cognito ID token, signed with the local secret. */
export async function signDevToken(claims: Claims, secret: string, now = new Date()): Promise<string> {
  return new SignJWT({ email: claims.email, token_use: 'id' })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.sub)
    .setIssuer(DEV_ISSUER)
    .setAudience(DEV_AUDIENCE)
    .setIssuedAt(Math.floor(now.getTime() / 1000))
    .setExpirationTime(Math.floor(now.getTime() / 1000) + TOKEN_HOURS * 3600)
    .sign(new TextEncoder().encode(secret));
}

export async function verifyDevToken(token: string, secret: string): Promise<Claims> {
  const { payload } = await jwtVerify(token, new TextEncoder().encode(secret), {
    issuer: DEV_ISSUER,
    audience: DEV_AUDIENCE,
    algorithms: ['HS256'],
  });
  if (typeof payload.sub !== 'string' || typeof payload.email !== 'string') throw new Error('token lacks sub or email');
  return { sub: payload.sub, email: payload.email };
}

/**
 * Verifies a session token the way this stage issues them: the ID token of the OIDC provider (Cognito on AWS, the
 * local provider on one machine) by its JWKS; on the local stage also a dev sign-in token (HS256, for tests and
 * scripts). The API gets claims from its authorizer instead.
 */
export async function verifyToken(token: string): Promise<Claims & { exp: number }> {
  if (env('AUTH_MODE') === 'dev' && decodeProtectedHeader(token).alg === 'HS256') {
    const claims = await verifyDevToken(token, env('DEV_AUTH_SECRET'));
    return { ...claims, exp: decodeJwt(token).exp ?? 0 };
  }
  return verifyIdToken(token, { issuer: oidcConfig().issuer, audiences: [env('OIDC_CLIENT_ID')] });
}
