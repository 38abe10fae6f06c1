import { workInfoAccess } from './rules/access.ts';
import { StaleItem, type CreationKey, type ItemEvent, type Page, type Paging } from './item-repo.ts';
import { ConflictError, NotFoundError, RuleViolationError, ValidationError, type ErrorDetail } from '../platform/kernel/errors.ts';
import { renderPeriodicalMail } from './item-mail.ts';
import type { Caller } from '../platform/auth/caller.ts';
import type { Deps } from '../app/ports.ts';
import { readCreation } from './item-flow.ts';
import { once, type Created } from '../platform/kernel/once.ts';
import { ITEM_KIND_LABELS, nextState, type Item, type ItemKind, type PublishPeriodicalInput } from './rules/item.ts';
import type { Person } from '../org/rules/model.ts';
import { localParts } from '../platform/kernel/time.ts';

const { authorize } = workInfoAccess;

/** One issue of the organisation's internal periodical (交流刊物): numbered per organisation and year, gaplessly. */
export type Periodical = {
  periodicalId: string;
  orgId: string;
  orgName: string;
  timezone: string;
  year: number;
  issueNo: number;
  title: string;
  publishedAt: string;
  publishedBy: string;
  publishedByName: string;
  /** The items in the order the office chose, as they read when published. */
  items: { itemId: string; kind: ItemKind; kindLabel: string; title: string; body: string; departmentName: string; authorName: string }[];
  /** The distribution list (报/送): names of leaders and departments it goes to. */
  distribution: { leaders: string[]; departments: string[] };
  mailedTo?: string[];
  mailedAt?: string;
};

export const periodicalId = (year: number, issueNo: number) => `${year}-${issueNo}`;
export function parsePeriodicalId(id: string): { year: number; issueNo: number } | undefined {
  const m = /^(\d{4})-(\d{1,4})$/.exec(id);
  return m ? { year: Number(m[1]), issueNo: Number(m[2]) } : undefined;
}

/** The distribution list: the bureau leaders (报) and the departments through their heads (送). */
export function distributionOf(people: Person[], departments: { departmentId: string; name: string; headId?: string }[], principalLeaderId?: string): { leaders: Person[]; heads: Person[]; departments: string[] } {
  const leaders = people.filter((p) => p.personId === principalLeaderId || p.roles.includes('principalLeader') || p.roles.includes('supervisingLeader'));
  const headIds = new Set(departments.map((d) => d.headId).filter(Boolean));
  const heads = people.filter((p) => !leaders.includes(p) && (headIds.has(p.personId) || p.roles.includes('departmentHead') || p.roles.includes('officeHead')));
  return { leaders, heads, departments: departments.map((d) => d.name) };
}

const MAX_ATTEMPTS = 12;

/**
 * Publishes an issue of the periodical (POST /api/orgs/{orgId}/periodicals).
 * 1. Authorizes the office; every chosen item must belong to the organisation and be publishable (adopted and, if
 *    important, signed off; not yet published): otherwise 422 ITEM_NOT_PUBLISHABLE naming each, and nothing is written.
 * 2. Takes the next number of the year (in the organisation's time zone) and writes the counter, the issue and the
 *    items in one transaction; if another issue took the number meanwhile, it re-reads and tries the next, so numbers
 *    never repeat and never skip.
 * 3. Mails the issue to the distribution list and records who got it. With an `Idempotency-Key`, a repeat (a
 *    double click) returns the first issue instead of failing on its already published items.
 */
export async function publishPeriodical(deps: Deps, caller: Caller, orgId: string, input: PublishPeriodicalInput, opts: { idempotencyKey?: string } = {}): Promise<Created<Periodical>> {
  return once(readCreation(deps), caller, 'periodical', opts.idempotencyKey, { orgId, ...input }, (creation) => publishNow(deps, caller, orgId, input, creation));
}

