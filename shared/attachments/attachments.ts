import type { Caller } from '../platform/auth/caller.ts';
import { NotFoundError, RuleViolationError, type ErrorDetail } from '../platform/kernel/errors.ts';
import type { AttachmentsDeps } from './ports.ts';
import {
  ATTACHMENT_TYPES,
  cleanFileName,
  DOWNLOAD_SECONDS,
  MAX_ATTACHMENT_BYTES,
  MAX_ATTACHMENTS_PER_RECORD,
  parseRecordTag,
  realType,
  recordTag,
  sniff,
  UPLOAD_SECONDS,
  type Attachment,
  type RecordRef,
  type RequestUpload,
} from './rules/attachment.ts';

const notFound = () => new NotFoundError('附件', 'ATTACHMENT_NOT_FOUND');
const FILENAME = '${filename}';
/** Where uploads land until confirmed (the bucket's lifecycle removes what stays there a day), and where they go. */
export const incomingPrefix = (attachmentId: string) => `incoming/${attachmentId}/`;
const storedKey = (record: string, attachmentId: string) => `files/${record}/${attachmentId}`;

async function mustSee(deps: AttachmentsDeps, caller: Caller, record: RecordRef) {
  if (!(await deps.recordAccess.canSee(caller, record))) throw notFound();
}

function limitReached(): RuleViolationError {
  return new RuleViolationError('ATTACHMENT_LIMIT', `每条记录最多 ${MAX_ATTACHMENTS_PER_RECORD} 个附件。`, [
    { field: 'attachments', message: `已有 ${MAX_ATTACHMENTS_PER_RECORD} 个附件，不能再添加` },
  ]);
}

/**
 * A presigned POST for one file on a record the caller may see (404 otherwise), while it has fewer than ten.
 * `declared` (the API): the name, type and size were checked by the schema, and the policy holds the exact type
 * and key. Without it (the page's form, no JavaScript) the key ends in `${filename}` and S3 redirects the browser to
 * the confirm page. Nothing is written: an upload never confirmed leaves no entry.
 */
export async function requestUpload(
  deps: AttachmentsDeps,
  caller: Caller,
  record: RecordRef,
  declared?: RequestUpload,
) {
  await mustSee(deps, caller, record);
  const tag = recordTag(record);
  if ((await deps.attachments.listOf(tag)).length >= MAX_ATTACHMENTS_PER_RECORD) throw limitReached();
  const attachmentId = deps.ids();
  const fields: Record<string, string> = { 'x-amz-meta-record': tag, 'x-amz-meta-uploader': caller.personId };
  if (declared) {
    fields['Content-Type'] = declared.contentType;
    fields['x-amz-meta-name'] = encodeURIComponent(cleanFileName(declared.fileName));
    fields.success_action_status = '201';
  } else fields.success_action_redirect = `${deps.appUrl}/attachments/${attachmentId}/confirm`;
  const upload = deps.files.presignPost({
    key: incomingPrefix(attachmentId) + (declared ? 'file' : FILENAME),
    fields,
    conditions: [['content-length-range', 1, MAX_ATTACHMENT_BYTES]],
    expiresSeconds: UPLOAD_SECONDS,
  });
  return { attachmentId, upload };
}

/**
 * Confirms an upload: the stored object is checked (its real size, and its type by its first bytes); what breaks
 * the rules is deleted and refused (422 naming `size` or `contentType`). The file then moves under its record and is
 * counted in one transaction with the others (the eleventh is refused, even when two arrive at once). Only its
 * uploader confirms it; confirming twice answers the same.
 */
export async function confirmUpload(
  deps: AttachmentsDeps,
  caller: Caller,
  attachmentId: string,
): Promise<{ attachment: Attachment; record: RecordRef }> {
  if (!/^[0-9A-Z]{26}$/.test(attachmentId)) throw notFound();
  const done = await deps.attachments.get(attachmentId);
  if (done) {
    if (done.uploadedBy !== caller.personId) throw notFound();
    return { attachment: done, record: parseRecordTag(done.record)! };
  }
  const [key] = await deps.files.list(incomingPrefix(attachmentId));
  const head = key ? await deps.files.head(key) : undefined;
  const record = head && parseRecordTag(head.metadata.record ?? '');
  if (!key || !head || !record || head.metadata.uploader !== caller.personId) throw notFound();
  await mustSee(deps, caller, record);
  const tail = key.slice(incomingPrefix(attachmentId).length);
  const named = head.metadata.name ? safeDecode(head.metadata.name) : tail === FILENAME || tail === 'file' ? '' : tail;
  const bytes = await deps.files.firstBytes(key, 4096);
  const type = realType(sniff(bytes), head.contentType, cleanFileName(named));
  const problems: ErrorDetail[] = [];
  if (head.size > MAX_ATTACHMENT_BYTES) problems.push({ field: 'size', message: '单个附件不能超过 20 MB' });
  if (head.size === 0) problems.push({ field: 'size', message: '文件是空的' });
  if (!type)
    problems.push({ field: 'contentType', message: '只能上传照片（JPEG/PNG/HEIC）、PDF、Word/WPS 或 Excel 文件' });
  if (problems.length || !type) {
    await deps.files.delete(key);
    throw new RuleViolationError('ATTACHMENT_REFUSED', '附件不符合要求，已删除。', problems);
  }
  const tag = recordTag(record);
  const fileName = cleanFileName(named) || `附件-${attachmentId.slice(-6)}.${ATTACHMENT_TYPES[type].ext[0] ?? 'bin'}`;
  const attachment: Attachment = {
    attachmentId,
    record: tag,
    fileName,
    contentType: type,
    size: head.size,
    uploadedAt: deps.clock().toISOString(),
    uploadedBy: caller.personId,
    uploadedByName: caller.name,
    key: storedKey(tag, attachmentId),
  };
  if ((await deps.attachments.listOf(tag)).length >= MAX_ATTACHMENTS_PER_RECORD) {
    await deps.files.delete(key);
    throw limitReached();
  }
  await deps.files.copy(key, attachment.key);
  const added = await deps.attachments.add(attachment, MAX_ATTACHMENTS_PER_RECORD);
  await deps.files.delete(key);
  if (!added) {
    await deps.files.delete(attachment.key);
    throw limitReached();
  }
  return { attachment, record };
}

const safeDecode = (s: string) => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

/** The attachments of a record the caller may see (404 otherwise). */
export async function listAttachments(deps: AttachmentsDeps, caller: Caller, record: RecordRef) {
  await mustSee(deps, caller, record);
  return (await deps.attachments.listOf(recordTag(record))).map(attachmentView);
}

export const attachmentView = (a: Attachment) => ({
  attachmentId: a.attachmentId,
  fileName: a.fileName,
  contentType: a.contentType,
  size: a.size,
  uploadedAt: a.uploadedAt,
  uploadedBy: a.uploadedBy,
  ...(a.uploadedByName ? { uploadedByName: a.uploadedByName } : {}),
});

/** A short-lived download URL, for someone who may see the attachment's record; anyone else is 404. */
export async function downloadUrl(deps: AttachmentsDeps, caller: Caller, attachmentId: string): Promise<string> {
  const a = await deps.attachments.get(attachmentId);
  const record = a && parseRecordTag(a.record);
  if (!a || !record) throw notFound();
  await mustSee(deps, caller, record);
  const ascii = a.fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return deps.files.presignGet(a.key, DOWNLOAD_SECONDS, {
    'response-content-disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(a.fileName)}`,
    'response-content-type': a.contentType,
  });
}
