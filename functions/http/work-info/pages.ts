import { attachmentSectionFor } from '#shared/attachments/attachment-pages.ts';
import { randomUUID } from 'node:crypto';
import type { Deps } from '#shared/app/ports.ts';
import type { WORK_INFO_ROUTES } from '#shared/app/routes.ts';
import type { RouteHandlers, Ctx, FieldErrors } from '../handlers.ts';
import { workInfoAccess } from '#shared/work-info/rules/access.ts';
import type { Caller } from '#shared/platform/auth/caller.ts';
import {
  adoptItemSchema,
  createItemSchema,
  externalAdoptionSchema,
  nextState,
  publishPeriodicalSchema,
  recommendItemSchema,
  reviewItemSchema,
  selfPublishSchema,
  signOffItemSchema,
  updateItemSchema,
  type Item,
} from '#shared/work-info/rules/item.ts';
import * as items from '#shared/work-info/item-flow.ts';
import { getPeriodical, listPeriodicals, publishPeriodical } from '#shared/work-info/periodical.ts';
import {
  getDistribution,
  getTarget,
  lowerOrgTargets,
  mayReadTarget,
  putDistribution,
  setTarget,
} from '#shared/work-info/targets.ts';
import {
  parseDistributionLines,
  putDistributionSchema,
  putTargetSchema,
} from '#shared/work-info/rules/weekly-quota.ts';
import { isOfficeOf, zoneOf } from '#shared/org/index.ts';
import { createCommission, getCommission, listCommissions } from '#shared/work-info/commissions.ts';
import { createCommissionSchema } from '#shared/work-info/rules/commission.ts';
import { localInputToIso } from '#shared/platform/kernel/time.ts';
import { monthOf } from '#shared/platform/kernel/time.ts';
import {
  commissionPage,
  commissionsPage,
  distributionForm,
  draftDocument,
  itemEditor,
  itemPage,
  itemQueuePage,
  itemsNav,
  myItemsPage,
  periodicalPage,
  periodicalsPage,
  targetBox,
  targetsPage,
} from '#shared/work-info/item-pages.ts';
import { parseOrThrow } from '#shared/platform/kernel/validation.ts';
import { AppError, NotFoundError, ValidationError } from '#shared/platform/kernel/errors.ts';
import { formKeyOf } from '#shared/platform/http/idempotency-key.ts';
import type { PageResult } from '#shared/platform/http/page-handler.ts';
import { page } from '#shared/platform/http/router.ts';
import { html } from '#shared/platform/pages/html.ts';
import { layout } from '#shared/platform/pages/layout.ts';

type Routes = RouteHandlers<typeof WORK_INFO_ROUTES>;

const { can } = workInfoAccess;

const FLASH: Record<string, string> = {
  created: '已保存草稿。',
  edited: '已保存修改（新的一稿）。',
  submit: '已报送部门领导审核。',
  review: '审核意见已提交。',
  adopt: '采用意见已提交。',
  'sign-off': '已签发。',
  'external-adoptions': '已登记上级采用情况。',
  'self-published': '已登记自行发表。',
  recommend: '已推荐报送上级单位。',
};

