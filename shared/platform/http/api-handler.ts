import middy from '@middy/core';
import httpJsonBodyParser from '@middy/http-json-body-parser';
import type { MiddlewareObj } from '@middy/core';
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyStructuredResultV2,
} from 'aws-lambda';
import type * as z from 'zod';
import { downloadBody, downloadHeaders, type Download } from './download.ts';
import type { Caller } from '../auth/caller.ts';
import { parseOrThrow } from '../kernel/validation.ts';
import { ForbiddenError, PayloadTooLargeError, UnauthorizedError } from '../kernel/errors.ts';
import { errorMapper, jsonError, type ErrorLog } from './error-mapper.ts';

export const MAX_BODY_BYTES = 64 * 1024;
/**
 * A page's form a person typed (urlencoded or multipart, outside /api/) may be larger: a 20,000-character Chinese text is 180 KB urlencoded,
 * and the page answers it with a field error and everything kept (issue 13 item 4); over this it is still 413.
 */
export const MAX_FORM_BODY_BYTES = 256 * 1024;
const isForm = (type: string | undefined) =>
  !!type && /^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i.test(type);

export type Event = APIGatewayProxyEventV2 & Partial<Pick<APIGatewayProxyEventV2WithJWTAuthorizer, 'requestContext'>>;
export type Result = APIGatewayProxyStructuredResultV2;

/** Who a verified e-mail address is: what the handlers need of the organisation's people to know the caller. */
export type PeopleDirectory = {
  findPersonByEmail(
    email: string,
  ): Promise<{ personId: string; orgId: string; name: string; roles: string[]; departmentId?: string } | undefined>;
};

export type ApiContext<B, D> = {
  event: Event;
  body: B;
  caller: Caller;
  deps: D;
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
      const page = !event.rawPath?.startsWith('/api/') && isForm(event.headers?.['content-type']);
      const limit = page ? Math.max(maxBytes, MAX_FORM_BODY_BYTES) : maxBytes;
      if (size > limit) throw new PayloadTooLargeError(limit);
    },
  };
}

/**
 * Who is calling: the API's JWT authorizer has checked the token (on AWS, API Gateway; locally the local runtime
 * does the same), so only its claims are read here. The person, roles and scope come from the table.
 */
export async function callerFromClaims(
  people: PeopleDirectory,
  claims: Record<string, unknown> | undefined,
  sourceIp?: string,
): Promise<Caller> {
  const email = typeof claims?.email === 'string' ? claims.email : undefined;
  if (!email) throw new UnauthorizedError();
  const person = await people.findPersonByEmail(email);
  if (!person) throw new ForbiddenError('您的账号尚未登记到任何单位，请联系办公室。');
  const { personId, orgId, name, roles, departmentId } = person;
  return { personId, orgId, name, roles, departmentId, sourceIp };
}

/** The path parameters of the matched route, and the query, as plain string maps. */
export const paramsOf = (event: APIGatewayProxyEventV2) => (event.pathParameters ?? {}) as Record<string, string>;
export const queryOf = (event: APIGatewayProxyEventV2) => (event.queryStringParameters ?? {}) as Record<string, string>;

const NO_CALLER: Caller = { personId: '', orgId: '', name: '', roles: [] };

/**
 * The middy chain of one JSON route: parse JSON (routes with a body) → caller from the authorizer's claims (`jwt`
 * routes) → validate with the route's zod schema → handler → response, with the error mapper registered last.
 */
export function apiChain<D extends { orgs: PeopleDirectory }>(opts: {
  auth: 'jwt' | 'public';
  body?: z.ZodType;
  deps: () => D;
  log: ErrorLog;
  run: (ctx: ApiContext<never, D>) => Promise<ApiResult>;
}) {
  const chain = middy<Event, Result>();
  if (opts.body) chain.use(httpJsonBodyParser({ disableContentTypeError: false }));
  return chain.use(errorMapper(opts.log, jsonError)).handler(async (event) => {
    const deps = opts.deps();
    const sourceIp = event.requestContext?.http?.sourceIp;
    const caller =
      opts.auth === 'jwt'
        ? await callerFromClaims(deps.orgs, event.requestContext?.authorizer?.jwt?.claims, sourceIp)
        : { ...NO_CALLER, sourceIp };
    const body = opts.body ? parseOrThrow(opts.body, event.body ?? {}) : undefined;
    const result = await opts.run({
      event,
      body: body as never,
      caller,
      deps,
      params: paramsOf(event),
      query: queryOf(event),
      header: (name) => event.headers?.[name.toLowerCase()],
    });
    const headers = { 'cache-control': 'no-store', ...result.headers };
    const status = result.status ?? 200;
    if (result.download) {
      const file = result.download;
      return { statusCode: status, headers: { ...headers, ...downloadHeaders(file) }, ...downloadBody(file) };
    }
    return {
      statusCode: status,
      headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
      body: result.body === undefined ? '' : JSON.stringify(result.body),
    };
  });
}
