import { sendOnce } from '../platform/mail/send-once.ts';
import { headerSafe, type Mail } from '../platform/mail/mailer.ts';
import { html } from '../platform/pages/html.ts';
import { formatLocal } from '../platform/kernel/time.ts';
import type { MailEventsDeps } from './ports.ts';
import { zoneOf, type Org, type Person } from './rules/model.ts';
import { officeDepartmentOf } from './rules/office.ts';
import {
  MAIL_UNDELIVERABLE_LABEL,
  mailReachable,
  undeliverableMark,
  type MailEvent,
  type MailUndeliverable,
} from './rules/mail-reach.ts';

/** Another worker holds the office mail's claim: the record is failed back to the queue and retried. */
export class OfficeMailInFlight extends Error {
  constructor(key: string) {
    super(`office mail ${key} is being sent by another worker`);
    this.name = 'OfficeMailInFlight';
  }
}

/**
 * An SES bounce or complaint (issue 15 item 3), delivered by the mail-events queue. A permanent bounce or a complaint
 * marks every person with the address `mailUndeliverable` and records the event with their organisation (one
 * transaction each), then mails that organisation's office once per event and office member (send-once ledger), so
 * a redelivered or duplicate event marks again (the same) and mails nobody twice. A transient bounce marks nobody.
 * Mail to a marked person is skipped from then on (`mailReachable`) until the office edits the address.
 */
export async function recordMailEvent(
  deps: MailEventsDeps,
  event: MailEvent,
): Promise<{ marked: number; officeMails: number }> {
  const mark = undeliverableMark(event);
  if (!mark) {
    deps.log.info('transient bounce: nobody marked', { eventId: event.eventId, bounceType: event.bounceType });
    return { marked: 0, officeMails: 0 };
  }
  let marked = 0;
  let officeMails = 0;
  for (const address of event.addresses) {
    const people = await deps.orgs.peopleWithEmail(address);
    if (!people.length) deps.log.info('bounce for an address nobody has', { eventId: event.eventId });
    for (const person of people) {
      if (!(await deps.orgs.markMailUndeliverable(person, mark, event.eventId))) continue;
      marked++;
      officeMails += await tellOffice(deps, { ...person, mailUndeliverable: mark }, event.eventId, mark);
    }
  }
  deps.log.info('mail event recorded', { eventId: event.eventId, kind: event.kind, marked, officeMails });
  return { marked, officeMails };
}

/**
 * Who is told in the office: the office heads (the role) and the office department's head; when there are none, the
 * office department's members. Never a person whose own mail does not arrive.
 */
export function officeToTell(
  org: Org,
  departments: { departmentId: string; isOffice?: boolean; headId?: string }[],
  people: Person[],
): Person[] {
  const office = officeDepartmentOf(org, departments);
  const active = people.filter((p) => !p.disabled && mailReachable(p));
  const heads = active.filter((p) => p.roles.includes('officeHead') || (!!office && office.headId === p.personId));
  return heads.length ? heads : active.filter((p) => !!office && p.departmentId === office.departmentId);
}

async function tellOffice(
  deps: MailEventsDeps,
  person: Person,
  eventId: string,
  mark: MailUndeliverable,
): Promise<number> {
  const [org, departments, people] = await Promise.all([
    deps.orgs.getOrg(person.orgId),
    deps.orgs.listDepartments(person.orgId),
    deps.orgs.listPeople(person.orgId),
  ]);
  if (!org) return 0;
  const officers = officeToTell(org, departments, people).filter((o) => o.personId !== person.personId);
  if (!officers.length) deps.log.warn('no office member to tell of a bounce', { orgId: org.orgId, eventId });
  const link = `${deps.appUrl.replace(/\/$/, '')}/admin/${org.orgId}/people/${person.personId}`;
  const department = departments.find((d) => d.departmentId === person.departmentId)?.name;
  let sent = 0;
  for (const officer of officers) {
    const mail = renderBounceMail(officer, person, department, mark, link, zoneOf(org));
    const slot = deps.orgs.mailEventSlot(org.orgId, eventId, person.personId, officer.personId);
    const r = await sendOnce(deps.mailer, slot, deps.clock(), { to: mail.to, subject: mail.subject }, () => mail);
    if (r.status === 'busy') throw new OfficeMailInFlight(slot.id);
    if (r.status === 'sent') sent++;
    if (r.status === 'rejected' && r.now)
      deps.log.error('office mail about a bounce rejected', {
        orgId: org.orgId,
        to: officer.personId,
        reason: r.reason,
      });
  }
  return sent;
}

/** The office's mail: whose address fails, why, what the system does now, and where to correct it. */
export function renderBounceMail(
  officer: { name: string; email: string; personId: string; orgId: string },
  person: { name: string; email: string },
  department: string | undefined,
  mark: MailUndeliverable,
  link: string,
  timeZone: string,
): Mail {
  const subject = headerSafe(`【${MAIL_UNDELIVERABLE_LABEL}】${person.name}（${person.email}）`);
  const who = `${person.name}${department ? `（${department}）` : ''}`;
  const lines = [
    `${who}的邮箱 ${person.email} 于 ${formatLocal(mark.at, timeZone)} ${mark.reason}。`,
    '系统此后不再向这个邮箱发送邮件：报送链照常按时逐级上报（其未确认的层级到时即上报上一级），短信照常发送。',
    '请核对并修改其邮箱；修改后标记自动清除。',
  ];
  const body = html`<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${subject}</title></head>
<body style="font-family:'PingFang SC','Microsoft YaHei',sans-serif;line-height:1.6;color:#1a1a1a">
<p>${officer.name}：</p>${lines.map((l) => html`<p>${l}</p>`)}
<p><a href="${link}" style="display:inline-block;background:#b71c1c;color:#fff;padding:10px 20px;text-decoration:none;border-radius:4px">修改邮箱</a></p>
</body></html>`;
  const text = [`${officer.name}：`, '', ...lines, '', `修改邮箱：${link}`].join('\n');
  return { to: officer.email, subject, html: body.value, text, personId: officer.personId, orgId: officer.orgId };
}
