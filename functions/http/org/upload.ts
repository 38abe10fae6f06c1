import type { APIGatewayProxyEventV2 } from 'aws-lambda';

/** One part of a multipart/form-data body: a field's text, or a file's bytes. */
export type Part = { name: string; filename?: string; data: Buffer };

/**
 * The parts of a `multipart/form-data` body (RFC 7578), as a browser posts a form with a file: the body arrives
 * base64-encoded (API Gateway and the local gateway both encode what is not text). Anything else has no parts.
 */
export function multipartParts(event: APIGatewayProxyEventV2): Part[] {
  const type = event.headers?.['content-type'] ?? '';
  const boundary = /multipart\/form-data;.*boundary=(?:"([^"]+)"|([^;]+))/i.exec(type);
  if (!boundary || typeof event.body !== 'string') return [];
  const body = Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8');
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  const parts: Part[] = [];
  let at = body.indexOf(delimiter);
  while (at >= 0) {
    const start = at + delimiter.length;
    if (body.subarray(start, start + 2).toString() === '--') break;
    const next = body.indexOf(delimiter, start);
    if (next < 0) break;
    const chunk = body.subarray(start + 2, next - 2); // after CRLF, before the CRLF that precedes the delimiter
    const split = chunk.indexOf('\r\n\r\n');
    if (split >= 0) {
      const head = chunk.subarray(0, split).toString('utf8');
      const name = /name="([^"]*)"/i.exec(head)?.[1];
      const filename = /filename="([^"]*)"/i.exec(head)?.[1];
      if (name) parts.push({ name, ...(filename !== undefined ? { filename } : {}), data: chunk.subarray(split + 4) });
    }
    at = next;
  }
  return parts;
}

/**
 * A CSV file's text as Excel saves it: "CSV UTF-8" (with or without BOM), or plain "CSV", which a Chinese Excel
 * writes in GBK. Bytes that are not valid UTF-8 are read as GB 18030 (a superset of GBK).
 */
export function csvText(data: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    return new TextDecoder('gb18030').decode(data);
  }
}

/** The form of a page post, url-encoded (already parsed) or multipart: fields by name (repeated names as lists). */
export function formFields(parts: Part[]): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const p of parts) {
    if (p.filename !== undefined) continue;
    const value = p.data.toString('utf8');
    const before = out[p.name];
    out[p.name] = before === undefined ? value : Array.isArray(before) ? [...before, value] : [before, value];
  }
  return out;
}
