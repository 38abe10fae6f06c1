import { authorizeOnOrg, loadOrgScope } from './org-scope.ts';
import { orgAccess, type OrgAction as Action } from './rules/access.ts';
import type { OrgCreationKey, OrgDeps } from './ports.ts';
import {
  ConflictError,
  NotFoundError,
  RuleViolationError,
  ValidationError,
  type ErrorDetail,
} from '../platform/kernel/errors.ts';
import { calendarNotice, isWorkingTime, workCalendarOf, type CalendarOverrides } from './rules/calendar.ts';
import type { Caller } from '../platform/auth/caller.ts';
import { DEFAULT_TIMEZONE, type Department, type Org, type Person, type Shift } from './rules/model.ts';
import { availableAt, standInProblem } from './rules/availability.ts';
import {
  DEFAULT_ORG_CONFIG,
  DEFAULT_QUOTAS,
  DEFAULT_REWARDS,
  DEFAULT_SCORING,
  fullOrgConfigSchema,
  type OrgConfig,
} from './rules/config.ts';
import type {
  CreateDepartmentInput,
  CreateOrgInput,
  CreatePersonInput,
  PatchDepartmentInput,
  PatchPersonInput,
  PutCalendarInput,
  PutConfigInput,
  PutRosterInput,
  UpdateOrgInput,
} from './rules/input.ts';
import { coverage, MAX_SHIFT_HOURS, type Coverage } from './rules/roster.ts';
import { localParts, monthOf, weekStart } from '../platform/kernel/time.ts';
import { toDetails } from '../platform/kernel/validation.ts';
import { once, type Creation as OnceCreation } from '../platform/kernel/once.ts';
import { emailTaken, orgNotFound, personNotFound } from './errors.ts';
import { afterEmailEdit } from './rules/mail-reach.ts';

const { authorize } = orgAccess;

/** Administration of an organisation (API.md "Organisation"): every use case authorizes first and writes nothing when it rejects. */

// The three creations here pass their own body type; the record stores it as it is.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Creation = OnceCreation<any, OrgCreationKey['scope']>;
const readCreation = (deps: OrgDeps) => (callerId: string, scope: OrgCreationKey['scope'], key: string) =>
  deps.orgs.getCreation(callerId, scope, key);

export function personAdminView(p: Person) {
  return {
    personId: p.personId,
    orgId: p.orgId,
    name: p.name,
    email: p.email,
    phone: p.phone ?? null,
    roles: p.roles,
    departmentId: p.departmentId ?? null,
    available: p.available,
    until: p.available ? null : (p.unavailableUntil ?? null),
    deputyId: p.available ? null : (p.deputyId ?? null),
    disabled: p.disabled === true,
    /** 邮件无法送达: why and since when mail to this address fails (cleared by a new address). */
    mailUndeliverable: p.mailUndeliverable ?? null,
  };
}

function orgSummary(org: Org) {
  return {
    orgId: org.orgId,
    name: org.name,
    parentOrgId: org.parentOrgId ?? null,
    timezone: org.timezone,
    principalLeaderId: org.principalLeaderId ?? null,
    officeDepartmentId: org.officeDepartmentId ?? null,
    config: org.config,
    configMonth: org.configMonth ?? null,
    createdAt: org.createdAt,
  };
}

/**
 * Creates an organisation.
 * 1. Authorizes: a top-level organisation by an administrator; one under a parent by the parent's (or a higher) admin or office.
 * 2. Writes it with the default configuration of POLICY.md and the time zone asked (`DEFAULT_TIMEZONE` by default).
 */
export async function createOrg(
  deps: OrgDeps,
  caller: Caller,
  input: CreateOrgInput,
  opts: { idempotencyKey?: string } = {},
) {
  return once(readCreation(deps), caller, 'org', opts.idempotencyKey, input, (creation: Creation) =>
    createOrgNow(deps, caller, input, creation),
  );
}

