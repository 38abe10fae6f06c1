import type { Deps } from '#shared/app/ports.ts';
import type { ORG_ROUTES } from '#shared/app/routes.ts';
import type { RouteHandlers, Ctx } from '../handlers.ts';
import * as orgAdmin from '#shared/org/org-admin.ts';
import { monthOf, weekStart } from '#shared/platform/kernel/time.ts';
import {
  createDepartmentSchema,
  createOrgSchema,
  createPersonSchema,
  patchDepartmentSchema,
  patchPersonSchema,
  putCalendarSchema,
  putConfigSchema,
  putRosterSchema,
  updateOrgSchema,
} from '#shared/org/rules/input.ts';
import { importPeople, type DepartmentChoices } from '#shared/org/people-import.ts';
import { csvText, formFields, multipartParts } from './upload.ts';
import { localInputToIso, localParts } from '#shared/platform/kernel/time.ts';
import { parseOrThrow } from '#shared/platform/kernel/validation.ts';
import { AppError, NotFoundError, type ErrorDetail } from '#shared/platform/kernel/errors.ts';
import type { Caller } from '#shared/platform/auth/caller.ts';
import type { PageResult } from '#shared/platform/http/page-handler.ts';
import { page } from '#shared/platform/http/router.ts';
import { undeliveredPage } from '#shared/app/undelivered.ts';
import { layout } from '#shared/platform/pages/layout.ts';
import {
  calendarPage,
  configPage,
  departmentsPage,
  importPage,
  overviewPage,
  peoplePage,
  personPage,
  rosterPage,
  type Flash,
} from '#shared/org/admin-pages.ts';

type Routes = RouteHandlers<typeof ORG_ROUTES>;

const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === 'string' && v ? [v] : []);
const rolesOf = (form: Record<string, string>) => list((form as Record<string, unknown>).roles);
const opt = (v: string | undefined) => (v?.trim() ? v.trim() : undefined);
const lines = (v: string | undefined) =>
  (v ?? '')
    .split(/[\s,，]+/)
    .map((s) => s.trim())
    .filter(Boolean);

type Admin = ReturnType<typeof admin>;
type OrgView = Awaited<ReturnType<Admin['view']>>;

/** What every page of /admin/{orgId}/… starts from: the organisation, and where to go back to with a message. */
function admin(ctx: Ctx) {
  const orgId = ctx.params.orgId ?? '';
  const base = `/admin/${orgId}`;
  return {
    orgId,
    /** Post/Redirect/Get: the page redirected to shows `ok` once at its top. */
    done: (path: string, ok: string): PageResult => ({ redirect: `${base}${path}`, flash: ok }),
    view: () => orgAdmin.getOrgView(ctx.deps, ctx.caller, orgId),
  };
}

/** A page of the organisation (the message of the last action comes as the flash, `withFlash`). */
const view = (render: (org: OrgView, caller: Caller, flash?: Flash) => string) =>
  page<Deps>(async (ctx) => {
    const a = admin(ctx);
    return { html: render(await a.view(), ctx.caller) };
  });

/**
 * The one form helper: `load` what the page needs (checking access first, as the page does), `run` parses the form
 * and calls one use case, then redirects with a message; a form the use case rejects (400, 409, 422) is shown
 * `again` with every reason next to its field (`fields` renames the use case's field paths to the form's inputs) and
 * what was typed; anything else is the error page.
 */
function form<T = undefined>(steps: {
  load?: (ctx: Ctx, a: Admin) => Promise<T>;
  run: (ctx: Ctx, a: Admin, loaded: T) => Promise<PageResult>;
  again: (ctx: Ctx, a: Admin, flash: Flash, loaded: T) => Promise<string>;
  fields?: (field: string, ctx: Ctx) => string;
}) {
  return page<Deps>(async (ctx) => {
    const a = admin(ctx);
    const loaded = (await steps.load?.(ctx, a)) as T;
    try {
      return await steps.run(ctx, a, loaded);
    } catch (err) {
      if (!(err instanceof AppError) || ![400, 409, 422].includes(err.status)) throw err;
      const rename = steps.fields ?? ((f: string) => f);
      const details: ErrorDetail[] = err.details.map((d) => ({ ...d, field: rename(d.field, ctx) }));
      // A conflict names no field: the e-mail or the name is what collides.
      if (!details.length && err.status === 409) details.push({ field: conflictField(err), message: err.message });
      const flash: Flash = { error: err.message, details, values: ctx.form as Flash['values'] };
      return { status: err.status, html: await steps.again(ctx, a, flash, loaded) };
    }
  });
}
const conflictField = (err: AppError) => ((err as { code?: string }).code === 'EMAIL_TAKEN' ? 'email' : 'name');

