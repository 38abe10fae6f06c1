import { createRequire } from 'node:module';

/**
 * `node:crypto` through `require` (see `node-http.ts`): an ESM import of it evaluates Web Crypto at init too. Only
 * plain functions are listed: reading `webcrypto` here would load it again.
 */
const crypto = createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto');

export const { createHash, createHmac, randomBytes, randomInt, randomUUID, timingSafeEqual } = crypto;
export default crypto;