async function createOrgNow(deps: OrgDeps, caller: Caller, input: CreateOrgInput, creation: Creation) {
  let parent: Awaited<ReturnType<typeof loadOrgScope>>;
  if (input.parentOrgId) {
    parent = await loadOrgScope(deps.orgs, input.parentOrgId);
    if (!parent) throw orgNotFound('上级单位');
  }
  authorize(caller, 'org.create', { kind: 'newOrg', parent: parent?.scope });
  const now = deps.clock();
  const org: Org = {
    orgId: deps.ids(),
    name: input.name,
    ...(input.parentOrgId ? { parentOrgId: input.parentOrgId } : {}),
    timezone: input.timezone ?? DEFAULT_TIMEZONE,
    config: {
      ...DEFAULT_ORG_CONFIG,
      quotas: DEFAULT_QUOTAS,
      scoring: DEFAULT_SCORING,
      rewards: DEFAULT_REWARDS,
    } as OrgConfig,
    createdAt: now.toISOString(),
  };
  const body = orgSummary(org);
  await deps.orgs.createOrg(org, creation?.(body, org.createdAt));
  return body;
}

/**
 * An organisation as its office sees it: settings, departments, people, the configuration versions, and who is on duty now.
 * 1. Authorizes `org.read`. 2. Reads departments, people, configuration versions and the shift at `now` in parallel.
 */
export async function getOrgView(deps: OrgDeps, caller: Caller, orgId: string) {
  const now = deps.clock();
  const { org } = await authorizeOnOrg(deps.orgs, caller, 'org.read', orgId);
  const [departments, people, versions, onDuty] = await Promise.all([
    deps.orgs.listDepartments(orgId),
    deps.orgs.listPeople(orgId),
    deps.orgs.listConfigVersions(orgId),
    onDutyView(deps, org, now),
  ]);
  return {
    ...orgSummary(org),
    departments: departments.map((d) => ({
      departmentId: d.departmentId,
      name: d.name,
      headId: d.headId ?? null,
      supervisingLeaderId: d.supervisingLeaderId ?? null,
      isOffice: d.departmentId === org.officeDepartmentId,
    })),
    people: people.map(personAdminView),
    configVersions: versions.map((v) => ({ month: v.month, savedAt: v.savedAt })),
    onDuty,
    calendar: calendarNotice(org, localParts(now, org.timezone).year),
  };
}

async function peopleOfOrg(
  deps: OrgDeps,
  orgId: string,
  ids: (string | null | undefined)[],
): Promise<Map<string, Person>> {
  const found = await deps.orgs.getPeople(ids.filter((x): x is string => !!x));
  for (const [id, p] of found) if (p.orgId !== orgId) found.delete(id);
  return found;
}

function requireMembers(
  found: Map<string, Person>,
  fields: [string, string | null | undefined][],
  label = '人员',
): ErrorDetail[] {
  return fields
    .filter(([, id]) => id && !found.has(id))
    .map(([field]) => ({ field, code: 'unknown_person', message: `${label}不存在或不属于本单位` }));
}

/**
 * Changes an organisation's name, time zone, principal leader or office.
 * 1. Authorizes `org.update`. 2. Checks the leader is a person and the office a department of the organisation. 3. Saves.
 */
export async function updateOrg(deps: OrgDeps, caller: Caller, orgId: string, input: UpdateOrgInput) {
  await authorizeOnOrg(deps.orgs, caller, 'org.update', orgId);
  const details: ErrorDetail[] = [];
  if (input.principalLeaderId)
    details.push(
      ...requireMembers(await peopleOfOrg(deps, orgId, [input.principalLeaderId]), [
        ['principalLeaderId', input.principalLeaderId],
      ]),
    );
  if (input.officeDepartmentId && !(await deps.orgs.getDepartment(orgId, input.officeDepartmentId)))
    details.push({ field: 'officeDepartmentId', code: 'unknown_department', message: '部门不存在' });
  if (details.length) throw new ValidationError(details);
  await deps.orgs.updateOrg(orgId, input);
  return orgSummary((await deps.orgs.getOrg(orgId, deps.clock()))!);
}

