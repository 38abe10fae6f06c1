import { describe, expect, it } from 'vitest';
import {
  cleanFileName,
  parseRecordTag,
  realType,
  recordTag,
  requestUploadSchema,
  sniff,
} from '../../../shared/attachments/rules/attachment.ts';

const bytes = (...parts: (number[] | string)[]) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));

describe('what a file’s first bytes say it is', () => {
  it.each([
    ['jpeg', bytes([0xff, 0xd8, 0xff, 0xe1], 'Exif')],
    ['png', bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'IHDR')],
    ['heic', bytes([0, 0, 0, 0x18], 'ftypheic', [0, 0, 0, 0], 'mif1heic')],
    ['pdf', bytes('%PDF-1.7\n')],
    ['ole', bytes([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], 'rest')],
    ['ooxml-word', bytes([0x50, 0x4b, 0x03, 0x04], '....[Content_Types].xml....word/document.xml')],
    ['ooxml-excel', bytes([0x50, 0x4b, 0x03, 0x04], '....[Content_Types].xml....xl/workbook.xml')],
  ])('%s', (family, b) => expect(sniff(b)).toBe(family));

  it('a program, a plain zip or text is none of them', () => {
    expect(sniff(bytes('MZ\x90\x00'))).toBeUndefined();
    expect(sniff(bytes([0x50, 0x4b, 0x03, 0x04], 'photos/a.jpg'))).toBeUndefined();
    expect(sniff(bytes('hello'))).toBeUndefined();
  });

  it('the declared type must be of the family the bytes show; without one the name picks within it', () => {
    expect(realType('jpeg', 'image/jpeg', 'a.jpg')).toBe('image/jpeg');
    expect(realType('pdf', 'image/jpeg', 'a.jpg')).toBeUndefined();
    expect(realType('ole', 'binary/octet-stream', '报表.xls')).toBe('application/vnd.ms-excel');
    expect(realType('ole', 'binary/octet-stream', '')).toBe('application/msword');
    expect(realType(undefined, 'image/png', 'a.png')).toBeUndefined();
  });
});

describe('records and names', () => {
  it('a record tag reads back as the record; anything else is refused', () => {
    for (const r of [
      { kind: 'report', reportId: '01ABC' },
      { kind: 'followup', reportId: '01ABC', sequence: 3 },
      { kind: 'item', itemId: 'X1' },
    ] as const)
      expect(parseRecordTag(recordTag(r))).toEqual(r);
    for (const bad of ['', 'report', 'report/../x', 'followup/A/x', 'item/a/b', 'other/1', 'report/a b'])
      expect(parseRecordTag(bad)).toBeUndefined();
  });

  it('a file name loses its path and control characters', () => {
    expect(cleanFileName('C:\\照片\\现场\u0000.jpg')).toBe('现场.jpg');
    expect(cleanFileName('../../etc/passwd')).toBe('passwd');
  });

  it('the request names the field that breaks the rules', () => {
    const fields = (input: unknown) => [
      ...new Set(requestUploadSchema.safeParse(input).error?.issues.map((i) => i.path.join('.')) ?? []),
    ];
    expect(fields({ fileName: 'a.jpg', contentType: 'image/jpeg', size: 20 * 1024 * 1024 })).toEqual([]);
    expect(fields({ fileName: 'a.jpg', contentType: 'image/jpeg', size: 20 * 1024 * 1024 + 1 })).toEqual(['size']);
    expect(fields({ fileName: 'a.exe', contentType: 'application/x-msdownload', size: 5 })).toEqual(['contentType']);
    expect(fields({ fileName: ' ', contentType: 'image/png', size: 5 })).toEqual(['fileName']);
  });
});
