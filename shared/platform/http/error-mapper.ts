import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { AppError } from '../kernel/errors.ts';
import { logger } from '../../app/production.ts';

type MiddyHttpError = { statusCode: number; message: string; cause?: { package?: string } };

/** The one place an error becomes a response. Anything unknown is a 500 that says nothing of the internals. */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  const e = err as MiddyHttpError;
  if (typeof e?.statusCode === 'number' && e.cause?.package?.startsWith('@middy/')) {
    if (/malformed/i.test(e.message)) return new AppError(400, 'MALFORMED_BODY', '请求体不是合法的 JSON 或表单。');
    if (e.statusCode === 415) return new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', '请求体的 Content-Type 必须是 application/json。');
    return new AppError(e.statusCode, 'BAD_REQUEST', '请求无法处理。');
  }
  logger.error('unhandled error', { error: err as Error });
  return new AppError(500, 'INTERNAL', '服务器内部错误，请稍后重试；如持续出现，请联系管理员。');
}

export function errorBody(err: AppError) {
  return { error: { code: err.code, message: err.message, details: err.details } };
}

/** JSON errors for `/api/...` handlers. Registered last, so middy runs its `onError` first. */
export function jsonErrorMapper(): MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2> {
  return {
    onError: async (request) => {
      const err = toAppError(request.error);
      request.response = {
        statusCode: err.status,
        headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
        body: JSON.stringify(errorBody(err)),
      };
    },
  };
}