/**
 * Saves a configuration version taking effect in a month (this month by default); past months are never rewritten.
 * 1. Authorizes `org.configure`. 2. Refuses a month before the current one (422). 3. Completes the parts left out from
 * the configuration in effect, validates the whole (unique category codes, working periods that end after they start).
 * 4. Writes the version for that month.
 */
export async function putOrgConfig(deps: OrgDeps, caller: Caller, orgId: string, input: PutConfigInput) {
  const now = deps.clock();
  const { org } = await authorizeOnOrg(deps.orgs, caller, 'org.configure', orgId);
  const current = monthOf(now, org.timezone);
  const { effectiveMonth = current, ...parts } = input;
  if (effectiveMonth < current)
    throw new RuleViolationError(
      'PAST_MONTH',
      `配置只能从本月（${current}）或以后的月份起生效，已过去的月份不能改写。`,
      [{ field: 'effectiveMonth', message: `不能早于 ${current}` }],
    );
  const merged = { ...org.config, ...parts };
  const parsed = fullOrgConfigSchema.safeParse(merged);
  if (!parsed.success) throw new ValidationError(toDetails(parsed.error, merged));
  const config = parsed.data;
  const details: ErrorDetail[] = [];
  const seen = new Set<string>();
  config.categories.forEach((c, i) => {
    if (seen.has(c.code))
      details.push({ field: `categories.${i}.code`, code: 'duplicate', message: `类别代码 ${c.code} 重复` });
    seen.add(c.code);
  });
  config.workingHours.periods.forEach((p, i) => {
    if (p.end <= p.start)
      details.push({ field: `workingHours.periods.${i}.end`, code: 'invalid', message: '结束时间必须晚于开始时间' });
  });
  if (details.length) throw new ValidationError(details);
  await deps.orgs.putConfigVersion(orgId, effectiveMonth, config as OrgConfig, caller.personId, now.toISOString());
  return { orgId, effectiveMonth, config, inEffectNow: effectiveMonth === current };
}

async function departmentRefs(
  deps: OrgDeps,
  orgId: string,
  input: { headId?: string | null; supervisingLeaderId?: string | null },
): Promise<ErrorDetail[]> {
  const found = await peopleOfOrg(deps, orgId, [input.headId, input.supervisingLeaderId]);
  return requireMembers(found, [
    ['headId', input.headId],
    ['supervisingLeaderId', input.supervisingLeaderId],
  ]);
}

/**
 * Creates a department. 1. Authorizes `department.write`. 2. Checks head and supervising leader belong to the organisation
 * and the name is not taken (409). 3. Writes it (and makes it the office if asked) in one transaction.
 */
export async function createDepartment(
  deps: OrgDeps,
  caller: Caller,
  orgId: string,
  input: CreateDepartmentInput,
  opts: { idempotencyKey?: string } = {},
) {
  return once(readCreation(deps), caller, 'department', opts.idempotencyKey, { orgId, input }, (creation: Creation) =>
    createDepartmentNow(deps, caller, orgId, input, creation),
  );
}

async function createDepartmentNow(
  deps: OrgDeps,
  caller: Caller,
  orgId: string,
  input: CreateDepartmentInput,
  creation: Creation,
) {
  await authorizeOnOrg(deps.orgs, caller, 'department.write', orgId);
  const details = await departmentRefs(deps, orgId, input);
  if (details.length) throw new ValidationError(details);
  const existing = await deps.orgs.listDepartments(orgId);
  if (existing.some((d) => d.name === input.name))
    throw new ConflictError('DEPARTMENT_EXISTS', `部门“${input.name}”已存在。`);
  const d: Department = {
    orgId,
    departmentId: deps.ids(),
    name: input.name,
    ...(input.headId ? { headId: input.headId } : {}),
    ...(input.supervisingLeaderId ? { supervisingLeaderId: input.supervisingLeaderId } : {}),
  };
  const body = {
    ...d,
    headId: d.headId ?? null,
    supervisingLeaderId: d.supervisingLeaderId ?? null,
    isOffice: input.isOffice === true,
  };
  await deps.orgs.createDepartment(d, input.isOffice === true, creation?.(body, deps.clock().toISOString()));
  return body;
}

