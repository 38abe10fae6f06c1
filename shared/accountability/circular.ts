import { accountabilityAccess } from './rules/access.ts';
import { StaleFinding, circularBusy } from './errors.ts';
import type { AccountabilityDeps, CirculatedFinding } from './ports.ts';
import { NotFoundError, RuleViolationError, ValidationError } from '../platform/kernel/errors.ts';
import { publishNumbered } from '../platform/kernel/numbered.ts';
import { mailEach } from '../platform/mail/best-effort.ts';
import type { Writes } from '../platform/kernel/writes.ts';
import { renderCircularMail } from './finding-mail.ts';
import type { Caller } from '../platform/auth/caller.ts';
import { FINDING_KIND_LABELS, findingLabel, type Finding } from './rules/finding.ts';
import { circularId, parseCircularId, type Circular, type PublishCircularInput } from './rules/circular.ts';
import { findingsOf, period, readCreation, type Creation } from './findings.ts';
import { once, type Created } from '../platform/kernel/once.ts';
import { isLeaderOf, requireOrg, type Org, type Person } from '../org/index.ts';
import { statsOf } from './timeliness.ts';
import { bestReporters } from './rules/timeliness.ts';

const { authorize } = accountabilityAccess;

/**
 * Publishes a circular (POST /api/orgs/{orgId}/circulars).
 * 1. The office of the organisation. Criticism: the confirmed findings of the period (occurrence in [from, to]) not yet
 *    in a circular, or the ones chosen (each must be such: 422 FINDING_NOT_CIRCULABLE naming it); none is 422
 *    NO_FINDINGS. Praise: the departments with reports, none late, fastest median first (none is 422 NOTHING_TO_PRAISE).
 * 2. Takes the next number of the year (organisation's zone) and writes counter, circular and the findings' mark in
 *    one transaction; a lost race re-reads and tries the next number, so numbers never repeat or skip, and a finding
 *    that another circular took meanwhile makes this one fail rather than name it twice.
 * 3. Mails the circular to the distribution list (leaders, department heads, the lower organisations concerned) and
 *    records who got it.
 */
export async function publishCircular(
  deps: AccountabilityDeps,
  caller: Caller,
  orgId: string,
  input: PublishCircularInput,
  opts: { idempotencyKey?: string } = {},
): Promise<Created<Circular>> {
  return once<Circular, 'circular'>(
    readCreation(deps),
    caller,
    'circular',
    opts.idempotencyKey,
    { orgId, ...input },
    (creation) => publishNow(deps, caller, orgId, input, creation),
  );
}

