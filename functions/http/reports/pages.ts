import { attachmentSectionFor } from '#shared/attachments/attachment-pages.ts';
import { randomUUID } from 'node:crypto';
import type { Deps } from '#shared/app/ports.ts';
import type { REPORT_ROUTES } from '#shared/app/routes.ts';
import { formRefused, type RouteHandlers, type Ctx } from '../handlers.ts';
import { DEFAULT_TIMEZONE } from '#shared/org/rules/model.ts';
import { hashAckToken, looksLikeAckToken } from '#shared/reports/ack-token.ts';
import { acknowledgeReport, resolveAckLink } from '#shared/reports/acknowledge-report.ts';
import { submitReportSchema } from '#shared/reports/rules/input.ts';
import { signOffReport } from '#shared/reports/sign-off-report.ts';
import { signOffSchema } from '#shared/reports/rules/input.ts';
import { toReportView } from '#shared/reports/report-view.ts';
import { recordViewIfOutsider } from '#shared/reports/record-view.ts';
import { submitReport } from '#shared/reports/submit-report.ts';
import { mayCompleteWritten } from '#shared/reports/rules/access.ts';
import {
  ackDonePage,
  ackPage,
  formToReportInput,
  reportForm,
  reportFormErrors,
  reportPage,
  type FormValues,
} from '#shared/reports/report-pages.ts';
import { followupAccess } from '#shared/followups/rules/access.ts';
import { followupSection } from '#shared/followups/followup-pages.ts';
import { instructionSectionFor } from '#shared/followups/instruction-section.ts';
import { isoToLocalInput, localInputToIso } from '#shared/platform/kernel/time.ts';
import { parseOrThrow, toDetails } from '#shared/platform/kernel/validation.ts';
import { NotFoundError, ValidationError } from '#shared/platform/kernel/errors.ts';
import { formKeyOf } from '#shared/platform/http/idempotency-key.ts';
import type { OpenPageContext } from '#shared/platform/http/page-handler.ts';
import { openPage, page } from '#shared/platform/http/router.ts';
import { html } from '#shared/platform/pages/html.ts';
import { layout } from '#shared/platform/pages/layout.ts';
import { visibleBundle, visibleReport } from './visible.ts';
import { formatOf } from '#shared/platform/http/download.ts';
import { listReports } from '#shared/reports/report-list.ts';
import { REPORT_LIST_FORMATS, reportListDownload } from '#shared/reports/report-list-export.ts';
import { reportListPage } from '#shared/reports/report-list-pages.ts';
import { numberOnSignOff, reportDocHtml } from '#shared/reports/report-doc.ts';
import { documentOf } from './document.ts';

type Routes = RouteHandlers<typeof REPORT_ROUTES>;

const { can } = followupAccess;

/** The report pages: the form, the report with its follow-ups and instructions, acknowledgement, sign-off. */
export const reportPages = {
  /** 查找报告: the filtered list (its CSV and Excel with `format=`). */
  'GET /reports': page(async ({ caller, deps, query }) => {
    const format = formatOf(query.format, REPORT_LIST_FORMATS);
    if (format !== 'json') return { download: await reportListDownload(deps, caller, query, format) };
    const [found, org, departments] = await Promise.all([
      listReports(deps, caller, query).catch((err: unknown) => {
        if (err instanceof ValidationError) return err;
        throw err;
      }),
      deps.orgs.getOrg(caller.orgId),
      deps.orgs.listDepartments(caller.orgId),
    ]);
    const categories = org?.config.categories ?? [];
    if (!(found instanceof ValidationError))
      return { html: layout('查找报告', reportListPage({ list: found, query, departments, categories }), caller) };
    // A refused query (over a year, a bad month): 400 with the form as it was asked, the error beside its field.
    const range = { from: '', to: '', fromMonth: query.from ?? '', toMonth: query.to ?? '' };
    const list = { items: [], nextCursor: null, range, itemsRead: 0, timezone: org?.timezone ?? DEFAULT_TIMEZONE };
    const body = reportListPage({ list, query, departments, categories, errors: found.details });
    return { status: 400, html: layout('查找报告', body, caller) };
  }),
  'GET /reports/new': page((ctx) => formPage(ctx, { values: {}, errors: [] })),
  'POST /reports/new': page((ctx) => submit(ctx)),
  'GET /reports/{reportId}': page((ctx) => show(ctx, ctx.query.submitted === '1')),
  /** 信息专报 to print (A4 print styles); the first print or download takes the report's number. */
  'GET /reports/{reportId}/print': page(async (ctx) => {
    const doc = await documentOf(ctx);
    return { html: layout(`信息专报 ${doc.numberLine}`, reportDocHtml(doc, ctx.params.reportId ?? ''), ctx.caller) };
  }),
  'POST /reports/{reportId}/sign-off': page(async (ctx) => {
    const note = ctx.form.note?.trim() ? { note: ctx.form.note } : {};
    const input = parseOrThrow(signOffSchema, { decision: ctx.form.decision, ...note });
    await signOffReport(ctx.deps, ctx.caller, ctx.params.reportId ?? '', input);
    await numberOnSignOff(ctx.deps, ctx.params.reportId ?? '');
    const flash = input.decision === 'forward' ? '已签发，已上报上级单位' : '已签发（不上报）';
    return { redirect: `/reports/${ctx.params.reportId}`, flash };
  }),
  'POST /reports/{reportId}/ack': page(async ({ caller, deps, params }) => {
    const { report } = await visibleReport(deps, caller, params.reportId ?? '');
    const { personId, name: actorName, sourceIp } = caller;
    await acknowledgeReport(deps, { reportId: report.reportId, personId, actorName, sourceIp });
    return { redirect: `/reports/${report.reportId}`, flash: '已确认接报' };
  }),
  /** The report and one button. GET never changes anything, because mail scanners open links. */
  'GET /ack/{token}': openPage(async (ctx) => {
    const { report, personName, token } = await ackLink(ctx);
    return { html: layout('确认接报', ackPage({ report, personName, token })) };
  }),
  /** A text's link (`/a/{code}`): its page is the mail link's, the code its token; a code of no token's shape is 404. */
  'GET /a/{code}': openPage(async (ctx) => {
    const code = ctx.params.code ?? '';
    if (!looksLikeAckToken(code)) throw new NotFoundError('确认链接');
    return { redirect: `/ack/${code}`, status: 302 };
  }),
  /** The button: acknowledges as the person the link was sent to. */
  'POST /ack/{token}': openPage(async (ctx) => {
    const { record, report, personName, token } = await ackLink(ctx);
    const now = ctx.deps.clock();
    const result = await acknowledgeReport(ctx.deps, {
      reportId: report.reportId,
      personId: record.personId,
      level: record.level,
      actorName: personName,
      sourceIp: ctx.event.requestContext.http.sourceIp,
      tokenHash: hashAckToken(token),
    });
    return { html: layout('已确认接报', ackDonePage({ report: result.report, personName, at: now.toISOString() })) };
  }),
} satisfies Partial<Routes>;

