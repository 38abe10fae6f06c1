import type { Deps } from '#shared/app/ports.ts';
import type { FOLLOWUP_ROUTES } from '#shared/app/routes.ts';
import type { RouteHandlers, Ctx } from '../handlers.ts';
import { authorizeOnOrg } from '#shared/org/index.ts';
import { DEFAULT_TIMEZONE } from '#shared/org/rules/model.ts';
import { fileFollowup } from '#shared/followups/file-followup.ts';
import {
  chaseSchema,
  delegateSchema,
  followupSchema,
  instructionSchema,
  progressSchema,
} from '#shared/followups/rules/input.ts';
import { instructionsAcrossOf, supervisionOf } from '#shared/followups/inbox.ts';
import { fullInbox } from './inbox.ts';
import { chaseInstruction, chaseReport } from '#shared/followups/chase.ts';
import {
  closeInstruction,
  delegateInstruction,
  giveInstruction,
  postProgress,
} from '#shared/followups/instruction-flow.ts';
import type { Instruction } from '#shared/reports/index.ts';
import type { Caller } from '#shared/platform/auth/caller.ts';
import {
  assigneeChoices,
  delegateForm,
  followupForm,
  inboxPage,
  instructionForm,
  progressForm,
  supervisionPage,
} from '#shared/followups/followup-pages.ts';
import type { FieldError } from '#shared/platform/pages/form.ts';
import { AppError, ValidationError } from '#shared/platform/kernel/errors.ts';
import type { PageResult } from '#shared/platform/http/page-handler.ts';
import { verificationSupervisionSection } from '#shared/followups/verification-pages.ts';
import { isOfficeOf } from '#shared/org/index.ts';
import { html, type Raw } from '#shared/platform/pages/html.ts';
import { localInputToIso } from '#shared/platform/kernel/time.ts';
import { parseOrThrow } from '#shared/platform/kernel/validation.ts';
import { page } from '#shared/platform/http/router.ts';
import { layout } from '#shared/platform/pages/layout.ts';

type Routes = RouteHandlers<typeof FOLLOWUP_ROUTES>;

/** The caller's organisation's time zone (the default zone when it has none). */
async function zoneOf(deps: Deps, orgId: string) {
  return (await deps.orgs.getOrg(orgId))?.timezone ?? DEFAULT_TIMEZONE;
}

/** The report page an instruction is on for the caller: the parent's copy for the parent's people, else its own. */
const pageOf = (ins: Instruction, caller: Caller) =>
  `/reports/${ins.fromReportId && caller.orgId === ins.fromOrgId ? ins.fromReportId : ins.reportId}#instruction-${ins.instructionId}`;

const idsOf = (v: string | string[] | undefined) => (Array.isArray(v) ? v : v ? [v] : []);

/**
 * 待办 and 督办, and the follow-up and instruction forms of the report page: each posts, then goes back to the
 * report (a refused form is shown again on its own page, each error next to its field, everything typed kept).
 */
