import { SignJWT, jwtVerify } from 'jose';
import { CognitoJwtVerifier } from 'aws-jwt-verify';
import { env } from '../kernel/env.ts';

/** The claims every part of the system reads from a token, whoever issued it (Cognito on AWS, dev sign-in locally). */
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

let cognito:
  | ReturnType<typeof CognitoJwtVerifier.create<{ userPoolId: string; tokenUse: 'id'; clientId: string }>>
  | undefined;

/** Verifies a token the way this stage issues them; pages use it for their cookie, the API gets claims from its authorizer. */
export async function verifyToken(token: string): Promise<Claims> {
  if (env('AUTH_MODE') === 'dev') return verifyDevToken(token, env('DEV_AUTH_SECRET'));
  cognito ??= CognitoJwtVerifier.create({
    userPoolId: env('USER_POOL_ID'),
    tokenUse: 'id',
    clientId: env('USER_POOL_CLIENT_ID'),
  });
  const payload = await cognito.verify(token);
  return { sub: payload.sub, email: String(payload.email ?? '') };
}