/** The report and recipient an acknowledgement link stands for (its token is its only credential). */
async function ackLink(ctx: OpenPageContext<Deps>) {
  const token = ctx.params.token ?? '';
  const { record, report } = await resolveAckLink(ctx.deps, token);
  const personName = report.chain.find((l) => l.level === record.level)?.name ?? '';
  return { record, report, personName, token };
}

type FormState = { values: FormValues; errors: { field: string; message: string }[]; status?: number };

async function formPage(ctx: Ctx, state: FormState) {
  const { caller, deps } = ctx;
  const { orgId } = caller;
  const [org, departments] = await Promise.all([deps.orgs.getOrg(orgId), deps.orgs.listDepartments(orgId)]);
  if (!org) throw new NotFoundError('单位');
  const now = isoToLocalInput(deps.clock().toISOString(), org.timezone);
  const values = { departmentId: caller.departmentId ?? '', occurredAt: now, ...state.values };
  const body = reportForm({
    departments,
    categories: org.config.categories,
    values,
    errors: state.errors,
    idempotencyKey: state.values.idempotencyKey || randomUUID(),
    timezone: org.timezone,
  });
  return { status: state.status ?? 200, html: layout('报送紧急信息', body, caller) };
}

async function submit(ctx: Ctx) {
  const { caller, deps, form } = ctx;
  const org = await deps.orgs.getOrg(caller.orgId);
  if (!org) throw new NotFoundError('单位');
  const input = formToReportInput(form, (local) => localInputToIso(local, org.timezone));
  // Every error of the round at once, the character limits counted per field; everything typed is shown again.
  const parsed = submitReportSchema.safeParse(input);
  const errors = reportFormErrors(form, parsed.success ? [] : toDetails(parsed.error, input));
  if (errors.length || !parsed.success) return formPage(ctx, { values: form, errors, status: 400 });
  try {
    const body = parsed.data;
    const result = await submitReport(deps, caller, body, { idempotencyKey: formKeyOf(form.idempotencyKey) });
    return { redirect: `/reports/${result.body.reportId}?submitted=1` };
  } catch (err) {
    return formRefused(err, (errors) => formPage(ctx, { values: form, errors, status: 400 }));
  }
}

async function show(ctx: Ctx, justSubmitted: boolean) {
  const { caller, deps } = ctx;
  const { bundle, org } = await visibleBundle(deps, caller, ctx.params.reportId ?? '');
  await recordViewIfOutsider(deps, bundle.report, caller);
  const view = toReportView(bundle.report, bundle.events, []);
  const r = bundle.report;
  const waiting = (state: string) => state === 'notified' || state === 'timedOut';
  const canAck = r.chain.some((l) => l.personId === caller.personId && waiting(l.state));
  const signers = org.config.signOffRoles ?? ['principalLeader'];
  const canSignOff = !r.signOff && caller.roles.some((role) => (signers as string[]).includes(role));
  const { officeDepartmentId } = org;
  const resource = { kind: 'report' as const, report: r, officeDepartmentId };
  const followups = followupSection({
    reportId: r.reportId,
    followups: bundle.followups,
    canFile: can(caller, 'report.followup', resource),
    closed: !!r.closedAt,
    dueAt: r.followupDueAt,
    missed: r.missedFollowups?.length ?? 0,
    tz: r.timezone,
  });
  const instructions = await instructionSectionFor(deps, caller, r, org, bundle.instructions);
  // Attachments (issue 14): the report's, and each follow-up's under its own heading.
  const files = await Promise.all([
    attachmentSectionFor(deps.attachments, { kind: 'report', reportId: r.reportId }),
    ...bundle.followups.map((f) =>
      attachmentSectionFor(deps.attachments, { kind: 'followup', reportId: r.reportId, sequence: f.sequence }).then(
        (section) => html`<div class="followup-attachments"><p>${f.label}</p>${section}</div>`,
      ),
    ),
  ]);
  const extra = html`${files}${followups}${instructions}`;
  const canWrite = mayCompleteWritten(caller.personId, r);
  const now = deps.clock().toISOString();
  const body = reportPage({
    report: r,
    timeline: view.timeline,
    canAck,
    canSignOff,
    canInstruct: can(caller, 'report.instruct', resource),
    canWrite,
    now,
    justSubmitted,
    extra,
  });
  return { html: layout(r.title, html`${body}`, caller) };
}
