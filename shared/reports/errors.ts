import { AppError, ConflictError, NotFoundError } from '../platform/kernel/errors.ts';

export const reportNotFound = () => new NotFoundError('报告', 'REPORT_NOT_FOUND');

/** Every try of a change lost its optimistic lock to another writer of the same report. */
export const reportBusy = () => new ConflictError('BUSY', '报告正在被同时修改，请稍后重试。');

/** An acknowledgement link that cannot be used: malformed or unknown (404), expired (410), already used (409). */
export class LinkError extends AppError {
  constructor(code: 'LINK_INVALID' | 'LINK_EXPIRED' | 'LINK_USED', message: string) {
    super(code === 'LINK_USED' ? 409 : code === 'LINK_EXPIRED' ? 410 : 404, code, message);
  }
}

/** A mail that another worker is sending right now: the caller retries later (the message returns to the queue). */
export class MailInFlight extends Error {
  constructor(readonly mailKey: string) {
    super(`mail ${mailKey} is being sent by another worker`);
  }
}
