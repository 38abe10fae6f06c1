import { ConflictError, NotFoundError } from '../platform/kernel/errors.ts';

/**
 * Thrown when a conditional write lost: `finding` changed meanwhile, `guard` (that report already has such a
 * finding), `counter` (a circular took the number).
 */
export class StaleFinding extends Error {
  constructor(readonly which: 'finding' | 'guard' | 'counter' | 'conflict') {
    super(`stale ${which}`);
  }
}

export const findingNotFound = () => new NotFoundError('记录', 'FINDING_NOT_FOUND');

export const circularBusy = () => new ConflictError('CIRCULAR_BUSY', '同时发布的通报太多，请稍后重试。');
