import type { FOLLOWUP_ROUTES } from '#shared/app/routes.ts';
import type { RouteHandlers } from '../handlers.ts';
import { authorizeOnOrg } from '#shared/org/index.ts';
import { fileFollowup } from '#shared/followups/file-followup.ts';
import { instructionsAcrossOf, supervisionOf } from '#shared/followups/inbox.ts';
import { fullInbox } from './inbox.ts';
import { chaseInstruction, chaseReport } from '#shared/followups/chase.ts';
import {
  closeInstruction,
  delegateInstruction,
  giveInstruction,
  postProgress,
} from '#shared/followups/instruction-flow.ts';
import { api } from '#shared/platform/http/router.ts';

type Routes = RouteHandlers<typeof FOLLOWUP_ROUTES>;

/** Follow-ups, instructions, inbox and supervision (POLICY §3.5). */
export const followupApi = {
  /** 续报 or 终报; 422 after the final report. */
  'POST /api/reports/{reportId}/followups': api(async ({ body, caller, deps, params }) => {
    const r = await fileFollowup(deps, caller, params.reportId ?? '', body);
    return { status: 201, body: { sequence: r.sequence, label: r.label } };
  }),
  /** A leader's instruction (批示) with assignees and a due time. */
  'POST /api/reports/{reportId}/instructions': api(async ({ body, caller, deps, params }) => {
    const ins = await giveInstruction(deps, caller, params.reportId ?? '', body);
    return { status: 201, body: { instructionId: ins.instructionId, dueAt: ins.dueAt, status: ins.status } };
  }),
  /** An assignee reports what was done (落实情况). */
  'POST /api/instructions/{instructionId}/progress': api(async ({ body, caller, deps, params }) => {
    const ins = await postProgress(deps, caller, params.instructionId ?? '', body);
    return { body: { instructionId: ins.instructionId, status: ins.status, progress: ins.progress } };
  }),
  /** The leader closes the instruction (销号). */
  'POST /api/instructions/{instructionId}/close': api(async ({ caller, deps, params }) => {
    const ins = await closeInstruction(deps, caller, params.instructionId ?? '');
    return { body: { instructionId: ins.instructionId, status: ins.status, closedAt: ins.closedAt } };
  }),
  /** 转办: the lower office passes an instruction from the parent on to its own people. */
  'POST /api/instructions/{instructionId}/delegate': api(async ({ body, caller, deps, params }) => {
    const ins = await delegateInstruction(deps, caller, params.instructionId ?? '', body);
    const assignees = ins.assignees.map((a) => ({ personId: a.personId, name: a.name }));
    return { body: { instructionId: ins.instructionId, status: ins.status, assignees } };
  }),
  /** 催办 on an instruction: the office mails the assignees who have reported nothing yet. */
  'POST /api/instructions/{instructionId}/chase': api(async ({ body, caller, deps, params }) => ({
    body: await chaseInstruction(deps, caller, params.instructionId ?? '', body),
  })),
  /** 催办: the office mails the silent people of the chain again. */
  'POST /api/reports/{reportId}/chase': api(async ({ body, caller, deps, params }) => ({
    body: await chaseReport(deps, caller, params.reportId ?? '', body),
  })),
  /** What waits for the caller, soonest deadline first. */
  'GET /api/me/inbox': api(async ({ caller, deps }) => ({ body: { items: await fullInbox(deps, caller) } })),
  /** The office's overview (督办): open events, missed follow-ups, overdue instructions. */
  'GET /api/orgs/{orgId}/supervision': api(async ({ caller, deps, params }) => {
    const { org } = await authorizeOnOrg(deps.orgs, caller, 'org.supervise', params.orgId ?? '');
    const [s, across] = await Promise.all([supervisionOf(deps, org.orgId), instructionsAcrossOf(deps, org.orgId)]);
    return { body: { ...s, instructionsFromAbove: across.fromAbove, instructionsToBelow: across.toBelow } };
  }),
} satisfies Partial<Routes>;
