import { createHash } from 'node:crypto';
import { RuleViolationError } from './errors.ts';

/** The first response of a creation made with an Idempotency-Key, kept 24 hours. */
export type IdempotencyRecord = { requestHash: string; status: number; response: unknown; createdAt: string };

/** Thrown by a creating repository when its transaction lost the race on the caller's key record to a concurrent repeat. */
export class IdempotencyReplay extends Error {
  constructor(readonly record: IdempotencyRecord) {
    super('idempotency key already used');
  }
}

/** The answer of a creating call: with `Idempotency-Key`, a repeat returns the first answer and creates nothing. */
export type Created<T> = { status: number; body: T; replayed: boolean };

/** What a creating repository writes in its transaction to record the first answer under the caller's key. */
export type CreationRecord<S extends string> = { callerId: string; scope: S; key: string; record: IdempotencyRecord };

/** Makes the record of the first answer for the creating transaction; undefined when the call has no key. */
export type Creation<T, S extends string> = (body: T, at: string) => CreationRecord<S> | undefined;

/**
 * Runs a creation at most once per caller, scope and key (API.md conventions): a repeat with the same body within
 * 24 hours gets the first answer; the same key with another body is 422 IDEMPOTENCY_KEY_REUSED. `create` receives the
 * function that makes the record for its transaction (undefined without a key); a concurrent repeat that loses the
 * race on that record (`IdempotencyReplay`) is answered from the winner's record. Every creating use case uses this.
 */
export async function once<T, S extends string>(
  read: (callerId: string, scope: S, key: string) => Promise<IdempotencyRecord | undefined>,
  caller: { personId: string },
  scope: S,
  key: string | undefined,
  input: unknown,
  create: (creation: Creation<NoInfer<T>, S>) => Promise<T>,
): Promise<Created<T>> {
  const callerId = caller.personId;
  const requestHash = createHash('sha256').update(JSON.stringify(input)).digest('hex');
  const replay = (r: IdempotencyRecord): Created<T> => {
    if (r.requestHash !== requestHash) {
      throw new RuleViolationError(
        'IDEMPOTENCY_KEY_REUSED',
        '这个 Idempotency-Key 已用于另一份内容不同的请求，请换一个新的键。',
        [{ field: 'Idempotency-Key', message: '同一个键只能对应同一份内容' }],
      );
    }
    return { status: r.status, body: r.response as T, replayed: true };
  };
  if (key) {
    const existing = await read(callerId, scope, key);
    if (existing) return replay(existing);
  }
  try {
    const body = await create((b, at) =>
      key ? { callerId, scope, key, record: { requestHash, status: 201, response: b, createdAt: at } } : undefined,
    );
    return { status: 201, body, replayed: false };
  } catch (err) {
    if (err instanceof IdempotencyReplay) return replay(err.record);
    throw err;
  }
}
