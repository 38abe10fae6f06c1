import type { VERIFICATION_ROUTES } from '#shared/app/routes.ts';
import type { RouteHandlers } from '../handlers.ts';
import {
  answerVerificationRequest,
  createVerificationRequest,
  getVerificationRequest,
} from '#shared/followups/verification.ts';
import { api } from '#shared/platform/http/router.ts';

type Routes = RouteHandlers<typeof VERIFICATION_ROUTES>;

/** 核报 (issue 17): ask, read, answer. */
export const verificationApi = {
  /** The office of `orgId` asks a lower organisation; 201 with the request. */
  'POST /api/orgs/{orgId}/verification-requests': api(async ({ body, caller, deps, params }) => ({
    status: 201,
    body: await createVerificationRequest(deps, caller, params.orgId ?? '', body),
  })),
  'GET /api/verification-requests/{requestId}': api(async ({ caller, deps, params }) => ({
    body: await getVerificationRequest(deps, caller, params.requestId ?? ''),
  })),
  /** A report or "经核实无此事"; 409 the second time. */
  'POST /api/verification-requests/{requestId}/answer': api(async ({ body, caller, deps, params }) => ({
    body: await answerVerificationRequest(deps, caller, params.requestId ?? '', body),
  })),
} satisfies Partial<Routes>;
