import { ConflictError, NotFoundError, ValidationError } from '../platform/kernel/errors.ts';

/** An e-mail address belongs to one person only. */
export const emailTaken = (email: string) =>
  new ConflictError('EMAIL_TAKEN', `邮箱 ${email} 已被登记，同一邮箱只能属于一个人。`);

export const personNotFound = () => new NotFoundError('人员', 'PERSON_NOT_FOUND');

export const orgNotFound = (what = '单位') => new NotFoundError(what, 'ORG_NOT_FOUND');

/** An address of the file was registered by someone else while the import was being written: nothing was imported. */
export const importRaced = () =>
  new ValidationError(
    [{ field: 'email', code: 'taken', message: '导入期间有邮箱被他人登记，请重新导入。' }],
    '导入未执行（没有导入任何一行）。',
  );
