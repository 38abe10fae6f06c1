import { workInfoAccess } from './rules/access.ts';
import type { CreationKey, ItemEvent, WorkInfoDeps } from './ports.ts';
import { concurrentChange, StaleItem } from './errors.ts';
import { ConflictError, NotFoundError, RuleViolationError, ValidationError } from '../platform/kernel/errors.ts';
import { chronological, eventBy } from '../platform/kernel/audit.ts';
import { commitWithMails, type MailGroup } from '../platform/mail/best-effort.ts';
import { renderItemMail, type ItemMailKind } from './item-mail.ts';
import type { Caller } from '../platform/auth/caller.ts';
import {
  chooseReviewingLeader,
  EXTERNAL_LEVEL_LABELS,
  ITEM_KIND_LABELS,
  transition,
  type AdoptItemInput,
  type CreateItemInput,
  type ExternalAdoptionInput,
  type Item,
  type ItemAction,
  type ItemRevision,
  type RecommendItemInput,
  type ReviewItemInput,
  type SelfPublishInput,
  type SignOffItemInput,
  type UpdateItemInput,
} from './rules/item.ts';
import { actingFor, hasLeaderRole, requireOrg, type Org, type Person } from '../org/index.ts';
import { localParts, monthRange } from '../platform/kernel/time.ts';
import { workInfoRulesOf } from './rules/weekly-quota.ts';
import { checkCommission } from './commissions.ts';
import { once, type Created } from '../platform/kernel/once.ts';

const { authorize } = workInfoAccess;

/** The item repository's record of a creation made at most once per caller and key (`once`). */
export const readCreation = (deps: WorkInfoDeps) => (callerId: string, scope: CreationKey['scope'], key: string) =>
  deps.items.getIdempotency(callerId, scope, key);

export type ItemView = Item & {
  kindLabel: string;
  revisions: ItemRevision[];
  history: {
    at: string;
    type: string;
    actorId?: string;
    actorName?: string;
    detail: string;
    fromState?: string;
    toState?: string;
  }[];
};

export function toItemView(item: Item, revisions: ItemRevision[], events: ItemEvent[]): ItemView {
  const { version: _v, ...rest } = item;
  return {
    ...(rest as Item),
    kindLabel: ITEM_KIND_LABELS[item.kind],
    revisions: [...revisions].sort((a, b) => a.revision - b.revision),
    history: chronological(events).map(({ at, type, actorId, actorName, detail, fromState, toState }) => ({
      at,
      type,
      actorId,
      actorName,
      detail,
      fromState,
      toState,
    })),
  };
}

/**
 * Loads an item and its organisation and authorizes the caller; an unknown item is 404 like an invisible one. An item
 * of another organisation is found only by the parent it was recommended to (推荐报送); `viewerOrg` is then the parent.
 */
async function loadFor(
  deps: WorkInfoDeps,
  caller: Caller,
  itemId: string,
  action: Parameters<typeof authorize>[1],
): Promise<{ item: Item; org: Org; viewerOrg: Org }> {
  const item = await deps.items.get(itemId);
  const recommendedToCaller = item?.recommendation?.toOrgId === caller.orgId;
  if (!item || (item.orgId !== caller.orgId && !recommendedToCaller)) throw new NotFoundError('信息', 'ITEM_NOT_FOUND');
  const org = await requireOrg(deps.orgs, item.orgId);
  const viewerOrg = item.orgId === caller.orgId ? org : await requireOrg(deps.orgs, caller.orgId);
  authorize(caller, action, itemResource(item, org, viewerOrg));
  return { item, org, viewerOrg };
}

/** The authorization resource of an item, with the parent it was recommended to when the viewer belongs to it. */
export function itemResource(item: Item, org: Pick<Org, 'officeDepartmentId'>, viewerOrg?: Org) {
  const recommendedTo =
    viewerOrg && viewerOrg.orgId !== item.orgId
      ? { orgId: viewerOrg.orgId, officeDepartmentId: viewerOrg.officeDepartmentId }
      : undefined;
  return { kind: 'item' as const, item, officeDepartmentId: org.officeDepartmentId, recommendedTo };
}

function eventOf(
  deps: WorkInfoDeps,
  caller: Caller,
  at: string,
  type: string,
  detail: string,
  states: { from?: Item['state']; to?: Item['state'] } = {},
): ItemEvent {
  return { ...eventBy(caller, deps.ids(), at, type, detail), fromState: states.from, toState: states.to };
}

