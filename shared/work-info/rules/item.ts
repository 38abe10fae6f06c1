import * as z from 'zod';
import { RuleViolationError } from '../../platform/kernel/errors.ts';
import type { Caller } from '../../platform/auth/caller.ts';
import { actingFor, hasLeaderRole, isOfficeOf, type Department, type Person } from '../../org/index.ts';
import { valuesOf } from '../../platform/kernel/labelled.ts';

/**
 * Work information (工作信息, POLICY.md §4): the kinds, the states an item passes through, the pure state machine
 * and the one permission function of the stream. No AWS imports; time comes in from the caller.
 */

export const ITEM_KIND_LABELS = {
  work: '工作信息',
  research: '调研报告',
  suggestion: '管理工作建议及措施',
  other: '其他信息',
  /** Pictures and video material count as items (篇三 §二), with their own points in the configuration. */
  photo: '图片影像资料',
};
export const ITEM_KINDS = valuesOf(ITEM_KIND_LABELS);
export type ItemKind = (typeof ITEM_KINDS)[number];

/**
 * draft → submitted → approved (with the office) | returned → (edit) → submitted …
 * approved → adopted | rejected; adopted (important) → signedOff; adopted (not important) | signedOff → published.
 * approved | rejected → selfPublished: after review the author may publish the item himself (自行发表, 篇三 §三)
 * instead of leaving it to the office; it then leaves the office's queue.
 */
export const ITEM_STATE_LABELS = {
  draft: '草稿',
  submitted: '待部门审核',
  returned: '已退回修改',
  approved: '已审核，待采用',
  rejected: '未采用',
  adopted: '已采用',
  signedOff: '已签发',
  published: '已刊发',
  selfPublished: '已自行发表',
};
export const ITEM_STATES = valuesOf(ITEM_STATE_LABELS);
export type ItemState = (typeof ITEM_STATES)[number];

export const EXTERNAL_LEVEL_LABELS = {
  municipal: '市级',
  provincial: '省级',
  central: '中央级',
};
export const EXTERNAL_LEVELS = valuesOf(EXTERNAL_LEVEL_LABELS);
export type ExternalLevel = (typeof EXTERNAL_LEVELS)[number];

export type ExternalAdoption = {
  level: ExternalLevel;
  outlet: string;
  adoptedOn: string;
  recordedAt: string;
  recordedBy: string;
};

/** The author's own publication after review (自行发表): where and when. */
export type SelfPublication = { outlet: string; publishedOn: string; url?: string; recordedAt: string };

/**
 * An adopted item the office recommended to the parent organisation (推荐报送, 篇四 §八): it waits in the parent's
 * adoption queue; adopted there, it counts as an external adoption at the parent's level for the author.
 */
export type Recommendation = {
  toOrgId: string;
  toOrgName: string;
  /** The recommending organisation's name, as the parent's queue shows it. */
  byOrgName?: string;
  note?: string;
  at: string;
  by: string;
  byName: string;
  state: 'pending' | 'adopted' | 'rejected';
  decidedAt?: string;
  decidedByName?: string;
  comment?: string;
};

export type Item = {
  itemId: string;
  orgId: string;
  departmentId: string;
  departmentName: string;
  authorId: string;
  authorName: string;
  kind: ItemKind;
  title: string;
  body: string;
  state: ItemState;
  /** Content revision: 1 at creation, +1 on every edit; each revision is kept as its own record. */
  revision: number;
  /** Optimistic lock: +1 on every write. */
  version: number;
  createdAt: string;
  updatedAt: string;
  /** The reviewing leader of the current submission, fixed when it is submitted. */
  reviewingLeaderId?: string;
  reviewingLeaderName?: string;
  /** 代理: the reviewing leader of this submission reviews in place of this person, away when it was submitted. */
  reviewingStandInFor?: { personId: string; name: string };
  submittedAt?: string;
  firstSubmittedAt?: string;
  submissions: number;
  approvedAt?: string;
  approvedBy?: string;
  returnedAt?: string;
  returnComment?: string;
  adoptedAt?: string;
  adoptedBy?: string;
  rejectedAt?: string;
  decisionComment?: string;
  /** Marked by the review group when adopting: such an item is signed off by a leader before it is published. */
  important?: boolean;
  /** 代理: the principal leader was away when it was adopted; his stand-in is asked to sign it off in his place. */
  signOffStandIn?: { personId: string; name: string; standInFor: { personId: string; name: string } };
  signedOffAt?: string;
  signedOffBy?: string;
  /** 代理: signed off by the stand-in of this person (代 X). */
  signedOffStandInFor?: { personId: string; name: string };
  publishedAt?: string;
  periodicalId?: string;
  issueNo?: number;
  issueYear?: number;
  externalAdoptions: ExternalAdoption[];
  selfPublication?: SelfPublication;
  recommendation?: Recommendation;
  /** The commission (约稿) this item answers, if any. */
  commissionId?: string;
};