/** Shows the organisation's page again, for `form`. */
const onPage =
  (render: (org: OrgView, caller: Caller, flash?: Flash) => string) => async (ctx: Ctx, a: Admin, flash: Flash) =>
    render(await a.view(), ctx.caller, flash);

/** The week a roster page shows: the week of `week` (a date) or of today, in the organisation's zone. */
async function rosterWeek(ctx: Ctx, weekText: string) {
  const org = await admin(ctx).view();
  const anchor = /^\d{4}-\d{2}-\d{2}$/.test(weekText)
    ? new Date(localInputToIso(`${weekText}T12:00`, org.timezone))
    : ctx.deps.clock();
  const from = weekStart(anchor, org.timezone);
  const week = localParts(from, org.timezone).date;
  const roster = () => orgAdmin.getRoster(ctx.deps, ctx.caller, ctx.params.orgId ?? '', { from: from.toISOString() });
  return { org, week, show: async (f?: Flash) => rosterPage(org, await roster(), week, ctx.caller, f) };
}

/** A person's page exists only for the organisation's own people. */
async function personOf(ctx: Ctx) {
  const org = await admin(ctx).view();
  const personId = ctx.params.personId ?? '';
  if (!org.people.some((p) => p.personId === personId)) throw new NotFoundError('人员', 'PERSON_NOT_FOUND');
  return { org, personId };
}

async function calendarOf(ctx: Ctx) {
  const org = await admin(ctx).view();
  const year = ctx.query.year ?? String(localParts(ctx.deps.clock(), org.timezone).year);
  return { org, year, calendar: () => orgAdmin.getCalendar(ctx.deps, ctx.caller, ctx.params.orgId ?? '', year) };
}

/**
 * The configuration form as the config schema's input: blank numbers are left to the defaults; working periods and
 * categories come as rows (blank rows ignored, a row marked 删除 left out, a new row given a code of its own).
 * `rows` remembers which form row each category and period came from, to put an error next to it.
 */
function configInput(form: Record<string, string>, ids: () => string) {
  const f = form as Record<string, unknown>;
  const n = (k: string) => (form[k] === undefined || form[k] === '' ? undefined : Number(form[k]));
  const sev = (s: string) => ({ reportLimitMinutes: n(`limit_${s}`), ackTimeoutMinutes: n(`ack_${s}`) });
  const periodRows: number[] = [];
  const periods: { start: string; end: string }[] = [];
  for (let i = 0; form[`period_start_${i}`] !== undefined; i++) {
    const start = (form[`period_start_${i}`] ?? '').trim();
    const end = (form[`period_end_${i}`] ?? '').trim();
    if (!start && !end) continue;
    periodRows.push(i);
    periods.push({ start, end });
  }
  const categoryRows: number[] = [];
  const categories: { code: string; label: string; officeSecurity: boolean }[] = [];
  for (let i = 0; form[`cat_code_${i}`] !== undefined; i++) {
    const label = (form[`cat_label_${i}`] ?? '').trim();
    const saved = (form[`cat_code_${i}`] ?? '').trim();
    if (form[`cat_del_${i}`] === 'yes' || (!saved && !label)) continue;
    categoryRows.push(i);
    categories.push({ code: saved || `c${ids()}`, label, officeSecurity: form[`cat_sec_${i}`] === 'yes' });
  }
  return {
    input: {
      effectiveMonth: opt(form.effectiveMonth),
      severities: { I: sev('I'), II: sev('II'), III: sev('III'), IV: sev('IV') },
      parallelPrincipalSeverities: list(f.parallel),
      smsSeverities: list(f.sms),
      workingHours: { days: list(f.days).map(Number), periods },
      categories,
      quotas: { departmentItemsPerWeek: n('q_dept'), personPublishedPerMonth: n('q_person') },
      scoring: { quotaMet: n('s_met'), perItemShort: n('s_short'), perItemBeyond: n('s_beyond') },
      rewards: { adopted: n('r_adopted'), provincial: n('r_prov'), central: n('r_central') },
    },
    rows: { periods: periodRows, categories: categoryRows },
  };
}

