import { apiHandler } from '#shared/platform/http/api-handler.ts';
import { openApiDocument } from '#shared/app/openapi.ts';

/** GET /openapi.json — generated from the zod schemas, never written by hand. */
export const handler = apiHandler({ auth: false }, async () => ({ body: openApiDocument(), headers: { 'cache-control': 'public, max-age=300' } }));
