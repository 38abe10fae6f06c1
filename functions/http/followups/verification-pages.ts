import type { Deps } from '#shared/app/ports.ts';
import type { VERIFICATION_ROUTES } from '#shared/app/routes.ts';
import type { RouteHandlers } from '../handlers.ts';
import { DEFAULT_TIMEZONE } from '#shared/org/rules/model.ts';
import { mayOpenReport } from '#shared/reports/index.ts';
import {
  answerVerificationSchema,
  createVerificationSchema,
  type VerificationRequest,
} from '#shared/followups/rules/verification.ts';
import {
  answerVerificationRequest,
  askableOrgs,
  createVerificationRequest,
  getVerificationRequest,
  type VerificationView,
} from '#shared/followups/verification.ts';
import { verificationFormPage, verificationPage } from '#shared/followups/verification-pages.ts';
import type { Caller } from '#shared/platform/auth/caller.ts';
import { ValidationError } from '#shared/platform/kernel/errors.ts';
import { localInputToIso } from '#shared/platform/kernel/time.ts';
import { parseOrThrow } from '#shared/platform/kernel/validation.ts';
import { page } from '#shared/platform/http/router.ts';
import { layout } from '#shared/platform/pages/layout.ts';

type Routes = RouteHandlers<typeof VERIFICATION_ROUTES>;

/** How many of the organisation's newest reports the answer form offers (those the caller may open). */
const ANSWER_CHOICES = 50;

/**
 * The reports of the asked organisation the caller may open, newest first: what the answer form offers, the copies
 * received from lower organisations among them (the event may have been reported there and sent up).
 */
async function answerChoices(deps: Deps, caller: Caller, v: Pick<VerificationRequest, 'targetOrgId'>) {
  if (caller.orgId !== v.targetOrgId) return [];
  const org = await deps.orgs.getOrg(v.targetOrgId);
  const page = await deps.reports.listByOrg(v.targetOrgId, ANSWER_CHOICES);
  return (
    page.items
      .filter((r) => mayOpenReport(caller, r, org?.officeDepartmentId))
      // A copy a lower organisation sent up is named by that organisation, never by an id.
      .map((r) => ({
        reportId: r.reportId,
        title: r.title,
        submittedAt: r.submittedAt,
        ...(r.forwardedFrom ? { fromOrgName: r.forwardedFrom.orgName } : {}),
      }))
  );
}

async function showRequest(
  deps: Deps,
  caller: Caller,
  v: VerificationView,
  values?: Record<string, string>,
  errors?: ValidationError,
) {
  const tz = (await deps.orgs.getOrg(caller.orgId))?.timezone ?? v.timezone ?? DEFAULT_TIMEZONE;
  const reports = v.can.answer ? await answerChoices(deps, caller, v) : [];
  const body = verificationPage(v, { tz, reports, values, errors: errors?.details, viewerOrgId: caller.orgId });
  return { status: errors ? 400 : 200, html: layout(`核报：${v.subject}`, body, caller) };
}

/** 核报's pages: the upper office's form, the request with the lower office's answer form; each posts, then redirects. */
export const verificationPages = {
  'GET /verification-requests/new': page(async ({ caller, deps }) => {
    const { org, lowerOrgs } = await askableOrgs(deps, caller);
    const body = verificationFormPage({ lowerOrgs, tz: org.timezone, now: deps.clock() });
    return { html: layout('发起核报', body, caller) };
  }),
  'POST /verification-requests': page(async ({ caller, deps, form }) => {
    const { org, lowerOrgs } = await askableOrgs(deps, caller);
    const values = {
      targetOrgId: form.targetOrgId ?? '',
      subject: form.subject ?? '',
      details: form.details ?? '',
      heardFrom: form.heardFrom ?? '',
      dueAt: form.dueAt ?? '',
    };
    try {
      const dueAt = values.dueAt ? localInputToIso(values.dueAt, org.timezone) : '';
      const input = parseOrThrow(createVerificationSchema, { ...values, dueAt });
      const r = await createVerificationRequest(deps, caller, org.orgId, input);
      return { redirect: `/verification-requests/${r.requestId}`, flash: `已向 ${r.targetOrgName} 发出核报。` };
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      const body = verificationFormPage({
        lowerOrgs,
        values,
        errors: err.details,
        tz: org.timezone,
        now: deps.clock(),
      });
      return { status: 400, html: layout('发起核报', body, caller) };
    }
  }),
  'GET /verification-requests/{requestId}': page(async ({ caller, deps, params }) =>
    showRequest(deps, caller, await getVerificationRequest(deps, caller, params.requestId ?? '')),
  ),
  'POST /verification-requests/{requestId}/answer': page(async ({ caller, deps, form, params }) => {
    const requestId = params.requestId ?? '';
    const values = { how: form.how ?? '', reportId: form.reportId ?? '', explanation: form.explanation ?? '' };
    try {
      const input =
        values.how === 'none'
          ? { noSuchEvent: true, explanation: values.explanation }
          : values.how === 'report'
            ? { reportId: values.reportId || undefined }
            : {};
      await answerVerificationRequest(deps, caller, requestId, parseOrThrow(answerVerificationSchema, input));
      return { redirect: `/verification-requests/${requestId}`, flash: '已答复核报。' };
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      return showRequest(deps, caller, await getVerificationRequest(deps, caller, requestId), values, err);
    }
  }),
} satisfies Partial<Routes>;
