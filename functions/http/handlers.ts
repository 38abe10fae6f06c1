import type { Deps } from '#shared/app/ports.ts';
import type { Route } from '#shared/app/routes.ts';
import type { PageContext, PageResult } from '#shared/platform/http/page-handler.ts';
import type { Handlers } from '#shared/platform/http/router.ts';
import { AppError, type ErrorDetail, ValidationError } from '#shared/platform/kernel/errors.ts';
import { errorPage } from '#shared/platform/pages/layout.ts';

/**
 * The types every handler module of functions/http/ starts from: the handlers of its list of routes (each
 * `METHOD path` of the list, given the app's `Deps`), what a page handler is given, and a form's field errors.
 */
export type RouteHandlers<R extends readonly Route[]> = Handlers<R[number], Deps>;
export type Ctx = PageContext<Deps>;
export type FieldErrors = ErrorDetail[];

/**
 * What a form's POST answers when its use case refuses: the form again with the field errors (`again`, which sets
 * the 400), or the refusal's own error page with its status; anything else is a fault and goes up to the router.
 */
export function formRefused(err: unknown, again: (errors: FieldErrors) => Promise<PageResult>): Promise<PageResult> {
  if (err instanceof ValidationError) return again(err.details);
  if (err instanceof AppError) return Promise.resolve({ status: err.status, html: errorPage(err) });
  throw err;
}
