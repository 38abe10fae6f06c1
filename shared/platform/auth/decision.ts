import { ForbiddenError, NotFoundError } from '../kernel/errors.ts';
import type { Caller } from './caller.ts';

/**
 * Outcomes of an authorization rule: `allow`; `forbid` (403: the caller can know the resource exists, e.g. a colleague
 * in the same organisation without the role); `hide` (404: the resource is invisible to the caller, e.g. another
 * organisation's).
 */
export type Decision = 'allow' | 'forbid' | 'hide';

/** One line of a context's action table. */
export type Rule<R> = (caller: Caller, resource: R) => Decision;

/**
 * Who may do what is one table per context (`<context>/rules/access.ts`); this turns a table into the three ways a
 * handler asks it: the decision, the boolean, and the throwing form (403 or 404, named after the resource).
 */
export function accessControl<R extends { kind: string }, T extends Record<string, Rule<R>>>(
  table: T,
  notFound: Partial<Record<R['kind'], [what: string, code: string]>>,
) {
  type Action = keyof T & string;
  const decide = (caller: Caller, action: Action, resource: R): Decision => table[action]!(caller, resource);
  return {
    decide,
    can: (caller: Caller, action: Action, resource: R): boolean => decide(caller, action, resource) === 'allow',
    /** Throws ForbiddenError (403) or NotFoundError (404, invisible) unless the caller may do `action` to `resource`. */
    authorize(caller: Caller, action: Action, resource: R): void {
      const d = decide(caller, action, resource);
      if (d === 'allow') return;
      if (d === 'forbid') throw new ForbiddenError();
      const [what, code] = notFound[resource.kind as R['kind']] ?? ['资源', 'NOT_FOUND'];
      throw new NotFoundError(what, code);
    },
  };
}
