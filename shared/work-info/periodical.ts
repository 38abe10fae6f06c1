import { workInfoAccess } from './rules/access.ts';
import type { CreationKey, Page, Paging, WorkInfoDeps } from './ports.ts';
import { periodicalBusy, StaleItem } from './errors.ts';
import { NotFoundError, RuleViolationError, ValidationError, type ErrorDetail } from '../platform/kernel/errors.ts';
import { publishNumbered } from '../platform/kernel/numbered.ts';
import { mailEach } from '../platform/mail/best-effort.ts';
import { renderPeriodicalMail } from './item-mail.ts';
import type { Caller } from '../platform/auth/caller.ts';
import { readCreation } from './item-flow.ts';
import { once, type Created } from '../platform/kernel/once.ts';
import { ITEM_KIND_LABELS, nextState, type Item, type PublishPeriodicalInput } from './rules/item.ts';
import { distributionOf, parsePeriodicalId, periodicalId, type Periodical } from './rules/periodical.ts';
import { orgNotFound, type Org } from '../org/index.ts';

const { authorize } = workInfoAccess;

/**
 * Publishes an issue of the periodical (POST /api/orgs/{orgId}/periodicals).
 * 1. Authorizes the office; every chosen item must belong to the organisation and be publishable (adopted and, if
 *    important, signed off; not yet published): otherwise 422 ITEM_NOT_PUBLISHABLE naming each, and nothing is written.
 * 2. Takes the next number of the year (in the organisation's time zone) and writes the counter, the issue and the
 *    items in one transaction; if another issue took the number meanwhile, it re-reads and tries the next, so numbers
 *    never repeat and never skip (`publishNumbered`).
 * 3. Mails the issue to the distribution list and records who got it. With an `Idempotency-Key`, a repeat (a
 *    double click) returns the first issue instead of failing on its already published items.
 */
export async function publishPeriodical(
  deps: WorkInfoDeps,
  caller: Caller,
  orgId: string,
  input: PublishPeriodicalInput,
  opts: { idempotencyKey?: string } = {},
): Promise<Created<Periodical>> {
  return once(readCreation(deps), caller, 'periodical', opts.idempotencyKey, { orgId, ...input }, (creation) =>
    publishNow(deps, caller, orgId, input, creation),
  );
}

async function publishNow(
  deps: WorkInfoDeps,
  caller: Caller,
  orgId: string,
  input: PublishPeriodicalInput,
  creation: (body: Periodical, at: string) => CreationKey | undefined,
): Promise<Periodical> {
  const org = await ownOrg(deps, caller, orgId);
  authorize(caller, 'periodical.publish', { kind: 'periodicals', orgId, officeDepartmentId: org.officeDepartmentId });
  const [people, departments, { outside }] = await Promise.all([
    deps.orgs.listPeople(orgId),
    deps.orgs.listDepartments(orgId),
    deps.items.getDistribution(orgId),
  ]);
  const dist = distributionOf(people, departments, org.principalLeaderId);
  // Outside units cannot sign in: their mail carries the whole issue and no link.
  const outsiders = outside.map((o) => ({ ...o, personId: `outside:${o.email}` }));
  const recipients = [
    ...once1([...dist.leaders, ...dist.heads]).map((r) => ({ r, link: true })),
    ...once1(outsiders).map((r) => ({ r, link: false })),
  ];
  /**
   * With the outbox (ARCHITECTURE decision 9), each recipient's mail is a record written in the issue's own
   * transaction; `undefined` with a mailer that cannot stage (then mailed after, best effort).
   */
  let staged:
    | { writes: import('../platform/kernel/writes.ts').Writes; nudge: () => Promise<void>; email: string }[]
    | undefined;
  const stageMails = (p: Periodical) => {
    const stage = deps.mailer.stage?.bind(deps.mailer);
    if (!stage) return undefined;
    const link = `${deps.appUrl}/periodicals/${p.periodicalId}`;
    const mails = recipients.map(({ r, link: withLink }) => {
      const key = `PERIODICAL#${p.orgId}#${p.periodicalId}|MAIL#${r.email}`;
      const m = stage(renderPeriodicalMail(p, r, withLink ? link : undefined), key);
      return m && { ...m, email: r.email };
    });
    return mails.every((m) => m !== undefined) ? mails : undefined;
  };

  const { doc: p } = await publishNumbered({
    clock: deps.clock,
    timeZone: org.timezone,
    prepare: () => publishableItems(deps, orgId, input.itemIds),
    lastNumber: (year) => deps.items.lastIssueNo(orgId, year),
    compose: (found, { year, number: issueNo, now }): Periodical => ({
      periodicalId: periodicalId(year, issueNo),
      orgId,
      orgName: org.name,
      timezone: org.timezone,
      year,
      issueNo,
      title: input.title ?? `${org.name}工作信息`,
      publishedAt: now.toISOString(),
      publishedBy: caller.personId,
      publishedByName: caller.name,
      items: found.map((it) => ({
        itemId: it.itemId,
        kind: it.kind,
        kindLabel: ITEM_KIND_LABELS[it.kind],
        title: it.title,
        body: it.body,
        departmentName: it.departmentName,
        authorName: it.authorName,
      })),
      distribution: {
        leaders: dist.leaders.map((l) => l.name),
        departments: dist.departments,
        ...(outside.length ? { outside: outside.map((o) => o.name) } : {}),
      },
    }),
    write: async (p, found) => {
      const at = p.publishedAt;
      const changes = found.map((it) => ({
        item: {
          ...it,
          state: 'published' as const,
          version: it.version + 1,
          updatedAt: at,
          publishedAt: at,
          periodicalId: p.periodicalId,
          issueNo: p.issueNo,
          issueYear: p.year,
        },
        expectedVersion: it.version,
        event: {
          eventId: deps.ids(),
          at,
          type: 'published',
          actorId: caller.personId,
          actorName: caller.name,
          detail: `${caller.name} 编入《${p.title}》${p.year}年第${p.issueNo}期`,
          sourceIp: caller.sourceIp,
          fromState: it.state,
          toState: 'published',
        },
      }));
      staged = stageMails(p);
      try {
        await deps.items.publish(
          p,
          changes,
          creation(p, at),
          staged?.map((m) => m.writes),
        );
        return true;
      } catch (err) {
        // Another issue took this number, or an item changed: read again and decide again (a published item is then refused).
        if (err instanceof StaleItem) return false;
        throw err;
      }
    },
    busy: periodicalBusy,
  });

  if (staged) {
    // Committed with the issue: the nudges only hurry them (the every-minute check sends a record whose nudge is lost).
    await Promise.all(staged.map((m) => m.nudge()));
    const mailedTo = staged.map((m) => m.email);
    await deps.items.markPeriodicalMailed(p, mailedTo, deps.clock().toISOString());
    return { ...p, mailedTo };
  }
  const link = `${deps.appUrl}/periodicals/${p.periodicalId}`;
  const { sent } = await mailEach(deps, [...dist.leaders, ...dist.heads], (r) => renderPeriodicalMail(p, r, link), {
    message: 'periodical mail failed',
    context: { periodicalId: p.periodicalId },
  });
  const outsideMails = await mailEach(deps, outsiders, (r) => renderPeriodicalMail(p, r, undefined), {
    message: 'periodical mail failed',
    context: { periodicalId: p.periodicalId, outside: true },
  });
  const mailedTo = [...sent, ...outsideMails.sent].map((r) => r.email!);
  await deps.items.markPeriodicalMailed(p, mailedTo, deps.clock().toISOString());
  return { ...p, mailedTo };
}

