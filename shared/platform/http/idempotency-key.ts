import * as z from 'zod';
import { ValidationError } from '../kernel/errors.ts';
import type { Created } from '../kernel/once.ts';
import type { ApiResult } from './api-handler.ts';

const idempotencyKeySchema = z
  .string()
  .min(8)
  .max(128)
  .regex(/^[A-Za-z0-9_.:-]+$/);

/** The optional `Idempotency-Key` header of a creating call, checked (400 when malformed). */
export function idempotencyKeyOf(header: (name: string) => string | undefined): string | undefined {
  const key = header('idempotency-key');
  if (key !== undefined && !idempotencyKeySchema.safeParse(key).success) {
    const message = 'Idempotency-Key 须为 8–128 个字母、数字或 _.:- 字符';
    throw new ValidationError([{ field: 'Idempotency-Key', code: 'invalid', message }]);
  }
  return key;
}

/**
 * A form's hidden one-time key (the pages put a fresh UUID in each form): a double submission creates one record.
 * Anything that is not such a key is ignored, as a form cannot be corrected by its sender.
 */
export const formKeyOf = (key: string | undefined) => (key && /^[A-Za-z0-9-]{8,64}$/.test(key) ? key : undefined);

/** The answer to a creating call: its status and body, marked `Idempotent-Replayed` when it repeats an earlier one. */
export function createdResult(r: Created<unknown>): ApiResult {
  return { status: r.status, body: r.body, headers: r.replayed ? { 'idempotent-replayed': 'true' } : undefined };
}
