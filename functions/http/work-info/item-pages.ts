import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { workInfoAccess } from '#shared/work-info/rules/access.ts';
import type { Caller } from '#shared/platform/auth/caller.ts';
import type { Deps } from '#shared/app/ports.ts';
import {
  adoptItemSchema,
  createItemSchema,
  externalAdoptionSchema,
  nextState,
  publishPeriodicalSchema,
  reviewItemSchema,
  signOffItemSchema,
  updateItemSchema,
  type Item,
} from '#shared/work-info/rules/item.ts';
import { adoptItem, createItem, getItem, listItems, recordExternalAdoption, reviewItem, signOffItem, submitItem, updateItem } from '#shared/work-info/item-flow.ts';
import { getPeriodical, listPeriodicals, publishPeriodical } from '#shared/work-info/periodical.ts';
import { toDetails } from '#shared/platform/kernel/validation.ts';
import { AppError, NotFoundError, ValidationError } from '#shared/platform/kernel/errors.ts';
import { pageHandler, type PageContext } from '#shared/platform/http/page-handler.ts';
import { html } from '#shared/platform/pages/html.ts';
import { draftDocument, itemEditor, itemPage, itemQueuePage, itemsNav, myItemsPage, periodicalPage, periodicalsPage } from '#shared/work-info/item-pages.ts';
import { layout } from '#shared/platform/pages/layout.ts';

const { can } = workInfoAccess;

const FLASH: Record<string, string> = {
  created: '已保存草稿。',
  edited: '已保存修改（新的一稿）。',
  submit: '已报送部门领导审核。',
  review: '审核意见已提交。',
  adopt: '采用意见已提交。',
  'sign-off': '已签发。',
  'external-adoptions': '已登记上级采用情况。',
};

/** The pages of work information: my items, the editor, the item with its actions, the queues, the periodical builder and archive. */
export const handler = pageHandler({ auth: true }, async (ctx) => {
  const caller = ctx.caller!;
  switch (ctx.event.routeKey) {
    case 'GET /items':
      return page(ctx, '我的工作信息', myItemsPage((await listItems(ctx.deps, caller, 'mine')).items as never));
    case 'GET /items/new':
      return editor(ctx, undefined, {}, []);
    case 'POST /items/new':
      return saveNew(ctx);
    case 'GET /items/review': {
      const toReview = itemQueuePage('待我审核的信息', 'review-queue', (await listItems(ctx.deps, caller, 'review')).items as Item[]);
      const leader = caller.roles.includes('principalLeader') || caller.roles.includes('supervisingLeader');
      if (!leader) return page(ctx, '待我审核', toReview);
      const adopted = (await listItems(ctx.deps, caller, 'adopted')).items as Item[];
      const toSign = itemQueuePage('待签发的重要信息', 'sign-off-queue', adopted.filter((i) => !!nextState(i, 'signOff')));
      return page(ctx, '待我审核', html`${toReview}${toSign}`);
    }
    case 'GET /items/office':
      return page(ctx, '待采用', itemQueuePage('待采用的信息（已经部门审核）', 'office-queue', (await listItems(ctx.deps, caller, 'office')).items as Item[]));
    case 'GET /items/{itemId}':
      return show(ctx, FLASH[ctx.query.done ?? '']);
    case 'GET /items/{itemId}/edit': {
      const v = await getItem(ctx.deps, caller, ctx.params.itemId ?? '');
      return editor(ctx, v, { kind: v.kind, title: v.title, body: v.body }, []);
    }
    case 'POST /items/{itemId}/edit':
      return saveEdit(ctx);
    case 'POST /items/{itemId}/{action}':
      return act(ctx);
    case 'GET /items/{itemId}/draft': {
      const v = await getItem(ctx.deps, caller, ctx.params.itemId ?? '');
      return { html: draftDocument(v), headers: { 'content-disposition': `attachment; filename="draft-${v.itemId}.html"` } };
    }
    case 'GET /periodicals':
      return periodicals(ctx, [], undefined);
    case 'POST /periodicals':
      return publish(ctx);
    case 'GET /periodicals/{periodicalId}': {
      const p = await getPeriodical(ctx.deps, caller, caller.orgId, ctx.params.periodicalId ?? '');
      return { html: layout(`${p.title} ${p.year}年第${p.issueNo}期`, periodicalPage(p), caller) };
    }
    default:
      throw new NotFoundError('页面');
  }
});

