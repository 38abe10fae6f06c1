import * as z from 'zod';

/** At most this many bytes per file (issue 14). */
export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;
/** At most this many files per record. */
export const MAX_ATTACHMENTS_PER_RECORD = 10;
/** How long an upload form and a download link stay valid. */
export const UPLOAD_SECONDS = 15 * 60;
export const DOWNLOAD_SECONDS = 5 * 60;

/** What a file's first bytes say it is. */
export type Family = 'jpeg' | 'png' | 'heic' | 'pdf' | 'ole' | 'ooxml-word' | 'ooxml-excel';

/** The types an attachment may have: photos, PDF, Word/WPS, Excel; each with the family its bytes must show. */
export const ATTACHMENT_TYPES = {
  'image/jpeg': { family: 'jpeg', ext: ['jpg', 'jpeg'] },
  'image/png': { family: 'png', ext: ['png'] },
  'image/heic': { family: 'heic', ext: ['heic', 'heif'] },
  'image/heif': { family: 'heic', ext: [] },
  'application/pdf': { family: 'pdf', ext: ['pdf'] },
  'application/msword': { family: 'ole', ext: ['doc'] },
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': { family: 'ooxml-word', ext: ['docx'] },
  'application/vnd.ms-works': { family: 'ole', ext: ['wps'] },
  'application/kswps': { family: 'ole', ext: [] },
  'application/vnd.ms-excel': { family: 'ole', ext: ['xls', 'et'] },
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { family: 'ooxml-excel', ext: ['xlsx'] },
} as const satisfies Record<string, { family: Family; ext: readonly string[] }>;
export type AttachmentType = keyof typeof ATTACHMENT_TYPES;
export const isAttachmentType = (t: string): t is AttachmentType => Object.hasOwn(ATTACHMENT_TYPES, t);

/** The record a file belongs to. */
export type RecordRef =
  | { kind: 'report'; reportId: string }
  | { kind: 'followup'; reportId: string; sequence: number }
  | { kind: 'item'; itemId: string };

/** The record as one string (its partition, the object's metadata): `report/ID`, `followup/ID/3`, `item/ID`. */
export function recordTag(r: RecordRef): string {
  if (r.kind === 'report') return `report/${r.reportId}`;
  if (r.kind === 'followup') return `followup/${r.reportId}/${r.sequence}`;
  return `item/${r.itemId}`;
}
const ID = /^[0-9A-Za-z_-]{1,64}$/;
export function parseRecordTag(tag: string): RecordRef | undefined {
  const [kind, id, seq, ...rest] = tag.split('/');
  if (!id || !ID.test(id) || rest.length) return undefined;
  if (kind === 'report' && seq === undefined) return { kind, reportId: id };
  if (kind === 'item' && seq === undefined) return { kind, itemId: id };
  if (kind === 'followup' && seq && /^\d{1,3}$/.test(seq)) return { kind, reportId: id, sequence: Number(seq) };
  return undefined;
}

/** A confirmed attachment, as records list it. */
export type Attachment = {
  attachmentId: string;
  record: string;
  fileName: string;
  contentType: AttachmentType;
  size: number;
  uploadedAt: string;
  uploadedBy: string;
  uploadedByName?: string;
  /** The object's key in the bucket. */
  key: string;
};

/** A file name as people gave it: no path, no control characters, at most 200 characters. */
export function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const printable = [...base].filter((c) => c.charCodeAt(0) >= 0x20 && c !== '\u007f' && c !== '"').join('');
  return printable.trim().slice(0, 200);
}
export const extensionOf = (name: string) => /\.([A-Za-z0-9]{1,5})$/.exec(name)?.[1]?.toLowerCase();

export const requestUploadSchema = z.object({
  fileName: z
    .string({ error: '请填写文件名' })
    .trim()
    .min(1, '请填写文件名')
    .max(200, '文件名最多 200 个字')
    .refine((n) => cleanFileName(n).length > 0, '文件名无效'),
  contentType: z
    .string({ error: '请填写文件类型' })
    .refine(isAttachmentType, '只能上传照片（JPEG/PNG/HEIC）、PDF、Word/WPS 或 Excel 文件'),
  size: z
    .number({ error: '请填写文件大小' })
    .int('文件大小应为整数')
    .min(1, '文件是空的')
    .max(MAX_ATTACHMENT_BYTES, '单个附件不能超过 20 MB'),
});
export type RequestUpload = z.infer<typeof requestUploadSchema>;

/**
 * What a file's first bytes (at least 4 KiB when the file is longer) say it is: JPEG, PNG, HEIC/HEIF (an ISO
 * `ftyp` box of those brands), PDF, an OLE2 compound file (Word 97–2003, WPS, Excel 97–2003, ET) or an Office Open
 * XML package (a zip whose entries name `word/` or `xl/`). Anything else is undefined.
 */
export function sniff(bytes: Uint8Array): Family | undefined {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
  if (b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
  if (b.subarray(4, 8).toString('latin1') === 'ftyp') {
    const brands = b.subarray(8, Math.min(b.length, 8 + 32)).toString('latin1');
    if (/heic|heix|heim|heis|hevc|hevx|mif1|msf1/.test(brands)) return 'heic';
  }
  if (b.subarray(0, 5).toString('latin1') === '%PDF-') return 'pdf';
  if (b.subarray(0, 8).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))) return 'ole';
  if (b.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) {
    const text = b.toString('latin1');
    if (text.includes('word/')) return 'ooxml-word';
    if (text.includes('xl/')) return 'ooxml-excel';
  }
  return undefined;
}

/**
 * The type a stored file is taken to have, or undefined when it breaks the rules: its bytes decide the family; the
 * declared type (the object's Content-Type) or else the name's extension picks the type within it.
 */
export function realType(family: Family | undefined, declared: string, fileName: string): AttachmentType | undefined {
  if (!family) return undefined;
  if (isAttachmentType(declared)) return ATTACHMENT_TYPES[declared].family === family ? declared : undefined;
  const ext = extensionOf(fileName);
  const entries = Object.entries(ATTACHMENT_TYPES) as [AttachmentType, { family: Family; ext: readonly string[] }][];
  const byExt = entries.find(([, t]) => t.family === family && ext && t.ext.includes(ext));
  return byExt?.[0] ?? entries.find(([, t]) => t.family === family)?.[0];
}

/** What a size is shown as. */
export function sizeLabel(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