const CONFIG_FIELDS: Record<string, string> = {
  'quotas.departmentItemsPerWeek': 'q_dept',
  'quotas.personPublishedPerMonth': 'q_person',
  'scoring.quotaMet': 's_met',
  'scoring.perItemShort': 's_short',
  'scoring.perItemBeyond': 's_beyond',
  'rewards.adopted': 'r_adopted',
  'rewards.provincial': 'r_prov',
  'rewards.central': 'r_central',
  parallelPrincipalSeverities: 'parallel',
  smsSeverities: 'sms',
  'workingHours.days': 'days',
  'workingHours.periods': 'periods',
  categories: 'categories',
};

/** A field path of the configuration (`categories.2.label`) as the form's input next to which its error shows. */
function configField(path: string, ctx: Ctx): string {
  const { rows } = configInput(ctx.form, () => '');
  const sev = /^severities\.(I|II|III|IV)\.(reportLimitMinutes|ackTimeoutMinutes)$/.exec(path);
  if (sev) return `${sev[2] === 'reportLimitMinutes' ? 'limit' : 'ack'}_${sev[1]}`;
  const period = /^workingHours\.periods\.(\d+)\.(start|end)$/.exec(path);
  if (period) return `period_${period[2]}_${rows.periods[Number(period[1])] ?? 0}`;
  const cat = /^categories\.(\d+)\./.exec(path);
  if (cat) return `cat_label_${rows.categories[Number(cat[1])] ?? 0}`;
  return CONFIG_FIELDS[path] ?? CONFIG_FIELDS[path.replace(/\.\d+$/, '')] ?? path;
}

/**
 * The office's administration pages: /admin/{orgId}/… for departments, people, availability, roster (a week),
 * calendar, config, import. API Gateway sends `/admin/{proxy+}` here; the router picks the page (ORG_ROUTES `pages`).
 */
