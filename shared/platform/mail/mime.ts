import { randomBytes } from 'node:crypto';

/** A file attached to a mail (a CSV of the month's scores, say). */
export type Attachment = { filename: string; contentType: string; content: string | Uint8Array };

const CRLF = '\r\n';
/** RFC 2047 encoded-word (UTF-8, base64) when the value is not plain ASCII; split so no encoded word passes 75 characters. */
export function encodeWord(value: string): string {
  if (/^[\x20-\x7e]*$/.test(value)) return value;
  const words: string[] = [];
  let chunk = '';
  for (const ch of value) {
    if (Buffer.byteLength(chunk + ch) > 45) {
      words.push(chunk);
      chunk = '';
    }
    chunk += ch;
  }
  if (chunk) words.push(chunk);
  return words.map((w) => `=?UTF-8?B?${Buffer.from(w).toString('base64')}?=`).join(`${CRLF} `);
}

const base64Lines = (data: string | Uint8Array) =>
  (
    Buffer.from(data)
      .toString('base64')
      .match(/.{1,76}/g) ?? []
  ).join(CRLF);

/**
 * A multipart/mixed MIME message: a multipart/alternative text and HTML body, then each attachment in base64.
 * CRLF line endings throughout; the subject and file names as RFC 2047 / RFC 2231-safe encoded words.
 */
export function buildMime(
  m: { from: string; to: string; subject: string; text: string; html: string; attachments: Attachment[] },
  boundary = randomBytes(12).toString('hex'),
): string {
  const mixed = `mixed_${boundary}`;
  const alt = `alt_${boundary}`;
  const lines = [
    `From: ${m.from}`,
    `To: ${m.to}`,
    `Subject: ${encodeWord(m.subject)}`,
    'MIME-Version: 1.0',
    `Content-Type: multipart/mixed; boundary="${mixed}"`,
    '',
    `--${mixed}`,
    `Content-Type: multipart/alternative; boundary="${alt}"`,
    '',
    `--${alt}`,
    'Content-Type: text/plain; charset=UTF-8',
    'Content-Transfer-Encoding: base64',
    '',
    base64Lines(m.text),
    `--${alt}`,
    'Content-Type: text/html; charset=UTF-8',
    'Content-Transfer-Encoding: base64',
    '',
    base64Lines(m.html),
    `--${alt}--`,
  ];
  for (const a of m.attachments) {
    const name = encodeWord(a.filename).replace(/\r\n /g, '');
    lines.push(
      `--${mixed}`,
      `Content-Type: ${a.contentType}; name="${name}"`,
      'Content-Transfer-Encoding: base64',
      `Content-Disposition: attachment; filename="${name}"`,
      '',
      base64Lines(a.content),
    );
  }
  lines.push(`--${mixed}--`, '');
  return lines.join(CRLF);
}
