/**
 * The one error family of the application. Every rejection a person or a program can act on is
 * one of these; the HTTP layer maps them to `{"error":{"code","message","details"}}` in one place
 * (`#shared/platform/http/error-mapper.ts`). Messages are Chinese for people, codes stable English for programs.
 */
export type ErrorDetail = {
  field: string;
  message: string;
  code?: string /** For rows of an uploaded file: the line number (the header is line 1). */;
  line?: number;
};

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationError extends AppError {
  constructor(details: ErrorDetail[], message = '提交的内容有误，请按提示修改后重试。') {
    super(400, 'VALIDATION_FAILED', message, details);
  }
}
export class UnauthorizedError extends AppError {
  constructor(message = '请先登录。') {
    super(401, 'UNAUTHORIZED', message);
  }
}
export class ForbiddenError extends AppError {
  constructor(message = '您没有执行此操作的权限。') {
    super(403, 'FORBIDDEN', message);
  }
}
export class NotFoundError extends AppError {
  constructor(what = '资源', code = 'NOT_FOUND') {
    super(404, code, `${what}不存在或您无权查看。`);
  }
}
export class ConflictError extends AppError {
  constructor(code: string, message: string) {
    super(409, code, message);
  }
}
export class PayloadTooLargeError extends AppError {
  constructor(limitBytes: number) {
    super(413, 'PAYLOAD_TOO_LARGE', `提交的内容过大（上限 ${Math.round(limitBytes / 1024)} KB）。`);
  }
}
export class RuleViolationError extends AppError {
  constructor(code: string, message: string, details: ErrorDetail[] = []) {
    super(422, code, message, details);
  }
}

/**
 * A dependency (the database) did not answer in bounded time: nothing can be said of the request, which the client
 * may send again after `retryAfterSeconds` (with the same Idempotency-Key where it has one). 503 with Retry-After.
 */
export class UnavailableError extends AppError {
  constructor(readonly retryAfterSeconds = 5) {
    super(503, 'UNAVAILABLE', '服务暂时不可用，请稍后重试。');
  }
}
