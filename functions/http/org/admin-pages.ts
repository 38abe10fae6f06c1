import { createDepartment, createOrg, createPerson, getCalendar, getOrgView, getRoster, putCalendar, putOrgConfig, putRoster, updateDepartment, updateOrg, updatePerson } from '#shared/org/org-admin.ts';
import { createDepartmentSchema, createOrgSchema, createPersonSchema, patchDepartmentSchema, patchPersonSchema, putCalendarSchema, putConfigSchema, putRosterSchema, updateOrgSchema } from '#shared/org/rules/input.ts';
import { importPeople } from '#shared/org/people-import.ts';
import { localInputToIso, localParts, monthOf, weekStart } from '#shared/platform/kernel/time.ts';
import { parseOrThrow } from '#shared/platform/kernel/validation.ts';
import { AppError, NotFoundError } from '#shared/platform/kernel/errors.ts';
import { pageHandler, type PageResult } from '#shared/platform/http/page-handler.ts';
import { calendarPage, configPage, departmentsPage, importPage, overviewPage, peoplePage, personPage, rosterPage, type Flash } from '#shared/org/admin-pages.ts';

const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === 'string' && v ? [v] : []);
const opt = (v: string | undefined) => (v && v.trim() ? v.trim() : undefined);
const lines = (v: string | undefined) => (v ?? '').split(/[\s,，]+/).map((s) => s.trim()).filter(Boolean);

/** A rejected form comes back as the same page with the reasons; anything else is the error page. */
async function orShow(run: () => Promise<PageResult>, show: (flash: Flash, status: number) => Promise<PageResult>): Promise<PageResult> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof AppError && [400, 409, 422].includes(err.status)) return show({ error: err.message, details: err.details }, err.status);
    throw err;
  }
}

/**
 * The pages this function serves. The HTTP API routes `/admin` and `/admin/{proxy+}` here (one route per method
 * instead of one per page keeps the stack small); the page is chosen from this table.
 */
export const ADMIN_PAGES = [
  'GET /admin',
  'GET /admin/{orgId}',
  'POST /admin/{orgId}',
  'POST /admin/{orgId}/suborgs',
  'GET /admin/{orgId}/departments',
  'POST /admin/{orgId}/departments',
  'POST /admin/{orgId}/departments/{departmentId}',
  'GET /admin/{orgId}/people',
  'POST /admin/{orgId}/people',
  'GET /admin/{orgId}/people/{personId}',
  'POST /admin/{orgId}/people/{personId}',
  'GET /admin/{orgId}/roster',
  'POST /admin/{orgId}/roster',
  'POST /admin/{orgId}/roster/delete',
  'GET /admin/{orgId}/calendar',
  'POST /admin/{orgId}/calendar',
  'GET /admin/{orgId}/config',
  'POST /admin/{orgId}/config',
  'GET /admin/{orgId}/import',
  'POST /admin/{orgId}/import',
] as const;

/** The page of a request and its path parameters, or undefined. Fixed segments win over parameters. */
export function matchPage(method: string, path: string): { page: (typeof ADMIN_PAGES)[number]; params: Record<string, string> } | undefined {
  const segs = path.replace(/\/+$/, '').split('/').filter(Boolean);
  let best: { page: (typeof ADMIN_PAGES)[number]; params: Record<string, string>; fixed: number } | undefined;
  for (const page of ADMIN_PAGES) {
    const [m, pattern] = page.split(' ') as [string, string];
    const parts = pattern.split('/').filter(Boolean);
    if (m !== method || parts.length !== segs.length) continue;
    const params: Record<string, string> = {};
    let fixed = 0;
    const ok = parts.every((p, i) => {
      const name = /^\{(\w+)\}$/.exec(p)?.[1];
      if (name) return (params[name] = decodeURIComponent(segs[i]!)), true;
      fixed++;
      return p === segs[i];
    });
    if (ok && (!best || fixed > best.fixed)) best = { page, params, fixed };
  }
  return best && { page: best.page, params: best.params };
}