export type ItemRevision = {
  itemId: string;
  revision: number;
  kind: ItemKind;
  title: string;
  body: string;
  savedAt: string;
  savedBy: string;
};

export type ItemAction =
  | 'edit'
  | 'submit'
  | 'approve'
  | 'return'
  | 'adopt'
  | 'reject'
  | 'signOff'
  | 'publish'
  | 'recordExternal'
  | 'selfPublish'
  | 'recommend';
export const ITEM_ACTIONS: readonly ItemAction[] = [
  'edit',
  'submit',
  'approve',
  'return',
  'adopt',
  'reject',
  'signOff',
  'publish',
  'recordExternal',
  'selfPublish',
  'recommend',
];

/** Which actions each state allows, and where they lead (`same` = the state does not change). */
const TRANSITIONS: Record<
  ItemState,
  Partial<Record<ItemAction, ItemState | 'same' | ((i: Pick<Item, 'important'>) => ItemState | undefined)>>
> = {
  draft: { edit: 'same', submit: 'submitted' },
  returned: { edit: 'same', submit: 'submitted' },
  submitted: { approve: 'approved', return: 'returned' },
  approved: { adopt: 'adopted', reject: 'rejected', selfPublish: 'selfPublished' },
  rejected: { selfPublish: 'selfPublished' },
  adopted: {
    signOff: (i) => (i.important ? 'signedOff' : undefined),
    publish: (i) => (i.important ? undefined : 'published'),
    recordExternal: 'same',
    recommend: 'same',
  },
  signedOff: { publish: 'published', recordExternal: 'same', recommend: 'same' },
  published: { recordExternal: 'same', recommend: 'same' },
  selfPublished: {},
};

/** Stable codes of refused transitions: a program can tell why; the messages say it in Chinese. */
const REFUSALS: Record<ItemAction, { code: string; message: (state: ItemState) => string }> = {
  edit: {
    code: 'ITEM_NOT_EDITABLE',
    message: (s) => `只有草稿或退回修改的信息可以修改（当前：${ITEM_STATE_LABELS[s]}）。`,
  },
  submit: {
    code: 'ITEM_NOT_SUBMITTABLE',
    message: (s) => `只有草稿或退回修改的信息可以报送审核（当前：${ITEM_STATE_LABELS[s]}）。`,
  },
  approve: {
    code: 'ITEM_NOT_UNDER_REVIEW',
    message: (s) => `这条信息不在待审核状态（当前：${ITEM_STATE_LABELS[s]}）。`,
  },
  return: {
    code: 'ITEM_NOT_UNDER_REVIEW',
    message: (s) => `这条信息不在待审核状态（当前：${ITEM_STATE_LABELS[s]}）。`,
  },
  adopt: {
    code: 'ITEM_NOT_REVIEWED',
    message: (s) => `未经部门领导审核通过的信息不予采用（当前：${ITEM_STATE_LABELS[s]}）。`,
  },
  reject: { code: 'ITEM_NOT_REVIEWED', message: (s) => `这条信息不在待采用状态（当前：${ITEM_STATE_LABELS[s]}）。` },
  signOff: {
    code: 'ITEM_NOT_AWAITING_SIGN_OFF',
    message: (s) => `只有已采用的重要信息需要领导签发（当前：${ITEM_STATE_LABELS[s]}）。`,
  },
  publish: {
    code: 'ITEM_NOT_PUBLISHABLE',
    message: (s) => `只有已采用（重要信息须经签发）且尚未刊发的信息可以编入刊物（当前：${ITEM_STATE_LABELS[s]}）。`,
  },
  recordExternal: {
    code: 'ITEM_NOT_ADOPTED',
    message: (s) => `只有已采用的信息可以登记上级采用情况（当前：${ITEM_STATE_LABELS[s]}）。`,
  },
  selfPublish: {
    code: 'ITEM_NOT_SELF_PUBLISHABLE',
    message: (s) => `只有经部门领导审核通过、未被办公室采用的信息可以自行发表（当前：${ITEM_STATE_LABELS[s]}）。`,
  },
  recommend: {
    code: 'ITEM_NOT_ADOPTED',
    message: (s) => `只有已采用的信息可以推荐报送上级（当前：${ITEM_STATE_LABELS[s]}）。`,
  },
};

