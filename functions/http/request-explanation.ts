import { requestExplanation } from '#shared/domain/findings.ts';
import { apiHandler } from '#shared/http/api-handler.ts';

/** POST /api/findings/{findingId}/request-explanation — the office asks the unit to explain a finding the system proposed; the unit is mailed. */
export const handler = apiHandler({}, async ({ caller, deps, params }) => ({ body: await requestExplanation(deps, caller, params.findingId ?? '') }));
