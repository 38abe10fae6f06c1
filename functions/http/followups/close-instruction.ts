import { apiHandler } from '#shared/platform/http/api-handler.ts';
import { closeInstruction } from '#shared/followups/instruction-flow.ts';

/** POST /api/instructions/{instructionId}/close — the leader closes the instruction (销号). */
export const handler = apiHandler({}, async ({ caller, deps, params }) => {
  const ins = await closeInstruction(deps, caller, params.instructionId ?? '');
  return { body: { instructionId: ins.instructionId, status: ins.status, closedAt: ins.closedAt } };
});