export const adminPages = {
  'GET /undelivered': page(async ({ caller, deps }) => ({
    html: layout('未送达的消息', await undeliveredPage(deps, caller), caller),
  })),
  'GET /admin': page(async ({ caller }) => ({ redirect: `/admin/${caller.orgId}` })),
  'GET /admin/{orgId}': view(overviewPage),
  'POST /admin/{orgId}': form({
    run: async ({ form: f, caller, deps }, a) => {
      const input = {
        name: opt(f.name),
        timezone: opt(f.timezone),
        principalLeaderId: opt(f.principalLeaderId),
        officeDepartmentId: opt(f.officeDepartmentId),
      };
      await orgAdmin.updateOrg(deps, caller, a.orgId, parseOrThrow(updateOrgSchema, input));
      return a.done('', '已保存单位信息。');
    },
    again: onPage(overviewPage),
  }),
  'POST /admin/{orgId}/suborgs': form({
    run: async ({ form: f, caller, deps }, a) => {
      const input = parseOrThrow(createOrgSchema, { name: opt(f.name), parentOrgId: a.orgId });
      const { body: org } = await orgAdmin.createOrg(deps, caller, input);
      return { redirect: `/admin/${org.orgId}`, flash: `已新建下级单位 ${org.name}。` };
    },
    again: onPage(overviewPage),
  }),
  'GET /admin/{orgId}/departments': view(departmentsPage),
  'POST /admin/{orgId}/departments': form({
    run: async ({ form: f, caller, deps }, a) => {
      const input = {
        name: opt(f.name),
        headId: opt(f.headId),
        supervisingLeaderId: opt(f.supervisingLeaderId),
        isOffice: f.isOffice === 'true' || undefined,
      };
      const body = parseOrThrow(createDepartmentSchema, input);
      const { body: d } = await orgAdmin.createDepartment(deps, caller, a.orgId, body);
      return a.done('/departments', `已新增部门 ${d.name}。`);
    },
    again: onPage(departmentsPage),
  }),
  'POST /admin/{orgId}/departments/{departmentId}': form({
    run: async ({ form: f, caller, deps, params }, a) => {
      const head = { headId: opt(f.headId) ?? null, supervisingLeaderId: opt(f.supervisingLeaderId) ?? null };
      const body = parseOrThrow(patchDepartmentSchema, { name: opt(f.name), ...head });
      const d = await orgAdmin.updateDepartment(deps, caller, a.orgId, params.departmentId ?? '', body);
      return a.done('/departments', `已保存部门 ${d.name}。`);
    },
    // The page opens the department that was being edited, with what was typed.
    again: async (ctx, a, flash) =>
      departmentsPage(await a.view(), ctx.caller, {
        ...flash,
        values: { ...flash.values, departmentId: ctx.params.departmentId ?? '' },
      }),
  }),
  'GET /admin/{orgId}/people': view(peoplePage),
  'POST /admin/{orgId}/people': form({
    run: async ({ form: f, caller, deps }, a) => {
      const roles = rolesOf(f);
      const who = { name: f.name ?? '', email: f.email ?? '' };
      const input = { ...who, phone: opt(f.phone), roles, departmentId: opt(f.departmentId) };
      const { body: p } = await orgAdmin.createPerson(deps, caller, a.orgId, parseOrThrow(createPersonSchema, input));
      return a.done('/people', `已新增人员 ${p.name}。`);
    },
    again: async ({ caller }, a, flash) => peoplePage(await a.view(), caller, flash),
  }),
  'GET /admin/{orgId}/people/{personId}': page(async (ctx) => {
    const { org, personId } = await personOf(ctx);
    return { html: personPage(org, personId, ctx.caller) };
  }),
  'POST /admin/{orgId}/people/{personId}': form({
    load: (ctx) => personOf(ctx),
    run: async ({ form: f, caller, deps }, a, { org, personId }) => {
      const available = f.available !== 'false';
      const until = () => (opt(f.until) ? localInputToIso(f.until ?? '', org.timezone) : null);
      const body = parseOrThrow(patchPersonSchema, {
        name: opt(f.name),
        email: opt(f.email),
        phone: opt(f.phone) ?? null,
        roles: rolesOf(f),
        departmentId: opt(f.departmentId) ?? null,
        available,
        ...(available ? {} : { until: until(), deputyId: opt(f.deputyId) ?? null }),
      });
      const p = await orgAdmin.updatePerson(deps, caller, personId, body);
      return a.done('/people', `已保存 ${p.name}${p.available ? '' : '（不在岗）'}。`);
    },
    again: async ({ caller }, _a, flash, { org, personId }) => personPage(org, personId, caller, flash),
  }),
  'POST /admin/{orgId}/people/{personId}/disable': page(async (ctx) => {
    const { personId } = await personOf(ctx);
    const p = await orgAdmin.updatePerson(ctx.deps, ctx.caller, personId, { disabled: true });
    return admin(ctx).done(`/people/${personId}`, `已停用 ${p.name} 的账号：不能再登录。`);
  }),
  'POST /admin/{orgId}/people/{personId}/enable': page(async (ctx) => {
    const { personId } = await personOf(ctx);
    const p = await orgAdmin.updatePerson(ctx.deps, ctx.caller, personId, { disabled: false });
    return admin(ctx).done(`/people/${personId}`, `已恢复 ${p.name} 的账号，可以重新登录。`);
  }),
  'GET /admin/{orgId}/roster': page(async (ctx) => {
    const { show } = await rosterWeek(ctx, ctx.query.week ?? '');
    return { html: await show() };
  }),
  'POST /admin/{orgId}/roster/delete': page(async (ctx) => {
    const { week } = await rosterWeek(ctx, ctx.form.week ?? '');
    const start = new Date(ctx.form.start ?? '');
    if (Number.isNaN(start.getTime())) throw new NotFoundError('班次');
    const period = { from: start.toISOString(), to: new Date(start.getTime() + 1).toISOString(), shifts: [] };
    await orgAdmin.putRoster(ctx.deps, ctx.caller, ctx.params.orgId ?? '', period);
    return admin(ctx).done(`/roster?week=${week}`, '已删除班次。');
  }),
  'POST /admin/{orgId}/roster': form({
    load: (ctx) => rosterWeek(ctx, ctx.form.week ?? ''),
    run: async ({ form: f, caller, deps }, a, { org }) => {
      const start = localInputToIso(f.start ?? '', org.timezone);
      const end = localInputToIso(f.end ?? '', org.timezone);
      const officer = opt(f.dutyOfficerId) ? { dutyOfficerId: f.dutyOfficerId } : {};
      const shift = { start, end, dutyLeaderId: f.dutyLeaderId ?? '', ...officer };
      const body = parseOrThrow(putRosterSchema, { shifts: [shift] });
      const s = new Date(body.shifts[0]?.start ?? start);
      // Adding one shift replaces only a shift starting at the very same minute.
      const minute = { from: s.toISOString(), to: new Date(s.getTime() + 60_000).toISOString() };
      await orgAdmin.putRoster(deps, caller, a.orgId, { ...body, ...minute });
      return a.done(`/roster?week=${localParts(weekStart(s, org.timezone), org.timezone).date}`, '已新增班次。');
    },
    again: async (_ctx, _a, flash, { show }) => {
      const details = flash.details?.map((d) => ({ ...d, field: d.field.replace(/^shifts\.0\./, '') }));
      return show({ ...flash, details });
    },
  }),
  'GET /admin/{orgId}/calendar': page(async (ctx) => {
    const { org, calendar } = await calendarOf(ctx);
    return { html: calendarPage(org, await calendar(), ctx.caller) };
  }),
  'POST /admin/{orgId}/calendar': form({
    load: (ctx) => calendarOf(ctx),
    run: async ({ form: f, caller, deps }, a, { year }) => {
      const body = parseOrThrow(putCalendarSchema, { holidays: lines(f.holidays), workdays: lines(f.workdays) });
      await orgAdmin.putCalendar(deps, caller, a.orgId, year, body);
      return a.done(`/calendar?year=${year}`, `已保存 ${year} 年工作日历，立即生效。`);
    },
    again: async ({ caller }, _a, flash, { org, calendar }) => calendarPage(org, await calendar(), caller, flash),
  }),
  'GET /admin/{orgId}/config': page(async (ctx) => {
    const { org, month } = await configOf(ctx);
    return { html: configPage(org, month, ctx.caller) };
  }),
  'POST /admin/{orgId}/config': form({
    load: (ctx) => configOf(ctx),
    run: async ({ form: f, caller, deps }, a) => {
      const { input } = configInput(f, deps.ids);
      const r = await orgAdmin.putOrgConfig(deps, caller, a.orgId, parseOrThrow(putConfigSchema, input));
      const now = r.inEffectNow ? '，已立即生效' : '';
      return a.done('/config', `已保存 ${r.effectiveMonth} 起生效的配置${now}。`);
    },
    again: async ({ caller }, _a, flash, { org, month }) => configPage(org, month, caller, flash),
    fields: configField,
  }),
  'GET /admin/{orgId}/import': view(importPage),
  /**
   * The file (uploaded, or pasted) is checked whole; departments it names that do not exist are shown for
   * confirmation (create, or use an existing one) with the text kept, and nothing is written until then.
   */
  'POST /admin/{orgId}/import': form({
    load: (_ctx, a) => a.view(),
    run: async (ctx, a, org) => {
      const { text, choices } = importForm(ctx);
      const r = await importPeople(ctx.deps, ctx.caller, a.orgId, text, { confirm: { choices } });
      if ('needsConfirmation' in r)
        return { status: 200, html: importPage(org, ctx.caller, undefined, text, r.needsConfirmation) };
      const names = r.departmentsCreated.map((d) => d.name).join('、');
      const created = names ? `，新建部门：${names}` : '';
      return a.done('/people', `已导入 ${r.imported} 人${created}，每人都已收到登录邀请。`);
    },
    again: async (ctx, _a, flash, org) => importPage(org, ctx.caller, flash, importForm(ctx).text),
  }),
} satisfies Partial<Routes>;

