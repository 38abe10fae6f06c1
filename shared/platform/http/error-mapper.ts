import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { AppError, UnavailableError, ValidationError } from '../kernel/errors.ts';
import { errorPage } from '../pages/layout.ts';

type MiddyHttpError = { statusCode: number; message: string; cause?: { package?: string } };
type Middleware = MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>;

/** Where an error nobody expected is written (the function's logger); its response says nothing of it. */
export type ErrorLog = (message: string, extra: { error: Error }) => void;

/**
 * DynamoDB refusing the start key of a list: the `?cursor=` a client sent (decoded by `decodeCursor`, which checks its
 * shape) names a key outside the list it asked for. Only a cursor sets a start key, so this is the client's 400.
 */
const isForeignCursor = (err: unknown) =>
  (err as Error)?.name === 'ValidationException' && /starting key|exclusive start key/i.test((err as Error).message);

/**
 * A dependency that failed for now, not for this request: a call given up on after its bounded time (`TimeoutError`),
 * no connection, or the service's own 5xx or throttling, as the AWS clients (the SDK and `aws-lite`) report them.
 * The request may succeed if sent again, so it is a 503 with Retry-After, not a 500.
 */
export function isTransientDependencyFailure(err: unknown): boolean {
  const e = err as { name?: string; $fault?: string; $network?: boolean; $metadata?: { httpStatusCode?: number } };
  if (!e || typeof e !== 'object' || !e.$metadata) return false;
  const status = e.$metadata.httpStatusCode ?? 0;
  return (
    e.name === 'TimeoutError' ||
    e.$network === true ||
    status >= 500 ||
    status === 429 ||
    /Throttl|TimedOut|Timeout|ServiceUnavailable|InternalServerError|ECONNREFUSED|ECONNRESET|EPIPE/.test(e.name ?? '')
  );
}

/** The one place an error becomes a response. Anything unknown is a 500 that says nothing of the internals. */
export function toAppError(err: unknown, log: ErrorLog): AppError {
  if (err instanceof AppError) return err;
  if (isForeignCursor(err)) {
    const message = 'cursor 无效，请使用上一页返回的 nextCursor';
    return new ValidationError([{ field: 'cursor', code: 'invalid', message }]);
  }
  const e = err as MiddyHttpError;
  if (typeof e?.statusCode === 'number' && e.cause?.package?.startsWith('@middy/')) {
    if (/malformed/i.test(e.message)) return new AppError(400, 'MALFORMED_BODY', '请求体不是合法的 JSON 或表单。');
    if (e.statusCode === 415) {
      return new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', '请求体的 Content-Type 必须是 application/json。');
    }
    return new AppError(e.statusCode, 'BAD_REQUEST', '请求无法处理。');
  }
  if (isTransientDependencyFailure(err)) {
    log('dependency unavailable', { error: err as Error });
    return new UnavailableError();
  }
  log('unhandled error', { error: err as Error });
  return new AppError(500, 'INTERNAL', '服务器内部错误，请稍后重试；如持续出现，请联系管理员。');
}

export function errorBody(err: AppError) {
  return { error: { code: err.code, message: err.message, details: err.details } };
}

/** Retry-After on a 503 (when the client may try again). */
const retryAfter = (err: AppError): Record<string, string> =>
  err instanceof UnavailableError ? { 'retry-after': String(err.retryAfterSeconds) } : {};

/** `{"error":{"code","message","details"}}` for the JSON API. */
export function jsonError(err: AppError): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: err.status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...retryAfter(err) },
    body: JSON.stringify(errorBody(err)),
  };
}

/** The same error as a Chinese page, for the server-rendered pages. */
export function htmlError(err: AppError): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: err.status,
    headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', ...retryAfter(err) },
    body: errorPage(err),
  };
}

/**
 * The error mapper of a middy chain, registered last so that middy runs its `onError` first. `render` picks the
 * form: JSON for the API, a page for pages, or by the request's path where the route is not known yet.
 */
export function errorMapper(
  log: ErrorLog,
  render: (err: AppError, event: APIGatewayProxyEventV2) => APIGatewayProxyStructuredResultV2,
): Middleware {
  return {
    onError: async (request) => {
      request.response = render(toAppError(request.error, log), request.event);
    },
  };
}

/** Before a route is chosen: the API's paths (and its document) answer in JSON, every other path with a page. */
export const byPath = (err: AppError, event: APIGatewayProxyEventV2) => {
  const path = event.rawPath ?? '';
  return path.startsWith('/api/') || path === '/openapi.json' ? jsonError(err) : htmlError(err);
};
