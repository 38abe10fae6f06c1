import { jitter, retryStale, STALE } from './retry.ts';
import { localParts } from './time.ts';

/** The number a publication takes: the next of its year (in the publisher's zone), as of `now`. */
export type NumberSlot = { year: number; number: number; now: Date };

/**
 * Publishes something numbered gaplessly per year (第N期 of the periodical, 第N号 of the circulars):
 * 1. `prepare` reads and checks what it is made of (rule errors throw), afresh on every try;
 * 2. it takes the year's next number (the year in `timeZone`, at the clock's now) and `compose`s the document;
 * 3. `write` stores it in one transaction with the counter's step from N − 1 to N, and answers false when another
 *    publication took the number or one of its records changed meanwhile: then it waits a little and starts again
 *    from 1, so numbers never repeat and never skip. After `attempts` lost races, `busy()` is thrown.
 * Returns the document as written and the draft it was made of.
 */
export async function publishNumbered<Draft, Doc>(o: {
  clock: () => Date;
  timeZone: string;
  prepare: () => Promise<Draft>;
  lastNumber: (year: number) => Promise<number>;
  compose: (draft: Draft, slot: NumberSlot) => Doc;
  write: (doc: Doc, draft: Draft) => Promise<boolean>;
  busy: () => Error;
  attempts?: number;
}): Promise<{ doc: Doc; draft: Draft }> {
  return retryStale(
    o.attempts ?? 12,
    async () => {
      const draft = await o.prepare();
      const now = o.clock();
      const year = localParts(now, o.timeZone).year;
      const doc = o.compose(draft, { year, number: (await o.lastNumber(year)) + 1, now });
      return (await o.write(doc, draft)) ? { doc, draft } : STALE;
    },
    () => {
      throw o.busy();
    },
    { backoffMs: jitter },
  );
}

/** The id of the `number`-th publication of a year in the URLs: `2026-3`. */
export const numberedId = (year: number, number: number) => `${year}-${number}`;

/** Reads `numberedId` back (leading zeros allowed); undefined for anything else. */
export function parseNumberedId(id: string): { year: number; number: number } | undefined {
  const m = /^(\d{4})-(\d{1,4})$/.exec(id);
  return m ? { year: Number(m[1]), number: Number(m[2]) } : undefined;
}
