import { NotFoundError } from '#shared/platform/kernel/errors.ts';
import { apiHandler } from '#shared/platform/http/api-handler.ts';
import { personView } from '#shared/org/person-view.ts';

/** GET /api/me — the caller as the table knows them. */
export const handler = apiHandler({}, async ({ caller, deps }) => {
  const person = await deps.orgs.getPerson(caller.personId);
  if (!person) throw new NotFoundError('用户');
  return { body: personView(person) };
});
