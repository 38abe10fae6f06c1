import { randomUUID } from 'node:crypto';
import { acknowledgeReport, canSeeReport } from '#shared/reports/acknowledge-report.ts';
import { submitReportSchema } from '#shared/reports/rules/input.ts';
import { signOffReport } from '#shared/reports/sign-off-report.ts';
import { signOffSchema } from '#shared/reports/rules/input.ts';
import { toReportView } from '#shared/reports/report-view.ts';
import { recordViewIfOutsider } from '#shared/reports/record-view.ts';
import { submitReport } from '#shared/reports/submit-report.ts';
import { isoToLocalInput, localInputToIso } from '#shared/platform/kernel/time.ts';
import { toDetails } from '#shared/platform/kernel/validation.ts';
import { followupAccess } from '#shared/followups/rules/access.ts';
import { fileFollowup } from '#shared/followups/file-followup.ts';
import { closeInstruction, giveInstruction, postProgress } from '#shared/followups/instruction-flow.ts';
import { followupSchema, instructionSchema, progressSchema } from '#shared/followups/rules/input.ts';
import { followupSection, instructionSection } from '#shared/followups/followup-pages.ts';
import { AppError, NotFoundError, ValidationError } from '#shared/platform/kernel/errors.ts';
import { pageHandler, type PageContext } from '#shared/platform/http/page-handler.ts';
import { html } from '#shared/platform/pages/html.ts';
import { errorPage, layout } from '#shared/platform/pages/layout.ts';
import { formToReportInput, reportForm, reportPage, type FormValues } from '#shared/reports/report-pages.ts';

const { can } = followupAccess;

/** GET|POST /reports/new (the form), GET /reports/{reportId} (the report), POST /reports/{reportId}/ack. */
export const handler = pageHandler({ auth: true }, async (ctx) => {
  switch (ctx.event.routeKey) {
    case 'GET /reports/new':
      return formPage(ctx, { values: {}, errors: [] });
    case 'POST /reports/new':
      return submit(ctx);
    case 'GET /reports/{reportId}':
      return show(ctx, ctx.query.submitted === '1');
    case 'POST /reports/{reportId}/sign-off': {
      const parsed = signOffSchema.safeParse({ decision: ctx.form.decision, ...(ctx.form.note?.trim() ? { note: ctx.form.note } : {}) });
      if (!parsed.success) throw new ValidationError(toDetails(parsed.error, ctx.form));
      await signOffReport(ctx.deps, ctx.caller!, ctx.params.reportId ?? '', parsed.data);
      return { redirect: `/reports/${ctx.params.reportId}` };
    }
    case 'POST /reports/{reportId}/followups': {
      const f = ctx.form;
      const input = { kind: f.kind, summary: f.summary ?? '', ...(f.measures?.trim() ? { measures: f.measures } : {}), ...(f.currentState?.trim() ? { currentState: f.currentState } : {}) };
      const parsed = followupSchema.safeParse(input);
      if (!parsed.success) throw new ValidationError(toDetails(parsed.error, input));
      await fileFollowup(ctx.deps, ctx.caller!, ctx.params.reportId ?? '', parsed.data);
      return { redirect: `/reports/${ctx.params.reportId}` };
    }
    case 'POST /reports/{reportId}/instructions': {
      const report = await ctx.deps.reports.get(ctx.params.reportId ?? '');
      const f = ctx.form as Record<string, string | string[]>;
      const ids = Array.isArray(f.assigneeIds) ? f.assigneeIds : f.assigneeIds ? [f.assigneeIds] : [];
      const input = { text: String(f.text ?? ''), assigneeIds: ids, dueAt: f.dueAt ? localInputToIso(String(f.dueAt), report?.timezone ?? 'Asia/Shanghai') : '' };
      const parsed = instructionSchema.safeParse(input);
      if (!parsed.success) throw new ValidationError(toDetails(parsed.error, input));
      await giveInstruction(ctx.deps, ctx.caller!, ctx.params.reportId ?? '', parsed.data);
      return { redirect: `/reports/${ctx.params.reportId}` };
    }
    case 'POST /instructions/{instructionId}/progress': {
      const input = { text: ctx.form.text ?? '', done: ctx.form.done === 'true' };
      const parsed = progressSchema.safeParse(input);
      if (!parsed.success) throw new ValidationError(toDetails(parsed.error, input));
      const ins = await postProgress(ctx.deps, ctx.caller!, ctx.params.instructionId ?? '', parsed.data);
      return { redirect: `/reports/${ins.reportId}` };
    }
    case 'POST /instructions/{instructionId}/close': {
      const ins = await closeInstruction(ctx.deps, ctx.caller!, ctx.params.instructionId ?? '');
      return { redirect: `/reports/${ins.reportId}` };
    }
    case 'POST /reports/{reportId}/ack': {
      const caller = ctx.caller!;
      const report = await ctx.deps.reports.get(ctx.params.reportId ?? '');
      const org = report && (await ctx.deps.orgs.getOrg(report.orgId));
      if (!report || !org || !canSeeReport(report, caller, org.officeDepartmentId)) throw new NotFoundError('报告');
      await acknowledgeReport(ctx.deps, { reportId: report.reportId, personId: caller.personId, actorName: caller.name, sourceIp: caller.sourceIp });
      return { redirect: `/reports/${report.reportId}` };
    }
    default:
      throw new NotFoundError('页面');
  }
});

