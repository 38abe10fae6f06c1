import { signDevToken } from '#shared/platform/auth/tokens.ts';
import { env } from '#shared/platform/kernel/env.ts';
import { NotFoundError, UnauthorizedError } from '#shared/platform/kernel/errors.ts';
import { apiHandler } from '#shared/platform/http/api-handler.ts';
import { personView } from '#shared/org/person-view.ts';
import { devLoginSchema } from '#shared/platform/auth/dev-login-input.ts';


/** POST /api/auth/dev-login — local stage only: a token with Cognito's claims for a registered e-mail. */
export const handler = apiHandler({ body: devLoginSchema, auth: false }, async ({ body, deps }) => {
  if (env('AUTH_MODE') !== 'dev') throw new NotFoundError('接口');
  const person = await deps.orgs.findPersonByEmail(body.email);
  if (!person) throw new UnauthorizedError('这个邮箱没有登记，无法登录。');
  const token = await signDevToken({ sub: person.personId, email: person.email }, env('DEV_AUTH_SECRET'), deps.clock());
  return { body: { token, person: personView(person) } };
});
