import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { accountabilityAccess } from '#shared/accountability/rules/access.ts';
import { getCircular, listCirculars, publishCircular } from '#shared/accountability/circular.ts';
import { publishCircularSchema } from '#shared/accountability/rules/circular.ts';
import { createFindingSchema, decideFindingSchema, explainFindingSchema, linkFindingSchema } from '#shared/accountability/rules/finding.ts';
import { createFinding, decideFinding, explainFinding, getFinding, linkFinding, listFindings, requestExplanation } from '#shared/accountability/findings.ts';
import { localInputToIso } from '#shared/platform/kernel/time.ts';
import { timeliness } from '#shared/accountability/timeliness.ts';
import { timelinessCsv } from '#shared/accountability/rules/timeliness.ts';
import { toDetails } from '#shared/platform/kernel/validation.ts';
import { AppError, NotFoundError, ValidationError } from '#shared/platform/kernel/errors.ts';
import { pageHandler, type PageContext } from '#shared/platform/http/page-handler.ts';
import { accountabilityNav, circularPage, circularsPage, findingForm, findingPage, findingsRegister, timelinessPage } from '#shared/accountability/accountability-pages.ts';
import { html, type Raw } from '#shared/platform/pages/html.ts';
import { layout } from '#shared/platform/pages/layout.ts';

const FLASH: Record<string, string> = { created: '已登记，并已通知责任单位说明。', explain: '说明已提交。', decide: '结论已记录。', link: '已关联报告。', request: '已请责任单位说明，并已发送邮件。' };
import { CSV_TYPE } from '#shared/platform/http/download.ts';

const { can } = accountabilityAccess;

/** The accountability pages: findings register, new finding, finding page with its actions, circular builder and archive, timeliness dashboard. */
export const handler = pageHandler({ auth: true }, async (ctx) => {
  const caller = ctx.caller!;
  switch (ctx.event.routeKey) {
    case 'GET /findings':
      return page(ctx, '问责登记簿', findingsRegister(await listFindings(ctx.deps, caller, caller.orgId, ctx.query), ctx.query));
    case 'GET /findings/new':
      return newFinding(ctx, {}, []);
    case 'POST /findings/new':
      return saveFinding(ctx);
    case 'GET /findings/{findingId}': {
      const f = await getFinding(ctx.deps, caller, ctx.params.findingId ?? '');
      return page(ctx, `${f.kindLabel}记录`, findingPage(f, FLASH[ctx.query.done ?? '']));
    }
    case 'POST /findings/{findingId}/{action}':
      return act(ctx);
    case 'GET /circulars':
      return circulars(ctx, {}, []);
    case 'POST /circulars':
      return publish(ctx);
    case 'GET /circulars/{circularId}': {
      const c = await getCircular(ctx.deps, caller, caller.orgId, ctx.params.circularId ?? '');
      return { html: layout(`通报 ${c.title}`, circularPage(c), caller) };
    }
    case 'GET /timeliness':
      return page(ctx, '报送时效', timelinessPage(await timeliness(ctx.deps, caller, caller.orgId, ctx.query), ctx.query));
    case 'GET /timeliness/csv': {
      const s = await timeliness(ctx.deps, caller, caller.orgId, ctx.query);
      return { download: { filename: `timeliness-${s.from.slice(0, 10)}-${s.to.slice(0, 10)}.csv`, contentType: CSV_TYPE, content: timelinessCsv(s) } };
    }
    default:
      throw new NotFoundError('页面');
  }
});

async function page(ctx: PageContext, title: string, body: Raw, status = 200) {
  return { status, html: layout(title, html`${accountabilityNav()}${body}`, ctx.caller) };
}

function parse<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const r = schema.safeParse(input);
  if (!r.success) throw new ValidationError(toDetails(r.error, input));
  return r.data;
}

const tz = 'Asia/Shanghai';
/** A form's hidden one-time key: a double submission records one finding or publishes one circular. */
const formKey = (k: string | undefined) => (k && /^[A-Za-z0-9-]{8,64}$/.test(k) ? k : undefined);
const opt = (v: string | undefined) => (v && v.trim() ? v.trim() : undefined);

async function newFinding(ctx: PageContext, values: Record<string, string>, errors: { field: string; message: string }[], message?: string, status = 200) {
  const caller = ctx.caller!;
  const [departments, people] = await Promise.all([ctx.deps.orgs.listDepartments(caller.orgId), ctx.deps.orgs.listPeople(caller.orgId)]);
  return page(ctx, '登记问题', findingForm({ orgId: caller.orgId, departments, people, values: { ...values, idempotencyKey: formKey(values.idempotencyKey) ?? randomUUID() }, errors, message }), status);
}