/** The state an action leads to, or undefined when the state machine forbids it. Pure. */
export function nextState(item: Pick<Item, 'state' | 'important'>, action: ItemAction): ItemState | undefined {
  const t = TRANSITIONS[item.state][action];
  if (t === undefined) return undefined;
  if (t === 'same') return item.state;
  return typeof t === 'function' ? t(item) : t;
}

/** Like `nextState`, but a forbidden transition is a 422 with a stable code and a Chinese reason. */
export function transition(item: Pick<Item, 'state' | 'important'>, action: ItemAction): ItemState {
  const next = nextState(item, action);
  if (!next) {
    const r = REFUSALS[action];
    throw new RuleViolationError(r.code, r.message(item.state));
  }
  return next;
}

/** What a permission check needs to know about the organisation. */
export type ItemOrgContext = {
  orgId: string;
  officeDepartmentId?: string;
  /** The parent organisation an item was recommended to, when the caller belongs to it (推荐报送). */
  recommendedTo?: { orgId: string; officeDepartmentId?: string };
};
export type ItemDecision = 'allow' | 'forbid' | 'hide';
/** Actions on an existing item, as the authorization table names them (`item.<action>`). */
export type ItemPermission =
  | 'read'
  | 'edit'
  | 'submit'
  | 'review'
  | 'adopt'
  | 'signOff'
  | 'recordExternal'
  | 'selfPublish'
  | 'recommend'
  | 'adoptRecommended';

const isReviewGroup = (caller: Caller) => caller.roles.includes('reviewer');
const reachedOffice = (s: ItemState) =>
  s === 'approved' ||
  s === 'rejected' ||
  s === 'adopted' ||
  s === 'signedOff' ||
  s === 'published' ||
  s === 'selfPublished';

/**
 * In the parent organisation an item recommended to it (推荐报送) is seen by its office, its review group and its
 * leaders, like an item of its own that reached the office.
 */
function seenAsRecommended(caller: Caller, item: Pick<Item, 'recommendation'>, org: ItemOrgContext): boolean {
  const to = org.recommendedTo;
  if (!item.recommendation || !to || item.recommendation.toOrgId !== to.orgId || caller.orgId !== to.orgId)
    return false;
  return isOfficeOf(caller, to) || isReviewGroup(caller) || hasLeaderRole(caller);
}

/**
 * Who sees an item: a draft never submitted only its author; then also the reviewing leader of its submission and the
 * head of its department, and — once it reached the office — the office, the review group and the bureau leaders.
 * Nobody else learns it exists (404).
 */
export function maySeeItem(
  caller: Caller,
  item: Pick<Item, 'orgId' | 'authorId' | 'reviewingLeaderId' | 'departmentId' | 'state' | 'recommendation'> &
    Partial<Pick<Item, 'signOffStandIn'>>,
  org: ItemOrgContext,
): boolean {
  if (item.orgId !== caller.orgId) return seenAsRecommended(caller, item, org);
  if (item.authorId === caller.personId) return true;
  if (item.state === 'draft') return false;
  return (
    item.reviewingLeaderId === caller.personId ||
    (item.state === 'adopted' && item.signOffStandIn?.personId === caller.personId) ||
    (caller.roles.includes('departmentHead') && caller.departmentId === item.departmentId) ||
    (reachedOffice(item.state) && (isOfficeOf(caller, org) || isReviewGroup(caller) || hasLeaderRole(caller)))
  );
}

