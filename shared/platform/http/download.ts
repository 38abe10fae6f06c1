import { AppError } from '../kernel/errors.ts';

/** A file answered instead of JSON or a page (a CSV or Excel export): its name, type and text or bytes. */
export type Download = { filename: string; contentType: string; content: string | Uint8Array };

export const CSV_TYPE = 'text/csv; charset=utf-8';
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The formats a table may be asked for with `format=`. */
export type Format = 'json' | 'csv' | 'xlsx';
const LABELS: Record<Format, string> = { json: 'json', csv: 'csv', xlsx: 'xlsx（Excel）' };

/** 406: the table has no such format; `details` lists the ones it has. */
export class NotAcceptableError extends AppError {
  constructor(
    requested: string,
    readonly formats: readonly Format[],
  ) {
    super(
      406,
      'NOT_ACCEPTABLE',
      `没有 ${requested} 格式；可选格式：${formats.map((f) => LABELS[f]).join('、')}。`,
      formats.map((f) => ({ field: 'format', message: f, code: 'AVAILABLE_FORMAT' })),
    );
  }
}

/**
 * The format a request asks for (`format=`, the first of `has` when absent), checked before anything is read:
 * a format the table does not have is 406 naming the ones it has.
 */
export function formatOf<F extends Format>(requested: unknown, has: readonly F[]): F {
  if (requested === undefined || requested === '') return has[0]!;
  const f = String(requested).toLowerCase();
  if ((has as readonly string[]).includes(f)) return f as F;
  throw new NotAcceptableError(String(requested).slice(0, 20), has);
}

/** The headers of a download: its type, and saved under its (ASCII) name rather than shown. */
export function downloadHeaders(d: Download): Record<string, string> {
  return {
    'content-type': d.contentType,
    'content-disposition': `attachment; filename="${d.filename.replace(/[^\w.-]/g, '_')}"`,
  };
}

/** The body of a download's response: text as it is, bytes in base64 (`isBase64Encoded`, as API Gateway expects). */
export function downloadBody(d: Download): { body: string; isBase64Encoded?: boolean } {
  return typeof d.content === 'string'
    ? { body: d.content }
    : { body: Buffer.from(d.content).toString('base64'), isBase64Encoded: true };
}