async function saveFinding(ctx: PageContext) {
  const f = ctx.form;
  const values = Object.fromEntries(Object.entries(f).map(([k, v]) => [k, String(v)]));
  const input = {
    kind: f.kind,
    reportId: opt(f.reportId),
    responsibleOrgId: opt(f.responsibleOrgId) ?? ctx.caller!.orgId,
    responsibleDepartmentId: opt(f.responsibleDepartmentId),
    responsiblePersonId: opt(f.responsiblePersonId),
    occurredAt: opt(f.occurredAt) ? localInputToIso(f.occurredAt!, tz) : undefined,
    learnedAt: opt(f.learnedAt) ? localInputToIso(f.learnedAt!, tz) : undefined,
    learnedHow: opt(f.learnedHow),
    learnedFrom: opt(f.learnedFrom),
    note: f.note,
    correction: opt(f.correction),
  };
  try {
    const created = await createFinding(ctx.deps, ctx.caller!, ctx.caller!.orgId, parse(createFindingSchema, JSON.parse(JSON.stringify(input))), { idempotencyKey: formKey(f.idempotencyKey) });
    return { redirect: `/findings/${created.body.findingId}?done=created` };
  } catch (err) {
    if (err instanceof AppError && err.status < 500 && err.status !== 403 && err.status !== 404) return newFinding(ctx, values, err.details, err.message, err.status);
    throw err;
  }
}

async function act(ctx: PageContext) {
  const { deps, form } = ctx;
  const caller = ctx.caller!;
  const id = ctx.params.findingId ?? '';
  const action = ctx.params.action ?? '';
  try {
    if (action === 'explain') await explainFinding(deps, caller, id, parse(explainFindingSchema, { text: form.text }));
    else if (action === 'decide') await decideFinding(deps, caller, id, parse(decideFindingSchema, { outcome: form.outcome, reason: form.reason }));
    else if (action === 'request') await requestExplanation(deps, caller, id);
    else if (action === 'link') await linkFinding(deps, caller, id, parse(linkFindingSchema, { reportId: form.reportId }));
    else throw new NotFoundError('页面');
    return { redirect: `/findings/${id}?done=${action}` };
  } catch (err) {
    if (err instanceof AppError && err.status < 500 && err.status !== 403 && err.status !== 404) {
      const f = await getFinding(deps, caller, id);
      return page(ctx, `${f.kindLabel}记录`, findingPage(f, undefined, err.details, err.message), err.status);
    }
    throw err;
  }
}

async function circulars(ctx: PageContext, values: Record<string, string>, errors: { field: string; message: string }[], message?: string, status = 200) {
  const caller = ctx.caller!;
  const org = await ctx.deps.orgs.getOrg(caller.orgId);
  const canPublish = can(caller, 'circular.publish', { kind: 'accountability', orgId: caller.orgId, officeDepartmentId: org?.officeDepartmentId });
  const [list, candidates] = await Promise.all([
    listCirculars(ctx.deps, caller, caller.orgId),
    canPublish ? listFindings(ctx.deps, caller, caller.orgId, { state: 'confirmed' }).then((fs) => fs.filter((f) => !f.circular)) : Promise.resolve([]),
  ]);
  return page(ctx, '通报', circularsPage({ circulars: list, candidates, canPublish, values: { ...values, idempotencyKey: formKey(values.idempotencyKey) ?? randomUUID() }, errors, message }), status);
}

async function publish(ctx: PageContext) {
  const form = ctx.form as Record<string, string | string[] | undefined>;
  const ids = ([] as string[]).concat(form.findingId ?? []).filter(Boolean);
  const values = { kind: String(ctx.form.kind ?? ''), from: String(ctx.form.from ?? ''), to: String(ctx.form.to ?? ''), title: String(ctx.form.title ?? ''), idempotencyKey: String(ctx.form.idempotencyKey ?? '') };
  try {
    const input = parse(publishCircularSchema, { kind: values.kind, from: values.from, to: values.to, ...(opt(values.title) ? { title: values.title } : {}), ...(ids.length && values.kind === 'criticism' ? { findingIds: ids } : {}) });
    const c = await publishCircular(ctx.deps, ctx.caller!, ctx.caller!.orgId, input, { idempotencyKey: formKey(values.idempotencyKey) });
    return { redirect: `/circulars/${c.body.circularId}` };
  } catch (err) {
    if (err instanceof AppError && err.status < 500 && err.status !== 403 && err.status !== 404) return circulars(ctx, values, err.details, err.message, err.status);
    throw err;
  }
}
