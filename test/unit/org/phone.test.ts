import { describe, expect, it } from 'vitest';
import { normalisePhone, textable } from '../../../shared/org/rules/phone.ts';
import { createPersonSchema, patchPersonSchema } from '../../../shared/org/rules/input.ts';

describe('phone numbers are stored in E.164, typed as people type them', () => {
  for (const [typed, e164] of [
    ['138 1234 5678', '+8613812345678'],
    ['138-1234-5678', '+8613812345678'],
    ['13812345678', '+8613812345678'],
    ['+86 138 1234 5678', '+8613812345678'],
    ['+86-13812345678', '+8613812345678'],
    ['0086 138 1234 5678', '+8613812345678'],
    ['8613812345678', '+8613812345678'],
    ['（010）12345678', '+861012345678'],
    ['010-12345678', '+861012345678'],
    ['0991-1234567', '+869911234567'],
    ['+86 0991 1234567', '+869911234567'],
    ['+852 9123 4567', '+85291234567'],
    ['00852 9123 4567', '+85291234567'],
    ['+1 (415) 555-0100', '+14155550100'],
  ] as const) {
    it(`${typed} → ${e164}`, () => expect(normalisePhone(typed)).toEqual({ ok: true, phone: e164 }));
  }

  for (const typed of [
    '',
    '138',
    '1381234567',
    '138123456789',
    '12812345678',
    'call me',
    '+86 12345',
    '+0123456789',
    '+1234567890123456',
    '138 1234 567x',
  ]) {
    it(`refuses “${typed}” with a reason in Chinese`, () => {
      const r = normalisePhone(typed);
      expect(r.ok).toBe(false);
      expect(r.ok ? '' : r.error).toMatch(/^电话号码/);
    });
  }

  it('texts only numbers a text reaches: mobiles and other countries, never a mainland landline', () => {
    expect(textable('+8613812345678')).toBe(true);
    expect(textable('+85291234567')).toBe(true);
    expect(textable('+861012345678')).toBe(false);
    expect(textable('13812345678')).toBe(false);
    expect(textable(undefined)).toBe(false);
  });

  it('person create and edit normalise the phone, name the field when it is wrong, and edit clears it with ""', () => {
    const base = { name: '张三', email: 'a@b.cn', roles: [] };
    expect(createPersonSchema.parse({ ...base, phone: '138 1234 5678' }).phone).toBe('+8613812345678');
    const bad = createPersonSchema.safeParse({ ...base, phone: '12345' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => i.path.join('.'))).toEqual(['phone']);
    expect(patchPersonSchema.parse({ phone: '' }).phone).toBeNull();
    expect(patchPersonSchema.parse({ phone: '0086 139 0000 0009' }).phone).toBe('+8613900000009');
  });
});
