import type { Deps } from '#shared/app/ports.ts';
import type { VERIFICATION_ROUTES } from '#shared/app/routes.ts';
import {
  answerVerificationRequest,
  createVerificationRequest,
  getVerificationRequest,
} from '#shared/followups/verification.ts';
import { api, type Handlers } from '#shared/platform/http/router.ts';

type Routes = Handlers<(typeof VERIFICATION_ROUTES)[number], Deps>;

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
