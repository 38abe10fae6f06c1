import { describe, expect, it } from 'vitest';
import { workInfoAccess } from '../../../shared/work-info/rules/access.ts';

const { decide } = workInfoAccess;
import type { Caller } from '../../../shared/platform/auth/caller.ts';
import {
  chooseReviewingLeader,
  createItemSchema,
  ITEM_ACTIONS,
  ITEM_STATES,
  nextState,
  parseBody,
  publishPeriodicalSchema,
  reviewItemSchema,
  transition,
  type Item,
  type ItemAction,
  type ItemState,
} from '../../../shared/work-info/rules/item.ts';
import { monthRange } from '../../../shared/platform/kernel/time.ts';
import { distributionOf } from '../../../shared/work-info/rules/periodical.ts';
import { renderItemMail } from '../../../shared/work-info/item-mail.ts';
import { renderBody } from '../../../shared/work-info/item-body.ts';
import { RuleViolationError } from '../../../shared/platform/kernel/errors.ts';

/**
 * The whole state machine as a table: for each state (and "important" flag), where each action leads.
 * Anything not listed is forbidden; the test below walks every state × action pair against this table.
 */
const ALLOWED: Record<string, Partial<Record<ItemAction, ItemState>>> = {
  draft: { edit: 'draft', submit: 'submitted' },
  returned: { edit: 'returned', submit: 'submitted' },
  submitted: { approve: 'approved', return: 'returned' },
  approved: { adopt: 'adopted', reject: 'rejected', selfPublish: 'selfPublished' },
  rejected: { selfPublish: 'selfPublished' },
  adopted: { publish: 'published', recordExternal: 'adopted', recommend: 'adopted' },
  'adopted+important': { signOff: 'signedOff', recordExternal: 'adopted', recommend: 'adopted' },
  signedOff: { publish: 'published', recordExternal: 'signedOff', recommend: 'signedOff' },
  published: { recordExternal: 'published', recommend: 'published' },
  selfPublished: {},
};

const CODES: Record<ItemAction, string> = {
  edit: 'ITEM_NOT_EDITABLE',
  submit: 'ITEM_NOT_SUBMITTABLE',
  approve: 'ITEM_NOT_UNDER_REVIEW',
  return: 'ITEM_NOT_UNDER_REVIEW',
  adopt: 'ITEM_NOT_REVIEWED',
  reject: 'ITEM_NOT_REVIEWED',
  signOff: 'ITEM_NOT_AWAITING_SIGN_OFF',
  publish: 'ITEM_NOT_PUBLISHABLE',
  recordExternal: 'ITEM_NOT_ADOPTED',
  selfPublish: 'ITEM_NOT_SELF_PUBLISHABLE',
  recommend: 'ITEM_NOT_ADOPTED',
};

const cases = Object.keys(ALLOWED).flatMap((key) =>
  ITEM_ACTIONS.map((action) => {
    const [state, flag] = key.split('+') as [ItemState, string | undefined];
    return { key, state, important: flag === 'important', action, expected: ALLOWED[key]![action] };
  }),
);

