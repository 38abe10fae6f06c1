import * as z from 'zod';
import type { WORK_INFO_ROUTES } from '#shared/app/routes.ts';
import type { RouteHandlers } from '../handlers.ts';
import * as items from '#shared/work-info/item-flow.ts';
import { ITEM_LIST_VIEWS } from '#shared/work-info/item-flow.ts';
import { getPeriodical, listPeriodicals, publishPeriodical } from '#shared/work-info/periodical.ts';
import { getDistribution, getTarget, putDistribution, setTarget } from '#shared/work-info/targets.ts';
import { createCommission, getCommission, listCommissions } from '#shared/work-info/commissions.ts';
import { parseOrThrow } from '#shared/platform/kernel/validation.ts';
import { decodeCursor, encodeCursor } from '#shared/platform/http/cursor.ts';
import { createdResult, idempotencyKeyOf } from '#shared/platform/http/idempotency-key.ts';
import { api } from '#shared/platform/http/router.ts';

type Routes = RouteHandlers<typeof WORK_INFO_ROUTES>;

const limit = z.coerce.number({ error: 'limit 必须是数字' }).int().min(1).max(100).default(50);
const cursor = z.string().max(2000).optional();
const itemsQuery = z.object({
  view: z.enum(ITEM_LIST_VIEWS, { error: 'view 必须是 mine、review、office 或 adopted' }).default('mine'),
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: 'month 必须是 YYYY-MM' })
    .optional(),
  limit,
  cursor,
});
const periodicalsQuery = z.object({ limit, cursor });
const targetQuery = z.object({
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: 'month 必须是 YYYY-MM' })
    .optional(),
});

/** Work information (POLICY §4): items, their review and adoption, periodical issues. */
export const workInfoApi = {
  /** An information officer writes a draft (API.md "Work information"); `Idempotency-Key` makes a retry safe. */
  'POST /api/items': api(async ({ body, caller, deps, header }) =>
    createdResult(await items.createItem(deps, caller, body, { idempotencyKey: idempotencyKeyOf(header) })),
  ),
  /** `view=mine|review|office|adopted`, `month=YYYY-MM`, `limit`, `cursor`. */
  'GET /api/items': api(async ({ caller, deps, query }) => {
    const q = parseOrThrow(itemsQuery, query);
    const paging = { month: q.month, limit: q.limit, cursor: decodeCursor(q.cursor) };
    const page = await items.listItems(deps, caller, q.view, paging);
    return { body: { items: page.items, nextCursor: encodeCursor(page.next) } };
  }),
  /** With its revisions and history. */
  'GET /api/items/{itemId}': api(async ({ caller, deps, params }) => ({
    body: await items.getItem(deps, caller, params.itemId ?? ''),
  })),
  /** Edits a draft or a returned item; every edit is kept as a revision. */
  'PATCH /api/items/{itemId}': api(async ({ body, caller, deps, params }) => ({
    body: await items.updateItem(deps, caller, params.itemId ?? '', body),
  })),
  /** To the department's reviewing leader, who is mailed. */
  'POST /api/items/{itemId}/submit': api(async ({ caller, deps, params }) => ({
    body: await items.submitItem(deps, caller, params.itemId ?? ''),
  })),
  /** The reviewing leader approves (to the office) or returns with a comment. */
  'POST /api/items/{itemId}/review': api(async ({ body, caller, deps, params }) => ({
    body: await items.reviewItem(deps, caller, params.itemId ?? '', body),
  })),
  /** The review group adopts (optionally as important, for sign-off) or rejects. */
  'POST /api/items/{itemId}/adopt': api(async ({ body, caller, deps, params }) => ({
    body: await items.adoptItem(deps, caller, params.itemId ?? '', body),
  })),
  /** A bureau leader signs off an important adopted item (签发). */
  'POST /api/items/{itemId}/sign-off': api(async ({ body, caller, deps, params }) => ({
    body: await items.signOffItem(deps, caller, params.itemId ?? '', body),
  })),
  /** The office records an adoption by an upper-level body or outlet. */
  'POST /api/items/{itemId}/external-adoptions': api(async ({ body, caller, deps, params }) => ({
    status: 201,
    body: await items.recordExternalAdoption(deps, caller, params.itemId ?? '', body),
  })),
  /** 自行发表: the author, after review, records where and when he published the item himself. */
  'POST /api/items/{itemId}/self-published': api(async ({ body, caller, deps, params }) => ({
    body: await items.selfPublishItem(deps, caller, params.itemId ?? '', body),
  })),
  /** 推荐报送: the office puts an adopted item into the parent organisation's adoption queue. */
  'POST /api/items/{itemId}/recommend': api(async ({ body, caller, deps, params }) => ({
    status: 201,
    body: await items.recommendItem(deps, caller, params.itemId ?? '', body),
  })),
  /** 约稿: the office asks chosen departments for items on a topic by a deadline; they are mailed. */
  'POST /api/orgs/{orgId}/commissions': api(async ({ body, caller, deps, params }) => ({
    status: 201,
    body: await createCommission(deps, caller, params.orgId ?? '', body),
  })),
  'GET /api/orgs/{orgId}/commissions': api(async ({ caller, deps, params }) => ({
    body: { items: await listCommissions(deps, caller, params.orgId ?? '') },
  })),
  'GET /api/commissions/{commissionId}': api(async ({ caller, deps, params }) => ({
    body: await getCommission(deps, caller, params.commissionId ?? ''),
  })),
  /** 报送任务: the parent's office sets the organisation's monthly target from `month` on. */
  'PUT /api/orgs/{orgId}/item-target': api(async ({ body, caller, deps, params }) => ({
    body: await setTarget(deps, caller, params.orgId ?? '', body),
  })),
  'GET /api/orgs/{orgId}/item-target': api(async ({ caller, deps, params, query }) => ({
    body: await getTarget(deps, caller, params.orgId ?? '', parseOrThrow(targetQuery, query).month),
  })),
  /** The periodical's outside recipients (市直相关单位): replaced whole by the office. */
  'PUT /api/orgs/{orgId}/periodical-distribution': api(async ({ body, caller, deps, params }) => ({
    body: await putDistribution(deps, caller, params.orgId ?? '', body),
  })),
  'GET /api/orgs/{orgId}/periodical-distribution': api(async ({ caller, deps, params }) => ({
    body: await getDistribution(deps, caller, params.orgId ?? ''),
  })),
  /** The office publishes the next issue (第N期), mailed to the distribution list; `Idempotency-Key` supported. */
  'POST /api/orgs/{orgId}/periodicals': api(async ({ body, caller, deps, params, header }) => {
    const key = idempotencyKeyOf(header);
    return createdResult(await publishPeriodical(deps, caller, params.orgId ?? '', body, { idempotencyKey: key }));
  }),
  /** The archive, newest first (`limit`, `cursor`). */
  'GET /api/orgs/{orgId}/periodicals': api(async ({ caller, deps, params, query }) => {
    const q = parseOrThrow(periodicalsQuery, query);
    const paging = { limit: q.limit, cursor: decodeCursor(q.cursor) };
    const page = await listPeriodicals(deps, caller, params.orgId ?? '', paging);
    return { body: { items: page.items, nextCursor: encodeCursor(page.next) } };
  }),
  'GET /api/orgs/{orgId}/periodicals/{periodicalId}': api(async ({ caller, deps, params }) => ({
    body: await getPeriodical(deps, caller, params.orgId ?? '', params.periodicalId ?? ''),
  })),
} satisfies Partial<Routes>;
