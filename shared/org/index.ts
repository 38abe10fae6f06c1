/**
 * The organisation context (POLICY.md §2): what other contexts may use of it. Only pure rules, the records and the
 * ports (types), and the scope loader that works on a port: nothing here reaches a repository, AWS, mail or a page.
 */
export * from './rules/model.ts';
export * from './rules/availability.ts';
export * from './rules/office.ts';
export * from './rules/access.ts';
export * from './rules/calendar.ts';
export * from './rules/config.ts';
export * from './rules/zone-label.ts';
export { MAIL_UNDELIVERABLE_LABEL, mailReachable, type MailUndeliverable } from './rules/mail-reach.ts';
export * from './rules/phone.ts';
export type { ChildOrg, OrgReader, OrgStore } from './ports.ts';
export { authorizeOnOrg, loadOrgScope, requireOrg } from './org-scope.ts';
export { orgNotFound } from './errors.ts';
