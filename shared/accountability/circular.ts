import * as z from 'zod';
import { accountabilityAccess } from './rules/access.ts';
import { findingLabel, StaleFinding, type FindingEvent } from './finding-repo.ts';
import { ConflictError, NotFoundError, RuleViolationError } from '../platform/kernel/errors.ts';
import { renderCircularMail } from './finding-mail.ts';
import type { Caller } from '../platform/auth/caller.ts';
import type { Deps } from '../app/ports.ts';
import { FINDING_KIND_LABELS, type Finding, type FindingKind } from './rules/finding.ts';
import { findingsOf, period, readCreation, type Creation } from './findings.ts';
import { once, type Created } from '../platform/kernel/once.ts';
import type { Org, Person } from '../org/rules/model.ts';
import { bestReporters, statsOf } from './timeliness.ts';
import { localParts } from '../platform/kernel/time.ts';

const { authorize } = accountabilityAccess;

/** A circular (通报): numbered 第N号 per organisation and year, gaplessly; criticism names those responsible, praise the best reporters. */
export type Circular = {
  circularId: string;
  orgId: string;
  orgName: string;
  timezone: string;
  year: number;
  number: number;
  kind: 'criticism' | 'praise';
  title: string;
  from: string;
  to: string;
  intro?: string;
  publishedAt: string;
  publishedBy: string;
  publishedByName: string;
  /** Criticism: the confirmed findings named (点名批评), as they read when published. */
  findings: { findingId: string; kind: FindingKind; kindLabel: string; label: string; responsibleOrgName: string; responsibleDepartmentName?: string; responsiblePersonName?: string; reportTitle?: string; occurredAt: string; note: string; decisionReason?: string; explanation?: string }[];
  /** Praise: the departments that reported fastest and most completely. */
  praised: { name: string; reports: number; medianMinutes?: number; reason: string }[];
  distribution: { leaders: string[]; departments: string[]; orgs: string[] };
  mailedTo?: string[];
  mailedAt?: string;
};

export const circularId = (year: number, n: number) => `${year}-${n}`;
export function parseCircularId(id: string): { year: number; number: number } | undefined {
  const m = /^(\d{4})-(\d{1,4})$/.exec(id);
  return m ? { year: Number(m[1]), number: Number(m[2]) } : undefined;
}

const periodValue = z.string().trim().regex(/^\d{4}-\d{2}-\d{2}(T.+)?$/, { error: '须是日期 YYYY-MM-DD 或 ISO 8601 时间' });
export const publishCircularSchema = z
  .object({
    from: periodValue,
    to: periodValue,
    kind: z.enum(['criticism', 'praise'], { error: 'kind 必须是 criticism 或 praise' }),
    title: z.string().trim().min(1).max(100).optional(),
    intro: z.string().trim().max(4000).optional(),
    /** Criticism: which confirmed findings of the period to name (default: all not yet in a circular). */
    findingIds: z.array(z.string().trim().min(1).max(80)).min(1).max(40).optional(),
  })
  .strict();
export type PublishCircularInput = z.infer<typeof publishCircularSchema>;

const MAX_ATTEMPTS = 12;

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
export async function publishCircular(deps: Deps, caller: Caller, orgId: string, input: PublishCircularInput, opts: { idempotencyKey?: string } = {}): Promise<Created<Circular>> {
  return once<Circular, 'circular'>(readCreation(deps), caller, 'circular', opts.idempotencyKey, { orgId, ...input }, (creation) => publishNow(deps, caller, orgId, input, creation));
}