/** Changes a department's name, head or supervising leader (null clears), or makes it the office. Same checks as creating. */
export async function updateDepartment(
  deps: OrgDeps,
  caller: Caller,
  orgId: string,
  departmentId: string,
  input: PatchDepartmentInput,
) {
  const { org } = await authorizeOnOrg(deps.orgs, caller, 'department.write', orgId);
  const before = await deps.orgs.getDepartment(orgId, departmentId);
  if (!before) throw new NotFoundError('部门', 'DEPARTMENT_NOT_FOUND');
  const details = await departmentRefs(deps, orgId, input);
  if (details.length) throw new ValidationError(details);
  if (
    input.name &&
    input.name !== before.name &&
    (await deps.orgs.listDepartments(orgId)).some((d) => d.name === input.name)
  )
    throw new ConflictError('DEPARTMENT_EXISTS', `部门“${input.name}”已存在。`);
  const after: Department = { ...before };
  if (input.name) after.name = input.name;
  if (input.headId) after.headId = input.headId;
  else if (input.headId !== undefined) delete after.headId;
  if (input.supervisingLeaderId) after.supervisingLeaderId = input.supervisingLeaderId;
  else if (input.supervisingLeaderId !== undefined) delete after.supervisingLeaderId;
  await deps.orgs.updateDepartment(after, input.isOffice === true);
  return {
    ...after,
    headId: after.headId ?? null,
    supervisingLeaderId: after.supervisingLeaderId ?? null,
    isOffice: input.isOffice === true || org.officeDepartmentId === departmentId,
  };
}

/**
 * Registers a person. 1. Authorizes `person.write`. 2. Checks the department belongs to the organisation and the e-mail
 * is not registered (409 EMAIL_TAKEN, nothing written). 3. Creates the sign-in account with an invitation (Cognito on
 * AWS; an existing account is fine). 4. Writes the person and claims the e-mail address in one transaction.
 */
export async function createPerson(
  deps: OrgDeps,
  caller: Caller,
  orgId: string,
  input: CreatePersonInput,
  opts: { idempotencyKey?: string } = {},
) {
  return once(readCreation(deps), caller, 'person', opts.idempotencyKey, { orgId, input }, (creation: Creation) =>
    createPersonNow(deps, caller, orgId, input, creation),
  );
}

async function createPersonNow(
  deps: OrgDeps,
  caller: Caller,
  orgId: string,
  input: CreatePersonInput,
  creation: Creation,
) {
  await authorizeOnOrg(deps.orgs, caller, 'person.write', orgId);
  if (input.departmentId && !(await deps.orgs.getDepartment(orgId, input.departmentId)))
    throw new ValidationError([
      { field: 'departmentId', code: 'unknown_department', message: '部门不存在或不属于本单位' },
    ]);
  const p: Person = {
    personId: deps.ids(),
    orgId,
    name: input.name,
    email: input.email,
    roles: [...new Set(input.roles)],
    available: true,
    ...(input.phone ? { phone: input.phone } : {}),
    ...(input.departmentId ? { departmentId: input.departmentId } : {}),
  };
  const body = personAdminView(p);
  // The account first: a failure leaves nothing written and the retry invites again (an existing account is fine);
  // an address already registered is refused before anyone is invited.
  if ((await deps.orgs.claimedEmails([p.email])).has(p.email)) throw emailTaken(p.email);
  await deps.accounts.invite({ email: p.email, name: p.name });
  await deps.orgs.createPerson(p, creation?.(body, deps.clock().toISOString()));
  return body;
}

/** Loads a person and authorizes the caller on their organisation; a person of an organisation the caller cannot see is 404. */
async function personFor(
  deps: OrgDeps,
  caller: Caller,
  personId: string,
  action: Action,
): Promise<{ person: Person; org: Org }> {
  const person = await deps.orgs.getPerson(personId);
  if (!person) throw personNotFound();
  try {
    const { org } = await authorizeOnOrg(deps.orgs, caller, action, person.orgId);
    return { person, org };
  } catch (err) {
    if (err instanceof NotFoundError) throw personNotFound();
    throw err;
  }
}