/**
 * The rules of work information for the authorization table (`./access.ts`): `hide` when the caller
 * may not see the item, `forbid` when they see it but the action is not theirs, else `allow`. Whether the item's
 * state allows the action is `transition`'s business, not this function's.
 */
export function itemDecision(caller: Caller, action: ItemPermission, item: Item, org: ItemOrgContext): ItemDecision {
  if (!maySeeItem(caller, item, org)) return 'hide';
  // The parent organisation only reads a recommended item and decides on its adoption.
  if (item.orgId !== caller.orgId)
    return action === 'read' || (action === 'adoptRecommended' && isReviewGroup(caller)) ? 'allow' : 'forbid';
  const allowed: Record<ItemPermission, () => boolean> = {
    read: () => true,
    edit: () => item.authorId === caller.personId,
    submit: () => item.authorId === caller.personId,
    review: () => item.reviewingLeaderId === caller.personId,
    adopt: () => isReviewGroup(caller),
    // 代理: the principal leader's stand-in, named on the item when it was adopted while he was away, signs in his place.
    signOff: () => hasLeaderRole(caller) || item.signOffStandIn?.personId === caller.personId,
    recordExternal: () => isOfficeOf(caller, org) || isReviewGroup(caller),
    selfPublish: () => item.authorId === caller.personId,
    recommend: () => isOfficeOf(caller, org),
    adoptRecommended: () => false,
  };
  return allowed[action]() ? 'allow' : 'forbid';
}

/** Writing an item for a department: an information officer of that department. */
export function mayCreateItem(caller: Caller, orgId: string, departmentId: string): ItemDecision {
  if (caller.orgId !== orgId) return 'hide';
  return caller.roles.includes('reporter') && caller.departmentId === departmentId ? 'allow' : 'forbid';
}

/**
 * The periodical is compiled and published by the office (office head or office department); the office and the review
 * group work the adoption queue (`queue`); they, the leaders and the department heads read issues and adopted items.
 */
export function mayOnPeriodicals(
  caller: Caller,
  action: 'publish' | 'read' | 'queue',
  org: ItemOrgContext,
): ItemDecision {
  if (caller.orgId !== org.orgId) return 'hide';
  if (action === 'publish') return isOfficeOf(caller, org) ? 'allow' : 'forbid';
  if (action === 'queue') return isOfficeOf(caller, org) || isReviewGroup(caller) ? 'allow' : 'forbid';
  return isOfficeOf(caller, org) ||
    isReviewGroup(caller) ||
    hasLeaderRole(caller) ||
    caller.roles.includes('departmentHead')
    ? 'allow'
    : 'forbid';
}

/**
 * Who reviews a submission (审核把关): the department's named reviewing leader, else its head; when that person is away
 * and named an available stand-in (代理, org rule `actingFor`), the stand-in in his place (`standInFor`, 代 X); when he
 * is the author, is away without a stand-in, or is missing, the department's supervising leader (or his stand-in)
 * instead. A stand-in who is the author does not review his own item. `note` says why, for the history. `people` holds
 * the department's leaders and their stand-ins.
 */
