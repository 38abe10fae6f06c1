import { apiHandler } from '#shared/platform/http/api-handler.ts';
import { giveInstruction } from '#shared/followups/instruction-flow.ts';
import { instructionSchema } from '#shared/followups/rules/input.ts';

/** POST /api/reports/{reportId}/instructions — a leader's instruction (批示) with assignees and a due time. */
export const handler = apiHandler({ body: instructionSchema }, async ({ body, caller, deps, params }) => {
  const ins = await giveInstruction(deps, caller, params.reportId ?? '', body);
  return { status: 201, body: { instructionId: ins.instructionId, dueAt: ins.dueAt, status: ins.status } };
});
