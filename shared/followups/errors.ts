import { ConflictError, NotFoundError, RuleViolationError } from '../platform/kernel/errors.ts';

export const instructionNotFound = () => new NotFoundError('批示', 'INSTRUCTION_NOT_FOUND');

export const instructionClosed = () => new RuleViolationError('INSTRUCTION_CLOSED', '这条批示已销号，不能再更改。');

/** Every try of a change lost its optimistic lock to another writer of the same instruction. */
export const instructionBusy = () => new ConflictError('BUSY', '批示正在被同时修改，请稍后重试。');

export const nothingToChase = () => new ConflictError('NOTHING_TO_CHASE', '报送链上已无人待确认，无需催办。');

export const eventClosed = () => new RuleViolationError('EVENT_CLOSED', '这起事件已报送终报，不能再续报。');
