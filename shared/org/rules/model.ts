import type { OrgConfig } from './config.ts';
import type { CalendarOverrides } from './calendar.ts';
import type { MailUndeliverable } from './mail-reach.ts';
import { valuesOf } from '../../platform/kernel/labelled.ts';

/** The organisation's records (POLICY.md §2). Persistence shapes live in each context's repository; these are what use cases see. */

/**
 * The time zone of an organisation that names none (ARCHITECTURE.md decision 4). The only place this zone is
 * written: everything else reads the organisation's own `timezone` (or `zoneOf`).
 */
export const DEFAULT_TIMEZONE = 'Asia/Shanghai';

/** The zone an organisation's local times (working hours, months, printed times) are in. */
export const zoneOf = (org: { timezone?: string } | undefined): string => org?.timezone || DEFAULT_TIMEZONE;

export const ROLE_LABELS = {
  reporter: '信息员',
  departmentHead: '部门负责人',
  supervisingLeader: '分管领导',
  principalLeader: '主要领导',
  officeHead: '办公室负责人',
  dutyLeader: '值班领导',
  reviewer: '信息审核人',
  admin: '管理员',
};
export const ROLES = valuesOf(ROLE_LABELS);
export type Role = (typeof ROLES)[number];

export type Org = {
  orgId: string;
  name: string;
  parentOrgId?: string;
  timezone: string;
  principalLeaderId?: string;
  officeDepartmentId?: string;
  config: OrgConfig;
  calendarOverrides?: CalendarOverrides;
  /** The organisation's own calendar overrides per year (getOrg also merges them into `calendarOverrides`). */
  calendarByYear?: Record<string, CalendarOverrides>;
  /** The month (YYYY-MM) from which `config` is in effect, when it came from a configuration version. */
  configMonth?: string;
  createdAt: string;
};

export type Department = {
  orgId: string;
  departmentId: string;
  name: string;
  headId?: string;
  supervisingLeaderId?: string;
  /** Who reviews the department's work information (审核把关); the department head when absent. */
  reviewingLeaderId?: string;
  isOffice?: boolean;
};

export type Person = {
  personId: string;
  orgId: string;
  name: string;
  email: string;
  phone?: string;
  roles: Role[];
  departmentId?: string;
  available: boolean;
  unavailableUntil?: string;
  /** 代理人: the person who receives what would reach this one while he is unavailable (only set with leave). */
  deputyId?: string;
  /** 停用: left the organisation; cannot sign in (the sign-in account is disabled too) and no chain reaches them. */
  disabled?: boolean;
  /** 邮件无法送达: SES reported a permanent bounce or a complaint for `email` (rules/mail-reach.ts); a new address clears it. */
  mailUndeliverable?: MailUndeliverable;
};

export type Shift = {
  orgId: string;
  shiftId: string;
  start: string;
  end: string;
  dutyLeaderId: string;
  dutyOfficerId?: string;
};

/** A leader's role (局领导): principal or supervising leader. */
export function hasLeaderRole(p: { roles: readonly string[] }): boolean {
  return p.roles.includes('principalLeader') || p.roles.includes('supervisingLeader');
}

/** The organisation's leaders: its principal leader, and everyone with a leader's role. */
export function isLeaderOf(
  org: { principalLeaderId?: string },
  p: { personId: string; roles: readonly string[] },
): boolean {
  return p.personId === org.principalLeaderId || hasLeaderRole(p);
}
