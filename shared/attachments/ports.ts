import type { Caller } from '../platform/auth/caller.ts';
import type { Attachment, RecordRef } from './rules/attachment.ts';
import type { HeadResult, PostCondition, PresignedPost } from '../platform/kernel/presigned-post.ts';

export type { HeadResult, PostCondition, PresignedPost };

/** The bucket, as attachments use it (platform/files/s3.ts `S3Files` is the one on S3 and the local emulator). */
export interface FileStore {
  readonly origin: string;
  presignPost(input: {
    key: string;
    fields?: Record<string, string>;
    conditions?: PostCondition[];
    expiresSeconds: number;
  }): PresignedPost;
  presignGet(key: string, expiresSeconds: number, query?: Record<string, string>): string;
  head(key: string): Promise<HeadResult | undefined>;
  firstBytes(key: string, length: number): Promise<Buffer>;
  copy(from: string, to: string): Promise<void>;
  list(prefix: string): Promise<string[]>;
  delete(key: string): Promise<void>;
}

export interface AttachmentStore {
  /** The confirmed attachments of a record, oldest first. */
  listOf(record: string): Promise<Attachment[]>;
  get(attachmentId: string): Promise<Attachment | undefined>;
  /**
   * Adds a confirmed attachment and counts it against its record in one transaction: false (nothing written) when
   * the record already has `max`.
   */
  add(attachment: Attachment, max: number): Promise<boolean>;
}

/**
 * Whether a caller may see a record: the record's own context decides (reports, follow-ups and items each have
 * their visibility rule); the function wires it. `page` is where the record is shown.
 */
export interface RecordAccess {
  canSee(caller: Caller, record: RecordRef): Promise<boolean>;
  page(record: RecordRef): string;
}

export type AttachmentsDeps = {
  attachments: AttachmentStore;
  files: FileStore;
  recordAccess: RecordAccess;
  clock: () => Date;
  ids: () => string;
  appUrl: string;
};