export function chooseReviewingLeader(
  department: Pick<Department, 'reviewingLeaderId' | 'headId' | 'supervisingLeaderId'>,
  people: Map<string, Person>,
  authorId: string,
  now: Date,
): { leader?: Person; standInFor?: { personId: string; name: string }; note?: string } {
  const first = department.reviewingLeaderId ?? department.headId;
  type Reached = { leader: Person; standInFor?: { personId: string; name: string } };
  const reach = (id: string | undefined): Reached | string => {
    const p = id ? people.get(id) : undefined;
    if (!p) return '未指定';
    if (p.personId === authorId) return `${p.name} 是撰稿人本人`;
    const acting = actingFor(p, people, now);
    if (acting && acting.person.personId !== authorId) return { leader: acting.person, standInFor: acting.standInFor };
    return `${p.name} 请假或外出${p.unavailableUntil ? `（至 ${p.unavailableUntil}）` : ''}`;
  };
  const standInNote = (r: Reached, role: string) =>
    r.standInFor ? `${role} ${r.standInFor.name} 请假，由代理人 ${r.leader.name} 代为审核` : undefined;
  const firstReached = reach(first);
  if (typeof firstReached !== 'string') {
    const note = standInNote(firstReached, '审核领导');
    return { ...firstReached, ...(note ? { note } : {}) };
  }
  if (department.supervisingLeaderId && department.supervisingLeaderId !== first) {
    const second = reach(department.supervisingLeaderId);
    if (typeof second !== 'string') {
      const name = second.standInFor ? `${second.leader.name}（代 ${second.standInFor.name}）` : second.leader.name;
      return { ...second, note: `审核领导${firstReached}，改由分管领导 ${name} 审核` };
    }
  }
  return {};
}

// ----- request bodies (API.md "Work information"); the zod schemas are the types and the OpenAPI document -----

const typeError = (label: string) => (iss: { input?: unknown }) =>
  iss.input === undefined ? `请填写${label}` : `${label}必须是文字`;
/** Control characters other than line breaks and tabs never reach storage; line breaks are normalised to \n. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is this rule's purpose.
const clean = (s: string) => s.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '');
const title = z
  .string({ error: typeError('标题') })
  .transform(clean)
  .transform((s) => s.replace(/\s+/g, ' ').trim())
  .pipe(z.string().min(1, { error: '请填写标题' }).max(100, { error: '标题不能超过 100 个字' }));
const body = z
  .string({ error: typeError('正文') })
  .transform(clean)
  .transform((s) => s.trim())
  .pipe(z.string().min(1, { error: '请填写正文' }).max(20000, { error: '正文不能超过 20000 个字' }));
const kind = z.enum(ITEM_KINDS, {
  error: (iss) =>
    iss.input === undefined ? '请选择信息类别' : '类别必须是 work、research、suggestion、other 或 photo',
});

export const createItemSchema = z.strictObject({
  kind,
  title,
  body,
  departmentId: z.string({ error: '请选择部门' }).min(1, { error: '请选择部门' }).max(200),
  /** The commission (约稿) this item answers. */
  commissionId: z.string({ error: 'commissionId 必须是文字' }).min(1).max(100).optional(),
});
export type CreateItemInput = z.infer<typeof createItemSchema>;

export const updateItemSchema = z
  .strictObject({ kind: kind.optional(), title: title.optional(), body: body.optional() })
  .refine((v) => v.kind !== undefined || v.title !== undefined || v.body !== undefined, {
    error: '请至少修改一项：kind、title 或 body',
  });
export type UpdateItemInput = z.infer<typeof updateItemSchema>;

const comment = z
  .string({ error: '意见必须是文字' })
  .transform(clean)
  .transform((s) => s.trim())
  .pipe(z.string().max(2000, { error: '意见不能超过 2000 个字' }))
  .optional()
  .transform((v) => (v ? v : undefined));

export const reviewItemSchema = z
  .strictObject({ decision: z.enum(['approve', 'return'], { error: 'decision 必须是 approve 或 return' }), comment })
  .refine((v) => v.decision !== 'return' || !!v.comment, { error: '退回修改时请写明意见', path: ['comment'] });
export type ReviewItemInput = z.infer<typeof reviewItemSchema>;

export const adoptItemSchema = z.strictObject({
  decision: z.enum(['adopt', 'reject'], { error: 'decision 必须是 adopt 或 reject' }),
  comment,
  important: z.boolean({ error: 'important 必须是 true 或 false' }).optional(),
});
export type AdoptItemInput = z.infer<typeof adoptItemSchema>;

export const signOffItemSchema = z.strictObject({ comment });