async function publishNow(deps: Deps, caller: Caller, orgId: string, input: PublishPeriodicalInput, creation: (body: Periodical, at: string) => CreationKey | undefined): Promise<Periodical> {
  const org = await deps.orgs.getOrg(orgId);
  if (!org || org.orgId !== caller.orgId) throw new NotFoundError('单位', 'ORG_NOT_FOUND');
  authorize(caller, 'periodical.publish', { kind: 'periodicals', orgId, officeDepartmentId: org.officeDepartmentId });
  const [people, departments] = await Promise.all([deps.orgs.listPeople(orgId), deps.orgs.listDepartments(orgId)]);
  const dist = distributionOf(people, departments, org.principalLeaderId);

  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const items = await Promise.all(input.itemIds.map((id) => deps.items.get(id)));
    const details: ErrorDetail[] = [];
    items.forEach((it, i) => {
      if (!it || it.orgId !== orgId) details.push({ field: `itemIds.${i}`, code: 'unknown', message: `没有这条信息：${input.itemIds[i]}` });
    });
    if (details.length) throw new ValidationError(details);
    const found = items as Item[];
    found.forEach((it, i) => {
      if (!nextState(it, 'publish')) {
        const why = it.state === 'published' ? `已编入第${it.issueNo}期` : it.state === 'adopted' && it.important ? '重要信息尚未经领导签发' : '未被采用';
        details.push({ field: `itemIds.${i}`, code: 'not_publishable', message: `《${it.title}》${why}` });
      }
    });
    if (details.length) throw new RuleViolationError('ITEM_NOT_PUBLISHABLE', '只有已采用（重要信息须经签发）且尚未刊发的信息可以编入刊物。', details);

    const now = deps.clock();
    const at = now.toISOString();
    const year = localParts(now, org.timezone).year;
    const issueNo = (await deps.items.lastIssueNo(orgId, year)) + 1;
    const p: Periodical = {
      periodicalId: periodicalId(year, issueNo),
      orgId,
      orgName: org.name,
      timezone: org.timezone,
      year,
      issueNo,
      title: input.title ?? `${org.name}工作信息`,
      publishedAt: at,
      publishedBy: caller.personId,
      publishedByName: caller.name,
      items: found.map((it) => ({ itemId: it.itemId, kind: it.kind, kindLabel: ITEM_KIND_LABELS[it.kind], title: it.title, body: it.body, departmentName: it.departmentName, authorName: it.authorName })),
      distribution: { leaders: dist.leaders.map((l) => l.name), departments: dist.departments },
    };
    const changes = found.map((it) => {
      const event: ItemEvent = {
        eventId: deps.ids(),
        at,
        type: 'published',
        actorId: caller.personId,
        actorName: caller.name,
        detail: `${caller.name} 编入《${p.title}》${year}年第${issueNo}期`,
        sourceIp: caller.sourceIp,
        fromState: it.state,
        toState: 'published',
      };
      const item: Item = { ...it, state: 'published', version: it.version + 1, updatedAt: at, publishedAt: at, periodicalId: p.periodicalId, issueNo, issueYear: year };
      return { item, expectedVersion: it.version, event };
    });
    try {
      await deps.items.publish(p, changes, creation(p, at));
    } catch (err) {
      if (!(err instanceof StaleItem)) throw err;
      // Another issue took this number, or an item changed: read again and decide again (a published item is then refused).
      await new Promise((r) => setTimeout(r, 10 + Math.random() * 40 * (attempt + 1)));
      continue;
    }

    const recipients = [...dist.leaders, ...dist.heads];
    const mailedTo: string[] = [];
    const link = `${deps.appUrl}/periodicals/${p.periodicalId}`;
    for (const r of recipients) {
      if (!r.email || mailedTo.includes(r.email)) continue;
      try {
        await deps.mailer.send(renderPeriodicalMail(p, r, link));
        mailedTo.push(r.email);
      } catch (err) {
        deps.log.warn('periodical mail failed', { periodicalId: p.periodicalId, to: r.personId, error: String(err) });
      }
    }
    await deps.items.markPeriodicalMailed(p, mailedTo, deps.clock().toISOString());
    return { ...p, mailedTo };
  }
  throw new ConflictError('PERIODICAL_BUSY', '同时发布的刊物太多，请稍后重试。');
}

/** The organisation's issues, newest first (the archive), a page at a time. */
export async function listPeriodicals(deps: Deps, caller: Caller, orgId: string, paging: Paging = { limit: 100 }): Promise<Page<Periodical>> {
  const org = await deps.orgs.getOrg(orgId);
  if (!org || org.orgId !== caller.orgId) throw new NotFoundError('单位', 'ORG_NOT_FOUND');
  authorize(caller, 'periodical.read', { kind: 'periodicals', orgId, officeDepartmentId: org.officeDepartmentId });
  return deps.items.pagePeriodicals(orgId, paging);
}

/** One issue. */
export async function getPeriodical(deps: Deps, caller: Caller, orgId: string, id: string): Promise<Periodical> {
  const org = await deps.orgs.getOrg(orgId);
  if (!org || org.orgId !== caller.orgId) throw new NotFoundError('单位', 'ORG_NOT_FOUND');
  authorize(caller, 'periodical.read', { kind: 'periodicals', orgId, officeDepartmentId: org.officeDepartmentId });
  const key = parsePeriodicalId(id);
  const p = key && (await deps.items.getPeriodical(orgId, key.year, key.issueNo));
  if (!p) throw new NotFoundError('刊物', 'PERIODICAL_NOT_FOUND');
  return p;
}