async function navFor(deps: Deps, caller: Caller) {
  const org = await deps.orgs.getOrg(caller.orgId);
  const office = { kind: 'periodicals' as const, orgId: caller.orgId, officeDepartmentId: org?.officeDepartmentId };
  return itemsNav({
    review: caller.roles.includes('departmentHead') || caller.roles.includes('supervisingLeader') || caller.roles.includes('principalLeader'),
    office: caller.roles.includes('reviewer'),
    periodicals: can(caller, 'periodical.read', office),
  });
}

async function page(ctx: PageContext, title: string, body: ReturnType<typeof html>, status = 200) {
  return { status, html: layout(title, html`${await navFor(ctx.deps, ctx.caller!)}${body}`, ctx.caller) };
}

async function editor(ctx: PageContext, item: Item | undefined, values: Record<string, string>, errors: { field: string; message: string }[], status = 200) {
  const caller = ctx.caller!;
  const dept = item ? { name: item.departmentName } : caller.departmentId ? await ctx.deps.orgs.getDepartment(caller.orgId, caller.departmentId) : undefined;
  const body = itemEditor({
    action: item ? `/items/${item.itemId}/edit` : '/items/new',
    values: { ...values, idempotencyKey: item ? undefined : values.idempotencyKey || randomUUID() },
    errors,
    departmentName: dept?.name ?? '（未分配部门）',
    heading: item ? `修改：${item.title}` : '撰写工作信息',
  });
  return page(ctx, item ? '修改信息' : '撰写信息', body, status);
}

/** A form's hidden one-time key: a double submission creates one item or one issue. */
const formKey = (k: string | undefined) => (k && /^[A-Za-z0-9-]{8,64}$/.test(k) ? k : undefined);

function parse<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const r = schema.safeParse(input);
  if (!r.success) throw new ValidationError(toDetails(r.error, input));
  return r.data;
}

async function saveNew(ctx: PageContext) {
  const caller = ctx.caller!;
  const values = { kind: ctx.form.kind ?? '', title: ctx.form.title ?? '', body: ctx.form.body ?? '', idempotencyKey: ctx.form.idempotencyKey ?? '' };
  try {
    const r = await createItem(ctx.deps, caller, parse(createItemSchema, { kind: values.kind, title: values.title, body: values.body, departmentId: caller.departmentId ?? '' }), { idempotencyKey: formKey(ctx.form.idempotencyKey) });
    return { redirect: `/items/${r.body.itemId}?done=created` };
  } catch (err) {
    if (err instanceof ValidationError) return editor(ctx, undefined, values, err.details, 400);
    throw err;
  }
}

async function saveEdit(ctx: PageContext) {
  const caller = ctx.caller!;
  const values = { kind: ctx.form.kind ?? '', title: ctx.form.title ?? '', body: ctx.form.body ?? '' };
  try {
    const v = await updateItem(ctx.deps, caller, ctx.params.itemId ?? '', parse(updateItemSchema, values));
    return { redirect: `/items/${v.itemId}?done=edited` };
  } catch (err) {
    if (err instanceof ValidationError) {
      const v = await getItem(ctx.deps, caller, ctx.params.itemId ?? '');
      return editor(ctx, v, values, err.details, 400);
    }
    throw err;
  }
}