/** People with an address, each address once (as `mailEach` picks them). */
function once1<P extends { email?: string }>(people: readonly (P | undefined)[]): (P & { email: string })[] {
  const seen = new Set<string>();
  return people.filter((p): p is P & { email: string } => !!p?.email && !seen.has(p.email) && !!seen.add(p.email));
}

/** The chosen items, each of the organisation and publishable; else 400 (unknown) or 422 ITEM_NOT_PUBLISHABLE naming each. */
async function publishableItems(deps: WorkInfoDeps, orgId: string, itemIds: string[]): Promise<Item[]> {
  const items = await Promise.all(itemIds.map((id) => deps.items.get(id)));
  const details: ErrorDetail[] = [];
  items.forEach((it, i) => {
    if (!it || it.orgId !== orgId)
      details.push({ field: `itemIds.${i}`, code: 'unknown', message: `没有这条信息：${itemIds[i]}` });
  });
  if (details.length) throw new ValidationError(details);
  const found = items as Item[];
  found.forEach((it, i) => {
    if (!nextState(it, 'publish')) {
      const why =
        it.state === 'published'
          ? `已编入第${it.issueNo}期`
          : it.state === 'adopted' && it.important
            ? '重要信息尚未经领导签发'
            : '未被采用';
      details.push({ field: `itemIds.${i}`, code: 'not_publishable', message: `《${it.title}》${why}` });
    }
  });
  if (details.length)
    throw new RuleViolationError(
      'ITEM_NOT_PUBLISHABLE',
      '只有已采用（重要信息须经签发）且尚未刊发的信息可以编入刊物。',
      details,
    );
  return found;
}

/** The caller's own organisation (periodicals are never read across organisations: another one is 404). */
async function ownOrg(deps: WorkInfoDeps, caller: Caller, orgId: string): Promise<Org> {
  const org = await deps.orgs.getOrg(orgId);
  if (!org || org.orgId !== caller.orgId) throw orgNotFound();
  return org;
}

/** The organisation's issues, newest first (the archive), a page at a time. */
export async function listPeriodicals(
  deps: WorkInfoDeps,
  caller: Caller,
  orgId: string,
  paging: Paging = { limit: 100 },
): Promise<Page<Periodical>> {
  const org = await ownOrg(deps, caller, orgId);
  authorize(caller, 'periodical.read', { kind: 'periodicals', orgId, officeDepartmentId: org.officeDepartmentId });
  return deps.items.pagePeriodicals(orgId, paging);
}

/** One issue. */
export async function getPeriodical(
  deps: WorkInfoDeps,
  caller: Caller,
  orgId: string,
  id: string,
): Promise<Periodical> {
  const org = await ownOrg(deps, caller, orgId);
  authorize(caller, 'periodical.read', { kind: 'periodicals', orgId, officeDepartmentId: org.officeDepartmentId });
  const key = parsePeriodicalId(id);
  const p = key && (await deps.items.getPeriodical(orgId, key.year, key.number));
  if (!p) throw new NotFoundError('刊物', 'PERIODICAL_NOT_FOUND');
  return p;
}
