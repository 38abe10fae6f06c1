import { describe, expect, it } from 'vitest';
import { ValidationError, type ErrorDetail } from '../../../shared/platform/kernel/errors.ts';
import { submitReportSchema } from '../../../shared/reports/rules/input.ts';
import { parseOrThrow, toDetails } from '../../../shared/platform/kernel/validation.ts';

const VALID = {
  departmentId: 'dept1',
  category: 'safety',
  severity: 'II',
  title: '办公楼三层配电室起火',
  occurredAt: '2026-11-28T20:30:00+08:00',
  place: '办公楼三层',
  summary: '配电室冒烟起火，已断电。',
  measuresTaken: '已疏散人员并报警。',
  contact: { name: '张三', phone: '13800000000' },
};

/** The details of the ValidationError that parsing `body` throws; fails the test when it does not throw. */
function detailsOf(body: unknown): ErrorDetail[] {
  try {
    parseOrThrow(submitReportSchema, body);
  } catch (err) {
    expect(err).toBeInstanceOf(ValidationError);
    return (err as ValidationError).details;
  }
  throw new Error('expected a ValidationError');
}

const without = (path: string): Record<string, unknown> => {
  const body = structuredClone(VALID) as Record<string, any>;
  const [head, tail] = path.split('.') as [string, string | undefined];
  if (tail) delete body[head][tail];
  else delete body[head];
  return body;
};

describe('submitReportSchema: valid bodies', () => {
  it('a minimal body passes, confidentiality defaults to internal', () => {
    const parsed = parseOrThrow(submitReportSchema, VALID);
    expect(parsed.confidentiality).toBe('internal');
    expect(parsed.title).toBe(VALID.title);
    expect(parsed.casualties).toBeUndefined();
  });

  it('trims text and drops empty optional text', () => {
    const parsed = parseOrThrow(submitReportSchema, {
      ...VALID,
      title: '  标题  ',
      losses: '   ',
      contact: { ...VALID.contact, post: '' },
    });
    expect(parsed.title).toBe('标题');
    expect(parsed.losses).toBeUndefined();
    expect(parsed.contact?.post).toBeUndefined();
  });

  it('accepts a UTC instant and full casualties', () => {
    const parsed = parseOrThrow(submitReportSchema, {
      ...VALID,
      occurredAt: '2026-11-28T12:30:00Z',
      casualties: { dead: 0, injured: 2, missing: 0 },
      confidentiality: 'restricted',
    });
    expect(parsed.casualties).toEqual({ dead: 0, injured: 2, missing: 0 });
    expect(parsed.confidentiality).toBe('restricted');
  });
});

/** The required fields of a report, in the order the refusal names them. */
const REQUIRED = [
  'departmentId',
  'category',
  'severity',
  'title',
  'occurredAt',
  'place',
  'summary',
  'measuresTaken',
  'contact',
];

describe('submitReportSchema: each missing required field is named', () => {
  it.each([...REQUIRED, 'contact.name', 'contact.phone'])('missing %s', (field) => {
    const details = detailsOf(without(field));
    expect(details).toEqual([expect.objectContaining({ field, code: 'required' })]);
    expect(details[0]!.message).not.toBe('');
  });

  it('an empty body names every required field', () => {
    const fields = detailsOf({}).map((d) => d.field);
    expect(fields).toEqual(REQUIRED);
  });

  it('a blank title is rejected as empty', () => {
    expect(detailsOf({ ...VALID, title: '   ' })).toEqual([
      expect.objectContaining({ field: 'title', message: '请填写标题' }),
    ]);
  });
});

describe('submitReportSchema: invalid values are named', () => {
  it.each([
    ['an unknown top-level field', 'priority', 'unknown_field', { ...VALID, priority: 'high' }],
    [
      'an unknown field inside contact',
      'contact.email',
      'unknown_field',
      { ...VALID, contact: { ...VALID.contact, email: 'a@b.c' } },
    ],
    ['a bad severity', 'severity', 'invalid_value', { ...VALID, severity: 'V' }],
    [
      'a negative number of dead',
      'casualties.dead',
      'too_small',
      { ...VALID, casualties: { dead: -1, injured: 0, missing: 0 } },
    ],
    [
      'a fractional number of injured',
      'casualties.injured',
      'invalid_type',
      { ...VALID, casualties: { dead: 0, injured: 1.5, missing: 0 } },
    ],
    ['a title over 100 characters', 'title', 'too_big', { ...VALID, title: '火'.repeat(101) }],
    ['a time without an offset', 'occurredAt', 'invalid_format', { ...VALID, occurredAt: '2026-11-28T20:30:00' }],
    ['a learnedAt without an offset', 'learnedAt', 'invalid_format', { ...VALID, learnedAt: '2026-11-28T20:30' }],
    [
      'a phone with letters',
      'contact.phone',
      'invalid_format',
      { ...VALID, contact: { ...VALID.contact, phone: 'call me' } },
    ],
    ['a bad confidentiality', 'confidentiality', 'invalid_value', { ...VALID, confidentiality: 'secret' }],
  ])('%s → %s %s', (_name, field, code, body) => {
    expect(detailsOf(body)).toEqual([expect.objectContaining({ field, code })]);
  });

  it('a title of exactly 100 characters is accepted', () => {
    expect(parseOrThrow(submitReportSchema, { ...VALID, title: '火'.repeat(100) }).title).toHaveLength(100);
  });

  it('an unknown field is reported with a message naming it', () => {
    expect(detailsOf({ ...VALID, priority: 'high' })).toEqual([
      { field: 'priority', code: 'unknown_field', message: '未知字段 priority' },
    ]);
  });

  it('a non-object body is reported against (body)', () => {
    expect(detailsOf('hello')).toEqual([expect.objectContaining({ field: '(body)' })]);
  });

  // A field that is present with the wrong type is not "missing": details must say what is wrong, and
  // `"injured": 1.5` or `"title": 5` reported as `required` misleads the client and its user.
  it.each([
    ['title', { ...VALID, title: 5 }],
    ['departmentId', { ...VALID, departmentId: 42 }],
    ['contact.phone', { ...VALID, contact: { ...VALID.contact, phone: 13800000000 } }],
  ])('a wrong-typed %s is reported as invalid_type, not required', (field, body) => {
    expect(detailsOf(body)).toEqual([expect.objectContaining({ field, code: 'invalid_type' })]);
  });
});

describe('toDetails', () => {
  it('names each unrecognised key of a nested object with its full path', () => {
    const result = submitReportSchema.safeParse({ ...VALID, contact: { ...VALID.contact, a: 1, b: 2 } });
    expect(result.success).toBe(false);
    expect(toDetails(result.error!).map((d) => [d.field, d.code])).toEqual([
      ['contact.a', 'unknown_field'],
      ['contact.b', 'unknown_field'],
    ]);
  });
});
