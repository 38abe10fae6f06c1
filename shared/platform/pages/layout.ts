import type { AppError } from '../kernel/errors.ts';
import { html, raw, type Raw } from './html.ts';

const STYLE = `
*{box-sizing:border-box}body{margin:0;font-family:"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;color:#1a1a1a;background:#f5f5f2;line-height:1.6}
header{background:#8b1a1a;color:#fff;padding:10px 20px;display:flex;justify-content:space-between;align-items:center}
header a{color:#fff;text-decoration:none;margin-left:16px}header .brand{font-weight:bold;font-size:18px;margin:0}
main{max-width:880px;margin:20px auto;background:#fff;padding:24px 28px;border-radius:6px;box-shadow:0 1px 3px rgba(0,0,0,.08)}
h1{font-size:22px;margin-top:0}label{display:block;font-weight:600;margin-top:14px}
input,select,textarea{width:100%;padding:8px;font:inherit;border:1px solid #bbb;border-radius:4px}textarea{min-height:90px}
.row{display:flex;gap:16px}.row>div{flex:1}.hint{color:#666;font-size:13px;font-weight:normal}
button,.button{background:#b71c1c;color:#fff;border:0;padding:10px 22px;font:inherit;border-radius:4px;cursor:pointer;margin-top:18px;display:inline-block;text-decoration:none}
button.secondary{background:#555}.errors{background:#fdecea;border:1px solid #f5c2c0;padding:10px 16px;border-radius:4px}
.field-error{color:#b71c1c;font-size:13px}.ok{background:#e8f5e9;border:1px solid #a5d6a7;padding:10px 16px;border-radius:4px}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:6px 8px;border-bottom:1px solid #eee;vertical-align:top}
.state-acknowledged{color:#1b5e20}.state-timedOut{color:#b71c1c}.state-notified{color:#e65100}.state-skipped{color:#777}
.late{color:#b71c1c;font-weight:bold}fieldset{border:1px solid #ddd;border-radius:4px;margin-top:14px}
`;

export function layout(title: string, body: Raw, user?: { name: string }): string {
  return html`<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${title} · 报送</title><style>${raw(STYLE)}</style></head>
<body><header><p class="brand">报送 · 重大紧急信息报送系统</p><nav>${
    user
      ? html`<a href="/">首页</a><a href="/reports/new">报送紧急信息</a><a href="/inbox">待办</a><a href="/supervision">督办</a><a href="/items">工作信息</a><a href="/scores">得分</a><a href="/findings">问责</a><a href="/admin">单位管理</a><span style="margin-left:16px">${user.name}</span><form method="post" action="/logout" style="display:inline"><button class="secondary" style="margin:0 0 0 12px;padding:4px 10px">退出</button></form>`
      : html`<a href="/login">登录</a>`
  }</nav></header>
<main>${body}</main></body></html>`.value;
}

export function errorPage(err: AppError): string {
  const title = err.status === 404 ? '找不到页面' : err.status >= 500 ? '系统出错' : '无法完成操作';
  return layout(
    title,
    html`<h1>${title}</h1><div class="errors"><p>${err.message}</p>${err.details.length ? html`<ul>${err.details.map((d) => html`<li>${d.field}：${d.message}</li>`)}</ul>` : raw('')}</div><p><a href="/">返回首页</a></p>`,
  );
}