/** The people named and the stand-ins they named for their leaves (代理), by id. */
async function peopleWithStandIns(deps: WorkInfoDeps, ids: string[]): Promise<Map<string, Person>> {
  const people = new Map(await deps.orgs.getPeople(ids));
  const deputies = [...people.values()].flatMap((p) => (p.deputyId && !people.has(p.deputyId) ? [p.deputyId] : []));
  if (deputies.length) for (const [id, p] of await deps.orgs.getPeople(deputies)) people.set(id, p);
  return people;
}

type MailSaid = { comment?: string; actorName: string; standIn?: { personId: string; standInFor: { name: string } } };

/** The mails of one step (`kind`) to `to`, each keyed by the item, its saved version, the kind and the address. */
function mailsOf(deps: WorkInfoDeps, kind: ItemMailKind, item: Item, to: Person[], extra: MailSaid): MailGroup<Person> {
  const link = `${deps.appUrl}/items/${item.itemId}`;
  const { standIn, ...said } = extra;
  return {
    people: to,
    render: (p) =>
      renderItemMail(
        kind,
        item,
        standIn?.personId === p.personId ? { ...p, standInFor: standIn.standInFor } : p,
        link,
        said,
      ),
    key: (p) => `ITEM#${item.itemId}#V${item.version}|${kind}|MAIL#${p.email}`,
    failure: { message: 'item mail failed', context: { itemId: item.itemId, kind } },
  };
}

const names = (ps: Person[]) => ps.map((p) => p.name).join('、') || '（无人）';
/** A decision's comment as its history line ends with it. */
const saying = (comment: string | undefined) => (comment ? `。意见：${comment}` : '');

/** The item one step on at `now`: its next version, with what the step changes (its new state among them). */
const stepOn = (item: Item, now: string, change: Partial<Item>): Item => ({
  ...item,
  version: item.version + 1,
  updatedAt: now,
  ...change,
});

/** What a step records beside the item: its history event (`type`, `detail`), a revision, its mails. */
type Step = {
  type: string;
  detail: string;
  /** False for a step beside the flow (an external adoption, a recommendation): its event names no states. */
  moves?: false;
  revision?: ItemRevision;
  mails?: MailGroup<Person>[];
};

/**
 * Saves a step, `next` (the item one step on from `item`, the version read), under the item's lock with its history
 * event (at the step's instant, from the item's state to the next one's) and the mails it causes: outbox records in
 * the step's own transaction, so a step that fails writes no mail and a saved one never loses its mails (issue 15
 * item 1). With a mailer that cannot stage (a test's), the mails are sent after the save; a failed one never undoes
 * the step, it is logged and written into the item's history so that the people concerned see who was not told.
 */
async function save(deps: WorkInfoDeps, caller: Caller, item: Item, next: Item, step: Step) {
  const states = step.moves === false ? {} : { from: item.state, to: next.state };
  const events = [eventOf(deps, caller, next.updatedAt, step.type, step.detail, states)];
  let failed: Person[];
  try {
    ({ failed } = await commitWithMails(deps, step.mails ?? [], (mails) =>
      deps.items.save(next, item.version, events, step.revision, mails),
    ));
  } catch (err) {
    if (err instanceof StaleItem) throw concurrentChange();
    throw err;
  }
  if (failed.length) {
    const at = deps.clock().toISOString();
    await deps.items
      .appendEvents(next.itemId, [
        { eventId: deps.ids(), at, type: 'mailFailed', detail: `邮件未能发出：${names(failed)}，请另行通知` },
      ])
      .catch((err) => deps.log.error('could not record a failed mail', { itemId: next.itemId, error: String(err) }));
  }
}

/**
 * Writes a new item as a draft (POST /api/items).
 * 1. Checks the department belongs to the caller's organisation and that the caller is its information officer.
 * 2. Writes the item (revision 1), its first revision record, its line in the author's list, a history event and (with
 *    an `Idempotency-Key`) the idempotency record in one transaction; a repeat returns the first answer.
 */
