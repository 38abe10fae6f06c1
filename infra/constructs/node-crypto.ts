import { createRequire } from 'node:module';

/** `node:crypto` through `require` (see `node-http.ts`): an ESM import of it evaluates Web Crypto at init too. */
const crypto = createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto');

export const { createHash, createHmac, randomBytes, randomInt, randomUUID, timingSafeEqual, webcrypto } = crypto;
export default crypto;
