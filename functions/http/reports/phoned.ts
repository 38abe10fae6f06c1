import { randomUUID } from 'node:crypto';
import type { PHONED_REPORT_ROUTES } from '#shared/app/routes.ts';
import { formRefused, type RouteHandlers, type Ctx, type FieldErrors } from '../handlers.ts';
import { completeWritten, submitReport } from '#shared/reports/submit-report.ts';
import { submitReportSchema, writtenReportSchema } from '#shared/reports/rules/input.ts';
import {
  formToPhonedInput,
  formToWrittenInput,
  phoneForm,
  writtenForm,
  writtenValues,
  type FormValues,
} from '#shared/reports/phone-pages.ts';
import { isoToLocalInput, localInputToIso } from '#shared/platform/kernel/time.ts';
import { parseOrThrow } from '#shared/platform/kernel/validation.ts';
import { NotFoundError } from '#shared/platform/kernel/errors.ts';
import { formKeyOf } from '#shared/platform/http/idempotency-key.ts';
import { api, page } from '#shared/platform/http/router.ts';
import { layout } from '#shared/platform/pages/layout.ts';
import { visibleReport } from './visible.ts';

type Routes = RouteHandlers<typeof PHONED_REPORT_ROUTES>;

/** Phoned-in reports (电话报告, issue 14): the API that completes the written version, and the two forms. */
export const phonedReportHandlers = {
  /** The caller (in the system) or the recorder hands in the written version; 409 when not owed. */
  'POST /api/reports/{reportId}/written': api(async ({ body, caller, deps, params }) => ({
    body: await completeWritten(deps, caller, params.reportId ?? '', body),
  })),
  'GET /reports/phoned': page((ctx) => phonePage(ctx, {}, [])),
  'POST /reports/phoned': page(async (ctx) => {
    const { caller, deps, form } = ctx;
    const org = await deps.orgs.getOrg(caller.orgId);
    if (!org) throw new NotFoundError('单位');
    try {
      const body = parseOrThrow(
        submitReportSchema,
        formToPhonedInput(form, (l) => localInputToIso(l, org.timezone)),
      );
      const result = await submitReport(deps, caller, body, { idempotencyKey: formKeyOf(form.idempotencyKey) });
      const due = result.body.writtenDueAt
        ? isoToLocalInput(result.body.writtenDueAt, org.timezone).replace('T', ' ')
        : '';
      return {
        redirect: `/reports/${result.body.reportId}`,
        flash: `电话报告已记录并报送，书面报告应于 ${due} 前补报`,
      };
    } catch (err) {
      return formRefused(err, (errors) => phonePage(ctx, form, errors, 400));
    }
  }),
  'GET /reports/{reportId}/written': page(async (ctx) => {
    const { report } = await visibleReport(ctx.deps, ctx.caller, ctx.params.reportId ?? '');
    return writtenPage(
      ctx,
      writtenValues(report, (iso) => isoToLocalInput(iso, report.timezone)),
      [],
    );
  }),
  'POST /reports/{reportId}/written': page(async (ctx) => {
    const { caller, deps, form, params } = ctx;
    const { report } = await visibleReport(deps, caller, params.reportId ?? '');
    try {
      const input = formToWrittenInput(form, (l) => localInputToIso(l, report.timezone));
      const done = await completeWritten(deps, caller, report.reportId, parseOrThrow(writtenReportSchema, input));
      const flash = done.writtenLateByMinutes
        ? `书面报告已报送（超过书面时限 ${done.writtenLateByMinutes} 分钟）`
        : '书面报告已按时报送';
      return { redirect: `/reports/${report.reportId}`, flash };
    } catch (err) {
      return formRefused(err, (errors) => writtenPage(ctx, form, errors, 400));
    }
  }),
} satisfies Routes;

async function phonePage(ctx: Ctx, values: FormValues, errors: FieldErrors, status = 200) {
  const { caller, deps } = ctx;
  const [org, departments, people] = await Promise.all([
    deps.orgs.getOrg(caller.orgId),
    deps.orgs.listDepartments(caller.orgId),
    deps.orgs.listPeople(caller.orgId),
  ]);
  if (!org) throw new NotFoundError('单位');
  const now = isoToLocalInput(deps.clock().toISOString(), org.timezone);
  const body = phoneForm({
    departments,
    categories: org.config.categories,
    people: [...people].sort((a, b) => a.name.localeCompare(b.name, 'zh')),
    values: { 'intake.calledAt': now, ...values },
    errors,
    idempotencyKey: values.idempotencyKey || randomUUID(),
    recorderName: caller.name,
    timezone: org.timezone,
  });
  return { status, html: layout('记录电话报告', body, caller) };
}

async function writtenPage(ctx: Ctx, values: FormValues, errors: FieldErrors, status = 200) {
  const { report } = await visibleReport(ctx.deps, ctx.caller, ctx.params.reportId ?? '');
  const body = writtenForm({ report, values, errors, now: ctx.deps.clock().toISOString() });
  return { status, html: layout('补报书面报告', body, ctx.caller) };
}
