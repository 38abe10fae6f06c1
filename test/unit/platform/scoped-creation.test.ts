import { describe, expect, it } from 'vitest';
import { scopedCreation } from '../../../shared/platform/dynamo/scoped-creation.ts';

describe('scopedCreation: the idempotency record of a creation under its scoped key', () => {
  it('keys the record `<scope>:<key>` for the caller; no creation, no record', () => {
    const record = { requestHash: 'h', status: 201, response: {}, createdAt: '2026-01-01T00:00:00.000Z' };
    expect(scopedCreation({ callerId: 'p1', scope: 'circular', key: 'abc', record })).toEqual({
      callerId: 'p1',
      key: 'circular:abc',
      record,
    });
    expect(scopedCreation(undefined)).toBeUndefined();
  });
});
