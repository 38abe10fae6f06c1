import { describe, expect, it } from 'vitest';
import {
  afterFailure,
  backoffSeconds,
  isUndelivered,
  LEASE_SECONDS,
  leaseHeld,
  MAX_RECEIVES,
  outboxId,
} from '../../../shared/platform/outbox/record.ts';

describe('the outbox record', () => {
  it('backs off 10, 20, 40, 80 s, at most 120 s', () => {
    expect([1, 2, 3, 4, 5, 6, 9].map(backoffSeconds)).toEqual([10, 20, 40, 80, 120, 120, 120]);
    expect(backoffSeconds(0)).toBe(10);
  });

  it('retries until the fifth receive, which gives up (the dead-letter queue)', () => {
    expect(MAX_RECEIVES).toBe(5);
    expect([1, 2, 3, 4].map(afterFailure)).toEqual([10, 20, 40, 80].map((d) => ({ retry: true, delaySeconds: d })));
    expect(afterFailure(5)).toEqual({ retry: false });
    expect(afterFailure(7)).toEqual({ retry: false });
  });

  it('holds a 60 s lease while sending, and only then', () => {
    expect(LEASE_SECONDS).toBe(60);
    const now = new Date('2026-12-02T10:00:00Z');
    const until = (s: number) => new Date(now.getTime() + s * 1000).toISOString();
    expect(leaseHeld({ status: 'sending', leaseUntil: until(59) }, now)).toBe(true);
    expect(leaseHeld({ status: 'sending', leaseUntil: until(-1) }, now)).toBe(false);
    expect(leaseHeld({ status: 'pending', leaseUntil: until(30) }, now)).toBe(false);
    expect(leaseHeld({ status: 'sending' }, now)).toBe(false);
  });

  it('takes its id from the send-once key: the same key, the same record; without one, a new id', () => {
    let n = 0;
    const ids = () => `id${n++}`;
    expect(outboxId('REPORT#1|MAIL#step-0', ids)).toBe(outboxId('REPORT#1|MAIL#step-0', ids));
    expect(outboxId('REPORT#1|MAIL#step-0', ids)).not.toBe(outboxId('REPORT#1|MAIL#step-1', ids));
    expect(outboxId('REPORT#1|MAIL#step-0', ids)).toMatch(/^k[A-Za-z0-9_-]{32}$/);
    expect(outboxId(undefined, ids)).not.toBe(outboxId(undefined, ids));
  });

  it('is undelivered when refused, given up, or pending after a failure', () => {
    expect(isUndelivered({ status: 'rejected', attempts: 1, reason: 'x' })).toBe(true);
    expect(isUndelivered({ status: 'failed', attempts: 5, reason: 'x' })).toBe(true);
    expect(isUndelivered({ status: 'pending', attempts: 1, reason: 'x' })).toBe(true);
    expect(isUndelivered({ status: 'pending', attempts: 0 })).toBe(false);
    expect(isUndelivered({ status: 'sent', attempts: 1 })).toBe(false);
  });
});
