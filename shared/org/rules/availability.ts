import type { Person } from './model.ts';

/**
 * Whether a person can be reached at `now` (POLICY.md §2: leave, business trips): marked available, or on leave that
 * ended before `now`. The one rule the escalation chain, the on-duty view and the choice of a reviewing leader apply.
 */
export function availableAt(p: Pick<Person, 'available' | 'unavailableUntil' | 'disabled'>, now: Date): boolean {
  if (p.disabled) return false;
  return p.available || (!!p.unavailableUntil && new Date(p.unavailableUntil) <= now);
}
