import { openApiDocument } from '#shared/app/openapi.ts';
import type { SESSION_ROUTES } from '#shared/app/routes.ts';
import type { RouteHandlers } from '../handlers.ts';
import { signDevToken } from '#shared/platform/auth/tokens.ts';
import { env } from '#shared/platform/kernel/env.ts';
import { NotFoundError, UnauthorizedError } from '#shared/platform/kernel/errors.ts';
import { api } from '#shared/platform/http/router.ts';
import { personView } from '#shared/org/person-view.ts';

type Routes = RouteHandlers<typeof SESSION_ROUTES>;

export const sessionApi = {
  /** Local stage only: a token with Cognito's claims for a registered e-mail. */
  'POST /api/auth/dev-login': api(async ({ body, deps }) => {
    if (env('AUTH_MODE') !== 'dev') throw new NotFoundError('接口');
    const person = await deps.orgs.findPersonByEmail(body.email);
    if (!person) throw new UnauthorizedError('这个邮箱没有登记，无法登录。');
    const claims = { sub: person.personId, email: person.email };
    const token = await signDevToken(claims, env('DEV_AUTH_SECRET'), deps.clock());
    return { body: { token, person: personView(person) } };
  }),
  /** The caller as the table knows them. */
  'GET /api/me': api(async ({ caller, deps }) => {
    const person = await deps.orgs.getPerson(caller.personId);
    if (!person) throw new NotFoundError('用户');
    return { body: personView(person) };
  }),
  /** Generated from the route table and its zod schemas, never written by hand. */
  'GET /openapi.json': api(async () => ({
    body: openApiDocument(),
    headers: { 'cache-control': 'public, max-age=300' },
  })),
} satisfies Partial<Routes>;
