/**
 * The shapes of a browser upload straight to the bucket (an S3 POST policy) and of what the bucket says of a stored
 * object: what the attachments context asks of its file store and what the S3 adapter (`platform/files/s3.ts`) gives.
 * Types only, so that a context's ports can name them without reaching the adapter.
 */

/** A POST policy condition, as S3 takes them. */
export type PostCondition =
  | Record<string, string>
  | ['starts-with', string, string]
  | ['eq', string, string]
  | ['content-length-range', number, number];
export type PresignedPost = { url: string; fields: Record<string, string> };
export type HeadResult = { size: number; contentType: string; metadata: Record<string, string> };
