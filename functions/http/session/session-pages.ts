import { signDevToken } from '#shared/platform/auth/tokens.ts';
import { env } from '#shared/platform/kernel/env.ts';
import { NotFoundError } from '#shared/platform/kernel/errors.ts';
import { clearSessionCookie, pageHandler, sessionCookie } from '#shared/platform/http/page-handler.ts';
import { html, raw } from '#shared/platform/pages/html.ts';
import { layout } from '#shared/platform/pages/layout.ts';
import { ROLE_LABELS } from '#shared/org/rules/model.ts';
import { formatLocal } from '#shared/platform/kernel/time.ts';

const safeNext = (next: string | undefined) => (next && next.startsWith('/') && !next.startsWith('//') ? next : '/');

/** GET / (home), GET|POST /login (dev sign-in locally), POST /logout. */
export const handler = pageHandler({ auth: false }, async ({ event, form, caller, deps, query }) => {
  switch (event.routeKey) {
    case 'GET /': {
      if (!caller) return { redirect: '/login' };
      const page = await deps.reports.listByOrg(caller.orgId, 20);
      const org = await deps.orgs.getOrg(caller.orgId);
      const { canSeeReport } = await import('#shared/reports/acknowledge-report.ts');
      const mine = page.items.filter((r) => canSeeReport(r, caller, org?.officeDepartmentId));
      return {
        html: layout(
          '首页',
          html`<h1>${org?.name ?? ''}</h1><p>${caller.name}（${caller.roles.map((r) => ROLE_LABELS[r as keyof typeof ROLE_LABELS] ?? r).join('、')}）</p>
<p><a class="button" href="/reports/new">报送紧急信息</a></p>
<h2>最近的紧急信息</h2>${
            mine.length
              ? html`<table><tr><th>报送时间</th><th>标题</th><th>等级</th><th>状态</th></tr>${mine.map(
                  (r) => html`<tr><td>${formatLocal(r.submittedAt, r.timezone)}</td><td><a href="/reports/${r.reportId}">${r.title}</a></td><td>${r.severity}</td><td>${r.status === 'acknowledged' ? '已确认' : '报送中'}</td></tr>`,
                )}</table>`
              : html`<p>暂无。</p>`
          }`,
          caller,
        ),
      };
    }
    case 'GET /login':
      if (env('AUTH_MODE') !== 'dev') throw new NotFoundError('页面');
      return { html: loginPage(safeNext(query.next), '') };
    case 'POST /login': {
      if (env('AUTH_MODE') !== 'dev') throw new NotFoundError('页面');
      const email = (form.email ?? '').trim();
      const person = email ? await deps.orgs.findPersonByEmail(email) : undefined;
      if (!person) return { status: 401, html: loginPage(safeNext(form.next), email ? '这个邮箱没有登记。' : '请填写邮箱。') };
      const token = await signDevToken({ sub: person.personId, email: person.email }, env('DEV_AUTH_SECRET'), deps.clock());
      return { redirect: safeNext(form.next), cookies: [sessionCookie(token, env('APP_URL').startsWith('https:'))] };
    }
    case 'POST /logout':
      return { redirect: '/login', cookies: [clearSessionCookie()] };
    default:
      throw new NotFoundError('页面');
  }
});

function loginPage(next: string, error: string): string {
  return layout(
    '登录',
    html`<h1>登录（本地开发环境）</h1>${error ? html`<div class="errors" role="alert">${error}</div>` : raw('')}
<form method="post" action="/login"><input type="hidden" name="next" value="${next}">
<label for="email">邮箱</label><input id="email" name="email" type="email" required autofocus>
<button type="submit">登录</button></form>
<p class="hint">演示账号：reporter@demo.local、head@demo.local、leader@demo.local、chief@demo.local、office@demo.local、duty@demo.local 等。</p>`,
  );
}
