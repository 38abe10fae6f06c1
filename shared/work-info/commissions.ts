import type { WorkInfoDeps } from './ports.ts';
import type { Caller } from '../platform/auth/caller.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../platform/kernel/errors.ts';
import { commitWithMails } from '../platform/mail/best-effort.ts';
import { sendOnce } from '../platform/mail/send-once.ts';
import { formatLocal } from '../platform/kernel/time.ts';
import { orgNotFound, zoneOf, type Org } from '../org/index.ts';
import { renderCommissionMail } from './item-mail.ts';
import { reminderRecipients } from './rules/weekly-quota.ts';
import { commissionAnswers, mayOnCommission, type Commission, type CreateCommissionInput } from './rules/commission.ts';

const deny = (d: 'forbid' | 'hide') => {
  if (d === 'hide') throw new NotFoundError('约稿', 'COMMISSION_NOT_FOUND');
  throw new ForbiddenError();
};

async function ownOrg(deps: WorkInfoDeps, caller: Caller, orgId: string): Promise<Org> {
  const org = await deps.orgs.getOrg(orgId);
  if (!org || org.orgId !== caller.orgId) throw orgNotFound();
  return org;
}

/**
 * The office asks chosen departments for items on a topic by a deadline (约稿; POST /api/orgs/{orgId}/commissions):
 * each department must be the organisation's (else 400 naming `departmentIds.<n>`), the deadline in the future (400
 * `dueAt`). The departments' information officers and heads are mailed: outbox records written with the commission.
 */
export async function createCommission(
  deps: WorkInfoDeps,
  caller: Caller,
  orgId: string,
  input: CreateCommissionInput,
): Promise<Commission> {
  const org = await ownOrg(deps, caller, orgId);
  const d = mayOnCommission(caller, 'create', org);
  if (d !== 'allow') deny(d);
  const now = deps.clock();
  const all = await deps.orgs.listDepartments(orgId);
  const details = input.departmentIds.flatMap((id, i) =>
    all.some((x) => x.departmentId === id)
      ? []
      : [{ field: `departmentIds.${i}`, code: 'unknown', message: '本单位没有这个部门' }],
  );
  if (Date.parse(input.dueAt) <= now.getTime())
    details.push({ field: 'dueAt', code: 'past', message: '截止时间必须晚于现在' });
  if (details.length) throw new ValidationError(details);
  const c: Commission = {
    commissionId: deps.ids(),
    orgId,
    topic: input.topic,
    details: input.details,
    departments: input.departmentIds.map((id) => ({
      departmentId: id,
      name: all.find((x) => x.departmentId === id)!.name,
    })),
    dueAt: new Date(input.dueAt).toISOString(),
    createdAt: now.toISOString(),
    createdBy: caller.personId,
    createdByName: caller.name,
  };
  const people = await deps.orgs.listPeople(orgId);
  const to = c.departments.flatMap((dep) =>
    reminderRecipients(all.find((x) => x.departmentId === dep.departmentId)!, people),
  );
  const link = `${deps.appUrl}/commissions/${c.commissionId}`;
  // The mails are outbox records in the commission's own transaction: written with it or not at all.
  const mails = {
    people: to,
    render: (p: (typeof to)[number] & { email: string }) =>
      renderCommissionMail('asked', c, p, link, formatLocal(c.dueAt, zoneOf(org))),
    key: (p: { email: string }) => `COMMISSION#${c.commissionId}|asked|MAIL#${p.email}`,
    failure: { message: 'commission mail failed', context: { commissionId: c.commissionId } },
  };
  await commitWithMails(deps, [mails], (writes) => deps.items.putCommission(c, writes));
  return c;
}

export type CommissionView = Commission & { answers: ReturnType<typeof commissionAnswers> };

