import { describe, expect, test } from 'vitest';
import { jsonError, toAppError } from '../../../shared/platform/http/error-mapper.ts';

const awsFailure = (name: string, extra: Record<string, unknown> = {}) =>
  Object.assign(new Error(name), { name, $metadata: { attempts: 1 }, ...extra });

describe('a dependency that fails for now is a 503 with Retry-After, not a 500', () => {
  test.each([
    ['a call given up on after its bounded time', awsFailure('TimeoutError', { $network: true })],
    ['no connection', awsFailure('ECONNREFUSED', { $network: true })],
    ['the service throttling', awsFailure('ThrottlingException', { $metadata: { httpStatusCode: 400, attempts: 3 } })],
    ['the service failing', awsFailure('InternalServerError', { $metadata: { httpStatusCode: 500, attempts: 3 } })],
  ])('%s', (_, err) => {
    const response = jsonError(toAppError(err, () => undefined));
    expect(response.statusCode).toBe(503);
    expect(response.headers?.['retry-after']).toBe('5');
    expect(JSON.parse(String(response.body)).error.code).toBe('UNAVAILABLE');
  });

  test('a refusal of the request itself stays a 500 (nothing to retry)', () => {
    const err = awsFailure('ValidationException', { $metadata: { httpStatusCode: 400, attempts: 1 } });
    const response = jsonError(toAppError(err, () => undefined));
    expect(response.statusCode).toBe(500);
    expect(response.headers?.['retry-after']).toBeUndefined();
  });
});