export async function createItem(
  deps: WorkInfoDeps,
  caller: Caller,
  input: CreateItemInput,
  opts: { idempotencyKey?: string } = {},
): Promise<Created<ItemView>> {
  return once(readCreation(deps), caller, 'item', opts.idempotencyKey, input, (creation) =>
    createItemNow(deps, caller, input, creation),
  );
}

async function createItemNow(
  deps: WorkInfoDeps,
  caller: Caller,
  input: CreateItemInput,
  creation: (body: ItemView, at: string) => CreationKey | undefined,
): Promise<ItemView> {
  const now = deps.clock().toISOString();
  const department = await deps.orgs.getDepartment(caller.orgId, input.departmentId);
  if (!department)
    throw new ValidationError([{ field: 'departmentId', code: 'unknown', message: '本单位没有这个部门' }]);
  authorize(caller, 'item.create', { kind: 'newItem', orgId: caller.orgId, departmentId: department.departmentId });
  if (input.commissionId) await checkCommission(deps, caller.orgId, input.commissionId, department.departmentId);
  const item: Item = {
    itemId: deps.ids(),
    orgId: caller.orgId,
    departmentId: department.departmentId,
    departmentName: department.name,
    authorId: caller.personId,
    authorName: caller.name,
    kind: input.kind,
    title: input.title,
    body: input.body,
    state: 'draft',
    revision: 1,
    version: 0,
    createdAt: now,
    updatedAt: now,
    submissions: 0,
    externalAdoptions: [],
    ...(input.commissionId ? { commissionId: input.commissionId } : {}),
  };
  const revision: ItemRevision = {
    itemId: item.itemId,
    revision: 1,
    kind: item.kind,
    title: item.title,
    body: item.body,
    savedAt: now,
    savedBy: caller.name,
  };
  const events = [eventOf(deps, caller, now, 'created', `${caller.name} 起草（第 1 稿）`, { to: 'draft' })];
  const view = toItemView(item, [revision], events);
  await deps.items.create(item, revision, events, creation(view, now));
  return view;
}

/**
 * Edits a draft or a returned item (PATCH /api/items/{itemId}); every edit is kept as a new revision.
 * 1. Authorizes the author and checks the state allows editing (an adopted item, say, is 422 ITEM_NOT_EDITABLE).
 * 2. Saves the new content and the revision record under the optimistic lock.
 */
export async function updateItem(
  deps: WorkInfoDeps,
  caller: Caller,
  itemId: string,
  input: UpdateItemInput,
): Promise<ItemView> {
  const { item } = await loadFor(deps, caller, itemId, 'item.edit');
  transition(item, 'edit');
  const now = deps.clock().toISOString();
  const next = stepOn(item, now, {
    kind: input.kind ?? item.kind,
    title: input.title ?? item.title,
    body: input.body ?? item.body,
    revision: item.revision + 1,
  });
  const revision: ItemRevision = {
    itemId,
    revision: next.revision,
    kind: next.kind,
    title: next.title,
    body: next.body,
    savedAt: now,
    savedBy: caller.name,
  };
  await save(deps, caller, item, next, {
    type: 'edited',
    detail: `${caller.name} 修改（第 ${next.revision} 稿）`,
    revision,
  });
  return view(deps, itemId);
}

/**
 * Submits a draft or a returned item to the department's reviewing leader (POST /api/items/{itemId}/submit).
 * 1. Authorizes the author; the state must be draft or returned.
 * 2. Finds the reviewing leader: the department's `reviewingLeaderId`, else its head; if that is the author or someone on
 *    leave, the supervising leader (nobody: 422 NO_REVIEWING_LEADER).
 * 3. Saves the submission with the leader fixed on it and the leader's mail (an outbox record) in one transaction.
 */
