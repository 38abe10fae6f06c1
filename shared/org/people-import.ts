import { authorizeOnOrg } from './org-scope.ts';
import { ValidationError, type ErrorDetail } from '../platform/kernel/errors.ts';
import type { Caller } from '../platform/auth/caller.ts';
import type { OrgDeps } from './ports.ts';
import { ROLE_LABELS, ROLES, type Department, type Person, type Role } from './rules/model.ts';
import { emailSchema, phoneSchema } from './rules/input.ts';

/** CSV import of departments and people (API.md: `POST /api/orgs/{orgId}/import`). */

export type CsvRow = { line: number; cells: string[] };

/**
 * Parses CSV as Excel writes it: UTF-8 with or without BOM, CRLF or LF, quoted fields with doubled quotes and line
 * breaks inside. Each row carries the line number it starts on (the header is line 1); blank lines are skipped.
 */
export function parseCsv(text: string): CsvRow[] {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const rows: CsvRow[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  const endRow = () => {
    cells.push(cell);
    if (cells.some((c) => c.trim() !== '')) rows.push({ line: rowLine, cells });
    cells = [];
    cell = '';
  };
  for (let i = 0; i < src.length; i++) {
    const ch = src[i]!;
    if (quoted) {
      if (ch === '"' && src[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else {
        if (ch === '\n') line++;
        cell += ch;
      }
      continue;
    }
    if (ch === '"' && cell.trim() === '') {
      quoted = true;
      cell = '';
    } else if (ch === ',') {
      cells.push(cell);
      cell = '';
    } else if (ch === '\r' && src[i + 1] === '\n') {
    } else if (ch === '\n' || ch === '\r') {
      endRow();
      line++;
      rowLine = line;
    } else cell += ch;
  }
  if (cell !== '' || cells.length) endRow();
  return rows;
}

const HEADERS: Record<string, 'name' | 'email' | 'phone' | 'roles' | 'department'> = {
  name: 'name',
  姓名: 'name',
  email: 'email',
  邮箱: 'email',
  电子邮箱: 'email',
  phone: 'phone',
  电话: 'phone',
  手机: 'phone',
  roles: 'roles',
  角色: 'roles',
  department: 'department',
  部门: 'department',
};

const ROLE_BY_WORD: Record<string, Role> = Object.fromEntries([
  ...ROLES.map((r) => [r.toLowerCase(), r]),
  ...Object.entries(ROLE_LABELS).map(([r, label]) => [label, r]),
  ['主管领导', 'supervisingLeader'],
  ['值班带班领导', 'dutyLeader'],
  ['审核人', 'reviewer'],
  ['信息审核小组', 'reviewer'],
]) as Record<string, Role>;

/** Department names that make a department the organisation's office when it has none yet. */
const OFFICE_NAMES = /^(办公室|办公厅|综合办|综合办公室|党政办|党政办公室)$/;

export type ImportPlan = { departments: Department[]; people: Person[]; rejected: ErrorDetail[] };

/**
 * Checks every row and plans what to write: people, and the departments named that do not exist yet. A pure function of
 * the text, the existing departments and the e-mail addresses already registered.
 */
export function planImport(
  text: string,
  ctx: {
    orgId: string;
    departments: Department[];
    claimed: Set<string>;
    ids: () => string;
    /** Department names of the file that mean an existing department (a typo the office corrected): name → id. */
    mapDepartments?: Readonly<Record<string, string>>;
  },
): ImportPlan {
  const rows = parseCsv(text);
  const rejected: ErrorDetail[] = [];
  const reject = (line: number, field: string, message: string) =>
    rejected.push({ line, field, code: 'invalid_row', message: `第 ${line} 行：${message}` });
  const [header, ...data] = rows;
  if (!header) {
    rejected.push({
      line: 1,
      field: 'header',
      code: 'empty',
      message: '文件是空的：第 1 行应为表头 姓名,邮箱,电话,角色,部门',
    });
    return { departments: [], people: [], rejected };
  }
  const columns = header.cells.map((c) => HEADERS[c.trim().toLowerCase()] ?? HEADERS[c.trim()]);
  for (const needed of ['name', 'email'] as const) {
    if (!columns.includes(needed))
      reject(
        header.line,
        'header',
        `表头缺少“${needed === 'name' ? '姓名' : '邮箱'}”列（表头应为 name,email,phone,roles,department 或 姓名,邮箱,电话,角色,部门）`,
      );
  }
  if (rejected.length) return { departments: [], people: [], rejected };
  if (!data.length) reject(header.line, 'rows', '除表头外没有任何人员');

  const byName = new Map(ctx.departments.map((d) => [d.name, d]));
  for (const [name, id] of Object.entries(ctx.mapDepartments ?? {})) {
    const existing = ctx.departments.find((d) => d.departmentId === id);
    if (existing) byName.set(name, existing);
  }
  const created: Department[] = [];
  const people: Person[] = [];
  const seenEmails = new Map<string, number>();
  for (const row of data) {
    const get = (k: string) => (row.cells[columns.indexOf(k as never)] ?? '').trim();
    const before = rejected.length;
    const name = get('name');
    if (!name) reject(row.line, 'name', '姓名为空');
    else if (name.length > 40) reject(row.line, 'name', '姓名不能超过 40 个字');
    const email = emailSchema.safeParse(get('email'));
    if (!get('email')) reject(row.line, 'email', '邮箱为空');
    else if (!email.success) reject(row.line, 'email', `邮箱“${get('email')}”格式不正确`);
    else if (ctx.claimed.has(email.data)) reject(row.line, 'email', `邮箱 ${email.data} 已被登记`);
    else if (seenEmails.has(email.data))
      reject(row.line, 'email', `邮箱 ${email.data} 与第 ${seenEmails.get(email.data)} 行重复`);
    if (email.success && !seenEmails.has(email.data)) seenEmails.set(email.data, row.line);
    const phoneText = get('phone');
    const phone = phoneText ? phoneSchema.safeParse(phoneText) : undefined;
    if (phone && !phone.success)
      reject(row.line, 'phone', `电话“${phoneText}”格式不正确：${phone.error.issues[0]?.message ?? ''}`);
    const roles: Role[] = [];
    for (const word of get('roles')
      .split(/[;；、]/)
      .map((w) => w.trim())
      .filter(Boolean)) {
      const role = ROLE_BY_WORD[word.toLowerCase()] ?? ROLE_BY_WORD[word];
      if (role) roles.push(role);
      else
        reject(
          row.line,
          'roles',
          `未知角色“${word}”（可用：${ROLES.map((r) => `${r}/${ROLE_LABELS[r]}`).join('、')}）`,
        );
    }
    const deptName = get('department');
    if (deptName.length > 40) reject(row.line, 'department', '部门名称不能超过 40 个字');
    if (rejected.length > before) continue;
    let dept = deptName ? byName.get(deptName) : undefined;
    if (deptName && !dept) {
      dept = { orgId: ctx.orgId, departmentId: ctx.ids(), name: deptName };
      byName.set(deptName, dept);
      created.push(dept);
    }
    people.push({
      personId: ctx.ids(),
      orgId: ctx.orgId,
      name,
      email: email.data!,
      roles: [...new Set(roles.length ? roles : (['reporter'] as Role[]))],
      available: true,
      ...(phone?.success ? { phone: phone.data } : {}),
      ...(dept ? { departmentId: dept.departmentId } : {}),
    });
  }
  if (rejected.length) return { departments: [], people: [], rejected };
  // A new department gets its head from the rows: the first person of it with the departmentHead role.
  for (const d of created) {
    const head = people.find((p) => p.departmentId === d.departmentId && p.roles.includes('departmentHead'));
    if (head) d.headId = head.personId;
  }
  return { departments: created, people, rejected };
}

/** How the office answered the departments the file names that do not exist: create them, or use an existing one. */
export type DepartmentChoices = Readonly<Record<string, 'new' | { departmentId: string }>>;

export type ImportOptions = {
  /**
   * Pages: the file's unknown departments need the office's word before anything is written. Without an answer for
   * each (`choices`), nothing is written and `needsConfirmation` lists them. The API (no `confirm`) creates them, as
   * API.md says.
   */
  confirm?: { choices: DepartmentChoices };
};

export type ImportResult =
  | {
      imported: number;
      departmentsCreated: { departmentId: string; name: string }[];
      officeDepartmentId?: string;
      principalLeaderId?: string;
    }
  | { needsConfirmation: { name: string; people: number }[] };

/** At most this many sign-in accounts are created at once (Cognito's AdminCreateUser has a per-second quota). */
const INVITE_CONCURRENCY = 4;

/**
 * Imports departments and people from CSV, all rows or none.
 * 1. Authorizes `org.import`. 2. Plans the import against the organisation's departments and the registered e-mails;
 * any rejected row rejects the whole file (400, each row's line number and why). 3. With `confirm` (pages): departments
 * the file names that do not exist are returned for confirmation, nothing written, until each has an answer (create it,
 * or use an existing department). 4. Creates the sign-in accounts (an invitation each; existing accounts are fine, so
 * a retry after a failure repeats nothing harmful). 5. Writes departments, people and e-mail claims in one go.
 * 6. Fills what the organisation still lacks from the rows: its office (a department named 办公室 or similar) and its
 * principal leader (the first person with that role).
 */
export async function importPeople(
  deps: OrgDeps,
  caller: Caller,
  orgId: string,
  text: string,
  opts: ImportOptions = {},
): Promise<ImportResult> {
  const { org } = await authorizeOnOrg(deps.orgs, caller, 'org.import', orgId);
  const departments = await deps.orgs.listDepartments(orgId);
  const rows = parseCsv(text);
  const emails = rows
    .slice(1)
    .flatMap((r) => r.cells.map((c) => c.trim().toLowerCase()).filter((c) => c.includes('@')));
  const claimed = await deps.orgs.claimedEmails(emails);
  const choices = opts.confirm?.choices ?? {};
  const mapDepartments = Object.fromEntries(
    Object.entries(choices).flatMap(([name, c]) => (c === 'new' ? [] : [[name, c.departmentId]])),
  );
  const plan = planImport(text, { orgId, departments, claimed, ids: deps.ids, mapDepartments });
  if (plan.rejected.length)
    throw new ValidationError(
      plan.rejected,
      `导入未执行：${plan.rejected.length} 处有误，请改正后重新导入整个文件（没有导入任何一行）。`,
    );
  if (opts.confirm) {
    const unanswered = plan.departments.filter((d) => choices[d.name] !== 'new');
    if (unanswered.length)
      return {
        needsConfirmation: unanswered.map((d) => ({
          name: d.name,
          people: plan.people.filter((p) => p.departmentId === d.departmentId).length,
        })),
      };
  }
  for (let i = 0; i < plan.people.length; i += INVITE_CONCURRENCY)
    await Promise.all(
      plan.people.slice(i, i + INVITE_CONCURRENCY).map((p) => deps.accounts.invite({ email: p.email, name: p.name })),
    );
  await deps.orgs.importAll(plan.departments, plan.people);
  const fill: { officeDepartmentId?: string; principalLeaderId?: string } = {};
  if (!org.officeDepartmentId) {
    const office = [...departments, ...plan.departments].find((d) => OFFICE_NAMES.test(d.name));
    if (office) fill.officeDepartmentId = office.departmentId;
  }
  if (!org.principalLeaderId) {
    const chief = plan.people.find((p) => p.roles.includes('principalLeader'));
    if (chief) fill.principalLeaderId = chief.personId;
  }
  if (fill.officeDepartmentId || fill.principalLeaderId) await deps.orgs.updateOrg(orgId, fill);
  return {
    imported: plan.people.length,
    departmentsCreated: plan.departments.map((d) => ({ departmentId: d.departmentId, name: d.name })),
    ...fill,
  };
}
