import type * as z from 'zod';
import { ValidationError, type ErrorDetail } from './errors.ts';

/** Turns zod issues into field-named details: `contact.phone`, `casualties.dead`, or the unknown key itself. */
export function toDetails(error: z.ZodError, input?: unknown): ErrorDetail[] {
  return error.issues.flatMap((issue) => {
    const path = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((k) => ({
        field: path ? `${path}.${k}` : k,
        code: 'unknown_field',
        message: `未知字段 ${k}`,
      }));
    }
    const missing =
      (issue.code === 'invalid_type' || issue.code === 'invalid_value') && valueAt(input, issue.path) === undefined;
    return [{ field: path || '(body)', code: missing ? 'required' : issue.code, message: issue.message }];
  });
}

function valueAt(input: unknown, path: PropertyKey[]): unknown {
  let v: unknown = input;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  return v;
}

export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw new ValidationError(toDetails(result.error, input));
  return result.data;
}
