import * as z from 'zod';
import { ValidationError } from '../kernel/errors.ts';

const idempotencyKeySchema = z.string().min(8).max(128).regex(/^[A-Za-z0-9_.:-]+$/);

/** The optional `Idempotency-Key` header of a creating call, checked (400 when malformed). */
export function idempotencyKeyOf(header: (name: string) => string | undefined): string | undefined {
  const key = header('idempotency-key');
  if (key !== undefined && !idempotencyKeySchema.safeParse(key).success) {
    throw new ValidationError([{ field: 'Idempotency-Key', code: 'invalid', message: 'Idempotency-Key 须为 8–128 个字母、数字或 _.:- 字符' }]);
  }
  return key;
}