export const followupPages = {
  'GET /inbox': page(async ({ caller, deps }) => {
    const tz = await zoneOf(deps, caller.orgId);
    return { html: layout('待办', inboxPage(await fullInbox(deps, caller), tz), caller) };
  }),
  'GET /supervision': page(async ({ caller, deps }) => {
    const tz = await zoneOf(deps, caller.orgId);
    const { org } = await authorizeOnOrg(deps.orgs, caller, 'org.supervise', caller.orgId);
    const [s, across] = await Promise.all([
      supervisionOf(deps, caller.orgId),
      instructionsAcrossOf(deps, caller.orgId),
    ]);
    const verifications = verificationSupervisionSection(s, tz, { canAsk: isOfficeOf(caller, org) });
    return { html: layout('督办', html`${supervisionPage(s, tz, across)}${verifications}`, caller) };
  }),
  'POST /reports/{reportId}/followups': page((ctx) =>
    again(ctx, '续报', `/reports/${ctx.params.reportId}`, followupForm, async ({ form, caller, deps, params }) => {
      const optional = (k: 'measures' | 'currentState' | 'aftermath' | 'nextSteps') =>
        form[k]?.trim() ? { [k]: form[k] } : {};
      const summary = form.summary ?? '';
      // Passed whatever the kind: on a 续报 they are 400 (只在终报中填写), not dropped unseen.
      const final = { ...optional('aftermath'), ...optional('nextSteps') };
      const input = { kind: form.kind, summary, ...optional('measures'), ...optional('currentState'), ...final };
      await fileFollowup(deps, caller, params.reportId ?? '', parseOrThrow(followupSchema, input));
      return { redirect: `/reports/${params.reportId}` };
    }),
  ),
  'POST /reports/{reportId}/instructions': page(async (ctx) => {
    const { form, caller, deps, params } = ctx;
    const report = await deps.reports.get(params.reportId ?? '');
    const f = form as Record<string, string | string[]>;
    const assigneeIds = idsOf(f.assigneeIds);
    const tz = report?.timezone ?? DEFAULT_TIMEZONE;
    const render = async (state: FormState) => {
      const orgId = report?.orgId ?? caller.orgId;
      const lower = report?.forwardedFrom;
      const [people, departments, lowerPeople, lowerDepts] = await Promise.all([
        deps.orgs.listPeople(orgId),
        deps.orgs.listDepartments(orgId),
        lower ? deps.orgs.listPeople(lower.orgId) : [],
        lower ? deps.orgs.listDepartments(lower.orgId) : [],
      ]);
      const named = lowerDepts.map((d) => ({ ...d, name: `${lower?.orgName ?? ''} ${d.name}` }));
      const choices = assigneeChoices([...people, ...lowerPeople], [...departments, ...named]);
      return instructionForm({ reportId: params.reportId ?? '', choices, dueAt: '', ...state });
    };
    return again(ctx, '批示', `/reports/${params.reportId}`, render, async () => {
      const dueAt = f.dueAt ? localInputToIso(String(f.dueAt), tz) : '';
      const input = (() => {
        try {
          return parseOrThrow(instructionSchema, { text: String(f.text ?? ''), assigneeIds, dueAt });
        } catch (err) {
          // An empty due time is a missing field to the person, not a malformed ISO time.
          if (!(err instanceof ValidationError) || dueAt) throw err;
          const details = err.details.map((d) => (d.field === 'dueAt' ? { ...d, message: '请填写办结时限' } : d));
          throw new ValidationError(details, err.message);
        }
      })();
      const ins = await giveInstruction(deps, caller, params.reportId ?? '', input);
      return {
        redirect: `/reports/${params.reportId}`,
        flash: ins.fromOrgId ? '批示已下达报送单位' : '批示已送达承办人',
      };
    });
  }),
  'POST /instructions/{instructionId}/progress': page(async (ctx) => {
    const { form, caller, deps, params } = ctx;
    const id = params.instructionId ?? '';
    const ins = await deps.reports.getInstruction(id);
    const back = ins ? pageOf(ins, caller) : '/inbox';
    return again(
      ctx,
      '报告落实情况',
      back,
      (state) => progressForm({ instructionId: id, ...state }),
      async () => {
        const input = parseOrThrow(progressSchema, { text: form.text ?? '', done: form.done === 'true' });
        const done = await postProgress(deps, caller, id, input);
        return {
          redirect: pageOf(done, caller),
          flash: done.fromOrgId ? '落实情况已报送，并已反馈上级单位' : '落实情况已报送',
        };
      },
    );
  }),
  'POST /reports/{reportId}/chase': page(({ form, caller, deps, params }) =>
    refusedBack(backOf(form, '/supervision'), async () => {
      const r = await chaseReport(deps, caller, params.reportId ?? '', { note: undefined });
      const names = r.chased.map((c) => c.name).join('、');
      return { redirect: backOf(form, '/supervision'), flash: names ? `已催办：${names}` : '已催办' };
    }),
  ),
  'POST /instructions/{instructionId}/close': page(async ({ form, caller, deps, params }) => {
    const ins = await deps.reports.getInstruction(params.instructionId ?? '');
    return refusedBack(backOf(form, ins ? pageOf(ins, caller) : '/inbox'), async () => {
      const done = await closeInstruction(deps, caller, params.instructionId ?? '');
      return { redirect: pageOf(done, caller), flash: done.fromOrgId ? '已验收销号' : '已销号' };
    });
  }),
  'POST /instructions/{instructionId}/delegate': page(async (ctx) => {
    const { form, caller, deps, params } = ctx;
    const id = params.instructionId ?? '';
    const f = form as Record<string, string | string[]>;
    const ins = await deps.reports.getInstruction(id);
    const render = async (state: FormState) => {
      const [people, departments] = await Promise.all([
        deps.orgs.listPeople(caller.orgId),
        deps.orgs.listDepartments(caller.orgId),
      ]);
      return delegateForm({ instructionId: id, choices: assigneeChoices(people, departments), ...state });
    };
    return again(ctx, '转办', ins ? pageOf(ins, caller) : '/inbox', render, async () => {
      const note = String(f.note ?? '').trim();
      const input = parseOrThrow(delegateSchema, { assigneeIds: idsOf(f.assigneeIds), ...(note ? { note } : {}) });
      const done = await delegateInstruction(deps, caller, id, input);
      return { redirect: pageOf(done, caller), flash: '已转办' };
    });
  }),
  'POST /instructions/{instructionId}/chase': page(async ({ form, caller, deps, params }) => {
    const ins = await deps.reports.getInstruction(params.instructionId ?? '');
    const back = backOf(form, ins ? pageOf(ins, caller) : '/supervision');
    return refusedBack(back, async () => {
      const note = String(form.note ?? '').trim();
      const input = parseOrThrow(chaseSchema, note ? { note } : {});
      const r = await chaseInstruction(deps, caller, params.instructionId ?? '', input);
      const flash = `已催办：${r.chased.map((c) => c.name).join('、') || '无人送达'}`;
      return { redirect: ins ? pageOf(ins, caller) : '/supervision', flash };
    });
  }),
} satisfies Partial<Routes>;

