import { apiHandler } from '#shared/platform/http/api-handler.ts';
import { postProgress } from '#shared/followups/instruction-flow.ts';
import { progressSchema } from '#shared/followups/rules/input.ts';

/** POST /api/instructions/{instructionId}/progress — an assignee reports what was done (落实情况). */
export const handler = apiHandler({ body: progressSchema }, async ({ body, caller, deps, params }) => {
  const ins = await postProgress(deps, caller, params.instructionId ?? '', body);
  return { body: { instructionId: ins.instructionId, status: ins.status, progress: ins.progress } };
});
