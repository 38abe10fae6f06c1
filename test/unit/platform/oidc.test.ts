import { describe, expect, it } from 'vitest';
import {
  authorizeUrl,
  decodeAttempt,
  encodeAttempt,
  logoutUrl,
  newLoginAttempt,
  type OidcConfig,
  pkceChallenge,
} from '../../../shared/platform/auth/oidc.ts';

const cognito: OidcConfig = {
  issuer: 'https://cognito-idp.ap-east-1.amazonaws.com/ap-east-1_abc',
  domain: 'https://baosong-prod.auth.ap-east-1.amazoncognito.com',
  clientId: 'client123',
  appUrl: 'https://api.example.org',
  flavour: 'cognito',
};

describe('OIDC code + PKCE for the pages', () => {
  it('derives the S256 challenge of RFC 7636 appendix B', () => {
    expect(pkceChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
  });

  it('sends the browser to /oauth2/authorize with code, S256 challenge, state, nonce and the callback', () => {
    const attempt = newLoginAttempt('/reports/1');
    const url = new URL(authorizeUrl(cognito, attempt));
    expect(url.origin + url.pathname).toBe('https://baosong-prod.auth.ap-east-1.amazoncognito.com/oauth2/authorize');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: 'client123',
      redirect_uri: 'https://api.example.org/auth/callback',
      scope: 'openid email',
      state: attempt.state,
      nonce: attempt.nonce,
      code_challenge: pkceChallenge(attempt.verifier),
      code_challenge_method: 'S256',
    });
    expect(url.searchParams.get('code_challenge')).not.toBe(attempt.verifier);
  });

  it('gives every attempt its own state, verifier and nonce, and reads back only a well-formed cookie', () => {
    const a = newLoginAttempt('/');
    const b = newLoginAttempt('/');
    expect(a.state).not.toBe(b.state);
    expect(a.verifier).not.toBe(b.verifier);
    expect(a.verifier.length).toBeGreaterThanOrEqual(43);
    expect(decodeAttempt(encodeAttempt(a))).toEqual(a);
    expect(decodeAttempt('not-json')).toBeUndefined();
    expect(decodeAttempt(Buffer.from('{"state":1}').toString('base64url'))).toBeUndefined();
    expect(decodeAttempt(undefined)).toBeUndefined();
  });

  it("signs out at Cognito's /logout with logout_uri, and at a standard provider with post_logout_redirect_uri", () => {
    const c = new URL(logoutUrl(cognito, 'id.token.x'));
    expect(c.pathname).toBe('/logout');
    expect(Object.fromEntries(c.searchParams)).toEqual({
      client_id: 'client123',
      logout_uri: 'https://api.example.org/signed-out',
    });
    const local = new URL(logoutUrl({ ...cognito, domain: 'http://localhost:8006', flavour: 'standard' }, 'id.tok'));
    expect(Object.fromEntries(local.searchParams)).toEqual({
      client_id: 'client123',
      post_logout_redirect_uri: 'https://api.example.org/signed-out',
      id_token_hint: 'id.tok',
    });
  });
});
