import { ValidationError } from '../kernel/errors.ts';

/** A list's `nextCursor`: the last key read, opaque to clients (base64url JSON); null at the end. */
export function encodeCursor(key: Record<string, unknown> | undefined): string | null {
  return key ? Buffer.from(JSON.stringify(key), 'utf8').toString('base64url') : null;
}

/** Reads `?cursor=` back; anything that is not one of ours is 400. */
export function decodeCursor(cursor: string | undefined): Record<string, unknown> | undefined {
  if (!cursor) return undefined;
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (v && typeof v === 'object' && !Array.isArray(v) && Object.values(v).every((x) => typeof x === 'string'))
      return v as Record<string, unknown>;
  } catch {
    /* fall through */
  }
  throw new ValidationError([
    { field: 'cursor', code: 'invalid', message: 'cursor 无效，请使用上一页返回的 nextCursor' },
  ]);
}
