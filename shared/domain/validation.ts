import type { z } from 'zod';
import { ValidationError, type ErrorDetail } from '../errors.ts';

/** Turns zod issues into field-named details: `contact.phone`, `casualties.dead`, or the unknown key itself. */
export function toDetails(error: z.ZodError): ErrorDetail[] {
  return error.issues.flatMap((issue) => {
    const path = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((k) => ({ field: path ? `${path}.${k}` : k, code: 'unknown_field', message: `未知字段 ${k}` }));
    }
    const missing = issue.code === 'invalid_type' && issue.input === undefined;
    return [{ field: path || '(body)', code: missing ? 'required' : issue.code, message: issue.message }];
  });
}

export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw new ValidationError(toDetails(result.error));
  return result.data;
}
