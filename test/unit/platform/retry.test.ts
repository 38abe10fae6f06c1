import { describe, expect, it } from 'vitest';
import { retryStale, STALE } from '../../../shared/platform/kernel/retry.ts';
import { publishNumbered } from '../../../shared/platform/kernel/numbered.ts';

describe('retryStale: the optimistic-lock loop', () => {
  it('returns the first answer that is not STALE, after re-running the lost attempts', async () => {
    const seen: number[] = [];
    const r = await retryStale(
      4,
      async (n) => (seen.push(n), n < 2 ? STALE : `won on ${n}`),
      () => 'busy',
    );
    expect(r).toBe('won on 2');
    expect(seen).toEqual([0, 1, 2]);
  });

  it('gives up after the given number of lost attempts with what `exhausted` says (or throws)', async () => {
    let tries = 0;
    expect(
      await retryStale(
        4,
        async () => (tries++, STALE),
        () => 'busy',
      ),
    ).toBe('busy');
    expect(tries).toBe(4);
    await expect(
      retryStale(
        2,
        async () => STALE,
        () => {
          throw new Error('BUSY');
        },
      ),
    ).rejects.toThrow('BUSY');
  });

  it('does not retry an attempt that failed: its error is the answer', async () => {
    let tries = 0;
    await expect(
      retryStale(
        4,
        async () => {
          tries++;
          throw new Error('refused');
        },
        () => 'busy',
      ),
    ).rejects.toThrow('refused');
    expect(tries).toBe(1);
  });

  it('waits between tries only, never after the last', async () => {
    const waits: number[] = [];
    await retryStale(
      3,
      async () => STALE,
      () => undefined,
      { backoffMs: (n) => (waits.push(n), 1) },
    );
    expect(waits).toEqual([0, 1]);
  });
});

describe('publishNumbered: the gapless publication flow', () => {
  const base = () => {
    const counter = { last: 4 };
    const written: { year: number; number: number }[] = [];
    return { counter, written };
  };

  it('takes the next number of the year in the publisher’s zone', async () => {
    const { counter } = base();
    // 2026-12-31 20:00 UTC is already 2027 in Shanghai, still 2026 in London.
    const clock = () => new Date('2026-12-31T20:00:00Z');
    const years: number[] = [];
    for (const timeZone of ['Asia/Shanghai', 'Europe/London']) {
      const { doc } = await publishNumbered({
        clock,
        timeZone,
        prepare: async () => 'draft',
        lastNumber: async (year) => (years.push(year), counter.last),
        compose: (_d, slot) => slot,
        write: async () => true,
        busy: () => new Error('busy'),
      });
      expect(doc.number).toBe(5);
    }
    expect(years).toEqual([2027, 2026]);
  });

  it('after a lost race prepares again and takes the number after the winner’s, so none repeats or is skipped', async () => {
    const { counter, written } = base();
    let prepared = 0;
    const { doc, draft } = await publishNumbered({
      clock: () => new Date('2026-06-01T00:00:00Z'),
      timeZone: 'Asia/Shanghai',
      prepare: async () => ++prepared,
      lastNumber: async () => counter.last,
      compose: (d, slot) => ({ ...slot, draft: d }),
      write: async (doc) => {
        if (doc.number !== counter.last + 1) return false;
        if (written.length === 0) {
          counter.last++; // another publication took number 5 between our read and our write
          written.push({ year: doc.year, number: 5 });
          return false;
        }
        counter.last = doc.number;
        written.push({ year: doc.year, number: doc.number });
        return true;
      },
      busy: () => new Error('busy'),
    });
    expect(doc.number).toBe(6);
    expect(draft).toBe(2);
    expect(written.map((w) => w.number)).toEqual([5, 6]);
  });

  it('throws `busy` after every attempt lost, and lets a rule error of `prepare` through at once', async () => {
    let writes = 0;
    const opts = {
      clock: () => new Date(),
      timeZone: 'UTC',
      lastNumber: async () => 0,
      compose: () => ({}),
      write: async () => (writes++, false),
      busy: () => new Error('PUBLICATION_BUSY'),
      attempts: 3,
    };
    await expect(publishNumbered({ ...opts, prepare: async () => 'x' })).rejects.toThrow('PUBLICATION_BUSY');
    expect(writes).toBe(3);
    await expect(
      publishNumbered({ ...opts, prepare: async () => Promise.reject(new Error('NOTHING_TO_PUBLISH')) }),
    ).rejects.toThrow('NOTHING_TO_PUBLISH');
    expect(writes).toBe(3);
  });
});
