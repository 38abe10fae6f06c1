import middy from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import httpJsonBodyParser from '@middy/http-json-body-parser';
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { z } from 'zod';
import { downloadHeaders, type Download } from './download.ts';
import { productionDeps } from '../../app/production.ts';
import type { Caller } from '../auth/caller.ts';
import type { Deps } from '../../app/ports.ts';
import { parseOrThrow } from '../kernel/validation.ts';
import { ForbiddenError, PayloadTooLargeError, UnauthorizedError } from '../kernel/errors.ts';
import { jsonErrorMapper } from './error-mapper.ts';

export const MAX_BODY_BYTES = 64 * 1024;

type Event = APIGatewayProxyEventV2 & Partial<Pick<APIGatewayProxyEventV2WithJWTAuthorizer, 'requestContext'>>;

export type ApiContext<B> = {
  event: Event;
  body: B;
  caller: Caller;
  deps: Deps;
  params: Record<string, string>;
  query: Record<string, string>;
  header(name: string): string | undefined;
};
/** `download`: a file (a CSV export) sent as it is instead of a JSON body. */
export type ApiResult = { status?: number; body?: unknown; headers?: Record<string, string>; download?: Download };

/** Rejects bodies over the limit before anything parses them. */
export function bodyLimit(maxBytes = MAX_BODY_BYTES): MiddlewareObj<Event> {
  return {
    before: async ({ event }) => {
      if (!event.body) return;
      const size = event.isBase64Encoded ? Math.floor((event.body.length * 3) / 4) : Buffer.byteLength(event.body);
      if (size > maxBytes) throw new PayloadTooLargeError(maxBytes);
    },
  };
}

/**
 * Who is calling: the API's JWT authorizer has checked the token (on AWS, API Gateway; locally the local runtime
 * does the same), so only its claims are read here. The person, roles and scope come from the table.
 */
export async function callerFromClaims(deps: Deps, claims: Record<string, unknown> | undefined, sourceIp?: string): Promise<Caller> {
  const email = typeof claims?.email === 'string' ? claims.email : undefined;
  if (!email) throw new UnauthorizedError();
  const person = await deps.orgs.findPersonByEmail(email);
  if (!person) throw new ForbiddenError('您的账号尚未登记到任何单位，请联系办公室。');
  return { personId: person.personId, orgId: person.orgId, name: person.name, roles: person.roles, departmentId: person.departmentId, sourceIp };
}

/**
 * The one middy chain of every JSON handler: normalise headers → body limit → parse JSON → caller → zod → handler,
 * with the error mapper registered last.
 */
export function apiHandler<S extends z.ZodType | undefined = undefined>(
  opts: { body?: S; auth?: boolean },
  fn: (ctx: ApiContext<S extends z.ZodType ? z.infer<S> : undefined>) => Promise<ApiResult>,
) {
  const auth = opts.auth ?? true;
  return middy<Event, APIGatewayProxyStructuredResultV2>()
    .use(httpHeaderNormalizer())
    .use(bodyLimit())
    .use(opts.body ? httpJsonBodyParser({ disableContentTypeError: false }) : { before: async () => undefined })
    .use(jsonErrorMapper())
    .handler(async (event) => {
      const deps = productionDeps();
      const sourceIp = event.requestContext?.http?.sourceIp;
      const caller = auth ? await callerFromClaims(deps, event.requestContext?.authorizer?.jwt?.claims, sourceIp) : ({ personId: '', orgId: '', name: '', roles: [], sourceIp } as Caller);
      const body = opts.body ? parseOrThrow(opts.body, event.body ?? {}) : undefined;
      const result = await fn({
        event,
        body: body as never,
        caller,
        deps,
        params: (event.pathParameters ?? {}) as Record<string, string>,
        query: (event.queryStringParameters ?? {}) as Record<string, string>,
        header: (name) => event.headers?.[name.toLowerCase()],
      });
      if (result.download) return { statusCode: result.status ?? 200, headers: { 'cache-control': 'no-store', ...result.headers, ...downloadHeaders(result.download) }, body: result.download.content };
      return {
        statusCode: result.status ?? 200,
        headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...result.headers },
        body: result.body === undefined ? '' : JSON.stringify(result.body),
      };
    });
}