/**
 * The import form, url-encoded or multipart: the uploaded file's text when a file was chosen (UTF-8 or GBK), else the
 * pasted text; and the office's answer for each department awaiting confirmation (`dept_i` for `deptName_i`).
 */
function importForm(ctx: Ctx): { text: string; choices: DepartmentChoices } {
  const parts = multipartParts(ctx.event);
  const fields = parts.length ? formFields(parts) : (ctx.form as Record<string, string | string[]>);
  const file = parts.find((p) => p.name === 'file' && p.filename && p.data.length);
  const one = (k: string) => {
    const v = fields[k];
    return Array.isArray(v) ? (v[0] ?? '') : (v ?? '');
  };
  const text = file ? csvText(file.data) : one('csv');
  // Multipart fields arrive without the url-encoded parser: keep them where `again` and the flash read the form.
  if (parts.length) Object.assign(ctx.form, { csv: text });
  const choices: Record<string, 'new' | { departmentId: string }> = {};
  if (one('confirmed') === 'yes')
    for (let i = 0; fields[`deptName_${i}`] !== undefined; i++) {
      const answer = one(`dept_${i}`);
      choices[one(`deptName_${i}`)] = answer === 'new' || !answer ? 'new' : { departmentId: answer };
    }
  return { text, choices };
}

/** The configuration page's organisation, and this month in its zone (where a new version takes effect). */
async function configOf(ctx: Ctx) {
  const org = await admin(ctx).view();
  return { org, month: monthOf(ctx.deps.clock(), org.timezone) };
}
