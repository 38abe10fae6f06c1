import { describe, expect, it } from 'vitest';
import { availableAt } from '../../../shared/org/rules/availability.ts';

const at = new Date('2026-03-02T02:00:00Z');

describe('availableAt', () => {
  it.each([
    [{ available: true }, true],
    [{ available: false }, false],
    [{ available: false, unavailableUntil: '2026-03-01T00:00:00Z' }, true],
    [{ available: false, unavailableUntil: '2026-03-05T00:00:00Z' }, false],
    // 停用: a disabled person is never reached, whatever the availability says.
    [{ available: true, disabled: true }, false],
    [{ available: false, unavailableUntil: '2026-03-01T00:00:00Z', disabled: true }, false],
  ])('%o → %s', (p, expected) => {
    expect(availableAt(p, at)).toBe(expected);
  });
});
