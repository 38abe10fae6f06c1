import { html, type Raw } from '../platform/pages/html.ts';
import type { PresignedPost } from './ports.ts';
import {
  MAX_ATTACHMENTS_PER_RECORD,
  recordTag,
  sizeLabel,
  type Attachment,
  type RecordRef,
} from './rules/attachment.ts';

const ACCEPT = '.jpg,.jpeg,.png,.heic,.heif,.pdf,.doc,.docx,.wps,.xls,.xlsx,.et';
const when = (iso: string) => iso.slice(0, 16).replace('T', ' ');

/**
 * A record's attachments, for its page: name (a download link), type, size, who and when, and a link to add one
 * while it has fewer than ten. The record's own function renders it from the table (no S3 in its bundle).
 */
export function attachmentSection(record: RecordRef, list: readonly Attachment[]): Raw {
  const rows = list.map(
    (a) => html`<li>
      <a href="/attachments/${a.attachmentId}" download>${a.fileName}</a>
      <span class="muted">${sizeLabel(a.size)} · ${a.uploadedByName ?? a.uploadedBy} · ${when(a.uploadedAt)}</span>
    </li>`,
  );
  const add =
    list.length < MAX_ATTACHMENTS_PER_RECORD
      ? html`<p><a class="button" href="/attachments/new?record=${encodeURIComponent(recordTag(record))}">添加附件</a></p>`
      : html`<p class="muted">已有 ${MAX_ATTACHMENTS_PER_RECORD} 个附件（上限）。</p>`;
  return html`<section class="attachments" aria-labelledby="attachments-${recordTag(record).replace(/\W+/g, '-')}">
    <h2 id="attachments-${recordTag(record).replace(/\W+/g, '-')}">附件（${list.length}）</h2>
    ${list.length ? html`<ul class="attachment-list">${rows}</ul>` : html`<p class="muted">暂无附件。</p>`}
    ${add}
  </section>`;
}

/**
 * The upload form: a plain multipart form posted straight to the bucket (the presigned POST's fields hidden, the
 * file last, as S3 wants it); the bucket sends the browser back to the confirm page. No JavaScript.
 */
export function uploadPage(input: { recordTitle: string; back: string; upload: PresignedPost }): Raw {
  const hidden = Object.entries(input.upload.fields).map(
    ([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`,
  );
  return html`<h1>添加附件</h1>
    <p>${input.recordTitle}</p>
    <p class="muted">照片（JPEG/PNG/HEIC）、PDF、Word/WPS、Excel；单个不超过 20 MB，每条记录最多 ${MAX_ATTACHMENTS_PER_RECORD} 个。</p>
    <form method="post" action="${input.upload.url}" enctype="multipart/form-data">
      ${hidden}
      <p><label for="file">选择文件</label><br><input id="file" name="file" type="file" accept="${ACCEPT}" required></p>
      <p><button type="submit">上传</button> <a href="${input.back}">返回</a></p>
    </form>`;
}

/** The section of a record's page, read from the table (one query of the record's attachment partition). */
export async function attachmentSectionFor(
  store: { listOf(record: string): Promise<Attachment[]> } | undefined,
  record: RecordRef,
): Promise<Raw> {
  if (!store) return html``;
  return attachmentSection(record, await store.listOf(recordTag(record)));
}
