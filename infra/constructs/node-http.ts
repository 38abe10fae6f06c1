import { createRequire } from 'node:module';

/**
 * What the bundles take instead of `node:http` and `node:crypto` (esbuild aliases in `BaosongFunction`; this file and
 * `node-crypto.ts`). An ESM `import … from 'node:http'` makes Node evaluate every export of the module, and on Node 24
 * some of them load undici: about 40 ms of CPU at each cold start, for the one `STATUS_CODES` table @middy/util
 * reads. `require` reads only what is asked for. A bundle importing a name not listed here fails at synth, by name.
 */
const http = createRequire(import.meta.url)('node:http') as typeof import('node:http');

export const { STATUS_CODES } = http;
export default http;
