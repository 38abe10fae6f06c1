import { randomUUID } from 'node:crypto';
import type { Deps } from '#shared/app/ports.ts';
import type { ACCOUNTABILITY_ROUTES } from '#shared/app/routes.ts';
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
} from '#shared/accountability/accountability-pages.ts';
import { localInputToIso } from '#shared/platform/kernel/time.ts';
import { parseOrThrow } from '#shared/platform/kernel/validation.ts';
import { AppError, NotFoundError } from '#shared/platform/kernel/errors.ts';
import { formKeyOf } from '#shared/platform/http/idempotency-key.ts';
import type { PageContext, PageResult } from '#shared/platform/http/page-handler.ts';
import { page, type Handlers } from '#shared/platform/http/router.ts';
import { html, type Raw } from '#shared/platform/pages/html.ts';
import { layout } from '#shared/platform/pages/layout.ts';
import { timelinessDownload } from './api.ts';

type Routes = Handlers<(typeof ACCOUNTABILITY_ROUTES)[number], Deps>;
type Ctx = PageContext<Deps>;
type Errors = { field: string; message: string }[];

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
  'GET /findings/{findingId}': page(async (ctx) => {
    const f = await findings.getFinding(ctx.deps, ctx.caller, ctx.params.findingId ?? '');
    return show(ctx, `${f.kindLabel}记录`, findingPage(f, FLASH[ctx.query.done ?? '']));
  }),
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

async function newFinding(ctx: Ctx, values: Record<string, string>, errors: Errors, message?: string, status = 200) {
  const { caller, deps } = ctx;
  const { orgId } = caller;
  const [departments, people] = await Promise.all([deps.orgs.listDepartments(orgId), deps.orgs.listPeople(orgId)]);
  const idempotencyKey = formKeyOf(values.idempotencyKey) ?? randomUUID();
  const form = findingForm({ orgId, departments, people, values: { ...values, idempotencyKey }, errors, message });
  return show(ctx, '登记问题', form, status);
}

/** The form's times are the office's local times, in its organisation's zone. */
async function saveFinding(ctx: Ctx) {
  const { caller, deps } = ctx;
  const f = ctx.form;
  const values = Object.fromEntries(Object.entries(f).map(([k, v]) => [k, String(v)]));
  const tz = (await deps.orgs.getOrg(caller.orgId))?.timezone ?? DEFAULT_TIMEZONE;
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
  try {
    const body = parseOrThrow(createFindingSchema, JSON.parse(JSON.stringify(input)));
    const key = { idempotencyKey: formKeyOf(f.idempotencyKey) };
    const created = await findings.createFinding(deps, caller, caller.orgId, body, key);
    return { redirect: `/findings/${created.body.findingId}?done=created` };
  } catch (err) {
    if (correctable(err)) return newFinding(ctx, values, err.details, err.message, err.status);
    throw err;
  }
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
    if (correctable(err)) {
      const f = await findings.getFinding(deps, caller, id);
      return show(ctx, `${f.kindLabel}记录`, findingPage(f, undefined, err.details, err.message), err.status);
    }
    throw err;
  }
}

async function circulars(ctx: Ctx, values: Record<string, string>, errors: Errors, message?: string, status = 200) {
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