type FormState = { values: Record<string, string | string[]>; errors: FieldError[] };

/** A refusal of the whole form (not of one field): the use case's 409 or 422. */
const isRefusal = (err: unknown): err is AppError =>
  err instanceof AppError && !(err instanceof ValidationError) && (err.status === 409 || err.status === 422);

/**
 * The page a one-button form (催办, 销号) came from, from its hidden `back` field: a path of this site only (never
 * another host), else `fallback`.
 */
function backOf(form: Record<string, unknown>, fallback: string): string {
  const b = typeof form.back === 'string' ? form.back : '';
  return /^\/(?![/\\])[^\s]*$/.test(b) ? b : fallback;
}

/** Runs a one-button form; its refusal goes back to `back` with the reason shown at the top (`#refusal`). */
async function refusedBack(back: string, act: () => Promise<PageResult>): Promise<PageResult> {
  try {
    return await act();
  } catch (err) {
    if (!isRefusal(err)) throw err;
    return { redirect: `${back.replace(/#.*$/, '')}#refusal`, refusal: err.message };
  }
}

/**
 * Runs a form's action; a refusal the person can correct shows the same form again on its own page, every error
 * next to its field and everything typed kept, with the way back to the report (never a bare error page).
 */
async function again(
  ctx: Ctx,
  title: string,
  back: string,
  form: (state: FormState & { reportId: string }) => Raw | Promise<Raw>,
  act: (ctx: Ctx) => Promise<PageResult>,
): Promise<PageResult> {
  try {
    return await act(ctx);
  } catch (err) {
    if (!(err instanceof ValidationError) && !isRefusal(err)) throw err;
    const values = ctx.form as Record<string, string | string[]>;
    const errors = err.details.map((d) => ({ field: d.field.split('.')[0] ?? d.field, message: d.message }));
    const body = await form({ reportId: ctx.params.reportId ?? '', values, errors });
    // A refusal of the whole form (批示已销号, 事件已终报 …) above the form, the form as typed below it.
    const refusal = isRefusal(err)
      ? html`<div class="errors" role="alert" id="refusal" tabindex="-1"><p>未能提交：${err.message}</p></div>`
      : html``;
    const page = html`<p class="no-print"><a href="${back}">← 返回报告</a></p><h1>${title}</h1>${refusal}${body}`;
    return { status: err.status, html: layout(title, page, ctx.caller) };
  }
}
