/** A file answered instead of JSON or a page (a CSV export): its name, type and text. */
export type Download = { filename: string; contentType: string; content: string };

export const CSV_TYPE = 'text/csv; charset=utf-8';

/** The headers of a download: its type, and saved under its (ASCII) name rather than shown. */
export function downloadHeaders(d: Download): Record<string, string> {
  return {
    'content-type': d.contentType,
    'content-disposition': `attachment; filename="${d.filename.replace(/[^\w.-]/g, '_')}"`,
  };
}
