import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { valuesOf } from '../../../shared/platform/kernel/labelled.ts';
import { SEVERITIES, SEVERITY_LABELS } from '../../../shared/org/index.ts';

describe('valuesOf: a closed list from its labels', () => {
  it('lists the keys in the order the labels are written, and z.enum takes them', () => {
    const kinds = valuesOf({ late: '迟报', missed: '漏报', false: '误报' });
    expect(kinds).toEqual(['late', 'missed', 'false']);
    expect(z.enum(kinds).safeParse('false').success).toBe(true);
    expect(z.enum(kinds).safeParse('other').success).toBe(false);
  });

  it('keeps the severities in their order, I first', () => {
    expect(SEVERITIES).toEqual(['I', 'II', 'III', 'IV']);
    expect(SEVERITIES.map((s) => SEVERITY_LABELS[s])[0]).toBe('I级（特别重大）');
  });

  it('refuses keys that Object.keys would put out of order, and an empty list', () => {
    expect(() => valuesOf({ b: 'B', 2: 'two' })).toThrow(/out of order/);
    expect(() => valuesOf({})).toThrow(/at least one/);
  });
});