/** The pages of work information: my items, the editor, the item and its actions, the queues, the periodicals. */
export const workInfoPages = {
  'GET /items': page(async (ctx) => {
    const { caller, deps } = ctx;
    const mine = (await items.listItems(deps, caller, 'mine')).items;
    const target = (await mayReadTarget(deps, caller, caller.orgId))
      ? targetBox(await getTarget(deps, caller, caller.orgId))
      : html``;
    return show(ctx, '我的工作信息', html`${target}${myItemsPage(mine as never)}`);
  }),
  'GET /items/targets': page((ctx) => targets(ctx)),
  'POST /items/targets': page(async (ctx) => {
    const { caller, deps, form } = ctx;
    const values = { orgId: form.orgId ?? '', items: form.items ?? '', note: form.note ?? '' };
    try {
      const items = values.items.trim() === '' ? undefined : Number(values.items);
      const input = parseOrThrow(putTargetSchema, { month: form.month, items, note: values.note || undefined });
      await setTarget(deps, caller, values.orgId, input);
    } catch (err) {
      if (err instanceof ValidationError) return targets(ctx, err.details, values, 400);
      throw err;
    }
    return { redirect: '/items/targets', flash: '已下达报送任务。' };
  }),
  'POST /periodicals/distribution': page(async (ctx) => {
    const { caller, deps, form } = ctx;
    const text = form.outside ?? '';
    try {
      const input = parseOrThrow(putDistributionSchema, { outside: parseDistributionLines(text) });
      await putDistribution(deps, caller, caller.orgId, input);
    } catch (err) {
      if (err instanceof ValidationError) {
        const lines = err.details.map((d) => {
          const m = /^outside\.(\d+)/.exec(d.field);
          return { field: 'outside', message: m ? `第 ${Number(m[1]) + 1} 行：${d.message}` : d.message };
        });
        return periodicals(ctx, [], undefined, 400, { errors: lines, text });
      }
      throw err;
    }
    return { redirect: '/periodicals', flash: '已保存发送范围。' };
  }),
  'GET /items/new': page((ctx) => editor(ctx, undefined, { commissionId: ctx.query.commission ?? '' }, [])),
  'GET /commissions': page((ctx) => commissions(ctx)),
  'POST /commissions': page(async (ctx) => {
    const { caller, deps } = ctx;
    const form = ctx.form as Record<string, string | string[] | undefined>;
    const org = await deps.orgs.getOrg(caller.orgId);
    const departmentIds = ([] as string[]).concat(form.departmentId ?? []);
    const values = {
      topic: String(form.topic ?? ''),
      details: String(form.details ?? ''),
      dueAt: String(form.dueAt ?? ''),
      departmentIds,
    };
    try {
      const dueAt = values.dueAt ? localInputToIso(values.dueAt, zoneOf(org)) : undefined;
      const input = parseOrThrow(createCommissionSchema, {
        topic: values.topic,
        details: values.details || undefined,
        dueAt,
        departmentIds,
      });
      const c = await createCommission(deps, caller, caller.orgId, input);
      return { redirect: `/commissions/${c.commissionId}`, flash: '已发出约稿，并通知各部门。' };
    } catch (err) {
      if (err instanceof ValidationError) return commissions(ctx, err.details, values, 400);
      throw err;
    }
  }),
  'GET /commissions/{commissionId}': page(async (ctx) => {
    const { caller, deps } = ctx;
    const c = await getCommission(deps, caller, ctx.params.commissionId ?? '');
    const org = await deps.orgs.getOrg(caller.orgId);
    const canAnswer =
      caller.roles.includes('reporter') && c.departments.some((d) => d.departmentId === caller.departmentId);
    return show(ctx, `约稿：${c.topic}`, commissionPage(c, canAnswer, zoneOf(org)));
  }),
  'POST /items/new': page((ctx) => saveNew(ctx)),
  'GET /items/review': page(async (ctx) => {
    const { caller, deps } = ctx;
    const review = (await items.listItems(deps, caller, 'review')).items as Item[];
    const toReview = itemQueuePage('待我审核的信息', 'review-queue', review);
    const leader = caller.roles.includes('principalLeader') || caller.roles.includes('supervisingLeader');
    if (!leader) return show(ctx, '待我审核', toReview);
    const adopted = (await items.listItems(deps, caller, 'adopted')).items as Item[];
    const toSign = itemQueuePage(
      '待签发的重要信息',
      'sign-off-queue',
      adopted.filter((i) => !!nextState(i, 'signOff')),
    );
    return show(ctx, '待我审核', html`${toReview}${toSign}`);
  }),
  'GET /items/office': page(async (ctx) => {
    const queue = (await items.listItems(ctx.deps, ctx.caller, 'office')).items as Item[];
    return show(ctx, '待采用', itemQueuePage('待采用的信息（已经部门审核）', 'office-queue', queue));
  }),
  'GET /items/{itemId}': page((ctx) => showItem(ctx, FLASH[ctx.query.done ?? ''])),
  'GET /items/{itemId}/edit': page(async (ctx) => {
    const v = await items.getItem(ctx.deps, ctx.caller, ctx.params.itemId ?? '');
    return editor(ctx, v, { kind: v.kind, title: v.title, body: v.body }, []);
  }),
  'POST /items/{itemId}/edit': page((ctx) => saveEdit(ctx)),
  /** Submit, review, adopt, sign off or record an external adoption: the action is the last segment. */
  'POST /items/{itemId}/{action}': page((ctx) => act(ctx)),
  /** The draft with every revision (留存底稿), as a file. */
  'GET /items/{itemId}/draft': page(async (ctx) => {
    const v = await items.getItem(ctx.deps, ctx.caller, ctx.params.itemId ?? '');
    const disposition = `attachment; filename="draft-${v.itemId}.html"`;
    return { html: draftDocument(v), headers: { 'content-disposition': disposition } };
  }),
  'GET /periodicals': page((ctx) => periodicals(ctx, [], undefined)),
  'POST /periodicals': page((ctx) => publish(ctx)),
  'GET /periodicals/{periodicalId}': page(async ({ caller, deps, params }) => {
    const p = await getPeriodical(deps, caller, caller.orgId, params.periodicalId ?? '');
    return { html: layout(`${p.title} ${p.year}年第${p.issueNo}期`, periodicalPage(p), caller) };
  }),
} satisfies Partial<Routes>;