/** The request with who answered (GET /api/commissions/{commissionId}): `answers: [{departmentId, itemIds, …}]`. */
export async function getCommission(deps: WorkInfoDeps, caller: Caller, commissionId: string): Promise<CommissionView> {
  const found = await deps.items.getCommission(commissionId);
  if (!found || found.commission.orgId !== caller.orgId) throw new NotFoundError('约稿', 'COMMISSION_NOT_FOUND');
  const org = await ownOrg(deps, caller, found.commission.orgId);
  const d = mayOnCommission(caller, 'read', org, found.commission);
  if (d !== 'allow') deny(d);
  return { ...found.commission, answers: commissionAnswers(found.commission, found.answers, deps.clock()) };
}

/** The organisation's commissions due from 90 days ago on, by deadline, that the caller may read. */
export async function listCommissions(deps: WorkInfoDeps, caller: Caller, orgId: string): Promise<Commission[]> {
  const org = await ownOrg(deps, caller, orgId);
  const now = deps.clock().getTime();
  const all = await deps.items.listCommissions(
    orgId,
    new Date(now - 90 * 86400_000).toISOString(),
    new Date(now + 3660 * 86400_000).toISOString(),
  );
  return all.filter((c) => mayOnCommission(caller, 'read', org, c) === 'allow');
}

/** The department an item for a commission is written for must have been asked (else 400 naming `commissionId`). */
export async function checkCommission(
  deps: WorkInfoDeps,
  orgId: string,
  commissionId: string,
  departmentId: string,
): Promise<void> {
  const found = await deps.items.getCommission(commissionId);
  const ok =
    found?.commission.orgId === orgId && found.commission.departments.some((d) => d.departmentId === departmentId);
  if (!ok) throw new ValidationError([{ field: 'commissionId', code: 'unknown', message: '没有向本部门发出这个约稿' }]);
}

/**
 * Reminds each department that has not answered a commission whose deadline passed in the last 14 days, once
 * (send-once per commission, department and person). Run by the hourly WeeklyReminder schedule.
 */
export async function chaseCommissions(
  deps: WorkInfoDeps,
  now: Date,
  opts: { orgIds?: string[] } = {},
): Promise<{ overdue: number; sent: number; alreadySent: number; failed: number }> {
  const run = { overdue: 0, sent: 0, alreadySent: 0, failed: 0 };
  const orgs = (await deps.items.listOrgs()).filter((o) => !opts.orgIds || opts.orgIds.includes(o.orgId));
  for (const line of orgs) {
    const due = await deps.items.listCommissions(
      line.orgId,
      new Date(now.getTime() - 14 * 86400_000).toISOString(),
      now.toISOString(),
    );
    if (!due.length) continue;
    const [departments, people] = await Promise.all([
      deps.orgs.listDepartments(line.orgId),
      deps.orgs.listPeople(line.orgId),
    ]);
    for (const c of due) {
      const found = await deps.items.getCommission(c.commissionId);
      if (!found) continue;
      for (const a of commissionAnswers(found.commission, found.answers, now).filter((x) => x.overdue)) {
        run.overdue++;
        const dep = departments.find((x) => x.departmentId === a.departmentId) ?? { departmentId: a.departmentId };
        for (const p of reminderRecipients(dep, people).filter((x) => x.email)) {
          const link = `${deps.appUrl}/commissions/${c.commissionId}`;
          const mail = renderCommissionMail('overdue', c, p, link, formatLocal(c.dueAt, zoneOf(line)));
          try {
            const r = await sendOnce(
              deps.mailer,
              deps.items.commissionMailSlot(c.commissionId, a.departmentId, p.personId),
              now,
              mail,
              () => mail,
            );
            if (r.status === 'sent') run.sent++;
            else if (r.status === 'alreadySent') run.alreadySent++;
            else if (r.status === 'rejected') run.failed++;
          } catch (err) {
            run.failed++;
            deps.log.error('commission reminder failed', { commissionId: c.commissionId, error: String(err) });
          }
        }
      }
    }
  }
  return run;
}