async function publishNow(
  deps: AccountabilityDeps,
  caller: Caller,
  orgId: string,
  input: PublishCircularInput,
  creation: Creation<Circular>,
): Promise<Circular> {
  const repo = findingsOf(deps);
  const org = await requireOrg(deps.orgs, orgId);
  authorize(caller, 'circular.publish', { kind: 'accountability', orgId, officeDepartmentId: org.officeDepartmentId });
  const { from, to } = period(input.from, input.to, new Date(8.64e15), org.timezone);
  const named = await namedLowerOrgs(deps, orgId, input);
  const [people, departments] = await Promise.all([deps.orgs.listPeople(orgId), deps.orgs.listDepartments(orgId)]);
  const leaders = people.filter((p) => isLeaderOf(org, p));
  /** Who a circular is mailed to: the leaders, the heads and the office, and each named lower organisation's leader and office. */
  const recipientsOf = async (lowerOrgs: readonly { orgId: string; principalLeaderId?: string }[]) => {
    const recipients: Person[] = [
      ...leaders,
      ...people.filter(
        (p) =>
          !leaders.includes(p) && (departments.some((d) => d.headId === p.personId) || p.roles.includes('officeHead')),
      ),
    ];
    for (const lo of lowerOrgs) {
      const lp = await deps.orgs.listPeople(lo.orgId);
      recipients.push(...lp.filter((p) => p.personId === lo.principalLeaderId || p.roles.includes('officeHead')));
    }
    return recipients;
  };
  /** With the outbox (ARCHITECTURE decision 9): each mail a record in the circular's own transaction; else undefined. */
  let staged: { writes: Writes; nudge: () => Promise<void>; email: string }[] | undefined;
  const stageMails = async (c: Circular, lowerOrgs: readonly { orgId: string; principalLeaderId?: string }[]) => {
    const stage = deps.mailer.stage?.bind(deps.mailer);
    if (!stage) return undefined;
    const link = `${deps.appUrl}/circulars/${c.circularId}`;
    const seen = new Set<string>();
    const mails = (await recipientsOf(lowerOrgs))
      .filter((r): r is Person & { email: string } => !!r.email && !seen.has(r.email) && !!seen.add(r.email))
      .map((r) => {
        const m = stage(renderCircularMail(c, r, link), `CIRCULAR#${c.orgId}#${c.circularId}|MAIL#${r.email}`);
        return m && { ...m, email: r.email };
      });
    return mails.every((m) => m !== undefined) ? mails : undefined;
  };

  const { doc: c, draft } = await publishNumbered({
    clock: deps.clock,
    timeZone: org.timezone,
    prepare: async () => {
      const alone = named.length > 0 && !input.findingIds;
      const chosen =
        input.kind === 'criticism' ? await circulable(deps, orgId, input, { from, to }, { allowNone: alone }) : [];
      const praised = input.kind === 'praise' ? await praiseworthy(deps, org, { from, to }, { allowNone: alone }) : [];
      const lowerOrgIds = [...new Set(chosen.map((f) => f.responsibleOrgId).filter((id) => id !== orgId))].filter(
        (id) => !named.some((n) => n.org.orgId === id),
      );
      const lowerOrgs = [
        ...named.map((n) => n.org),
        ...(await Promise.all(lowerOrgIds.map((id) => deps.orgs.getOrg(id)))).filter((o): o is Org => !!o),
      ];
      const reasons = await Promise.all(named.map((n) => n.reason ?? reportingReason(deps, n.org, { from, to })));
      const namedOrgs = named.map((n, i) => ({ orgId: n.org.orgId, name: n.org.name, reason: reasons[i]! }));
      return { chosen, praised, lowerOrgs, namedOrgs };
    },
    lastNumber: (year) => repo.lastCircularNo(orgId, year),
    compose: ({ chosen, praised, lowerOrgs, namedOrgs }, { year, number, now }): Circular => ({
      circularId: circularId(year, number),
      orgId,
      orgName: org.name,
      timezone: org.timezone,
      year,
      number,
      kind: input.kind,
      title:
        input.title ??
        (input.kind === 'criticism'
          ? chosen.length
            ? `关于${kindsOf(chosen)}情况的通报`
            : '关于下级单位信息报送情况的通报'
          : '关于信息报送工作表现突出单位的通报'),
      from,
      to,
      ...(input.intro ? { intro: input.intro } : {}),
      publishedAt: now.toISOString(),
      publishedBy: caller.personId,
      publishedByName: caller.name,
      findings: chosen.map((f) => ({
        findingId: f.findingId,
        kind: f.kind,
        kindLabel: f.linkedReport ? '漏报（后迟报）' : FINDING_KIND_LABELS[f.kind],
        label: findingLabel(f),
        responsibleOrgName: f.responsibleOrgName,
        responsibleDepartmentName: f.responsibleDepartmentName,
        responsiblePersonName: f.responsiblePersonName,
        reportTitle: f.reportTitle,
        occurredAt: f.occurredAt,
        note: f.note,
        decisionReason: f.decision?.reason,
        explanation: f.explanation?.text,
      })),
      praised,
      ...(namedOrgs.length ? { lowerOrgs: namedOrgs } : {}),
      distribution: {
        leaders: leaders.map((l) => l.name),
        departments: departments.map((d) => d.name),
        orgs: lowerOrgs.map((o) => o.name),
      },
    }),
    write: async (c, draft) => {
      const { chosen } = draft;
      const at = c.publishedAt;
      const detail = `${caller.name} 编入${org.name}通报〔${c.year}〕第${c.number}号`;
      const marks: CirculatedFinding[] = chosen.map((f) => ({
        finding: { ...f, circular: { circularId: c.circularId, year: c.year, number: c.number } },
        expectedVersion: f.version,
        event: {
          eventId: deps.ids(),
          at,
          type: 'circulated',
          actorId: caller.personId,
          actorName: caller.name,
          detail,
          sourceIp: caller.sourceIp,
        },
      }));
      staged = await stageMails(c, draft.lowerOrgs);
      try {
        await repo.publishCircular(
          c,
          marks,
          creation(c, at),
          staged?.map((m) => m.writes),
        );
        return true;
      } catch (err) {
        if (err instanceof StaleFinding) return false;
        throw err;
      }
    },
    busy: circularBusy,
  });

  if (staged) {
    // Committed with the circular: the nudges only hurry them (the every-minute check sends a record whose nudge is lost).
    await Promise.all(staged.map((m) => m.nudge()));
    const mailedTo = staged.map((m) => m.email);
    await repo.markCircularMailed(c, mailedTo, deps.clock().toISOString());
    return { ...c, mailedTo };
  }
  const recipients = await recipientsOf(draft.lowerOrgs);
  const link = `${deps.appUrl}/circulars/${c.circularId}`;
  const { sent } = await mailEach(deps, recipients, (r) => renderCircularMail(c, r, link), {
    message: 'circular mail failed',
    context: { circularId: c.circularId },
  });
  const mailedTo = sent.map((r) => r.email!);
  await repo.markCircularMailed(c, mailedTo, deps.clock().toISOString());
  return { ...c, mailedTo };
}

/**
 * The lower organisations a circular names (`lowerOrgs`): each must be a lower organisation of the issuer, named once;
 * otherwise 400 naming the entry (`lowerOrgs.<i>.orgId`) and nothing is written. One Query lists the children.
 */
