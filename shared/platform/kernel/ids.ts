import { AppError, type ErrorDetail } from './errors.ts';

/**
 * The shape of every id the system makes: a ULID (`deps.ids()`), or a slug of letters, digits, `-` and `_` (the demo
 * and test organisations, `2026-3` of a numbered issue), at most 100 characters as the body schemas allow. No id
 * holds `#` (the key separator), `/`, `%`, spaces or anything outside ASCII, so none can reach DynamoDB's key-size
 * limit or build another record's key.
 */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/;
export const MAX_ID_LENGTH = 100;

export const isWellFormedId = (value: string): boolean => ID_PATTERN.test(value);

/** A path parameter that names a record: `orgId`, `reportId`, … (`{year}`, `{token}`, `{action}` are checked where read). */
export const isIdParameter = (name: string): boolean => /Id$/.test(name);

/**
 * Refuses a request whose path names a record by an id that cannot be one, before anything reads the table: 404, as
 * for an id that is well formed but unknown (API.md: unknown is 404), with the parameter named in the details.
 */
export function assertIdShapes(params: Record<string, string | undefined>): void {
  const details: ErrorDetail[] = Object.entries(params)
    .filter(([name, v]) => isIdParameter(name) && v !== undefined && !isWellFormedId(v))
    .map(([field]) => ({
      field,
      code: 'malformed_id',
      message: `${field} 不是有效的编号（1–${MAX_ID_LENGTH} 个字母、数字、- 或 _）`,
    }));
  if (details.length) throw new AppError(404, 'NOT_FOUND', '资源不存在或您无权查看。', details);
}