async function navFor(deps: Deps, caller: Caller) {
  const org = await deps.orgs.getOrg(caller.orgId);
  const office = { kind: 'periodicals' as const, orgId: caller.orgId, officeDepartmentId: org?.officeDepartmentId };
  const roles = caller.roles;
  return itemsNav({
    review: ['departmentHead', 'supervisingLeader', 'principalLeader'].some((r) => roles.includes(r)),
    office: roles.includes('reviewer'),
    periodicals: can(caller, 'periodical.read', office),
    targets: isOfficeOf(caller, office),
  });
}

async function show(ctx: Ctx, title: string, body: ReturnType<typeof html>, status = 200): Promise<PageResult> {
  return { status, html: layout(title, html`${await navFor(ctx.deps, ctx.caller)}${body}`, ctx.caller) };
}

async function editor(
  ctx: Ctx,
  item: Item | undefined,
  values: Record<string, string>,
  errors: FieldErrors,
  status = 200,
) {
  const { caller, deps } = ctx;
  const dept = item
    ? { name: item.departmentName }
    : caller.departmentId
      ? await deps.orgs.getDepartment(caller.orgId, caller.departmentId)
      : undefined;
  const commissionId = item ? undefined : values.commissionId || undefined;
  const commission = commissionId ? await getCommission(deps, caller, commissionId).catch(() => undefined) : undefined;
  const body = itemEditor({
    action: item ? `/items/${item.itemId}/edit` : '/items/new',
    values: {
      ...values,
      commissionId: commission?.commissionId,
      idempotencyKey: item ? undefined : values.idempotencyKey || randomUUID(),
    },
    errors,
    departmentName: dept?.name ?? '（未分配部门）',
    heading: item ? `修改：${item.title}` : commission ? `撰写约稿信息：${commission.topic}` : '撰写工作信息',
    commissionTopic: commission?.topic,
  });
  return show(ctx, item ? '修改信息' : '撰写信息', body, status);
}

async function saveNew(ctx: Ctx) {
  const { caller, deps, form } = ctx;
  const values = {
    kind: form.kind ?? '',
    title: form.title ?? '',
    body: form.body ?? '',
    idempotencyKey: form.idempotencyKey ?? '',
    commissionId: form.commissionId ?? '',
  };
  try {
    const { kind, title, body } = values;
    const input = parseOrThrow(createItemSchema, {
      kind,
      title,
      body,
      departmentId: caller.departmentId ?? '',
      ...(values.commissionId ? { commissionId: values.commissionId } : {}),
    });
    const r = await items.createItem(deps, caller, input, { idempotencyKey: formKeyOf(form.idempotencyKey) });
    return { redirect: `/items/${r.body.itemId}?done=created` };
  } catch (err) {
    if (err instanceof ValidationError) return editor(ctx, undefined, values, err.details, 400);
    throw err;
  }
}