async function namedLowerOrgs(
  deps: AccountabilityDeps,
  orgId: string,
  input: PublishCircularInput,
): Promise<{ org: Org; reason?: string }[]> {
  if (!input.lowerOrgs?.length) return [];
  const children = new Map((await deps.orgs.listChildOrgs(orgId)).map((c) => [c.orgId, c]));
  const seen = new Set<string>();
  const details = input.lowerOrgs.flatMap((n, i) => {
    const field = `lowerOrgs.${i}.orgId`;
    if (seen.has(n.orgId)) return [{ field, code: 'duplicate', message: '同一下级单位只能列一次' }];
    seen.add(n.orgId);
    if (!children.has(n.orgId)) return [{ field, code: 'not_lower_org', message: '不是本单位的下级单位' }];
    return [];
  });
  if (details.length) throw new ValidationError(details);
  const orgs = await Promise.all(input.lowerOrgs.map((n) => deps.orgs.getOrg(n.orgId)));
  return input.lowerOrgs.map((n, i) => ({ org: orgs[i]!, ...(n.reason ? { reason: n.reason } : {}) }));
}

/** A named lower organisation's reporting of the period, as the circular states it when the office wrote no reason. */
async function reportingReason(deps: AccountabilityDeps, org: Org, span: { from: string; to: string }) {
  const s = await statsOf(deps, org, span);
  if (!s.reports) return '本期间无报告';
  return `报送 ${s.reports} 份，迟报 ${s.late} 份，获知至报送中位 ${s.medianMinutes ?? 0} 分钟`;
}

/**
 * The findings a criticism circular names: the confirmed ones of the period not yet in a circular (at most 40), or
 * the ones chosen, each of which must be such (422 FINDING_NOT_CIRCULABLE naming it); none is 422 NO_FINDINGS.
 */
async function circulable(
  deps: AccountabilityDeps,
  orgId: string,
  input: PublishCircularInput,
  span: { from: string; to: string },
  opts: { allowNone?: boolean } = {},
): Promise<Finding[]> {
  const all = await findingsOf(deps).listByOrg(orgId, span.from, span.to);
  const open = (f: Finding) => f.state === 'confirmed' && !f.circular;
  let chosen: Finding[];
  if (input.findingIds) {
    const byId = new Map(all.map((f) => [f.findingId, f]));
    const details = input.findingIds.flatMap((id, i) => {
      const f = byId.get(id) ?? undefined;
      if (!f) return [{ field: `findingIds.${i}`, code: 'unknown', message: `本期间没有这条记录：${id}` }];
      if (!open(f))
        return [
          {
            field: `findingIds.${i}`,
            code: 'not_circulable',
            message: f.circular ? `已在${f.circular.year}年第${f.circular.number}号通报中` : '尚未认定',
          },
        ];
      return [];
    });
    if (details.length)
      throw new RuleViolationError('FINDING_NOT_CIRCULABLE', '只有已认定且未被通报过的记录可以编入通报。', details);
    chosen = input.findingIds.map((id) => byId.get(id)!);
  } else chosen = all.filter(open).slice(0, 40);
  if (!chosen.length && !opts.allowNone)
    throw new RuleViolationError('NO_FINDINGS', '这段时间没有已认定且未通报的记录。');
  return chosen;
}

/** The departments a praise circular names: those that reported fastest and most completely (none is 422 NOTHING_TO_PRAISE). */
async function praiseworthy(
  deps: AccountabilityDeps,
  org: Org,
  span: { from: string; to: string },
  opts: { allowNone?: boolean } = {},
): Promise<Circular['praised']> {
  const stats = await statsOf(deps, org, span);
  const praised = bestReporters(stats).map((d) => ({
    name: d.name,
    reports: d.reports,
    medianMinutes: d.medianMinutes,
    reason: `报送 ${d.reports} 份，无迟报，获知至报送中位 ${d.medianMinutes ?? 0} 分钟`,
  }));
  if (!praised.length && !opts.allowNone)
    throw new RuleViolationError('NOTHING_TO_PRAISE', '这段时间没有按时报送的部门可以表扬。');
  return praised;
}

function kindsOf(fs: Finding[]): string {
  return [...new Set(fs.map((f) => FINDING_KIND_LABELS[f.kind]))].join('、');
}

/** The organisation's circulars, newest first (the archive): any member of it. */
export async function listCirculars(deps: AccountabilityDeps, caller: Caller, orgId: string): Promise<Circular[]> {
  const org = await requireOrg(deps.orgs, orgId);
  authorize(caller, 'circular.read', { kind: 'accountability', orgId, officeDepartmentId: org.officeDepartmentId });
  return findingsOf(deps).listCirculars(orgId);
}

export async function getCircular(
  deps: AccountabilityDeps,
  caller: Caller,
  orgId: string,
  id: string,
): Promise<Circular> {
  const org = await requireOrg(deps.orgs, orgId);
  authorize(caller, 'circular.read', { kind: 'accountability', orgId, officeDepartmentId: org.officeDepartmentId });
  const key = parseCircularId(id);
  const c = key && (await findingsOf(deps).getCircular(orgId, key.year, key.number));
  if (!c) throw new NotFoundError('通报', 'CIRCULAR_NOT_FOUND');
  return c;
}
