/**
 * A person's phone number (API.md "Delivery"): stored in E.164 (`+8613812345678`), typed as people type it.
 * - Mainland mobiles as written on a card: `138 1234 5678`, `138-1234-5678`, `+86 138…`, `0086 138…`, `86138…`.
 * - Mainland landlines with their area code: `010-12345678`, `0991-1234567` (→ `+8610…`, `+86991…`): an office
 *   number is a number to call, though no text reaches it (`textable`).
 * - Any other country in E.164 or with the international prefix `00`: `+852 9123 4567`, `00852…`.
 * Spaces, hyphens, dots and brackets are dropped; anything else is refused with a message in Chinese.
 */

/** Mainland mobiles: 11 digits, 1 then 3–9 (MIIT's numbering plan: 13x–19x). */
const MAINLAND_MOBILE = /^1[3-9]\d{9}$/;
/** Mainland landlines without the trunk 0: a 2–3 digit area code (10, 2x, 3xx–9xx) and a 7–8 digit number. */
const MAINLAND_LANDLINE = /^(10|2\d|[3-9]\d{2})\d{7,8}$/;
/** E.164: a country code first (never 0), at most 15 digits in all; 8 is the shortest real subscriber number + code. */
const E164 = /^\+[1-9]\d{7,14}$/;

export type PhoneResult = { ok: true; phone: string } | { ok: false; error: string };

export const PHONE_HINT = '手机号如 138 1234 5678，座机带区号如 010-12345678，境外号码以 + 和国家代码开头';

/** Normalises `typed` to E.164, or says in Chinese why it cannot. */
export function normalisePhone(typed: string): PhoneResult {
  const bad = (why: string): PhoneResult => ({ ok: false, error: `电话号码${why}（${PHONE_HINT}）` });
  const compact = typed.trim().replace(/[\s\-.()（）\u3000]/g, '');
  if (!compact) return bad('为空');
  if (!/^\+?\d+$/.test(compact)) return bad('只能包含数字、空格、- 和开头的 +');
  let digits: string;
  if (compact.startsWith('+')) digits = compact.slice(1);
  else if (compact.startsWith('00')) digits = compact.slice(2);
  else if (MAINLAND_MOBILE.test(compact)) return { ok: true, phone: `+86${compact}` };
  else if (compact.startsWith('0') && MAINLAND_LANDLINE.test(compact.slice(1)))
    return { ok: true, phone: `+86${compact.slice(1)}` };
  else if (compact.startsWith('86') && MAINLAND_MOBILE.test(compact.slice(2)))
    return { ok: true, phone: `+${compact}` };
  else return bad('不完整：手机号应为 11 位，座机应带区号');
  if (digits.startsWith('86')) {
    // +86 0991… is a common way of writing it: the trunk 0 is dropped after the country code.
    const national = digits.slice(2).replace(/^0/, '');
    if (MAINLAND_MOBILE.test(national) || MAINLAND_LANDLINE.test(national))
      return { ok: true, phone: `+86${national}` };
    return bad('不是有效的中国大陆号码');
  }
  const phone = `+${digits}`;
  return E164.test(phone) ? { ok: true, phone } : bad('位数不对：国际号码（含国家代码）应为 8–15 位');
}

/** Whether a text can reach this (E.164) number: anything but a mainland landline. */
export function textable(phone: string | undefined): phone is string {
  if (!phone || !E164.test(phone)) return false;
  return !phone.startsWith('+86') || MAINLAND_MOBILE.test(phone.slice(3));
}