async function saveEdit(ctx: Ctx) {
  const { caller, deps, form } = ctx;
  const values = { kind: form.kind ?? '', title: form.title ?? '', body: form.body ?? '' };
  try {
    const v = await items.updateItem(deps, caller, ctx.params.itemId ?? '', parseOrThrow(updateItemSchema, values));
    return { redirect: `/items/${v.itemId}?done=edited` };
  } catch (err) {
    if (err instanceof ValidationError) {
      const v = await items.getItem(deps, caller, ctx.params.itemId ?? '');
      return editor(ctx, v, values, err.details, 400);
    }
    throw err;
  }
}

async function act(ctx: Ctx) {
  const { deps, form, caller } = ctx;
  const id = ctx.params.itemId ?? '';
  const action = ctx.params.action ?? '';
  const comment = form.comment || undefined;
  try {
    switch (action) {
      case 'edit':
        return saveEdit(ctx);
      case 'submit':
        await items.submitItem(deps, caller, id);
        break;
      case 'review':
        await items.reviewItem(deps, caller, id, parseOrThrow(reviewItemSchema, { decision: form.decision, comment }));
        break;
      case 'adopt': {
        const input = { decision: form.decision, comment, important: form.important === 'true' };
        await items.adoptItem(deps, caller, id, parseOrThrow(adoptItemSchema, input));
        break;
      }
      case 'sign-off':
        await items.signOffItem(deps, caller, id, parseOrThrow(signOffItemSchema, { comment }));
        break;
      case 'external-adoptions': {
        const input = { level: form.level, outlet: form.outlet, adoptedOn: form.adoptedOn };
        await items.recordExternalAdoption(deps, caller, id, parseOrThrow(externalAdoptionSchema, input));
        break;
      }
      case 'self-published': {
        const input = { outlet: form.outlet, publishedOn: form.publishedOn, url: form.url || undefined };
        await items.selfPublishItem(deps, caller, id, parseOrThrow(selfPublishSchema, input));
        break;
      }
      case 'recommend':
        await items.recommendItem(deps, caller, id, parseOrThrow(recommendItemSchema, { note: comment }));
        break;
      default:
        throw new NotFoundError('页面');
    }
  } catch (err) {
    if (err instanceof AppError && err.status !== 404 && err.status !== 403) return showItem(ctx, undefined, err);
    throw err;
  }
  return { redirect: `/items/${id}`, flash: FLASH[action] ?? '已提交。' };
}

async function showItem(ctx: Ctx, flash: string | undefined, error?: AppError) {
  const { caller, deps } = ctx;
  const v = await items.getItem(deps, caller, ctx.params.itemId ?? '');
  const org = await deps.orgs.getOrg(v.orgId);
  const viewerOrg = v.orgId === caller.orgId ? org : await deps.orgs.getOrg(caller.orgId);
  const res = items.itemResource(v, { officeDepartmentId: org?.officeDepartmentId }, viewerOrg);
  type Action = Parameters<typeof can>[1];
  const may = (a: Action, s: Parameters<typeof nextState>[1]) => can(caller, a, res) && !!nextState(v, s);
  const actions = {
    edit: may('item.edit', 'edit'),
    submit: may('item.submit', 'submit'),
    review: may('item.review', 'approve'),
    adopt: may('item.adopt', 'adopt'),
    signOff: may('item.signOff', 'signOff'),
    recordExternal: may('item.recordExternal', 'recordExternal'),
    selfPublish: may('item.selfPublish', 'selfPublish'),
    recommend: may('item.recommend', 'recommend') && !v.recommendation && !!org?.parentOrgId,
    adoptRecommended: can(caller, 'item.adoptRecommended', res) && v.recommendation?.state === 'pending',
  };
  // A refused action: the same page, the errors next to the fields of its form, what was typed kept.
  const refused = error
    ? {
        action: ctx.params.action ?? '',
        values: Object.fromEntries(Object.entries(ctx.form ?? {}).map(([k, x]) => [k, String(x)])),
        errors: error.details,
        message: error.message,
      }
    : undefined;
  const files = await attachmentSectionFor(deps.attachments, { kind: 'item', itemId: v.itemId });
  const body = html`${itemPage(v, actions, flash, viewerOrg?.timezone, refused)}${files}`;
  return show(ctx, v.title, body, error?.status ?? 200);
}

