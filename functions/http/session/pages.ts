import type { Deps } from '#shared/app/ports.ts';
import type { SESSION_ROUTES } from '#shared/app/routes.ts';
import { signDevToken } from '#shared/platform/auth/tokens.ts';
import { env } from '#shared/platform/kernel/env.ts';
import { NotFoundError } from '#shared/platform/kernel/errors.ts';
import { clearSessionCookie, sessionCookie } from '#shared/platform/http/page-handler.ts';
import { openPage, type Handlers } from '#shared/platform/http/router.ts';
import { html, raw } from '#shared/platform/pages/html.ts';
import { layout } from '#shared/platform/pages/layout.ts';
import { ROLE_LABELS } from '#shared/org/rules/model.ts';
import { canSeeReport } from '#shared/reports/acknowledge-report.ts';
import { formatLocal } from '#shared/platform/kernel/time.ts';

type Routes = Handlers<(typeof SESSION_ROUTES)[number], Deps>;

const DEMO_ACCOUNTS = ['reporter', 'head', 'leader', 'chief', 'office', 'duty']
  .map((a) => `${a}@demo.local`)
  .join('、');
/** A form field sent twice arrives as a list: only a single string is a path to go back to. */
const safeNext = (next: unknown) =>
  typeof next === 'string' && next.startsWith('/') && !next.startsWith('//') ? next : '/';
const roleLabel = (r: string) => ROLE_LABELS[r as keyof typeof ROLE_LABELS] ?? r;

/** The home page, dev sign-in (local stage) and sign-out. */
export const sessionPages = {
  'GET /': openPage(async ({ caller, deps }) => {
    if (!caller) return { redirect: '/login' };
    const page = await deps.reports.listByOrg(caller.orgId, 20);
    const org = await deps.orgs.getOrg(caller.orgId);
    const mine = page.items.filter((r) => canSeeReport(r, caller, org?.officeDepartmentId));
    const rows = mine.map((r) => {
      const link = html`<a href="/reports/${r.reportId}">${r.title}</a>`;
      const status = r.status === 'acknowledged' ? '已确认' : '报送中';
      const at = formatLocal(r.submittedAt, r.timezone);
      return html`<tr><td>${at}</td><td>${link}</td><td>${r.severity}</td><td>${status}</td></tr>`;
    });
    const recent = mine.length
      ? html`<table><tr><th>报送时间</th><th>标题</th><th>等级</th><th>状态</th></tr>${rows}</table>`
      : html`<p>暂无。</p>`;
    const body = html`<h1>${org?.name ?? ''}</h1><p>${caller.name}（${caller.roles.map(roleLabel).join('、')}）</p>
<p><a class="button" href="/reports/new">报送紧急信息</a></p>
<h2>最近的紧急信息</h2>${recent}`;
    return { html: layout('首页', body, caller) };
  }),
  'GET /login': openPage(async ({ query }) => {
    if (env('AUTH_MODE') !== 'dev') throw new NotFoundError('页面');
    return { html: loginPage(safeNext(query.next), '') };
  }),
  'POST /login': openPage(async ({ form, deps }) => {
    if (env('AUTH_MODE') !== 'dev') throw new NotFoundError('页面');
    const email = (typeof form.email === 'string' ? form.email : '').trim();
    const person = email ? await deps.orgs.findPersonByEmail(email) : undefined;
    if (!person)
      return { status: 401, html: loginPage(safeNext(form.next), email ? '这个邮箱没有登记。' : '请填写邮箱。') };
    const claims = { sub: person.personId, email: person.email };
    const token = await signDevToken(claims, env('DEV_AUTH_SECRET'), deps.clock());
    return { redirect: safeNext(form.next), cookies: [sessionCookie(token, env('APP_URL').startsWith('https:'))] };
  }),
  'POST /logout': openPage(async () => ({ redirect: '/login', cookies: [clearSessionCookie()] })),
} satisfies Partial<Routes>;

function loginPage(next: string, error: string): string {
  return layout(
    '登录',
    html`<h1>登录（本地开发环境）</h1>${error ? html`<div class="errors" role="alert">${error}</div>` : raw('')}
<form method="post" action="/login"><input type="hidden" name="next" value="${next}">
<label for="email">邮箱</label><input id="email" name="email" type="email" required autofocus>
<button type="submit">登录</button></form>
<p class="hint">演示账号：${DEMO_ACCOUNTS} 等。</p>`,
  );
}
