/**
 * Attachments (issue 14): files on reports, follow-ups and items. What other contexts may use of it: the rules,
 * the record type and the ports. Nothing here reaches S3, a repository or a page.
 */
export * from './rules/attachment.ts';
export type { AttachmentStore, AttachmentsDeps, FileStore, RecordAccess } from './ports.ts';
