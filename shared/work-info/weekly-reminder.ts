import type { WorkInfoDeps } from './ports.ts';
import { sendOnce } from '../platform/mail/send-once.ts';
import { renderQuotaReminder } from './item-mail.ts';
import { zoneOf } from '../org/index.ts';
import {
  departmentWeeks,
  reminderDue,
  reminderRecipients,
  weekOf,
  weeklyQuotaOf,
  workInfoRulesOf,
} from './rules/weekly-quota.ts';

export type WeeklyReminderRun = {
  orgs: number;
  due: number;
  departmentsShort: number;
  sent: number;
  alreadySent: number;
  failed: number;
};

/**
 * The weekly quota reminder (POLICY.md §5; the `WeeklyReminder` schedule, hourly): for each organisation whose
 * reminder is due at `now` in its own zone (Friday from 15:00 by default; its configuration's `workInfo.weeklyReminder`),
 * reads the week's item ledger once, finds the departments short of their weekly quota and mails each one's
 * information officers and head, once per department, week and person (the mail ledger: a second run that week finds
 * the mail sent). A refused or failed mail is counted and logged; the next run tries the failed ones again.
 */
export async function remindWeeklyQuota(
  deps: WorkInfoDeps,
  now: Date,
  opts: { orgIds?: string[] } = {},
): Promise<WeeklyReminderRun> {
  const run: WeeklyReminderRun = { orgs: 0, due: 0, departmentsShort: 0, sent: 0, alreadySent: 0, failed: 0 };
  const orgs = (await deps.items.listOrgs()).filter((o) => !opts.orgIds || opts.orgIds.includes(o.orgId));
  for (const line of orgs) {
    run.orgs++;
    const org = await deps.orgs.getOrg(line.orgId, now);
    if (!org) continue;
    const tz = zoneOf(org);
    if (!reminderDue(now, tz, workInfoRulesOf(org.config))) continue;
    run.due++;
    const week = weekOf(now, tz);
    const [departments, ledger, people] = await Promise.all([
      deps.orgs.listDepartments(org.orgId),
      deps.items.ledger(org.orgId, week.from, now.toISOString()),
      deps.orgs.listPeople(org.orgId),
    ]);
    const short = departmentWeeks(departments, ledger, weeklyQuotaOf(org.config)).filter((d) => d.short > 0);
    const sunday = new Date(Date.parse(`${week.monday}T00:00:00Z`) + 6 * 86400_000).toISOString().slice(0, 10);
    for (const d of short) {
      run.departmentsShort++;
      const department = departments.find((x) => x.departmentId === d.departmentId)!;
      for (const p of reminderRecipients(department, people).filter((x) => x.email)) {
        const mail = renderQuotaReminder(p, d, { monday: week.monday, sunday }, `${deps.appUrl}/items/new`);
        const slot = deps.items.quotaMailSlot(org.orgId, week.monday, d.departmentId, p.personId);
        try {
          const r = await sendOnce(deps.mailer, slot, now, mail, () => mail);
          if (r.status === 'sent') run.sent++;
          else if (r.status === 'alreadySent') run.alreadySent++;
          else if (r.status === 'rejected') run.failed++;
        } catch (err) {
          run.failed++;
          deps.log.error('quota reminder failed', {
            orgId: org.orgId,
            departmentId: d.departmentId,
            error: String(err),
          });
        }
      }
    }
  }
  return run;
}