async function commissions(
  ctx: Ctx,
  errors: FieldErrors = [],
  values: { topic?: string; details?: string; dueAt?: string; departmentIds?: string[] } = {},
  status = 200,
) {
  const { caller, deps } = ctx;
  const org = await deps.orgs.getOrg(caller.orgId);
  const office = isOfficeOf(caller, { orgId: caller.orgId, officeDepartmentId: org?.officeDepartmentId });
  const departments = office ? (await deps.orgs.listDepartments(caller.orgId)).filter((d) => !d.isOffice) : undefined;
  const list = await listCommissions(deps, caller, caller.orgId);
  const body = commissionsPage({ list, departments, errors, values, timezone: zoneOf(org) });
  return show(ctx, '约稿', body, status);
}

async function targets(
  ctx: Ctx,
  errors: FieldErrors = [],
  values: { orgId?: string; items?: string; note?: string } = {},
  status = 200,
) {
  const { caller, deps } = ctx;
  const org = await deps.orgs.getOrg(caller.orgId);
  const lower = await lowerOrgTargets(deps, caller);
  const month = monthOf(deps.clock(), zoneOf(org));
  return show(ctx, '下级报送任务', targetsPage(lower, month, errors, values), status);
}

async function periodicals(
  ctx: Ctx,
  errors: FieldErrors,
  errorMessage: string | undefined,
  status = 200,
  dist?: { errors: FieldErrors; text: string },
  values?: Record<string, string>,
) {
  const { caller, deps } = ctx;
  const org = await deps.orgs.getOrg(caller.orgId);
  const scope = { kind: 'periodicals' as const, orgId: caller.orgId, officeDepartmentId: org?.officeDepartmentId };
  const canPublish = can(caller, 'periodical.publish', scope);
  const issues = (await listPeriodicals(deps, caller, caller.orgId)).items;
  const adopted = canPublish ? ((await items.listItems(deps, caller, 'adopted')).items as Item[]) : [];
  const publishable = adopted.filter((i) => !!nextState(i, 'publish'));
  const idempotencyKey = randomUUID();
  const timezone = org?.timezone;
  const distribution = canPublish
    ? distributionForm((await getDistribution(deps, caller, caller.orgId)).outside, dist?.errors, dist?.text)
    : undefined;
  const body = periodicalsPage({
    publishable,
    issues,
    canPublish,
    errors,
    errorMessage,
    timezone,
    idempotencyKey,
    distribution,
    values,
  });
  return show(ctx, '交流刊物', body, status);
}

async function publish(ctx: Ctx) {
  const { caller, deps } = ctx;
  const form = ctx.form as Record<string, string | string[] | undefined>;
  const chosen = ([] as string[]).concat(form.itemId ?? []);
  const order = (id: string) => Number(form[`order_${id}`]) || 999;
  const itemIds = [...chosen].sort((a, b) => order(a) - order(b));
  try {
    const input = parseOrThrow(publishPeriodicalSchema, { title: form.title || undefined, itemIds });
    const key = formKeyOf(form.idempotencyKey as string | undefined);
    const r = await publishPeriodical(deps, caller, caller.orgId, input, { idempotencyKey: key });
    return { redirect: `/periodicals/${r.body.periodicalId}` };
  } catch (err) {
    const correctable = err instanceof AppError && err.status !== 404 && err.status !== 403;
    if (correctable) {
      const typed = Object.fromEntries(
        Object.entries(form).flatMap(([k, x]) =>
          k.startsWith('order_') || k === 'title' ? [[k, String(x ?? '')]] : [],
        ),
      );
      const values = { ...typed, itemId: chosen.join(',') };
      return periodicals(ctx, err.details, err.message, err.status, undefined, values);
    }
    throw err;
  }
}
