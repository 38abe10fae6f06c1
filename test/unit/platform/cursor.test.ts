import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from '../../../shared/platform/http/cursor.ts';
import { toAppError } from '../../../shared/platform/http/error-mapper.ts';

const raw = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
const refused = (cursor: string) => {
  try {
    decodeCursor(cursor);
  } catch (e) {
    return (e as { status: number; details: { field: string }[] }).details[0]?.field;
  }
  return 'accepted';
};

describe('list cursors', () => {
  it('read back the last key a table or index query gave', () => {
    const table = { PK: 'REPORT#1', SK: 'REPORT' };
    const index = { ...table, GSI1PK: 'ORG#o1#REPORTS', GSI1SK: '2026-11-01T00:00:00Z#1' };
    expect(decodeCursor(encodeCursor(table)!)).toEqual(table);
    expect(decodeCursor(encodeCursor(index)!)).toEqual(index);
    expect(encodeCursor(undefined)).toBeNull();
  });

  it.each([
    ['garbage', 'not a cursor %00'],
    ['JSON of another shape', raw([1, 2])],
    ['no sort key', raw({ PK: 'ORG#o1' })],
    ['an attribute that is no key', raw({ PK: 'a', SK: 'b', x: 'c' })],
    ['half an index key', raw({ PK: 'a', SK: 'b', GSI1PK: 'c' })],
    ['keys of two indexes', raw({ PK: 'a', SK: 'b', GSI1PK: 'c', GSI2SK: 'd' })],
    ['a value over DynamoDB’s key size', raw({ PK: 'a', SK: 'x'.repeat(1025) })],
    ['a value that is not a string', raw({ PK: 'a', SK: 1 })],
  ])('refuse %s with a 400 naming cursor, before DynamoDB sees it', (_, cursor) => {
    expect(refused(cursor)).toBe('cursor');
  });

  it('one that DynamoDB finds outside the list asked for is the client’s 400, not an internal error', () => {
    const err = Object.assign(new Error('The provided starting key does not match the range key predicate'), {
      name: 'ValidationException',
    });
    const e = toAppError(err, () => {
      throw new Error('not logged as unexpected');
    });
    expect([e.status, e.details[0]?.field]).toEqual([400, 'cursor']);
  });
});
