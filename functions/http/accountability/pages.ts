import { randomUUID } from 'node:crypto';
import type { ACCOUNTABILITY_ROUTES } from '#shared/app/routes.ts';
import type { RouteHandlers, Ctx, FieldErrors } from '../handlers.ts';
import { DEFAULT_TIMEZONE } from '#shared/org/rules/model.ts';
import { accountabilityAccess } from '#shared/accountability/rules/access.ts';
import { getCircular, listCirculars, publishCircular } from '#shared/accountability/circular.ts';
import { publishCircularSchema } from '#shared/accountability/rules/circular.ts';
import {
  createFindingSchema,
  decideFindingSchema,
  explainFindingSchema,
  linkFindingSchema,
} from '#shared/accountability/rules/finding.ts';
import * as findings from '#shared/accountability/findings.ts';
import { timeliness } from '#shared/accountability/timeliness.ts';
import {
  accountabilityNav,
  circularPage,
  circularsPage,
  findingForm,
  findingPage,
  findingsRegister,
  timelinessPage,
  type ReportChoice,
} from '#shared/accountability/accountability-pages.ts';
import { localInputToIso, monthOf, monthRange } from '#shared/platform/kernel/time.ts';
import { charLimitErrors } from '#shared/platform/pages/form.ts';
import type { Report } from '#shared/reports/index.ts';
import { parseOrThrow } from '#shared/platform/kernel/validation.ts';
import { AppError, NotFoundError } from '#shared/platform/kernel/errors.ts';
import { formKeyOf } from '#shared/platform/http/idempotency-key.ts';
import type { PageResult } from '#shared/platform/http/page-handler.ts';
import { page } from '#shared/platform/http/router.ts';
import { html, type Raw } from '#shared/platform/pages/html.ts';
import { layout } from '#shared/platform/pages/layout.ts';
import { timelinessDownload } from './api.ts';

type Routes = RouteHandlers<typeof ACCOUNTABILITY_ROUTES>;

const { can } = accountabilityAccess;

const FLASH: Record<string, string> = {
  created: '已登记，并已通知责任单位说明。',
  explain: '说明已提交。',
  decide: '结论已记录。',
  link: '已关联报告。',
  request: '已请责任单位说明，并已发送邮件。',
};

const opt = (v: string | undefined) => (v?.trim() ? v.trim() : undefined);
/** A rejection the person can correct on the same page (not a missing record or a missing permission). */
const correctable = (err: unknown): err is AppError =>
  err instanceof AppError && err.status < 500 && err.status !== 403 && err.status !== 404;

/** The accountability pages: the register, a finding and its steps, circulars, the timeliness dashboard. */
export const accountabilityPages = {
  'GET /findings': page(async (ctx) => {
    const register = await findings.listFindings(ctx.deps, ctx.caller, ctx.caller.orgId, ctx.query);
    return show(ctx, '问责登记簿', findingsRegister(register, ctx.query));
  }),
  'GET /findings/new': page((ctx) => newFinding(ctx, {}, [])),
  'POST /findings/new': page((ctx) => saveFinding(ctx)),
  'GET /findings/{findingId}': page((ctx) => showFinding(ctx, FLASH[ctx.query.done ?? ''])),
  /** Explain, decide, request an explanation or link: the action is the last segment. */
  'POST /findings/{findingId}/{action}': page((ctx) => act(ctx)),
  'GET /circulars': page((ctx) => circulars(ctx, {}, [])),
  'POST /circulars': page((ctx) => publish(ctx)),
  'GET /circulars/{circularId}': page(async ({ caller, deps, params }) => {
    const c = await getCircular(deps, caller, caller.orgId, params.circularId ?? '');
    return { html: layout(`通报 ${c.title}`, circularPage(c), caller) };
  }),
  'GET /timeliness': page(async (ctx) => {
    const stats = await timeliness(ctx.deps, ctx.caller, ctx.caller.orgId, ctx.query);
    return show(ctx, '报送时效', timelinessPage(stats, ctx.query));
  }),
  'GET /timeliness/csv': page(async ({ caller, deps, query }) => ({
    download: await timelinessDownload(deps, caller.orgId, await timeliness(deps, caller, caller.orgId, query), 'csv'),
  })),
  'GET /timeliness/xlsx': page(async ({ caller, deps, query }) => ({
    download: await timelinessDownload(deps, caller.orgId, await timeliness(deps, caller, caller.orgId, query), 'xlsx'),
  })),
} satisfies Partial<Routes>;

