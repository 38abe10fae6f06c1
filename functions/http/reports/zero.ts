import type { Deps } from '#shared/app/ports.ts';
import type { ZERO_REPORT_ROUTES } from '#shared/app/routes.ts';
import { formRefused, type RouteHandlers, type Ctx } from '../handlers.ts';
import { createFinding } from '#shared/accountability/findings.ts';
import type { Caller } from '#shared/platform/auth/caller.ts';
import { formatOf } from '#shared/platform/http/download.ts';
import { api, page } from '#shared/platform/http/router.ts';
import { NotFoundError, type ValidationError } from '#shared/platform/kernel/errors.ts';
import { parseOrThrow } from '#shared/platform/kernel/validation.ts';
import { layout } from '#shared/platform/pages/layout.ts';
import { isOfficeOf } from '#shared/org/index.ts';
import { confirmMissedSchema, createZeroPeriodSchema, zeroReturnSchema } from '#shared/reports/rules/zero.ts';
import { zeroDayDownload, zeroDayPage, zeroListPage } from '#shared/reports/zero-pages.ts';
import {
  declarePeriod,
  fileZeroReturn,
  missedDayOf,
  recordMissed,
  zeroDaySummary,
  zeroOf,
} from '#shared/reports/zero-reports.ts';

type Routes = RouteHandlers<typeof ZERO_REPORT_ROUTES>;

/**
 * The office confirms that a unit missed a whole day (POLICY §3.6–3.7): a missed-report finding (漏报) is proposed
 * through accountability's own use case (the unit is mailed to explain, as for any finding), once per unit and day.
 */
async function confirmMissed(deps: Deps, caller: Caller, periodId: string, date: string, unitId: string) {
  const { period, unit, occurredAt } = await missedDayOf(deps, caller, periodId, date, unitId);
  const created = await createFinding(
    deps,
    caller,
    period.orgId,
    {
      kind: 'missed',
      responsibleOrgId: unit.kind === 'org' ? unit.unitId : period.orgId,
      ...(unit.kind === 'department' ? { responsibleDepartmentId: unit.unitId } : {}),
      occurredAt,
      learnedAt: occurredAt,
      learnedHow: 'inspection',
      learnedFrom: `零报告：${period.title}`,
      note: `特殊时期「${period.title}」${date} 全天既无紧急信息也无零报告（每日 ${period.cutoff} 截止，已催报），办公室确认记为漏报。`,
    },
    { idempotencyKey: `zero-${periodId}-${date}-${unitId}` },
  );
  await recordMissed(deps, caller, periodId, date, unitId, created.body.findingId);
  return { findingId: created.body.findingId, unitId, date };
}

const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : v ? [String(v)] : []);

/** Special periods and zero reports (零报告, issue 14): API and pages. */
export const zeroReportHandlers = {
  'POST /api/orgs/{orgId}/zero-report-periods': api(async ({ body, caller, deps, params }) => {
    const p = await declarePeriod(deps, caller, params.orgId ?? '', body);
    return { status: 201, body: { periodId: p.periodId, units: p.units, nextDueAt: p.nextDueAt } };
  }),
  'POST /api/zero-report-periods/{periodId}/returns': api(async ({ body, caller, deps, params }) => ({
    status: 201,
    body: await fileZeroReturn(deps, caller, params.periodId ?? '', body),
  })),
  'GET /api/zero-report-periods/{periodId}': api(async ({ caller, deps, params, query }) => {
    const format = formatOf(query.format, ['json', 'csv', 'xlsx'] as const);
    const s = await zeroDaySummary(deps, caller, params.periodId ?? '', query.date || undefined);
    if (format !== 'json') return { download: await zeroDayDownload(s, format) };
    const units = s.units.map(({ unitId, kind, name, state, zeroFiledAt, afterCutoff, missedFindingId }) => ({
      unitId,
      kind,
      name,
      state,
      ...(zeroFiledAt ? { zeroFiledAt, afterCutoff } : {}),
      ...(missedFindingId ? { missedFindingId } : {}),
    }));
    return { body: { periodId: s.periodId, title: s.title, date: s.date, cutoffAt: s.cutoffAt, units } };
  }),
  'POST /api/zero-report-periods/{periodId}/missed': api(async ({ body, caller, deps, params }) => ({
    status: 201,
    body: await confirmMissed(deps, caller, params.periodId ?? '', body.date, body.unitId),
  })),
  'GET /zero-reports': page((ctx) => listPage(ctx, {}, [])),
  'POST /zero-reports': page(async (ctx) => {
    const { caller, deps, form } = ctx;
    const input = {
      title: form.title ?? '',
      from: form.from ?? '',
      to: form.to ?? '',
      cutoff: form.cutoff ?? '',
      departmentIds: list((form as Record<string, unknown>).departmentIds),
    };
    try {
      const p = await declarePeriod(deps, caller, caller.orgId, parseOrThrow(createZeroPeriodSchema, input));
      return { redirect: `/zero-reports/${p.periodId}`, flash: `已设立特殊时期「${p.title}」` };
    } catch (err) {
      return formRefused(err, (errors) => listPage(ctx, { ...input }, errors, 400));
    }
  }),
  'GET /zero-reports/{periodId}': page(async ({ caller, deps, params, query }) => {
    const s = await zeroDaySummary(deps, caller, params.periodId ?? '', query.date || undefined);
    return { html: layout(`零报告 ${s.title}`, zeroDayPage(s), caller) };
  }),
  'POST /zero-reports/{periodId}/{action}': page(async ({ caller, deps, form, params }) => {
    const periodId = params.periodId ?? '';
    const back = `/zero-reports/${periodId}?date=${encodeURIComponent(form.date ?? '')}`;
    if (params.action === 'returns') {
      const input = parseOrThrow(zeroReturnSchema, {
        date: form.date,
        ...(form.departmentId ? { departmentId: form.departmentId } : {}),
        ...(form.orgId ? { orgId: form.orgId } : {}),
        ...(form.note ? { note: form.note } : {}),
      });
      const r = await fileZeroReturn(deps, caller, periodId, input);
      return { redirect: back, flash: r.afterCutoff ? '零报告已报送（截止后补报）' : '零报告已报送：无重大紧急情况' };
    }
    if (params.action === 'missed') {
      const input = parseOrThrow(confirmMissedSchema, { date: form.date, unitId: form.unitId });
      await confirmMissed(deps, caller, periodId, input.date, input.unitId);
      return { redirect: back, flash: '已记为漏报，待责任单位说明后核实' };
    }
    throw new NotFoundError('页面');
  }),
  'GET /zero-reports/{periodId}/{format}': page(async ({ caller, deps, params, query }) => {
    if (params.format !== 'csv' && params.format !== 'xlsx') throw new NotFoundError('页面');
    const s = await zeroDaySummary(deps, caller, params.periodId ?? '', query.date || undefined);
    return { download: await zeroDayDownload(s, params.format) };
  }),
} satisfies Routes;

async function listPage(
  ctx: Ctx,
  values: Record<string, string | string[]>,
  errors: ValidationError['details'],
  status = 200,
) {
  const { caller, deps } = ctx;
  const [org, departments, periods] = await Promise.all([
    deps.orgs.getOrg(caller.orgId),
    deps.orgs.listDepartments(caller.orgId),
    zeroOf(deps).listPeriods(caller.orgId),
  ]);
  if (!org) throw new NotFoundError('单位');
  const body = zeroListPage({ periods, departments, canDeclare: isOfficeOf(caller, org), values, errors });
  return { status, html: layout('零报告', body, caller) };
}