async function act(ctx: PageContext) {
  const { deps, form } = ctx;
  const caller = ctx.caller!;
  const id = ctx.params.itemId ?? '';
  const action = ctx.params.action ?? '';
  const comment = form.comment || undefined;
  try {
    switch (action) {
      case 'edit':
        return saveEdit(ctx);
      case 'submit':
        await submitItem(deps, caller, id);
        break;
      case 'review':
        await reviewItem(deps, caller, id, parse(reviewItemSchema, { decision: form.decision, comment }));
        break;
      case 'adopt':
        await adoptItem(deps, caller, id, parse(adoptItemSchema, { decision: form.decision, comment, important: form.important === 'true' }));
        break;
      case 'sign-off':
        await signOffItem(deps, caller, id, parse(signOffItemSchema, { comment }));
        break;
      case 'external-adoptions':
        await recordExternalAdoption(deps, caller, id, parse(externalAdoptionSchema, { level: form.level, outlet: form.outlet, adoptedOn: form.adoptedOn }));
        break;
      default:
        throw new NotFoundError('页面');
    }
  } catch (err) {
    if (err instanceof AppError && err.status !== 404) return show(ctx, undefined, err);
    throw err;
  }
  return { redirect: `/items/${id}?done=${action}` };
}

async function show(ctx: PageContext, flash: string | undefined, error?: AppError) {
  const caller = ctx.caller!;
  const v = await getItem(ctx.deps, caller, ctx.params.itemId ?? '');
  const org = await ctx.deps.orgs.getOrg(v.orgId);
  const res = { kind: 'item' as const, item: v, officeDepartmentId: org?.officeDepartmentId };
  const may = (a: Parameters<typeof can>[1], s: Parameters<typeof nextState>[1]) => can(caller, a, res) && !!nextState(v, s);
  const body = itemPage(v, {
    edit: may('item.edit', 'edit'),
    submit: may('item.submit', 'submit'),
    review: may('item.review', 'approve'),
    adopt: may('item.adopt', 'adopt'),
    signOff: may('item.signOff', 'signOff'),
    recordExternal: may('item.recordExternal', 'recordExternal'),
  }, flash);
  const err = error ? html`<div class="errors" role="alert"><p>${error.message}</p>${error.details.length ? html`<ul>${error.details.map((d) => html`<li>${d.message}</li>`)}</ul>` : ''}</div>` : '';
  return page(ctx, v.title, html`${err}${body}`, error?.status ?? 200);
}

async function periodicals(ctx: PageContext, errors: { field: string; message: string }[], errorMessage: string | undefined, status = 200) {
  const caller = ctx.caller!;
  const org = await ctx.deps.orgs.getOrg(caller.orgId);
  const canPublish = can(caller, 'periodical.publish', { kind: 'periodicals', orgId: caller.orgId, officeDepartmentId: org?.officeDepartmentId });
  const issues = (await listPeriodicals(ctx.deps, caller, caller.orgId)).items;
  const publishable = canPublish ? ((await listItems(ctx.deps, caller, 'adopted')).items as Item[]).filter((i) => !!nextState(i, 'publish')) : [];
  return page(ctx, '交流刊物', periodicalsPage({ publishable, issues, canPublish, errors, errorMessage, timezone: org?.timezone, idempotencyKey: randomUUID() }), status);
}

async function publish(ctx: PageContext) {
  const caller = ctx.caller!;
  const form = ctx.form as Record<string, string | string[] | undefined>;
  const chosen = ([] as string[]).concat(form.itemId ?? []);
  const order = (id: string) => Number(form[`order_${id}`]) || 999;
  const itemIds = [...chosen].sort((a, b) => order(a) - order(b));
  try {
    const r = await publishPeriodical(ctx.deps, caller, caller.orgId, parse(publishPeriodicalSchema, { title: form.title || undefined, itemIds }), { idempotencyKey: formKey(form.idempotencyKey as string | undefined) });
    return { redirect: `/periodicals/${r.body.periodicalId}` };
  } catch (err) {
    if (err instanceof AppError && err.status !== 404 && err.status !== 403) return periodicals(ctx, err.details, err.message, err.status);
    throw err;
  }
}
