/**
 * The one stylesheet of every page, phone first (390 px: one column, no sideways scroll, touch targets of 44 px),
 * widening at 720 px into the denser desktop layout. Type scale 14 / 16 / 18 / 22 / 26 px, spacing in steps of 4 px.
 * Colours meet WCAG 2.1 AA on their backgrounds (text ≥ 4.5:1). Inlined by `layout` (the CSP allows inline styles
 * only). Page code uses these classes:
 * - `.row` (columns from 720 px), `.hint`, `.errors` / `.field-error` / `.ok` / `.notice`, `button.secondary`,
 *   `.button`, `.no-print`;
 * - status badges: `.badge` with `.state-pending|notified|acknowledged|timedOut|overdue|skipped` (colour and text);
 * - tables: a `<td data-label="标题">` cell shows its label on a phone, where every row of the table becomes a card;
 *   a table without labels scrolls inside its own box, never the page.
 */
export const STYLESHEET = `
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font-family:"PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC","Source Han Sans SC","WenQuanYi Micro Hei",system-ui,sans-serif;font-size:16px;line-height:1.6;color:#1f1f1f;background:#f4f4f1;overflow-wrap:anywhere}
a{color:#0b4f9c}a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible,textarea:focus-visible,summary:focus-visible{outline:3px solid #1a73e8;outline-offset:2px}
.skip{position:absolute;left:-9999px}.skip:focus{left:8px;top:8px;background:#fff;padding:8px;z-index:10}
.site-header{background:#8b1a1a;color:#fff}
.site-header .bar{display:flex;justify-content:space-between;align-items:center;gap:8px;padding:8px 12px;max-width:1100px;margin:0 auto}
.brand{margin:0;font-size:18px;font-weight:700;display:flex;flex-wrap:wrap;align-items:baseline;gap:0 10px;min-width:0}
.brand a{color:#fff;text-decoration:none}.brand .org{font-size:14px;font-weight:400;opacity:.95}
.who{display:flex;align-items:center;gap:8px;font-size:14px;white-space:nowrap}.who a{color:#fff}
.who form{margin:0}.link-button{background:transparent;border:1px solid #fff;color:#fff;margin:0;padding:4px 12px;min-height:36px;font-size:14px}
.site-nav{display:flex;flex-wrap:wrap;gap:4px;padding:0 8px 8px;max-width:1100px;margin:0 auto}
.site-nav a{color:#fff;text-decoration:none;padding:8px 12px;min-height:44px;display:inline-flex;align-items:center;border-radius:4px;background:rgba(255,255,255,.12)}
.site-nav a:hover{background:rgba(255,255,255,.25)}
.nav-count{display:inline-block;min-width:22px;margin-left:6px;padding:0 6px;border-radius:11px;background:#fff;color:#8b1a1a;font-size:14px;font-weight:700;line-height:22px;text-align:center}
main{background:#fff;padding:16px;margin:0;max-width:1100px}
h1{font-size:22px;line-height:1.3;margin:0 0 12px}h2{font-size:18px;margin:24px 0 8px}h3{font-size:16px}
p{margin:8px 0}
label{display:block;font-weight:600;margin-top:16px}
.required::after,label.required::after{content:" *";color:#b3261e}
input,select,textarea{width:100%;max-width:100%;padding:10px;font:inherit;border:1px solid #8a8a8a;border-radius:4px;background:#fff;color:inherit;min-height:44px}
input[type=checkbox],input[type=radio]{width:auto;min-height:0;width:20px;height:20px;vertical-align:middle;margin:0 6px 0 0}
textarea{min-height:120px}
[hidden]{display:none!important}
.picker-search{margin:4px 0 8px}.picker-search label{margin-top:4px;font-weight:400;font-size:14px}
[aria-invalid=true]{border-color:#b3261e;border-width:2px}
.row{display:flex;flex-direction:column;gap:0}
.hint{color:#5c5c5c;font-size:14px;font-weight:400}
button,.button{background:#b3261e;color:#fff;border:0;padding:10px 20px;font:inherit;border-radius:4px;cursor:pointer;margin-top:16px;display:inline-flex;align-items:center;justify-content:center;min-height:44px;text-decoration:none}
button.secondary,.button.secondary{background:#4a4a4a}
.errors{background:#fdecea;border:1px solid #e8a19c;padding:8px 16px;border-radius:4px;color:#5f1410}
.errors a{color:#5f1410}
.field-error{color:#b3261e;font-size:14px;display:block;margin-top:4px}
.ok{background:#e6f4ea;border:1px solid #8cc79a;padding:8px 16px;border-radius:4px;color:#0f4d1c}
.notice{background:#fff8e1;border:1px solid #e0c36a;padding:8px 16px;border-radius:4px}
.flash{margin-bottom:16px;font-weight:600}
fieldset{border:1px solid #cfcfcf;border-radius:4px;margin-top:16px;padding:8px 12px}legend{font-weight:600;padding:0 4px}
fieldset label{font-weight:400;margin-top:8px}
table{border-collapse:collapse;width:100%;display:block;overflow-x:auto;max-width:100%}
th,td{text-align:left;padding:8px;border-bottom:1px solid #e3e3e3;vertical-align:top}
th{background:#f4f4f1;font-weight:600;white-space:nowrap}
svg{max-width:100%;height:auto}
.badge{display:inline-block;padding:0 8px;border-radius:10px;font-size:14px;line-height:1.7;white-space:nowrap}
.state-pending{color:#4a4a4a}.badge.state-pending{background:#ececec}
.state-notified{color:#8a3500}.badge.state-notified{background:#fff0e0}
.state-acknowledged{color:#1b5e20}.badge.state-acknowledged{background:#e6f4ea}
.state-timedOut,.state-overdue{color:#b3261e}.badge.state-timedOut,.badge.state-overdue{background:#fdecea}
.state-skipped{color:#5c5c5c}.badge.state-skipped{background:#f0f0f0}
.late{color:#b3261e;font-weight:700}
#timeline td.event-type{white-space:nowrap}
@media (max-width:719px){
  table:has(td[data-label]){display:block;overflow:visible}
  table:has(td[data-label]) thead,table:has(td[data-label]) tr:has(th){display:none}
  table:has(td[data-label]) tbody,table:has(td[data-label]) tr,table:has(td[data-label]) td{display:block}
  table:has(td[data-label]) tr{border:1px solid #e3e3e3;border-radius:6px;margin:0 0 8px;padding:4px 8px}
  table:has(td[data-label]) td{border:0;padding:4px 0}
  td[data-label]::before{content:attr(data-label) "：";color:#5c5c5c;font-size:14px}
  button,.button{width:100%}
  .who-name{display:inline-block;max-width:7em;overflow:hidden;text-overflow:ellipsis;vertical-align:middle}
  .site-nav{flex-wrap:nowrap;overflow-x:auto;scrollbar-width:thin;overscroll-behavior-x:contain}
  .site-nav a{flex:0 0 auto}
}
@media (min-width:720px){
  main{margin:16px auto;padding:24px 28px;border-radius:6px;box-shadow:0 1px 3px rgba(0,0,0,.08)}
  .row{flex-direction:row;gap:16px}.row>*{flex:1;min-width:0}
  .site-nav{padding:0 12px 8px}
  body{font-size:15px}
}
@media print{
  body{background:#fff;color:#000;font-size:12pt}
  .site-header,.skip,.no-print,form button,nav{display:none!important}
  main{box-shadow:none;margin:0;padding:0;max-width:none}
  a{color:#000;text-decoration:none}
  table{display:table;overflow:visible}
  tr,td,th{break-inside:avoid}
}
`
  .replace(/\n\s*/g, '')
  .trim();