/**
 * Changes a person: name, e-mail (moved in one transaction; 409 when taken), phone, roles, department, availability.
 * `available: false` with an optional future `until` marks leave; `available: true` ends it. `disabled: true` (停用)
 * disables the sign-in account and the person can no longer sign in; `disabled: false` enables it again.
 */
export async function updatePerson(deps: OrgDeps, caller: Caller, personId: string, input: PatchPersonInput) {
  const now = deps.clock();
  const { person } = await personFor(deps, caller, personId, 'person.write');
  const details: ErrorDetail[] = [];
  if (input.departmentId && !(await deps.orgs.getDepartment(person.orgId, input.departmentId)))
    details.push({ field: 'departmentId', code: 'unknown_department', message: '部门不存在或不属于本单位' });
  if (input.until && new Date(input.until) <= now)
    details.push({ field: 'until', code: 'past', message: '截止时间必须晚于现在' });
  if (input.deputyId) {
    const deputy = (await deps.orgs.getPeople([input.deputyId])).get(input.deputyId);
    const problem = standInProblem(person, deputy, now);
    if (problem) details.push({ field: 'deputyId', code: 'invalid_deputy', message: problem });
  }
  if (details.length) throw new ValidationError(details);
  let after: Person = { ...person };
  if (input.name) after.name = input.name;
  if (input.email) after = afterEmailEdit(person, { ...after, email: input.email });
  if (input.phone) after.phone = input.phone;
  else if (input.phone !== undefined) delete after.phone;
  if (input.roles) after.roles = [...new Set(input.roles)];
  if (input.departmentId) after.departmentId = input.departmentId;
  else if (input.departmentId !== undefined) delete after.departmentId;
  if (input.available === true) {
    after.available = true;
    delete after.unavailableUntil;
    delete after.deputyId;
  } else if (input.available === false) {
    after.available = false;
    if (input.until) after.unavailableUntil = new Date(input.until).toISOString();
    else delete after.unavailableUntil;
    if (input.deputyId) after.deputyId = input.deputyId;
    else if (input.deputyId !== undefined) delete after.deputyId;
  }
  if (input.disabled === true) after.disabled = true;
  else if (input.disabled === false) delete after.disabled;
  // The account before the record, each call safe to repeat: a failure leaves the person as before, and sending the
  // same change again redoes it. A moved address gets its own account and the old one is disabled.
  const who = { email: after.email, name: after.name };
  if (after.email !== person.email) {
    if ((await deps.orgs.claimedEmails([after.email])).has(after.email)) throw emailTaken(after.email);
    if (!after.disabled) await deps.accounts.invite(who);
    await deps.accounts.disable(person.email);
  }
  if (input.disabled === true) await deps.accounts.disable(after.email);
  else if (input.disabled === false) await deps.accounts.enable(who);
  await deps.orgs.updatePerson(person, after);
  return personAdminView(after);
}

export type RosterView = {
  from: string;
  to: string;
  shifts: (Shift & { dutyLeaderName: string | null; dutyOfficerName: string | null })[];
} & Coverage;

async function rosterView(deps: OrgDeps, orgId: string, from: Date, to: Date): Promise<RosterView> {
  const shifts = (await deps.orgs.listShifts(orgId, from, to)).sort((a, b) => a.start.localeCompare(b.start));
  const people = await deps.orgs.getPeople(shifts.flatMap((s) => [s.dutyLeaderId, s.dutyOfficerId ?? '']));
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    shifts: shifts.map((s) => ({
      ...s,
      dutyLeaderName: people.get(s.dutyLeaderId)?.name ?? null,
      dutyOfficerName: (s.dutyOfficerId && people.get(s.dutyOfficerId)?.name) || null,
    })),
    ...coverage(shifts, from, to),
  };
}