export async function submitItem(deps: WorkInfoDeps, caller: Caller, itemId: string): Promise<ItemView> {
  const { item } = await loadFor(deps, caller, itemId, 'item.submit');
  const to = transition(item, 'submit');
  const department = await deps.orgs.getDepartment(item.orgId, item.departmentId);
  const people = department
    ? await peopleWithStandIns(
        deps,
        [department.reviewingLeaderId, department.headId, department.supervisingLeaderId].filter(
          (x): x is string => !!x,
        ),
      )
    : new Map<string, Person>();
  const clock = deps.clock();
  const { leader, standInFor, note } = department
    ? chooseReviewingLeader(department, people, item.authorId, clock)
    : {};
  if (!leader)
    throw new RuleViolationError(
      'NO_REVIEWING_LEADER',
      '本部门没有可以审核的领导（未指定、本人撰稿或请假），请联系办公室设置部门负责人或审核领导。',
    );
  const now = clock.toISOString();
  const next = stepOn(item, now, {
    state: to,
    reviewingLeaderId: leader.personId,
    reviewingLeaderName: leader.name,
    reviewingStandInFor: standInFor,
    submittedAt: now,
    firstSubmittedAt: item.firstSubmittedAt ?? now,
    submissions: item.submissions + 1,
  });
  const reviewer = standInFor ? `${leader.name}（代 ${standInFor.name}）` : leader.name;
  const detail = `${caller.name} 报送 ${reviewer} 审核（第 ${next.submissions} 次报送，第 ${item.revision} 稿）${note ? `；${note}` : ''}`;
  await save(deps, caller, item, next, {
    type: 'submitted',
    detail,
    mails: [
      mailsOf(deps, 'toReview', next, [leader], {
        actorName: caller.name,
        ...(standInFor ? { standIn: { personId: leader.personId, standInFor } } : {}),
      }),
    ],
  });
  return view(deps, itemId);
}

/**
 * The reviewing leader approves (the item goes to the office) or returns it with a comment (POST …/review).
 * 1. Authorizes the leader fixed on the submission; the state must be submitted.
 * 2. Saves the decision with its mails: approval mails the review group, a return mails the author with the comment.
 */
export async function reviewItem(
  deps: WorkInfoDeps,
  caller: Caller,
  itemId: string,
  input: ReviewItemInput,
): Promise<ItemView> {
  const { item } = await loadFor(deps, caller, itemId, 'item.review');
  const action: ItemAction = input.decision === 'approve' ? 'approve' : 'return';
  const to = transition(item, action);
  const now = deps.clock().toISOString();
  const by = item.reviewingStandInFor ? `${caller.name}（代 ${item.reviewingStandInFor.name}）` : caller.name;
  if (action === 'approve') {
    const next = stepOn(item, now, { state: to, approvedAt: now, approvedBy: caller.personId });
    const group = (await deps.orgs.listPeople(item.orgId)).filter((p) => p.roles.includes('reviewer'));
    const detail = `${by} 审核通过，报送办公室（通知审核小组：${names(group)}）${saying(input.comment)}`;
    await save(deps, caller, item, next, {
      type: 'approved',
      detail,
      mails: [mailsOf(deps, 'toAdopt', next, group, { actorName: by, comment: input.comment })],
    });
  } else {
    const next = stepOn(item, now, { state: to, returnedAt: now, returnComment: input.comment });
    const author = await deps.orgs.getPerson(item.authorId);
    await save(deps, caller, item, next, {
      type: 'returned',
      detail: `${by} 退回修改。意见：${input.comment ?? ''}`,
      mails: [mailsOf(deps, 'returned', next, author ? [author] : [], { actorName: by, comment: input.comment })],
    });
  }
  return view(deps, itemId);
}

/**
 * A review group member adopts or rejects an item the department approved (POST …/adopt); unreviewed items are refused.
 * 1. Authorizes the review group; the state must be approved (anything else: 422 ITEM_NOT_REVIEWED).
 * 2. Saves the decision with `adoptedAt` (the instant monthly scoring counts) and, with `important`, the need of a sign-off.
 * 3. Mails the author; an important item also goes to the principal leader for sign-off, others to the office head.
 */