async function show(ctx: Ctx, title: string, body: Raw, status = 200): Promise<PageResult> {
  return { status, html: layout(title, html`${accountabilityNav()}${body}`, ctx.caller) };
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

async function zoneOf(ctx: Ctx) {
  return (await ctx.deps.orgs.getOrg(ctx.caller.orgId))?.timezone ?? DEFAULT_TIMEZONE;
}

/** Reports as the pickers show them: by title, with their department's name for grouping. */
async function choicesOf(ctx: Ctx, reports: Report[]): Promise<ReportChoice[]> {
  const departments = await ctx.deps.orgs.listDepartments(ctx.caller.orgId);
  const name = new Map(departments.map((d) => [d.departmentId, d.name]));
  return reports
    .sort((a, b) => b.submittedAt.localeCompare(a.submittedAt))
    .map((r) => ({
      reportId: r.reportId,
      title: r.title,
      submittedAt: r.submittedAt,
      departmentName: name.get(r.departmentId),
      ...(r.forwardedFrom ? { fromOrgName: r.forwardedFrom.orgName } : {}),
    }));
}

async function newFinding(
  ctx: Ctx,
  values: Record<string, string>,
  errors: FieldErrors,
  message?: string,
  status = 200,
) {
  const { caller, deps } = ctx;
  const { orgId } = caller;
  const org = await deps.orgs.getOrg(orgId);
  const timeZone = org?.timezone ?? DEFAULT_TIMEZONE;
  const month = MONTH.test(values.reportMonth ?? '') ? values.reportMonth! : monthOf(deps.clock(), timeZone);
  const range = monthRange(month, timeZone);
  const [departments, people, childOrgs, reports] = await Promise.all([
    deps.orgs.listDepartments(orgId),
    deps.orgs.listPeople(orgId),
    deps.orgs.listChildOrgs(orgId),
    deps.reports.submittedBetween(orgId, range.from, range.to, 500),
  ]);
  const idempotencyKey = formKeyOf(values.idempotencyKey) ?? randomUUID();
  const form = findingForm({
    orgId,
    orgName: org?.name ?? '本单位',
    childOrgs,
    departments,
    people,
    reports: await choicesOf(ctx, reports),
    month,
    values: { ...values, idempotencyKey },
    errors,
    message,
    timeZone,
  });
  return show(ctx, '登记问题', form, status);
}

/** What the finding form checks itself, so that every error of the round shows at once (the rules check again). */
function findingFormErrors(v: Record<string, string>): FieldErrors {
  const out: FieldErrors = charLimitErrors(v, {
    learnedFrom: ['信息来源', 500],
    note: ['事实与证据', 4000],
    correction: ['更正内容', 4000],
  });
  const need = (field: string, message: string) => {
    if (!opt(v[field])) out.push({ field, message });
  };
  need('occurredAt', '请填写事件发生时间');
  need('note', '请填写事实与证据');
  if (v.kind === 'late' || v.kind === 'false') need('reportId', `${v.kind === 'late' ? '迟报' : '误报'}须指明所涉报告`);
  if (v.kind === 'false') need('correction', '误报须写明更正内容');
  if (v.kind === 'missed') need('learnedAt', '漏报须写明何时获知');
  if (v.kind === 'missed') need('learnedHow', '漏报须写明从何渠道获知');
  if (v.kind === 'concealed') need('responsiblePersonId', '瞒报须指明阻止或扣压报告的人');
  return out;
}

/** The errors of both rounds, each field's message once. */
const merged = (a: FieldErrors, b: FieldErrors): FieldErrors => {
  const seen = new Set(a.map((e) => e.field));
  return [...a, ...b.filter((e) => !seen.has(e.field))];
};

/** The form's times are the office's local times, in its organisation's zone. */
async function saveFinding(ctx: Ctx) {
  const { caller, deps } = ctx;
  const f = ctx.form;
  const values = Object.fromEntries(Object.entries(f).map(([k, v]) => [k, String(v)]));
  // "列出该月报告": the same form again with the month's reports, everything typed kept, nothing saved.
  if (values.refresh === 'month') return newFinding(ctx, values, []);
  const tz = await zoneOf(ctx);
  const instant = (v: string | undefined) => (opt(v) ? localInputToIso(v ?? '', tz) : undefined);
  const input = {
    kind: f.kind,
    reportId: opt(f.reportId),
    responsibleOrgId: opt(f.responsibleOrgId) ?? caller.orgId,
    responsibleDepartmentId: opt(f.responsibleDepartmentId),
    responsiblePersonId: opt(f.responsiblePersonId),
    occurredAt: instant(f.occurredAt),
    learnedAt: instant(f.learnedAt),
    learnedHow: opt(f.learnedHow),
    learnedFrom: opt(f.learnedFrom),
    note: f.note,
    correction: opt(f.correction),
  };
  const mine = findingFormErrors(values);
  try {
    const body = parseOrThrow(createFindingSchema, JSON.parse(JSON.stringify(input)));
    if (mine.length) return newFinding(ctx, values, mine, undefined, 400);
    const key = { idempotencyKey: formKeyOf(f.idempotencyKey) };
    const created = await findings.createFinding(deps, caller, caller.orgId, body, key);
    return { redirect: `/findings/${created.body.findingId}?done=created` };
  } catch (err) {
    if (correctable(err)) return newFinding(ctx, values, merged(mine, err.details), err.message, err.status);
    throw err;
  }
}

/** A finding's page; the reports the office may link are those submitted since the event became known. */
async function showFinding(ctx: Ctx, flash?: string, errors: FieldErrors = [], message?: string, status = 200) {
  const { deps, caller } = ctx;
  const f = await findings.getFinding(deps, caller, ctx.params.findingId ?? '');
  const timeZone = await zoneOf(ctx);
  let linkable: ReportChoice[] = [];
  if (f.can.link) {
    const since = f.learnedAt ?? f.occurredAt;
    const now = deps.clock().toISOString();
    const orgs = [...new Set([f.orgId, f.responsibleOrgId])];
    const lists = await Promise.all(orgs.map((o) => deps.reports.submittedBetween(o, since, now, 500)));
    linkable = await choicesOf(ctx, lists.flat());
  }
  const values = Object.fromEntries(Object.entries(ctx.form ?? {}).map(([k, v]) => [k, String(v)]));
  const body = findingPage(f, flash, errors, message, timeZone, { values, linkable });
  return show(ctx, `${f.kindLabel}记录`, body, status);
}

async function act(ctx: Ctx) {
  const { deps, form, caller } = ctx;
  const id = ctx.params.findingId ?? '';
  const action = ctx.params.action ?? '';
  try {
    if (action === 'explain') {
      await findings.explainFinding(deps, caller, id, parseOrThrow(explainFindingSchema, { text: form.text }));
    } else if (action === 'decide') {
      const input = parseOrThrow(decideFindingSchema, { outcome: form.outcome, reason: form.reason });
      await findings.decideFinding(deps, caller, id, input);
    } else if (action === 'request') {
      await findings.requestExplanation(deps, caller, id);
    } else if (action === 'link') {
      await findings.linkFinding(deps, caller, id, parseOrThrow(linkFindingSchema, { reportId: form.reportId }));
    } else throw new NotFoundError('页面');
    return { redirect: `/findings/${id}?done=${action}` };
  } catch (err) {
    if (correctable(err)) return showFinding(ctx, undefined, err.details, err.message, err.status);
    throw err;
  }
}

async function circulars(
  ctx: Ctx,
  values: Record<string, string>,
  errors: FieldErrors,
  message?: string,
  status = 200,
) {
  const { caller, deps } = ctx;
  const org = await deps.orgs.getOrg(caller.orgId);
  const scope = { kind: 'accountability' as const, orgId: caller.orgId, officeDepartmentId: org?.officeDepartmentId };
  const canPublish = can(caller, 'circular.publish', scope);
  const unpublished = async () =>
    (await findings.listFindings(deps, caller, caller.orgId, { state: 'confirmed' })).filter((f) => !f.circular);
  const [list, candidates] = await Promise.all([
    listCirculars(deps, caller, caller.orgId),
    canPublish ? unpublished() : [],
  ]);
  const idempotencyKey = formKeyOf(values.idempotencyKey) ?? randomUUID();
  const page = { circulars: list, candidates, canPublish, values: { ...values, idempotencyKey }, errors, message };
  const body = circularsPage(page);
  return show(ctx, '通报', body, status);
}

async function publish(ctx: Ctx) {
  const { caller, deps } = ctx;
  const form = ctx.form as Record<string, string | string[] | undefined>;
  const ids = ([] as string[]).concat(form.findingId ?? []).filter(Boolean);
  const text = (k: string) => String(ctx.form[k] ?? '');
  const values = {
    kind: text('kind'),
    from: text('from'),
    to: text('to'),
    title: text('title'),
    idempotencyKey: text('idempotencyKey'),
    findingIds: ids.join(','),
  };
  try {
    const input = parseOrThrow(publishCircularSchema, {
      kind: values.kind,
      from: values.from,
      to: values.to,
      ...(opt(values.title) ? { title: values.title } : {}),
      ...(ids.length && values.kind === 'criticism' ? { findingIds: ids } : {}),
    });
    const key = { idempotencyKey: formKeyOf(values.idempotencyKey) };
    const c = await publishCircular(deps, caller, caller.orgId, input, key);
    return { redirect: `/circulars/${c.body.circularId}` };
  } catch (err) {
    if (correctable(err)) return circulars(ctx, values, err.details, err.message, err.status);
    throw err;
  }
}
