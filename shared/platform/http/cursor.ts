import { ValidationError } from '../kernel/errors.ts';

/** A list's `nextCursor`: the last key read, opaque to clients (base64url JSON); null at the end. */
export function encodeCursor(key: Record<string, unknown> | undefined): string | null {
  return key ? Buffer.from(JSON.stringify(key), 'utf8').toString('base64url') : null;
}

/** The key attributes of the table and its indexes: all a last-read key (`LastEvaluatedKey`) ever holds. */
const KEY_ATTRIBUTES = new Set(['PK', 'SK', 'GSI1PK', 'GSI1SK', 'GSI2PK', 'GSI2SK']);
/** DynamoDB's limit for a sort key value (a partition key may hold 2,048): a longer one is refused as a 500. */
const MAX_KEY_BYTES = 1024;

/**
 * Whether a decoded cursor has the shape of a last-read key: the table's own key (PK and SK) and at most an index's
 * key beside it, each a string within DynamoDB's key size. Anything else would reach DynamoDB as a start key it
 * rejects (an internal error) instead of being refused here.
 */
function isLastReadKey(v: unknown): v is Record<string, string> {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return false;
  const entries = Object.entries(v);
  const names = entries.map(([k]) => k);
  const index = names.filter((k) => k.startsWith('GSI')).map((k) => k.slice(0, 4));
  return (
    names.includes('PK') &&
    names.includes('SK') &&
    entries.length <= 4 &&
    new Set(index).size <= 1 &&
    index.length !== 1 &&
    entries.every(
      ([k, x]) =>
        KEY_ATTRIBUTES.has(k) && typeof x === 'string' && x.length > 0 && Buffer.byteLength(x) <= MAX_KEY_BYTES,
    )
  );
}

/** Reads `?cursor=` back; anything that is not one of ours is 400. */
export function decodeCursor(cursor: string | undefined): Record<string, unknown> | undefined {
  if (!cursor) return undefined;
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (isLastReadKey(v)) return v;
  } catch {
    /* fall through */
  }
  throw new ValidationError([
    { field: 'cursor', code: 'invalid', message: 'cursor 无效，请使用上一页返回的 nextCursor' },
  ]);
}
