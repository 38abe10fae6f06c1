import { describe, expect, it } from 'vitest';
import {
  asWrites,
  MAX_TRANSACTION_ITEMS,
  withMails,
  type TransactItem,
} from '../../../shared/platform/dynamo/transaction.ts';

const put = (pk: string): TransactItem => ({ Put: { TableName: 't', Item: { PK: pk, SK: pk } } });
const rows = (n: number, p: string) => Array.from({ length: n }, (_, i) => put(`${p}${i}`));

describe('withMails: a change and its outbox records in one transaction while DynamoDB allows', () => {
  it('puts the mails after the change rows in the same transaction up to 99 items (one kept for an idempotency record)', () => {
    const change = rows(4, 'C');
    const mails = [asWrites(rows(1, 'M')), asWrites(rows(MAX_TRANSACTION_ITEMS - 5, 'N'))];
    const r = withMails(change, mails);
    expect(r.rows).toHaveLength(99);
    expect(r.rows.slice(0, 4)).toEqual(change);
    expect(r.after).toEqual([]);
  });

  it('past 99 items commits the change alone and leaves every mail to be written right after', () => {
    const change = rows(4, 'C');
    const mails = rows(96, 'M');
    const r = withMails(change, [asWrites(mails)]);
    expect(r.rows).toEqual(change);
    expect(r.after).toEqual(mails);
  });

  it('without mails is the change as it is', () => {
    expect(withMails(rows(3, 'C'), undefined)).toEqual({ rows: rows(3, 'C'), after: [] });
  });
});