async function formPage(ctx: PageContext, state: { values: FormValues; errors: { field: string; message: string }[]; status?: number }) {
  const caller = ctx.caller!;
  const [org, departments] = await Promise.all([ctx.deps.orgs.getOrg(caller.orgId), ctx.deps.orgs.listDepartments(caller.orgId)]);
  if (!org) throw new NotFoundError('单位');
  const values = { departmentId: caller.departmentId ?? '', occurredAt: isoToLocalInput(ctx.deps.clock().toISOString(), org.timezone), ...state.values };
  const body = reportForm({ departments, categories: org.config.categories, values, errors: state.errors, idempotencyKey: state.values.idempotencyKey || randomUUID(), timezone: org.timezone });
  return { status: state.status ?? 200, html: layout('报送紧急信息', body, caller) };
}

async function submit(ctx: PageContext) {
  const caller = ctx.caller!;
  const org = await ctx.deps.orgs.getOrg(caller.orgId);
  if (!org) throw new NotFoundError('单位');
  const input = formToReportInput(ctx.form, (local) => localInputToIso(local, org.timezone));
  const parsed = submitReportSchema.safeParse(input);
  try {
    if (!parsed.success) throw new ValidationError(toDetails(parsed.error, input));
    const key = /^[A-Za-z0-9-]{8,64}$/.test(ctx.form.idempotencyKey ?? '') ? ctx.form.idempotencyKey : undefined;
    const result = await submitReport(ctx.deps, caller, parsed.data, { idempotencyKey: key });
    return { redirect: `/reports/${result.body.reportId}?submitted=1` };
  } catch (err) {
    if (err instanceof ValidationError) return formPage(ctx, { values: ctx.form, errors: err.details, status: 400 });
    if (err instanceof AppError) return { status: err.status, html: errorPage(err) };
    throw err;
  }
}

async function show(ctx: PageContext, justSubmitted: boolean) {
  const caller = ctx.caller!;
  const bundle = await ctx.deps.reports.getBundle(ctx.params.reportId ?? '');
  const org = bundle && (await ctx.deps.orgs.getOrg(bundle.report.orgId));
  if (!bundle || !org || !canSeeReport(bundle.report, caller, org.officeDepartmentId)) throw new NotFoundError('报告');
  await recordViewIfOutsider(ctx.deps, bundle.report, caller);
  const view = toReportView(bundle.report, bundle.events, []);
  const canAck = bundle.report.chain.some((l) => l.personId === caller.personId && (l.state === 'notified' || l.state === 'timedOut'));
  const signers = org.config.signOffRoles ?? ['principalLeader'];
  const canSignOff = !bundle.report.signOff && caller.roles.some((r) => (signers as string[]).includes(r));
  const r = bundle.report;
  const resource = { kind: 'report' as const, report: r, officeDepartmentId: org.officeDepartmentId };
  const canInstruct = can(caller, 'report.instruct', resource);
  const people = canInstruct ? await ctx.deps.orgs.listPeople(r.orgId) : [];
  const now = ctx.deps.clock().toISOString();
  const followups = followupSection({ reportId: r.reportId, followups: bundle.followups, canFile: can(caller, 'report.followup', resource), closed: !!r.closedAt, dueAt: r.followupDueAt, missed: r.missedFollowups?.length ?? 0, tz: r.timezone });
  const instructions = instructionSection({
    reportId: r.reportId,
    instructions: bundle.instructions,
    me: caller.personId,
    canInstruct,
    canClose: (i) => can(caller, 'instruction.close', { kind: 'instruction', instruction: i, officeDepartmentId: org.officeDepartmentId }),
    people,
    tz: r.timezone,
    now,
  });
  return { html: layout(r.title, html`${reportPage({ report: r, timeline: view.timeline, canAck, canSignOff, justSubmitted, extra: html`${followups}${instructions}` })}`, caller) };
}