/** The roster of [from, to) (this local week by default) with its gaps and overlaps. */
export async function getRoster(deps: OrgDeps, caller: Caller, orgId: string, range: { from?: string; to?: string }) {
  const { org } = await authorizeOnOrg(deps.orgs, caller, 'roster.read', orgId);
  const details: ErrorDetail[] = [];
  const from = range.from ? new Date(range.from) : weekStart(deps.clock(), org.timezone);
  if (Number.isNaN(from.getTime())) details.push({ field: 'from', code: 'invalid', message: '起始时间格式不正确' });
  const to = range.to ? new Date(range.to) : new Date(from.getTime() + 7 * 86400_000);
  if (Number.isNaN(to.getTime())) details.push({ field: 'to', code: 'invalid', message: '截止时间格式不正确' });
  if (!details.length && (to <= from || to.getTime() - from.getTime() > 62 * 86400_000))
    details.push({ field: 'to', code: 'invalid', message: '截止时间须晚于起始时间，且相隔不超过 62 天' });
  if (details.length) throw new ValidationError(details);
  return rosterView(deps, orgId, from, to);
}

/**
 * Replaces the duty shifts of a period.
 * 1. Authorizes `roster.write`. 2. Validates every shift (ends after it starts, at most 7 days, inside the period, duty
 * leader and officer are people of the organisation). 3. In one transaction, removes the shifts starting in the period and
 * writes the new ones. 4. Answers with the period's roster and its gaps and overlaps, which the office should fix.
 */
export async function putRoster(deps: OrgDeps, caller: Caller, orgId: string, input: PutRosterInput) {
  await authorizeOnOrg(deps.orgs, caller, 'roster.write', orgId);
  const details: ErrorDetail[] = [];
  const starts = input.shifts.map((s) => new Date(s.start).getTime());
  const ends = input.shifts.map((s) => new Date(s.end).getTime());
  if (!input.shifts.length && !(input.from && input.to))
    details.push({ field: 'shifts', code: 'required', message: '清空一段时间的值班表时须给出 from 和 to' });
  const from = input.from ? new Date(input.from) : new Date(Math.min(...starts));
  const to = input.to ? new Date(input.to) : new Date(Math.max(...ends));
  if (input.from && input.to && to <= from)
    details.push({ field: 'to', code: 'invalid', message: '截止时间必须晚于起始时间' });
  const people = await peopleOfOrg(
    deps,
    orgId,
    input.shifts.flatMap((s) => [s.dutyLeaderId, s.dutyOfficerId]),
  );
  input.shifts.forEach((s, i) => {
    const a = starts[i]!;
    const b = ends[i]!;
    if (b <= a) details.push({ field: `shifts.${i}.end`, code: 'invalid', message: '结束时间必须晚于开始时间' });
    else if (b - a > MAX_SHIFT_HOURS * 3600_000)
      details.push({ field: `shifts.${i}.end`, code: 'too_long', message: `一个班次最长 ${MAX_SHIFT_HOURS / 24} 天` });
    if (a < from.getTime() || a >= to.getTime())
      details.push({ field: `shifts.${i}.start`, code: 'outside', message: '开始时间不在 from–to 范围内' });
    details.push(
      ...requireMembers(people, [
        [`shifts.${i}.dutyLeaderId`, s.dutyLeaderId],
        [`shifts.${i}.dutyOfficerId`, s.dutyOfficerId],
      ]),
    );
  });
  if (details.length) throw new ValidationError(details);
  const existing = (await deps.orgs.listShifts(orgId, from, to)).filter(
    (s) => new Date(s.start) >= from && new Date(s.start) < to,
  );
  if (existing.length + input.shifts.length > 99)
    throw new RuleViolationError('ROSTER_TOO_LARGE', '一次替换的班次过多（原有与新增合计不超过 99 个），请分段提交。');
  const add: Shift[] = input.shifts.map((s) => ({
    orgId,
    shiftId: deps.ids(),
    start: new Date(s.start).toISOString(),
    end: new Date(s.end).toISOString(),
    dutyLeaderId: s.dutyLeaderId,
    ...(s.dutyOfficerId ? { dutyOfficerId: s.dutyOfficerId } : {}),
  }));
  await deps.orgs.replaceShifts(orgId, existing, add);
  return rosterView(deps, orgId, from, to);
}