describe('item state machine', () => {
  it('covers every state', () => {
    expect(new Set(Object.keys(ALLOWED).map((k) => k.split('+')[0]))).toEqual(new Set(ITEM_STATES));
  });

  it.each(cases.filter((c) => c.expected))('$key —$action→ $expected', ({ state, important, action, expected }) => {
    expect(nextState({ state, important }, action)).toBe(expected);
    expect(transition({ state, important }, action)).toBe(expected);
  });

  it.each(cases.filter((c) => !c.expected))('$key —$action→ refused', ({ state, important, action }) => {
    expect(nextState({ state, important }, action)).toBeUndefined();
    let err: unknown;
    try {
      transition({ state, important }, action);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(RuleViolationError);
    expect((err as RuleViolationError).status).toBe(422);
    expect((err as RuleViolationError).code).toBe(CODES[action]);
    expect((err as RuleViolationError).message).toMatch(/[\u4e00-\u9fff]/);
  });

  it('names the three refusals the issue asks for', () => {
    expect(() => transition({ state: 'submitted' }, 'adopt')).toThrow(/未经部门领导审核/);
    expect(() => transition({ state: 'adopted' }, 'edit')).toThrow(/只有草稿或退回修改/);
    expect(() => transition({ state: 'rejected' }, 'publish')).toThrow(/编入刊物/);
  });
});

const item = (over: Partial<Item> = {}): Item => ({
  itemId: 'I1',
  orgId: 'o1',
  departmentId: 'news',
  departmentName: '新闻部',
  authorId: 'author',
  authorName: '李信息',
  kind: 'work',
  title: 't',
  body: 'b',
  state: 'draft',
  revision: 1,
  version: 0,
  createdAt: '2026-11-01T00:00:00Z',
  updatedAt: '2026-11-01T00:00:00Z',
  submissions: 0,
  externalAdoptions: [],
  ...over,
});
const who = (personId: string, roles: string[], departmentId?: string, orgId = 'o1'): Caller => ({
  personId,
  orgId,
  name: personId,
  roles,
  departmentId,
});

describe('who may do what with an item (authorization table)', () => {
  const author = who('author', ['reporter'], 'news');
  const head = who('head', ['departmentHead'], 'news');
  const otherHead = who('head2', ['departmentHead'], 'tech');
  const reviewer = who('rev', ['reviewer'], 'office');
  const officeHead = who('oh', ['officeHead'], 'office');
  const chief = who('chief', ['principalLeader']);
  const colleague = who('col', ['reporter'], 'news');
  const foreign = who('author', ['reporter'], 'news', 'o2');
  const res = (over: Partial<Item>) => ({ kind: 'item' as const, item: item(over), officeDepartmentId: 'office' });

  it.each([
    ['author reads a draft', author, 'item.read', {}, 'allow'],
    ['the same id in another organisation sees nothing', foreign, 'item.read', {}, 'hide'],
    ['a colleague does not learn a draft exists', colleague, 'item.read', {}, 'hide'],
    ['the review group does not see drafts', reviewer, 'item.read', {}, 'hide'],
    ["a draft is the author's alone, even to the department head", head, 'item.read', {}, 'hide'],
    [
      'the department head sees a submitted item',
      head,
      'item.read',
      { state: 'submitted', reviewingLeaderId: 'sup' },
      'allow',
    ],
    ['and a returned one', head, 'item.read', { state: 'returned', reviewingLeaderId: 'head' }, 'allow'],
    [
      'another department head does not',
      otherHead,
      'item.read',
      { state: 'submitted', reviewingLeaderId: 'head' },
      'hide',
    ],
    ['author edits', author, 'item.edit', {}, 'allow'],
    [
      'head may see a returned item but not edit it',
      head,
      'item.edit',
      { state: 'returned', reviewingLeaderId: 'head' },
      'forbid',
    ],
    ['reviewing leader reviews', head, 'item.review', { state: 'submitted', reviewingLeaderId: 'head' }, 'allow'],
    [
      'author cannot review own item',
      author,
      'item.review',
      { state: 'submitted', reviewingLeaderId: 'head' },
      'forbid',
    ],
    ['review group adopts once with the office', reviewer, 'item.adopt', { state: 'approved' }, 'allow'],
    ['office head is not the review group', officeHead, 'item.adopt', { state: 'approved' }, 'forbid'],
    ['leader signs off', chief, 'item.signOff', { state: 'adopted', important: true }, 'allow'],
    ['review group may not sign off', reviewer, 'item.signOff', { state: 'adopted', important: true }, 'forbid'],
    ['office records external adoption', officeHead, 'item.recordExternal', { state: 'published' }, 'allow'],
    ['author may not record external adoption', author, 'item.recordExternal', { state: 'published' }, 'forbid'],
  ] as const)('%s', (_name, caller, action, over, expected) => {
    expect(decide(caller, action, res(over))).toBe(expected);
  });

  it('lets only information officers write for their own department', () => {
    expect(decide(author, 'item.create', { kind: 'newItem', orgId: 'o1', departmentId: 'news' })).toBe('allow');
    expect(decide(author, 'item.create', { kind: 'newItem', orgId: 'o1', departmentId: 'tech' })).toBe('forbid');
    expect(decide(head, 'item.create', { kind: 'newItem', orgId: 'o1', departmentId: 'news' })).toBe('forbid');
    expect(decide(foreign, 'item.create', { kind: 'newItem', orgId: 'o1', departmentId: 'news' })).toBe('hide');
  });

  it('lets only the office publish the periodical', () => {
    const p = { kind: 'periodicals' as const, orgId: 'o1', officeDepartmentId: 'office' };
    expect(decide(officeHead, 'periodical.publish', p)).toBe('allow');
    expect(decide(reviewer, 'periodical.publish', p)).toBe('allow'); // in the office department
    expect(decide(chief, 'periodical.publish', p)).toBe('forbid');
    expect(decide(chief, 'periodical.read', p)).toBe('allow');
    expect(decide(colleague, 'periodical.read', p)).toBe('forbid');
    expect(decide(foreign, 'periodical.read', p)).toBe('hide');
    expect(decide(reviewer, 'item.listWithOffice', p)).toBe('allow');
    expect(decide(officeHead, 'item.listWithOffice', p)).toBe('allow');
    expect(decide(chief, 'item.listWithOffice', p)).toBe('forbid');
    expect(decide(head, 'item.listAdopted', p)).toBe('allow');
    expect(decide(colleague, 'item.listAdopted', p)).toBe('forbid');
  });
});

describe('choosing the reviewing leader', () => {
  const person = (personId: string, over: Record<string, unknown> = {}) =>
    ({ personId, orgId: 'o', name: personId, email: `${personId}@x`, roles: [], available: true, ...over }) as never;
  const now = new Date('2026-11-28T04:00:00Z');
  const people = (...ps: never[]) => new Map(ps.map((p) => [(p as { personId: string }).personId, p]));
  it.each([
    [
      'the head',
      { headId: 'head', supervisingLeaderId: 'sup' },
      people(person('head'), person('sup')),
      'author',
      'head',
      false,
    ],
    [
      'the named reviewing leader over the head',
      { reviewingLeaderId: 'rev', headId: 'head' },
      people(person('rev'), person('head')),
      'author',
      'rev',
      false,
    ],
    [
      'the supervising leader when the head is on leave',
      { headId: 'head', supervisingLeaderId: 'sup' },
      people(person('head', { available: false }), person('sup')),
      'author',
      'sup',
      true,
    ],
    [
      'the head again once the leave is over',
      { headId: 'head', supervisingLeaderId: 'sup' },
      people(person('head', { available: false, unavailableUntil: '2026-11-27T00:00:00Z' }), person('sup')),
      'author',
      'head',
      false,
    ],
    [
      'the supervising leader when the head wrote it',
      { headId: 'head', supervisingLeaderId: 'sup' },
      people(person('head'), person('sup')),
      'head',
      'sup',
      true,
    ],
    [
      'the supervising leader when there is no head',
      { supervisingLeaderId: 'sup' },
      people(person('sup')),
      'author',
      'sup',
      true,
    ],
    [
      'the away head’s stand-in (代理) before the supervising leader',
      { headId: 'head', supervisingLeaderId: 'sup' },
      people(person('head', { available: false, deputyId: 'dep' }), person('sup'), person('dep')),
      'author',
      'dep',
      true,
    ],
    [
      'not a stand-in who wrote the item himself: the supervising leader',
      { headId: 'head', supervisingLeaderId: 'sup' },
      people(person('head', { available: false, deputyId: 'author' }), person('sup'), person('author')),
      'author',
      'sup',
      true,
    ],
    [
      'nobody when both are away',
      { headId: 'head', supervisingLeaderId: 'sup' },
      people(person('head', { available: false }), person('sup', { available: false })),
      'author',
      undefined,
      false,
    ],
  ] as const)('%s', (_n, dept, ps, authorId, expected, noted) => {
    const r = chooseReviewingLeader(dept, ps, authorId, now);
    expect(r.leader && (r.leader as { personId: string }).personId).toBe(expected);
    expect(!!r.note).toBe(noted);
  });
});

describe('item bodies and input', () => {
  it('parses paragraphs and lists and renders them escaped', () => {
    const text = '第一段<script>alert(1)</script>\n续行\n\n- 要点一\n- 要点 <b>二</b>\n\n1. 第一步\n2. 第二步\n结尾';
    expect(parseBody(text)).toEqual([
      { type: 'p', text: '第一段<script>alert(1)</script>\n续行' },
      { type: 'ul', items: ['要点一', '要点 <b>二</b>'] },
      { type: 'ol', items: ['第一步', '第二步'] },
      { type: 'p', text: '结尾' },
    ]);
    const out = renderBody(text).value;
    expect(out).not.toContain('<script>');
    expect(out).toContain('&lt;script&gt;');
    expect(out).toContain('<ul><li>要点一</li><li>要点 &lt;b&gt;二&lt;/b&gt;</li></ul>');
    expect(out).toContain('<ol><li>第一步</li>');
    expect(out).toContain('第一段&lt;script&gt;alert(1)&lt;/script&gt;<br>续行');
  });

  it('does not take a number in a sentence for a list', () => {
    expect(parseBody('2026年全年完成1.5亿元')).toEqual([{ type: 'p', text: '2026年全年完成1.5亿元' }]);
  });

  it('cleans control characters and normalises the title, and names each bad field', () => {
    const ok = createItemSchema.parse({
      kind: 'work',
      title: '  标题\r\n 一 ',
      body: 'a\u0000b\r\nc',
      departmentId: 'd',
    });
    expect(ok.title).toBe('标题 一');
    expect(ok.body).toBe('ab\nc');
    const bad = createItemSchema.safeParse({
      kind: 'news',
      title: '',
      body: 'x'.repeat(20001),
      departmentId: 'd',
      extra: 1,
    });
    expect(bad.success).toBe(false);
    const fields = bad.error!.issues.map((i) => (i.code === 'unrecognized_keys' ? i.keys[0] : i.path.join('.')));
    expect(fields).toEqual(expect.arrayContaining(['kind', 'title', 'body', 'extra']));
  });

  it('asks for a comment when returning, and refuses duplicate items in an issue', () => {
    expect(reviewItemSchema.safeParse({ decision: 'return' }).success).toBe(false);
    expect(reviewItemSchema.safeParse({ decision: 'return', comment: '请补充数据' }).success).toBe(true);
    expect(reviewItemSchema.safeParse({ decision: 'approve' }).success).toBe(true);
    expect(publishPeriodicalSchema.safeParse({ itemIds: ['a', 'a'] }).success).toBe(false);
    expect(publishPeriodicalSchema.safeParse({ itemIds: [] }).success).toBe(false);
    expect(publishPeriodicalSchema.safeParse({ itemIds: Array.from({ length: 21 }, (_, i) => `i${i}`) }).success).toBe(
      false,
    );
    expect(publishPeriodicalSchema.safeParse({ itemIds: Array.from({ length: 20 }, (_, i) => `i${i}`) }).success).toBe(
      true,
    );
  });

  it('mails with the title escaped in the html and on one line in the subject', () => {
    const m = renderItemMail(
      'toReview',
      item({ title: '标题 <img src=x>\r\nBcc: x@y', body: '<b>正文</b>' }),
      { name: '张部长', email: 'h@x' },
      'http://app/items/I1',
      { actorName: '李信息' },
    );
    expect(m.subject).not.toMatch(/[\r\n]/);
    expect(m.subject.startsWith('【待审核·工作信息】')).toBe(true);
    expect(m.html).not.toContain('<img src=x>');
    expect(m.html).toContain('&lt;b&gt;正文&lt;/b&gt;');
    expect(m.text).toContain('http://app/items/I1');
  });
});

describe('periodical helpers', () => {
  it('computes a month in the organisation time zone', () => {
    expect(monthRange('2026-11', 'Asia/Shanghai')).toEqual({
      from: '2026-10-31T16:00:00.000Z',
      to: '2026-11-30T15:59:59.999Z',
    });
    expect(monthRange('2026-12', 'Asia/Shanghai').to).toBe('2026-12-31T15:59:59.999Z');
  });

  it('sends the issue to leaders (报) and to department and office heads (送)', () => {
    const p = (personId: string, roles: string[]) => ({
      personId,
      orgId: 'o',
      name: personId,
      email: `${personId}@x`,
      roles: roles as never,
      available: true,
    });
    const people = [
      p('chief', ['principalLeader']),
      p('sup', ['supervisingLeader']),
      p('head', ['departmentHead']),
      p('oh', ['officeHead']),
      p('rep', ['reporter']),
    ];
    const d = distributionOf(people, [{ departmentId: 'n', name: '新闻部', headId: 'head' }], 'chief');
    expect(d.leaders.map((x) => x.personId)).toEqual(['chief', 'sup']);
    expect(d.heads.map((x) => x.personId)).toEqual(['head', 'oh']);
    expect(d.departments).toEqual(['新闻部']);
  });
});