const outlet = z
  .string({ error: typeError('发表媒体或平台') })
  .transform(clean)
  .transform((s) => s.trim())
  .pipe(z.string().min(1, { error: '请填写发表媒体或平台' }).max(200, { error: '发表媒体或平台不能超过 200 个字' }));

/** 自行发表: where and when the author published the reviewed item; a link if there is one (http or https). */
export const selfPublishSchema = z.strictObject({
  outlet,
  publishedOn: z.iso.date({ error: '发表日期必须是 YYYY-MM-DD' }),
  url: z
    .string({ error: '链接必须是文字' })
    .trim()
    .max(500, { error: '链接不能超过 500 个字符' })
    .optional()
    .transform((v) => (v ? v : undefined))
    .pipe(z.url({ protocol: /^https?$/, error: '链接必须以 http:// 或 https:// 开头' }).optional()),
});
export type SelfPublishInput = z.infer<typeof selfPublishSchema>;

/** 推荐报送: the office's note to the parent organisation. */
export const recommendItemSchema = z.strictObject({ note: comment });
export type RecommendItemInput = z.infer<typeof recommendItemSchema>;
export type SignOffItemInput = z.infer<typeof signOffItemSchema>;

export const externalAdoptionSchema = z.strictObject({
  level: z.enum(EXTERNAL_LEVELS, { error: 'level 必须是 municipal、provincial 或 central' }),
  outlet: z
    .string({ error: typeError('采用单位或媒体') })
    .transform(clean)
    .transform((s) => s.trim())
    .pipe(z.string().min(1, { error: '请填写采用单位或媒体' }).max(200, { error: '采用单位或媒体不能超过 200 个字' })),
  adoptedOn: z.iso.date({ error: '采用日期必须是 YYYY-MM-DD' }),
});
export type ExternalAdoptionInput = z.infer<typeof externalAdoptionSchema>;

/** A transaction holds at most 100 writes: counter, issue, idempotency record and four per item. */
export const MAX_ITEMS_PER_ISSUE = 20;
export const publishPeriodicalSchema = z.strictObject({
  title: z
    .string({ error: '刊物标题必须是文字' })
    .transform(clean)
    .transform((s) => s.replace(/\s+/g, ' ').trim())
    .pipe(z.string().max(100, { error: '刊物标题不能超过 100 个字' }))
    .optional()
    .transform((v) => (v ? v : undefined)),
  itemIds: z
    .array(z.string().min(1).max(100), { error: '请选择要编入刊物的信息' })
    .min(1, { error: '请至少选择一条信息' })
    .max(MAX_ITEMS_PER_ISSUE, { error: `一期最多编入 ${MAX_ITEMS_PER_ISSUE} 条信息` })
    .refine((ids) => new Set(ids).size === ids.length, { error: '同一条信息不能重复编入' }),
});
export type PublishPeriodicalInput = z.infer<typeof publishPeriodicalSchema>;

/** The body's structure: blank lines separate paragraphs; lines starting with "- ", "• " or "1. " form lists. */
export type Block = { type: 'p'; text: string } | { type: 'ul' | 'ol'; items: string[] };
export function parseBody(text: string): Block[] {
  const blocks: Block[] = [];
  for (const chunk of text.split(/\n\s*\n/)) {
    const lines = chunk
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
    if (!lines.length) continue;
    let para: string[] = [];
    const flush = () => {
      if (para.length) blocks.push({ type: 'p', text: para.join('\n') });
      para = [];
    };
    for (const line of lines) {
      const ul = /^[-•*]\s+(.*)$/.exec(line);
      const ol = /^(?:\d+[.)]\s+|\d+、\s*|[（(]\d+[)）]\s*)(.*)$/.exec(line);
      const m = ul ? { type: 'ul' as const, text: ul[1]! } : ol ? { type: 'ol' as const, text: ol[1]! } : undefined;
      if (!m) {
        para.push(line);
        continue;
      }
      flush();
      const last = blocks[blocks.length - 1];
      if (last && last.type === m.type) last.items.push(m.text);
      else blocks.push({ type: m.type, items: [m.text] });
    }
    flush();
  }
  return blocks;
}