/**
 * Who is on duty at `at` (one query), and what the escalation does when nobody is: outside working time the principal
 * leader is told directly.
 */
export async function onDutyView(deps: OrgDeps, org: Org, at: Date) {
  const shift = await deps.orgs.shiftAt(org.orgId, at);
  const workingTime = isWorkingTime(workCalendarOf(org), at);
  const people = await deps.orgs.getPeople([
    shift?.dutyLeaderId ?? '',
    shift?.dutyOfficerId ?? '',
    org.principalLeaderId ?? '',
  ]);
  const who = (id?: string) =>
    id && people.get(id)
      ? { personId: id, name: people.get(id)!.name, available: availableAt(people.get(id)!, at) }
      : null;
  return {
    at: at.toISOString(),
    workingTime,
    shift: shift ? { shiftId: shift.shiftId, start: shift.start, end: shift.end } : null,
    dutyLeader: who(shift?.dutyLeaderId),
    dutyOfficer: who(shift?.dutyOfficerId),
    principalLeader: who(org.principalLeaderId),
    uncovered: !shift,
    notice: shift
      ? null
      : workingTime
        ? '此时没有值班班次（工作时间内按部门逐级报送）。'
        : '此时没有值班班次：非工作时间的紧急信息将直接报主要领导，请尽快补排值班表。',
  };
}

export async function getOnDuty(deps: OrgDeps, caller: Caller, orgId: string, atText?: string) {
  const { org } = await authorizeOnOrg(deps.orgs, caller, 'roster.read', orgId);
  const at = atText ? new Date(atText) : deps.clock();
  if (Number.isNaN(at.getTime()))
    throw new ValidationError([{ field: 'at', code: 'invalid', message: 'at 必须是 ISO 8601 时间' }]);
  return onDutyView(deps, org, at);
}

function parseYear(text: string): number {
  const year = Number(text);
  if (!/^\d{4}$/.test(text) || year < 2000 || year > 2100)
    throw new ValidationError([{ field: 'year', code: 'invalid', message: '年份应为 2000–2100 之间的四位数字' }]);
  return year;
}

export async function getCalendar(deps: OrgDeps, caller: Caller, orgId: string, yearText: string) {
  const { org } = await authorizeOnOrg(deps.orgs, caller, 'calendar.read', orgId);
  return calendarNotice(org, parseYear(yearText));
}

/**
 * Sets an organisation's own holidays and working days for a year; they take effect at once, before the official schedule.
 * 1. Authorizes `calendar.write`. 2. Checks every date is in that year and in one list only. 3. Replaces the year's overrides.
 * 4. Answers with whether the official schedule of that year is known (when not, only weekends and these overrides count).
 */
export async function putCalendar(
  deps: OrgDeps,
  caller: Caller,
  orgId: string,
  yearText: string,
  input: PutCalendarInput,
) {
  await authorizeOnOrg(deps.orgs, caller, 'calendar.write', orgId);
  const year = parseYear(yearText);
  const details: ErrorDetail[] = [];
  const check = (list: string[], field: string) =>
    list.forEach((d, i) => {
      if (!d.startsWith(`${year}-`))
        details.push({ field: `${field}.${i}`, code: 'wrong_year', message: `${d} 不在 ${year} 年` });
    });
  check(input.holidays, 'holidays');
  check(input.workdays, 'workdays');
  input.workdays.forEach((d, i) => {
    if (input.holidays.includes(d))
      details.push({ field: `workdays.${i}`, code: 'conflict', message: `${d} 不能既是休息日又是工作日` });
  });
  if (details.length) throw new ValidationError(details);
  const overrides: CalendarOverrides = {
    holidays: [...new Set(input.holidays)].sort(),
    workdays: [...new Set(input.workdays)].sort(),
  };
  await deps.orgs.setCalendarYear(orgId, year, overrides);
  return calendarNotice({ calendarByYear: { [year]: overrides } }, year);
}
