import { createHash, randomBytes } from 'node:crypto';

/**
 * Acknowledgement links carry 32 random bytes (base64url). Only the SHA-256 of a token is stored, with its report,
 * level, person, expiry and use, so a token cannot be forged, guessed, or recovered from the table, and it is spent
 * by a conditional write in the same transaction as the acknowledgement.
 */
export function newAckToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashAckToken(token) };
}

/**
 * The texts' links (`/a/{code}`, issue 15): 12 random bytes, 16 characters, so that the link fits in a text. 96 bits
 * against a token that lives 24 hours and is tried one HTTP request at a time is as safe as the mail's 256.
 */
export function newShortAckToken(): { token: string; hash: string } {
  const token = randomBytes(12).toString('base64url');
  return { token, hash: hashAckToken(token) };
}

export function hashAckToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

export function looksLikeAckToken(token: string): boolean {
  return /^([A-Za-z0-9_-]{43}|[A-Za-z0-9_-]{16})$/.test(token);
}

export const ACK_TOKEN_TTL_HOURS = 24;