export async function adoptItem(
  deps: WorkInfoDeps,
  caller: Caller,
  itemId: string,
  input: AdoptItemInput,
): Promise<ItemView> {
  const found = await deps.items.get(itemId);
  if (found && found.orgId !== caller.orgId && found.recommendation?.toOrgId === caller.orgId)
    return decideRecommendation(deps, caller, itemId, input);
  const { item, org } = await loadFor(deps, caller, itemId, 'item.adopt');
  const action: ItemAction = input.decision === 'adopt' ? 'adopt' : 'reject';
  const to = transition(item, action);
  const now = deps.clock().toISOString();
  const author = await deps.orgs.getPerson(item.authorId);
  if (action === 'adopt') {
    const people = await deps.orgs.listPeople(item.orgId);
    const byId = new Map(people.map((p) => [p.personId, p]));
    const principal = org.principalLeaderId ? byId.get(org.principalLeaderId) : undefined;
    // 代理: an important item goes to the stand-in of a principal leader away now, who signs it off in his place.
    const acting = input.important && principal ? actingFor(principal, byId, deps.clock()) : undefined;
    const standIn = acting?.standInFor
      ? { personId: acting.person.personId, name: acting.person.name, standInFor: acting.standInFor }
      : undefined;
    const next = stepOn(item, now, {
      state: to,
      adoptedAt: now,
      adoptedBy: caller.personId,
      important: input.important ?? false,
      decisionComment: input.comment,
      signOffStandIn: standIn,
    });
    const signer = people.filter((p) => p.personId === (standIn?.personId ?? org.principalLeaderId));
    const office = people.filter((p) => p.roles.includes('officeHead'));
    const detail = next.important
      ? `${caller.name} 采用（重要信息，报 ${standIn ? `${standIn.name}（代 ${standIn.standInFor.name}）` : names(signer)} 签发）`
      : `${caller.name} 采用（通知办公室：${names(office)}）`;
    await save(deps, caller, item, next, {
      type: 'adopted',
      detail: detail + saying(input.comment),
      mails: [
        mailsOf(deps, 'adopted', next, author ? [author] : [], { actorName: caller.name, comment: input.comment }),
        next.important
          ? mailsOf(deps, 'toSignOff', next, signer, { actorName: caller.name, standIn })
          : mailsOf(deps, 'toPublish', next, office, { actorName: caller.name }),
      ],
    });
  } else {
    const next = stepOn(item, now, { state: to, rejectedAt: now, decisionComment: input.comment });
    await save(deps, caller, item, next, {
      type: 'rejected',
      detail: `${caller.name} 决定不予采用${saying(input.comment)}`,
      mails: [
        mailsOf(deps, 'rejected', next, author ? [author] : [], { actorName: caller.name, comment: input.comment }),
      ],
    });
  }
  return view(deps, itemId);
}

/**
 * A bureau leader signs off an important adopted item (签发, POST …/sign-off); then it can be published.
 * 1. Authorizes a leader (principal or supervising); the item must be adopted, important and not yet signed off.
 * 2. Saves the sign-off with its mails to the office head and the author.
 */
export async function signOffItem(
  deps: WorkInfoDeps,
  caller: Caller,
  itemId: string,
  input: SignOffItemInput,
): Promise<ItemView> {
  const { item } = await loadFor(deps, caller, itemId, 'item.signOff');
  const to = transition(item, 'signOff');
  const now = deps.clock().toISOString();
  // 代理: the stand-in named on the item signs as 代 X; a leader of his own role signs as himself.
  const standInFor =
    !hasLeaderRole(caller) && item.signOffStandIn?.personId === caller.personId
      ? item.signOffStandIn.standInFor
      : undefined;
  const by = standInFor ? `${caller.name}（代 ${standInFor.name}）` : caller.name;
  const next = stepOn(item, now, {
    state: to,
    signedOffAt: now,
    signedOffBy: caller.personId,
    signedOffStandInFor: standInFor,
  });
  const people = await deps.orgs.listPeople(item.orgId);
  const office = people.filter((p) => p.roles.includes('officeHead'));
  await save(deps, caller, item, next, {
    type: 'signedOff',
    detail: `${by} 签发（通知办公室：${names(office)}）${saying(input.comment)}`,
    mails: [
      mailsOf(deps, 'toPublish', next, [...office, ...people.filter((p) => p.personId === item.authorId)], {
        actorName: by,
        comment: input.comment,
      }),
    ],
  });
  return view(deps, itemId);
}

/**
 * The office records that an adopted item was also taken up by a municipal, provincial or central body or outlet
 * (POST …/external-adoptions); this feeds the rewards of POLICY.md §5.
 */
export async function recordExternalAdoption(
  deps: WorkInfoDeps,
  caller: Caller,
  itemId: string,
  input: ExternalAdoptionInput,
): Promise<ItemView> {
  const { item } = await loadFor(deps, caller, itemId, 'item.recordExternal');
  transition(item, 'recordExternal');
  const now = deps.clock().toISOString();
  const entry = {
    level: input.level,
    outlet: input.outlet,
    adoptedOn: input.adoptedOn,
    recordedAt: now,
    recordedBy: caller.personId,
  };
  const next = stepOn(item, now, { externalAdoptions: [...(item.externalAdoptions ?? []), entry] });
  await save(deps, caller, item, next, {
    type: 'externalAdoption',
    detail: `${caller.name} 登记：${EXTERNAL_LEVEL_LABELS[input.level]}采用，${input.outlet}，${input.adoptedOn}`,
    moves: false,
  });
  return view(deps, itemId);
}

