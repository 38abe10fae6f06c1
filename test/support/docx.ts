import { inflateRawSync } from 'node:zlib';

/** Reading a .docx the way a test checks what it says: one file of the ZIP, then its paragraphs' text. */

/** A file of a ZIP archive (a .docx), read by its central directory: stored or deflated entries. */
export function unzipEntry(zip: Buffer, name: string): string | undefined {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  let at = zip.readUInt32LE(eocd + 16);
  const entries = zip.readUInt16LE(eocd + 10);
  for (let i = 0; i < entries; i++) {
    const method = zip.readUInt16LE(at + 10);
    const size = zip.readUInt32LE(at + 20);
    const nameLen = zip.readUInt16LE(at + 28);
    const extraLen = zip.readUInt16LE(at + 30);
    const commentLen = zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const entryName = zip.subarray(at + 46, at + 46 + nameLen).toString('utf8');
    if (entryName === name) {
      const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
      const data = zip.subarray(start, start + size);
      return (method === 8 ? inflateRawSync(data) : data).toString('utf8');
    }
    at += 46 + nameLen + extraLen + commentLen;
  }
  return undefined;
}

/** The text of word/document.xml, paragraph by paragraph (runs joined, tabs as a tab). */
export const paragraphsOf = (xml: string) =>
  [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((p) =>
    [...p[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>|<w:tab\/>/g)].map((m) => m[1] ?? '\t').join(''),
  );

/** A .docx's paragraphs (none when it has no word/document.xml). */
export const docxParagraphs = (zip: Buffer) => paragraphsOf(unzipEntry(zip, 'word/document.xml') ?? '');