/** The office's administration pages: /admin/{orgId}/… for departments, people, availability, roster (a week), calendar, config, import. */
export const handler = pageHandler({ auth: true }, async ({ event, form, caller: who, deps, query }) => {
  const caller = who!;
  const matched = matchPage(event.requestContext.http.method, event.rawPath);
  if (!matched) throw new NotFoundError('页面');
  const { params } = matched;
  const orgId = params.orgId ?? '';
  const base = `/admin/${orgId}`;
  const done = (path: string, ok: string): PageResult => ({ redirect: `${base}${path}${path.includes('?') ? '&' : '?'}ok=${encodeURIComponent(ok)}` });
  const flashOf = (): Flash | undefined => (query.ok ? { ok: query.ok } : undefined);
  const view = () => getOrgView(deps, caller, orgId);

  switch (matched.page) {
    case 'GET /admin':
      return { redirect: `/admin/${caller.orgId}` };
    case 'GET /admin/{orgId}':
      return { html: overviewPage(await view(), caller, flashOf()) };
    case 'POST /admin/{orgId}':
      return orShow(
        async () => {
          const body = parseOrThrow(updateOrgSchema, { name: opt(form.name), timezone: opt(form.timezone), principalLeaderId: opt(form.principalLeaderId), officeDepartmentId: opt(form.officeDepartmentId) });
          await updateOrg(deps, caller, orgId, body);
          return done('', '已保存单位信息。');
        },
        async (f, status) => ({ status, html: overviewPage(await view(), caller, f) }),
      );
    case 'POST /admin/{orgId}/suborgs':
      return orShow(
        async () => {
          const { body: org } = await createOrg(deps, caller, parseOrThrow(createOrgSchema, { name: opt(form.name), parentOrgId: orgId }));
          return { redirect: `/admin/${org.orgId}?ok=${encodeURIComponent(`已新建下级单位 ${org.name}。`)}` };
        },
        async (f, status) => ({ status, html: overviewPage(await view(), caller, f) }),
      );
    case 'GET /admin/{orgId}/departments':
      return { html: departmentsPage(await view(), caller, flashOf()) };
    case 'POST /admin/{orgId}/departments':
      return orShow(
        async () => {
          const { body: d } = await createDepartment(deps, caller, orgId, parseOrThrow(createDepartmentSchema, { name: opt(form.name), headId: opt(form.headId), supervisingLeaderId: opt(form.supervisingLeaderId), isOffice: form.isOffice === 'true' || undefined }));
          return done('/departments', `已新增部门 ${d.name}。`);
        },
        async (f, status) => ({ status, html: departmentsPage(await view(), caller, f) }),
      );
    case 'POST /admin/{orgId}/departments/{departmentId}':
      return orShow(
        async () => {
          const d = await updateDepartment(deps, caller, orgId, params.departmentId ?? '', parseOrThrow(patchDepartmentSchema, { name: opt(form.name), headId: opt(form.headId) ?? null, supervisingLeaderId: opt(form.supervisingLeaderId) ?? null }));
          return done('/departments', `已保存部门 ${d.name}。`);
        },
        async (f, status) => ({ status, html: departmentsPage(await view(), caller, f) }),
      );
    case 'GET /admin/{orgId}/people':
      return { html: peoplePage(await view(), caller, flashOf()) };
    case 'POST /admin/{orgId}/people':
      return orShow(
        async () => {
          const body = parseOrThrow(createPersonSchema, { name: form.name ?? '', email: form.email ?? '', phone: opt(form.phone), roles: list((form as Record<string, unknown>).roles), departmentId: opt(form.departmentId) });
          const { body: p } = await createPerson(deps, caller, orgId, body);
          return done('/people', `已新增人员 ${p.name}。`);
        },
        async (f, status) => ({ status, html: peoplePage(await view(), caller, f, { ...form, roles: list((form as Record<string, unknown>).roles).join(',') }) }),
      );
    case 'GET /admin/{orgId}/people/{personId}': {
      const org = await view();
      if (!org.people.some((p) => p.personId === params.personId)) throw new NotFoundError('人员', 'PERSON_NOT_FOUND');
      return { html: personPage(org, params.personId!, caller, flashOf()) };
    }
    case 'POST /admin/{orgId}/people/{personId}': {
      const org = await view();
      if (!org.people.some((p) => p.personId === params.personId)) throw new NotFoundError('人员', 'PERSON_NOT_FOUND');
      return orShow(
        async () => {
          const available = form.available !== 'false';
          const body = parseOrThrow(patchPersonSchema, {
            name: opt(form.name),
            email: opt(form.email),
            phone: opt(form.phone) ?? null,
            roles: list((form as Record<string, unknown>).roles),
            departmentId: opt(form.departmentId) ?? null,
            available,
            ...(available ? {} : { until: opt(form.until) ? localInputToIso(form.until!, org.timezone) : null }),
          });
          const p = await updatePerson(deps, caller, params.personId!, body);
          return done('/people', `已保存 ${p.name}${p.available ? '' : '（不在岗）'}。`);
        },
        async (f, status) => ({ status, html: personPage(org, params.personId!, caller, f) }),
      );
    }
    case 'GET /admin/{orgId}/roster':
    case 'POST /admin/{orgId}/roster':
    case 'POST /admin/{orgId}/roster/delete': {
      const org = await view();
      const weekText = (event.requestContext.http.method === 'POST' ? form.week : query.week) ?? '';
      const anchor = /^\d{4}-\d{2}-\d{2}$/.test(weekText) ? new Date(localInputToIso(`${weekText}T12:00`, org.timezone)) : deps.clock();
      const from = weekStart(anchor, org.timezone);
      const week = localParts(from, org.timezone).date;
      const show = async (f?: Flash, status?: number): Promise<PageResult> => ({ status, html: rosterPage(org, await getRoster(deps, caller, orgId, { from: from.toISOString() }), week, caller, f) });
      if (matched.page === 'GET /admin/{orgId}/roster') return show(flashOf());
      if (matched.page === 'POST /admin/{orgId}/roster/delete') {
        const start = new Date(form.start ?? '');
        if (Number.isNaN(start.getTime())) throw new NotFoundError('班次');
        await putRoster(deps, caller, orgId, { from: start.toISOString(), to: new Date(start.getTime() + 1).toISOString(), shifts: [] });
        return done(`/roster?week=${week}`, '已删除班次。');
      }
      return orShow(
        async () => {
          const start = localInputToIso(form.start ?? '', org.timezone);
          const end = localInputToIso(form.end ?? '', org.timezone);
          const body = parseOrThrow(putRosterSchema, { shifts: [{ start, end, dutyLeaderId: form.dutyLeaderId ?? '', ...(opt(form.dutyOfficerId) ? { dutyOfficerId: form.dutyOfficerId } : {}) }] });
          const s = new Date(body.shifts[0]!.start);
          // Adding one shift replaces only a shift starting at the very same minute.
          await putRoster(deps, caller, orgId, { ...body, from: s.toISOString(), to: new Date(s.getTime() + 60_000).toISOString() });
          return done(`/roster?week=${localParts(weekStart(s, org.timezone), org.timezone).date}`, '已新增班次。');
        },
        (f, status) => show({ ...f, details: f.details?.map((d) => ({ ...d, field: d.field.replace(/^shifts\.0\./, '') })) }, status),
      );
    }
    case 'GET /admin/{orgId}/calendar':
    case 'POST /admin/{orgId}/calendar': {
      const org = await view();
      const year = query.year ?? String(localParts(deps.clock(), org.timezone).year);
      if (matched.page === 'GET /admin/{orgId}/calendar') return { html: calendarPage(org, await getCalendar(deps, caller, orgId, year), caller, flashOf()) };
      return orShow(
        async () => {
          await putCalendar(deps, caller, orgId, year, parseOrThrow(putCalendarSchema, { holidays: lines(form.holidays), workdays: lines(form.workdays) }));
          return done(`/calendar?year=${year}`, `已保存 ${year} 年工作日历，立即生效。`);
        },
        async (f, status) => ({ status, html: calendarPage(org, await getCalendar(deps, caller, orgId, year), caller, f) }),
      );
    }
    case 'GET /admin/{orgId}/config':
    case 'POST /admin/{orgId}/config': {
      const org = await view();
      const month = monthOf(deps.clock(), org.timezone);
      if (matched.page === 'GET /admin/{orgId}/config') return { html: configPage(org, month, caller, flashOf()) };
      return orShow(
        async () => {
          const n = (k: string) => (form[k] === undefined || form[k] === '' ? undefined : Number(form[k]));
          const sev = (s: string) => ({ reportLimitMinutes: n(`limit_${s}`), ackTimeoutMinutes: n(`ack_${s}`) });
          const body = parseOrThrow(putConfigSchema, {
            effectiveMonth: opt(form.effectiveMonth),
            severities: { I: sev('I'), II: sev('II'), III: sev('III'), IV: sev('IV') },
            parallelPrincipalSeverities: list((form as Record<string, unknown>).parallel),
            workingHours: {
              days: list((form as Record<string, unknown>).days).map(Number),
              periods: (form.periods ?? '').split(/[,，;；]+/).map((p) => p.trim()).filter(Boolean).map((p) => {
                const [start = '', end = ''] = p.split(/[-–~]/);
                return { start: start.trim(), end: end.trim() };
              }),
            },
            categories: (form.categories ?? '').split(/\r?\n/).map((l) => l.trim()).filter(Boolean).map((l) => {
              const [code = '', label = '', sec = ''] = l.split('|').map((x) => x.trim());
              return { code, label, officeSecurity: /^(yes|y|是|true)$/i.test(sec) };
            }),
            quotas: { departmentItemsPerWeek: n('q_dept'), personPublishedPerMonth: n('q_person') },
            scoring: { quotaMet: n('s_met'), perItemShort: n('s_short'), perItemBeyond: n('s_beyond') },
            rewards: { adopted: n('r_adopted'), provincial: n('r_prov'), central: n('r_central') },
          });
          const r = await putOrgConfig(deps, caller, orgId, body);
          return done('/config', `已保存 ${r.effectiveMonth} 起生效的配置${r.inEffectNow ? '，已立即生效' : ''}。`);
        },
        async (f, status) => ({ status, html: configPage(org, month, caller, f) }),
      );
    }
    case 'GET /admin/{orgId}/import':
      return { html: importPage(await view(), caller, flashOf()) };
    case 'POST /admin/{orgId}/import': {
      const org = await view();
      return orShow(
        async () => {
          const r = await importPeople(deps, caller, orgId, form.csv ?? '');
          return done('/people', `已导入 ${r.imported} 人${r.departmentsCreated.length ? `，新建部门：${r.departmentsCreated.map((d) => d.name).join('、')}` : ''}。`);
        },
        async (f, status) => ({ status, html: importPage(org, caller, f, form.csv ?? '') }),
      );
    }
    default:
      throw new NotFoundError('页面');
  }
});
