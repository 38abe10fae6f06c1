import { importPeople } from '#shared/org/people-import.ts';
import { apiHandler } from '#shared/platform/http/api-handler.ts';

/** POST /api/orgs/{orgId}/import — CSV (UTF-8, with or without BOM) of people and departments; all rows or none. */
export const handler = apiHandler({}, async ({ event, caller, deps, params }) => {
  const text = event.isBase64Encoded ? Buffer.from(event.body ?? '', 'base64').toString('utf8') : (event.body ?? '');
  return { body: await importPeople(deps, caller, params.orgId ?? '', text) };
});
