import { NotFoundError } from '#shared/errors.ts';
import { apiHandler } from '#shared/http/api-handler.ts';
import { personView } from '#shared/domain/person-view.ts';

/** GET /api/me — the caller as the table knows them. */
export const handler = apiHandler({}, async ({ caller, deps }) => {
  const person = await deps.orgs.getPerson(caller.personId);
  if (!person) throw new NotFoundError('用户');
  return { body: personView(person) };
});