async function publishNow(deps: Deps, caller: Caller, orgId: string, input: PublishCircularInput, creation: Creation<Circular>): Promise<Circular> {
  const repo = findingsOf(deps);
  const org = await deps.orgs.getOrg(orgId);
  if (!org) throw new NotFoundError('单位', 'ORG_NOT_FOUND');
  authorize(caller, 'circular.publish', { kind: 'accountability', orgId, officeDepartmentId: org.officeDepartmentId });
  const { from, to } = period(input.from, input.to, new Date(8.64e15));
  const [people, departments] = await Promise.all([deps.orgs.listPeople(orgId), deps.orgs.listDepartments(orgId)]);

  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    let chosen: Finding[] = [];
    let praised: Circular['praised'] = [];
    if (input.kind === 'criticism') {
      const all = await repo.listByOrg(orgId, from, to);
      const open = (f: Finding) => f.state === 'confirmed' && !f.circular;
      if (input.findingIds) {
        const byId = new Map(all.map((f) => [f.findingId, f]));
        const details = input.findingIds.flatMap((id, i) => {
          const f = byId.get(id) ?? undefined;
          if (!f) return [{ field: `findingIds.${i}`, code: 'unknown', message: `本期间没有这条记录：${id}` }];
          if (!open(f)) return [{ field: `findingIds.${i}`, code: 'not_circulable', message: f.circular ? `已在${f.circular.year}年第${f.circular.number}号通报中` : '尚未认定' }];
          return [];
        });
        if (details.length) throw new RuleViolationError('FINDING_NOT_CIRCULABLE', '只有已认定且未被通报过的记录可以编入通报。', details);
        chosen = input.findingIds.map((id) => byId.get(id)!);
      } else chosen = all.filter(open).slice(0, 40);
      if (!chosen.length) throw new RuleViolationError('NO_FINDINGS', '这段时间没有已认定且未通报的记录。');
    } else {
      const stats = await statsOf(deps, orgId, { from, to });
      praised = bestReporters(stats).map((d) => ({ name: d.name, reports: d.reports, medianMinutes: d.medianMinutes, reason: `报送 ${d.reports} 份，无迟报，获知至报送中位 ${d.medianMinutes ?? 0} 分钟` }));
      if (!praised.length) throw new RuleViolationError('NOTHING_TO_PRAISE', '这段时间没有按时报送的部门可以表扬。');
    }

    const lowerOrgIds = [...new Set(chosen.map((f) => f.responsibleOrgId).filter((id) => id !== orgId))];
    const lowerOrgs = (await Promise.all(lowerOrgIds.map((id) => deps.orgs.getOrg(id)))).filter((o): o is Org => !!o);
    const now = deps.clock();
    const at = now.toISOString();
    const year = localParts(now, org.timezone).year;
    const number = (await repo.lastCircularNo(orgId, year)) + 1;
    const leaders = people.filter((p) => p.personId === org.principalLeaderId || p.roles.includes('principalLeader') || p.roles.includes('supervisingLeader'));
    const c: Circular = {
      circularId: circularId(year, number),
      orgId,
      orgName: org.name,
      timezone: org.timezone,
      year,
      number,
      kind: input.kind,
      title: input.title ?? (input.kind === 'criticism' ? `关于${kindsOf(chosen)}情况的通报` : '关于信息报送工作表现突出单位的通报'),
      from,
      to,
      ...(input.intro ? { intro: input.intro } : {}),
      publishedAt: at,
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
      distribution: { leaders: leaders.map((l) => l.name), departments: departments.map((d) => d.name), orgs: lowerOrgs.map((o) => o.name) },
    };
    const marks = chosen.map((f) => {
      const event: FindingEvent = { eventId: deps.ids(), at, type: 'circulated', actorId: caller.personId, actorName: caller.name, detail: `${caller.name} 编入${org.name}通报〔${year}〕第${number}号`, sourceIp: caller.sourceIp };
      return { finding: { ...f, circular: { circularId: c.circularId, year, number } }, expectedVersion: f.version, event };
    });
    try {
      await repo.publishCircular(c, marks, creation(c, at));
    } catch (err) {
      if (!(err instanceof StaleFinding)) throw err;
      await new Promise((r) => setTimeout(r, 10 + Math.random() * 40 * (attempt + 1)));
      continue;
    }

    const recipients: Person[] = [...leaders, ...people.filter((p) => !leaders.includes(p) && (departments.some((d) => d.headId === p.personId) || p.roles.includes('officeHead')))];
    for (const lo of lowerOrgs) {
      const lp = await deps.orgs.listPeople(lo.orgId);
      recipients.push(...lp.filter((p) => p.personId === lo.principalLeaderId || p.roles.includes('officeHead')));
    }
    const mailedTo: string[] = [];
    const link = `${deps.appUrl}/circulars/${c.circularId}`;
    for (const r of recipients) {
      if (!r.email || mailedTo.includes(r.email)) continue;
      try {
        await deps.mailer.send(renderCircularMail(c, r, link));
        mailedTo.push(r.email);
      } catch (err) {
        deps.log.warn('circular mail failed', { circularId: c.circularId, to: r.personId, error: String(err) });
      }
    }
    await repo.markCircularMailed(c, mailedTo, deps.clock().toISOString());
    return { ...c, mailedTo };
  }
  throw new ConflictError('CIRCULAR_BUSY', '同时发布的通报太多，请稍后重试。');
}

function kindsOf(fs: Finding[]): string {
  return [...new Set(fs.map((f) => FINDING_KIND_LABELS[f.kind]))].join('、');
}

/** The organisation's circulars, newest first (the archive): any member of it. */
export async function listCirculars(deps: Deps, caller: Caller, orgId: string): Promise<Circular[]> {
  const org = await deps.orgs.getOrg(orgId);
  if (!org) throw new NotFoundError('单位', 'ORG_NOT_FOUND');
  authorize(caller, 'circular.read', { kind: 'accountability', orgId, officeDepartmentId: org.officeDepartmentId });
  return findingsOf(deps).listCirculars(orgId);
}

export async function getCircular(deps: Deps, caller: Caller, orgId: string, id: string): Promise<Circular> {
  const org = await deps.orgs.getOrg(orgId);
  if (!org) throw new NotFoundError('单位', 'ORG_NOT_FOUND');
  authorize(caller, 'circular.read', { kind: 'accountability', orgId, officeDepartmentId: org.officeDepartmentId });
  const key = parseCircularId(id);
  const c = key && (await findingsOf(deps).getCircular(orgId, key.year, key.number));
  if (!c) throw new NotFoundError('通报', 'CIRCULAR_NOT_FOUND');
  return c;
}
