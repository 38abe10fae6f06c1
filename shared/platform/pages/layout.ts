import type { AppError } from '../kernel/errors.ts';
import { html, raw, type Raw } from './html.ts';
import { STYLESHEET } from './stylesheet.ts';
import { PAGE_SCRIPT } from './picker-script.ts';

/** Who the page is for: the signed-in person (the page handler adds the organisation's name). */
export type PageUser = { name: string; roles?: readonly string[]; orgName?: string; todoCount?: number };

/**
 * The navigation, by role: an entry shows when the person holds one of its roles (`all`: everyone signed in). It
 * only hides what a role has no use for; each context's access rules still decide every request.
 */
export const NAV: readonly { href: string; label: string; roles: readonly string[] | 'all' }[] = [
  { href: '/', label: '首页', roles: 'all' },
  { href: '/inbox', label: '待办', roles: 'all' },
  { href: '/reports/new', label: '报送', roles: 'all' },
  { href: '/reports', label: '查找报告', roles: 'all' },
  // Who may record a call: the office and the duty leader (the duty officer on shift is no role; see mayRecordCall).
  { href: '/reports/phoned', label: '电话记录', roles: ['officeHead', 'dutyLeader'] },
  // The office declares special periods; the units answer through their heads (a period's page also takes returns).
  { href: '/zero-reports', label: '零报告', roles: ['officeHead', 'departmentHead'] },
  {
    href: '/supervision',
    label: '督办',
    roles: ['supervisingLeader', 'principalLeader', 'officeHead', 'dutyLeader', 'reviewer', 'admin'],
  },
  { href: '/items', label: '工作信息', roles: 'all' },
  { href: '/dashboard', label: '统计分析', roles: ['principalLeader', 'supervisingLeader', 'officeHead'] },
  { href: '/scores', label: '得分', roles: ['departmentHead', 'principalLeader', 'officeHead', 'reviewer', 'admin'] },
  { href: '/findings', label: '问责', roles: ['principalLeader', 'officeHead', 'reviewer', 'admin'] },
  { href: '/undelivered', label: '未送达', roles: ['officeHead'] },
  { href: '/admin', label: '单位管理', roles: ['officeHead', 'admin'] },
];

export const navFor = (roles: readonly string[]) =>
  NAV.filter((n) => n.roles === 'all' || n.roles.some((r) => roles.includes(r)));

/** The count beside a menu entry: 待办 shows how many rows wait for the person (none when nothing waits). */
function navCount(href: string, user: PageUser): Raw {
  if (href !== '/inbox' || !user.todoCount) return raw('');
  return html`<span class="nav-count" aria-label="，${user.todoCount} 项待办">${user.todoCount > 99 ? '99+' : user.todoCount}</span>`;
}

/** Where the page handler puts the one-time confirmation of the action that led here (see `withFlash`). */
const FLASH_SLOT = '<!--flash-->';

export function layout(title: string, body: Raw, user?: PageUser): string {
  const nav = user
    ? html`<nav class="site-nav" aria-label="主菜单">${navFor(user.roles ?? []).map((n) => html`<a href="${n.href}">${n.label}${navCount(n.href, user)}</a>`)}</nav>`
    : raw('');
  const who = user
    ? html`<div class="who"><span class="who-name">${user.name}</span><form method="post" action="/logout"><button class="link-button">退出</button></form></div>`
    : html`<div class="who"><a href="/login">登录</a></div>`;
  return html`<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${title} · 报送</title><style>${raw(STYLESHEET)}</style></head>
<body><a class="skip" href="#main">跳到正文</a><header class="site-header"><div class="bar"><p class="brand"><a href="/">报送</a>${user?.orgName ? html`<span class="org">${user.orgName}</span>` : raw('')}</p>${who}</div>${nav}</header>
<main id="main">${raw(FLASH_SLOT)}${body}</main><script>${raw(PAGE_SCRIPT)}</script></body></html>`.value;
}

/**
 * Puts `message` (the flash of Post/Redirect/Get) at the top of a page rendered by `layout`; a refusal (`refusal:` before
 * it, page-handler.ts `REFUSAL_PREFIX`) shows as an error with the anchor `#refusal`.
 */
export function withFlash(page: string, message: string | undefined): string {
  if (!message) return page.replace(FLASH_SLOT, '');
  if (message.startsWith('refusal:'))
    return page.replace(
      FLASH_SLOT,
      html`<div class="errors flash" role="alert" id="refusal" tabindex="-1"><p>未能完成：${message.slice('refusal:'.length)}</p></div>`
        .value,
    );
  return page.replace(FLASH_SLOT, html`<div class="ok flash" role="status">${message}</div>`.value);
}

const ERROR_TITLES: Record<number, string> = {
  401: '请先登录',
  403: '没有权限',
  404: '找不到页面',
  409: '操作未完成',
  413: '提交的内容过大',
  422: '无法完成操作',
};

/** The HTML page of an error on a page URL: never raw JSON, always a way on. */
export function errorPage(err: AppError, user?: PageUser): string {
  const title = ERROR_TITLES[err.status] ?? (err.status >= 500 ? '系统出错' : '无法完成操作');
  const hint =
    err.status === 403
      ? '您已登录，但您的角色不能做这件事。如需办理，请联系本单位办公室。'
      : err.status === 404
        ? '地址可能有误，或者这条记录对您不可见。'
        : '';
  return layout(
    title,
    html`<h1>${title}</h1><div class="errors" role="alert"><p>${err.message}</p>${err.details.length ? html`<ul>${err.details.map((d) => html`<li>${d.message}</li>`)}</ul>` : raw('')}</div>${hint ? html`<p>${hint}</p>` : raw('')}<p><a class="button secondary" href="/">返回首页</a></p>`,
    user,
  );
}

/** A valid sign-in of an e-mail no organisation has registered: say so, and offer to sign out. */
export function unregisteredPage(email: string): string {
  return layout(
    '账号未登记',
    html`<h1>账号未登记</h1><div class="notice" role="alert"><p>您已通过身份验证（${email}），但这个邮箱还没有登记到任何单位，所以无法使用报送系统。</p>
<p>请联系本单位办公室，在“单位管理 → 人员”中按这个邮箱添加您；添加后重新登录即可。</p></div>
<form method="post" action="/logout"><button type="submit">退出登录</button></form>`,
  );
}
