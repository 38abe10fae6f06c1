import { decideFindingSchema, explainFindingSchema, linkFindingSchema } from '#shared/accountability/rules/finding.ts';
import { decideFinding, explainFinding, linkFinding, requestExplanation } from '#shared/accountability/findings.ts';
import { parseOrThrow } from '#shared/platform/kernel/validation.ts';
import { NotFoundError, ValidationError } from '#shared/platform/kernel/errors.ts';
import { apiHandler } from '#shared/platform/http/api-handler.ts';

/**
 * The steps of a finding, one function for its four routes (each route's own schema is in the route table):
 * POST /api/findings/{findingId}/explanation `{text}` — the responsible unit's 说明;
 * POST …/decision `{outcome, reason}` — the judging office confirms or dismisses;
 * POST …/link `{reportId}` — a missed event's later report;
 * POST …/request-explanation — the office puts a proposal of the system to the unit (mailed).
 */
export const handler = apiHandler({}, async ({ event, caller, deps, params }) => {
  const id = params.findingId ?? '';
  const body = jsonBody(event.body, event.isBase64Encoded);
  switch (event.routeKey) {
    case 'POST /api/findings/{findingId}/explanation':
      return { body: await explainFinding(deps, caller, id, parseOrThrow(explainFindingSchema, body)) };
    case 'POST /api/findings/{findingId}/decision':
      return { body: await decideFinding(deps, caller, id, parseOrThrow(decideFindingSchema, body)) };
    case 'POST /api/findings/{findingId}/link':
      return { body: await linkFinding(deps, caller, id, parseOrThrow(linkFindingSchema, body)) };
    case 'POST /api/findings/{findingId}/request-explanation':
      return { body: await requestExplanation(deps, caller, id) };
    default:
      throw new NotFoundError('接口');
  }
});

/** The JSON body of the routes that take one (request-explanation takes none); malformed JSON is 400. */
function jsonBody(raw: string | undefined, base64: boolean): unknown {
  if (!raw) return {};
  try {
    return JSON.parse(base64 ? Buffer.from(raw, 'base64').toString() : raw);
  } catch {
    throw new ValidationError([{ field: '(body)', code: 'invalid_json', message: '请求体不是合法的 JSON' }]);
  }
}
