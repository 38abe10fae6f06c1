import { ConflictError } from '../platform/kernel/errors.ts';

/** Thrown by the store when a conditional write lost to a concurrent change (the caller re-reads and decides again). */
export class StaleItem extends Error {
  constructor(readonly which: 'item' | 'counter' | 'periodical' | 'conflict') {
    super(`stale ${which}`);
  }
}

/** A state that changed under our feet between read and write. */
export const concurrentChange = () => new ConflictError('ITEM_CHANGED', '这条信息刚被他人处理过，请刷新后再试。');

export const periodicalBusy = () => new ConflictError('PERIODICAL_BUSY', '同时发布的刊物太多，请稍后重试。');
