/** What an attempt returns when it lost an optimistic lock: read again and decide again. */
export const STALE: unique symbol = Symbol('stale');
export type Stale = typeof STALE;

/**
 * The optimistic-lock loop: runs `attempt` (read, decide, write under the version read) until it returns anything
 * but `STALE`, at most `attempts` times, waiting `backoffMs(n)` between tries when given. When every try lost, the
 * answer is `exhausted()` (which may throw the caller's "busy" error). Errors of an attempt are not retried.
 */
export async function retryStale<T>(
  attempts: number,
  attempt: (n: number) => Promise<T | Stale>,
  exhausted: () => T,
  opts: { backoffMs?: (n: number) => number } = {},
): Promise<T> {
  for (let n = 0; n < attempts; n++) {
    const r = await attempt(n);
    if (r !== STALE) return r;
    const wait = n + 1 < attempts ? (opts.backoffMs?.(n) ?? 0) : 0;
    if (wait > 0) await new Promise((done) => setTimeout(done, wait));
  }
  return exhausted();
}

/** A short random wait that grows with the try: concurrent writers of the same record spread out. */
export const jitter = (n: number) => 10 + Math.random() * 40 * (n + 1);
