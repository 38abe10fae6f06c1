import type { Deps } from '#shared/app/ports.ts';
import type { ORG_ROUTES } from '#shared/app/routes.ts';
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
import { importPeople } from '#shared/org/people-import.ts';
import { localInputToIso, localParts } from '#shared/platform/kernel/time.ts';
import { parseOrThrow } from '#shared/platform/kernel/validation.ts';
import { AppError, NotFoundError } from '#shared/platform/kernel/errors.ts';
import type { Caller } from '#shared/platform/auth/caller.ts';
import type { PageContext, PageResult } from '#shared/platform/http/page-handler.ts';
import { page, type Handlers } from '#shared/platform/http/router.ts';
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

type Routes = Handlers<(typeof ORG_ROUTES)[number], Deps>;
type Ctx = PageContext<Deps>;

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

/** What every page of /admin/{orgId}/… starts from: the organisation, where to go back to, the flash message. */
function admin(ctx: Ctx) {
  const orgId = ctx.params.orgId ?? '';
  const base = `/admin/${orgId}`;
  return {
    orgId,
    done: (path: string, ok: string): PageResult => ({
      redirect: `${base}${path}${path.includes('?') ? '&' : '?'}ok=${encodeURIComponent(ok)}`,
    }),
    flash: (): Flash | undefined => (ctx.query.ok ? { ok: ctx.query.ok } : undefined),
    view: () => orgAdmin.getOrgView(ctx.deps, ctx.caller, orgId),
  };
}

/** A page of the organisation, with the message the last form left (`?ok=`). */
const view = (render: (org: OrgView, caller: Caller, flash?: Flash) => string) =>
  page<Deps>(async (ctx) => {
    const a = admin(ctx);
    return { html: render(await a.view(), ctx.caller, a.flash()) };
  });

/**
 * The one form helper: `load` what the page needs (checking access first, as the page does), `run` parses the form
 * and calls one use case, then redirects with a message; a form the use case rejects (400, 409, 422) is shown
 * `again` with every reason; anything else is the error page.
 */
function form<T = undefined>(steps: {
  load?: (ctx: Ctx, a: Admin) => Promise<T>;
  run: (ctx: Ctx, a: Admin, loaded: T) => Promise<PageResult>;
  again: (ctx: Ctx, a: Admin, flash: Flash, loaded: T) => Promise<string>;
}) {
  return page<Deps>(async (ctx) => {
    const a = admin(ctx);
    const loaded = (await steps.load?.(ctx, a)) as T;
    try {
      return await steps.run(ctx, a, loaded);
    } catch (err) {
      if (!(err instanceof AppError) || ![400, 409, 422].includes(err.status)) throw err;
      const flash = { error: err.message, details: err.details };
      return { status: err.status, html: await steps.again(ctx, a, flash, loaded) };
    }
  });
}
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

/** The configuration form as the config schema's input: blank numbers are left to the defaults. */
function configInput(form: Record<string, string>) {
  const n = (k: string) => (form[k] === undefined || form[k] === '' ? undefined : Number(form[k]));
  const sev = (s: string) => ({ reportLimitMinutes: n(`limit_${s}`), ackTimeoutMinutes: n(`ack_${s}`) });
  const periods = (form.periods ?? '')
    .split(/[,，;；]+/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => {
      const [start = '', end = ''] = p.split(/[-–~]/);
      return { start: start.trim(), end: end.trim() };
    });
  const categories = (form.categories ?? '')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => {
      const [code = '', label = '', sec = ''] = l.split('|').map((x) => x.trim());
      return { code, label, officeSecurity: /^(yes|y|是|true)$/i.test(sec) };
    });
  return {
    effectiveMonth: opt(form.effectiveMonth),
    severities: { I: sev('I'), II: sev('II'), III: sev('III'), IV: sev('IV') },
    parallelPrincipalSeverities: list((form as Record<string, unknown>).parallel),
    workingHours: { days: list((form as Record<string, unknown>).days).map(Number), periods },
    categories,
    quotas: { departmentItemsPerWeek: n('q_dept'), personPublishedPerMonth: n('q_person') },
    scoring: { quotaMet: n('s_met'), perItemShort: n('s_short'), perItemBeyond: n('s_beyond') },
    rewards: { adopted: n('r_adopted'), provincial: n('r_prov'), central: n('r_central') },
  };
}

/**
 * The office's administration pages: /admin/{orgId}/… for departments, people, availability, roster (a week),
 * calendar, config, import. API Gateway sends `/admin/{proxy+}` here; the router picks the page (ORG_ROUTES `pages`).
 */
export const adminPages = {
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
      return { redirect: `/admin/${org.orgId}?ok=${encodeURIComponent(`已新建下级单位 ${org.name}。`)}` };
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
    again: onPage(departmentsPage),
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
    again: async ({ form: f, caller }, a, flash) => {
      return peoplePage(await a.view(), caller, flash, { ...f, roles: rolesOf(f).join(',') });
    },
  }),
  'GET /admin/{orgId}/people/{personId}': page(async (ctx) => {
    const { org, personId } = await personOf(ctx);
    return { html: personPage(org, personId, ctx.caller, admin(ctx).flash()) };
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
        ...(available ? {} : { until: until() }),
      });
      const p = await orgAdmin.updatePerson(deps, caller, personId, body);
      return a.done('/people', `已保存 ${p.name}${p.available ? '' : '（不在岗）'}。`);
    },
    again: async ({ caller }, _a, flash, { org, personId }) => personPage(org, personId, caller, flash),
  }),
  'GET /admin/{orgId}/roster': page(async (ctx) => {
    const { show } = await rosterWeek(ctx, ctx.query.week ?? '');
    return { html: await show(admin(ctx).flash()) };
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
    return { html: calendarPage(org, await calendar(), ctx.caller, admin(ctx).flash()) };
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
    return { html: configPage(org, month, ctx.caller, admin(ctx).flash()) };
  }),
  'POST /admin/{orgId}/config': form({
    load: (ctx) => configOf(ctx),
    run: async ({ form: f, caller, deps }, a) => {
      const r = await orgAdmin.putOrgConfig(deps, caller, a.orgId, parseOrThrow(putConfigSchema, configInput(f)));
      const now = r.inEffectNow ? '，已立即生效' : '';
      return a.done('/config', `已保存 ${r.effectiveMonth} 起生效的配置${now}。`);
    },
    again: async ({ caller }, _a, flash, { org, month }) => configPage(org, month, caller, flash),
  }),
  'GET /admin/{orgId}/import': view(importPage),
  'POST /admin/{orgId}/import': form({
    load: (_ctx, a) => a.view(),
    run: async ({ form: f, caller, deps }, a) => {
      const r = await importPeople(deps, caller, a.orgId, f.csv ?? '');
      const names = r.departmentsCreated.map((d) => d.name).join('、');
      const created = names ? `，新建部门：${names}` : '';
      return a.done('/people', `已导入 ${r.imported} 人${created}。`);
    },
    again: async ({ form: f, caller }, _a, flash, org) => importPage(org, caller, flash, f.csv ?? ''),
  }),
} satisfies Partial<Routes>;

/** The configuration page's organisation, and this month in its zone (where a new version takes effect). */
async function configOf(ctx: Ctx) {
  const org = await admin(ctx).view();
  return { org, month: monthOf(ctx.deps.clock(), org.timezone) };
}