/**
 * The author records that he published a reviewed item himself (自行发表, 篇三 §三; POST …/self-published): where,
 * when and the link. Allowed once the reviewing leader approved it and the office has not adopted it (approved or
 * rejected); the item leaves the office's queue. The author keeps the draft (留存底稿) as always.
 */
export async function selfPublishItem(
  deps: WorkInfoDeps,
  caller: Caller,
  itemId: string,
  input: SelfPublishInput,
): Promise<ItemView> {
  const { item } = await loadFor(deps, caller, itemId, 'item.selfPublish');
  const to = transition(item, 'selfPublish');
  const now = deps.clock().toISOString();
  const next = stepOn(item, now, {
    state: to,
    selfPublication: { outlet: input.outlet, publishedOn: input.publishedOn, url: input.url, recordedAt: now },
  });
  const detail = `${caller.name} 登记自行发表：${input.outlet}，${input.publishedOn}${input.url ? `，${input.url}` : ''}`;
  await save(deps, caller, item, next, { type: 'selfPublished', detail });
  return view(deps, itemId);
}

/**
 * The office recommends an adopted item to the parent organisation (推荐报送, 篇四 §八; POST …/recommend): the item
 * enters the parent's adoption queue (its `view=office` list, with `recommendedBy`) and the parent's review group is
 * mailed. Once per item (409 ITEM_ALREADY_RECOMMENDED); an organisation without a parent is 422 NO_PARENT_ORG.
 */
export async function recommendItem(
  deps: WorkInfoDeps,
  caller: Caller,
  itemId: string,
  input: RecommendItemInput,
): Promise<ItemView> {
  const { item, org } = await loadFor(deps, caller, itemId, 'item.recommend');
  transition(item, 'recommend');
  if (item.recommendation)
    throw new ConflictError('ITEM_ALREADY_RECOMMENDED', `这条信息已推荐报送${item.recommendation.toOrgName}。`);
  const parent = org.parentOrgId ? await deps.orgs.getOrg(org.parentOrgId) : undefined;
  if (!parent) throw new RuleViolationError('NO_PARENT_ORG', '本单位没有上级单位，无法推荐报送。');
  const now = deps.clock().toISOString();
  const next = stepOn(item, now, {
    recommendation: {
      toOrgId: parent.orgId,
      toOrgName: parent.name,
      byOrgName: org.name,
      note: input.note,
      at: now,
      by: caller.personId,
      byName: caller.name,
      state: 'pending',
    },
  });
  const group = (await deps.orgs.listPeople(parent.orgId)).filter((p) => p.roles.includes('reviewer'));
  const detail = `${caller.name} 推荐报送${parent.name}（通知审核小组：${names(group)}）${input.note ? `。推荐理由：${input.note}` : ''}`;
  await save(deps, caller, item, next, {
    type: 'recommended',
    detail,
    moves: false,
    mails: [
      mailsOf(deps, 'recommended', next, group, { actorName: `${org.name} ${caller.name}`, comment: input.note }),
    ],
  });
  return view(deps, itemId);
}

/**
 * The parent's review group decides on a recommended item (POST …/adopt by a member of the parent): adopted, it is
 * recorded on the item as an external adoption at the parent's level (its configuration's `recommendedAdoptionLevel`,
 * municipal by default), outlet the parent's name, which the author's organisation scores and rewards as such (a
 * ledger line `externalAdoption`); either way the item leaves the parent's queue and the author is mailed. Decided
 * once (409 RECOMMENDATION_DECIDED).
 */
async function decideRecommendation(
  deps: WorkInfoDeps,
  caller: Caller,
  itemId: string,
  input: AdoptItemInput,
): Promise<ItemView> {
  const { item, viewerOrg: parent } = await loadFor(deps, caller, itemId, 'item.adoptRecommended');
  const r = item.recommendation!;
  if (r.state !== 'pending') throw new ConflictError('RECOMMENDATION_DECIDED', '这条推荐报送的信息已经处理过。');
  const clock = deps.clock();
  const now = clock.toISOString();
  const adopt = input.decision === 'adopt';
  const level = workInfoRulesOf(parent.config).recommendedAdoptionLevel;
  const decided = {
    ...r,
    state: adopt ? ('adopted' as const) : ('rejected' as const),
    decidedAt: now,
    decidedByName: caller.name,
    comment: input.comment,
  };
  const next = stepOn(item, now, {
    recommendation: decided,
    externalAdoptions: adopt
      ? [
          ...(item.externalAdoptions ?? []),
          {
            level,
            outlet: parent.name,
            adoptedOn: localParts(clock, parent.timezone).date,
            recordedAt: now,
            recordedBy: caller.personId,
          },
        ]
      : item.externalAdoptions,
  });
  const by = `${parent.name} ${caller.name}`;
  const said = saying(input.comment);
  const author = await deps.orgs.getPerson(item.authorId);
  await save(deps, caller, item, next, {
    ...(adopt
      ? { type: 'externalAdoption', detail: `${by} 采用推荐报送的信息（${EXTERNAL_LEVEL_LABELS[level]}采用）${said}` }
      : { type: 'recommendationRejected', detail: `${by} 未采用推荐报送的信息${said}` }),
    moves: false,
    mails: [
      mailsOf(deps, adopt ? 'adopted' : 'rejected', next, author ? [author] : [], {
        actorName: by,
        comment: input.comment,
      }),
    ],
  });
  return view(deps, itemId);
}

/** The item as its viewer sees it: content, every revision and the whole history (GET /api/items/{itemId}). */
export async function getItem(deps: WorkInfoDeps, caller: Caller, itemId: string): Promise<ItemView> {
  await loadFor(deps, caller, itemId, 'item.read');
  return view(deps, itemId);
}

async function view(deps: WorkInfoDeps, itemId: string): Promise<ItemView> {
  const bundle = await deps.items.getBundle(itemId);
  if (!bundle) throw new NotFoundError('信息', 'ITEM_NOT_FOUND');
  return toItemView(bundle.item, bundle.revisions, bundle.events);
}

export const ITEM_LIST_VIEWS = ['mine', 'review', 'office', 'adopted'] as const;
export type ItemListView = (typeof ITEM_LIST_VIEWS)[number];

/**
 * The lists of work information (GET /api/items?view=…), a page at a time: `mine` (the caller's items, any state),
 * `review` (waiting for the caller's review), `office` (reviewed, waiting for the review group: office and review group
 * only), `adopted` (adopted in `month`, or in the last three months; what issues are built from). Each reads one key.
 */
export async function listItems(
  deps: WorkInfoDeps,
  caller: Caller,
  view: ItemListView,
  opts: { month?: string; limit?: number; cursor?: Record<string, unknown> } = {},
): Promise<{ items: unknown[]; next?: Record<string, unknown> }> {
  const paging = { limit: opts.limit ?? 100, cursor: opts.cursor };
  if (view === 'mine') return deps.items.pageByAuthor(caller.personId, paging);
  if (view === 'review') {
    const page = await deps.items.pageIndex('toReview', caller.personId, paging);
    return { items: page.items.map(strip), next: page.next };
  }
  const org = await requireOrg(deps.orgs, caller.orgId);
  const resource = { kind: 'periodicals' as const, orgId: org.orgId, officeDepartmentId: org.officeDepartmentId };
  if (view === 'office') {
    authorize(caller, 'item.listWithOffice', resource);
    const page = await deps.items.pageIndex('withOffice', org.orgId, paging);
    return { items: page.items.map(strip), next: page.next };
  }
  authorize(caller, 'item.listAdopted', resource);
  const range = opts.month
    ? monthRange(opts.month, org.timezone)
    : { from: new Date(deps.clock().getTime() - 92 * 86400_000).toISOString(), to: deps.clock().toISOString() };
  const page = await deps.items.pageIndex('adopted', org.orgId, paging, range);
  return { items: page.items.map(strip), next: page.next };
}

const strip = (i: Item) => {
  const { version: _v, ...rest } = i;
  return { ...rest, kindLabel: ITEM_KIND_LABELS[i.kind] };
};
