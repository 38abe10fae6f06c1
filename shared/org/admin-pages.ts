import type { ErrorDetail } from '../platform/kernel/errors.ts';
import { ROLE_LABELS, ROLES } from './rules/model.ts';
import { DEFAULT_QUOTAS, DEFAULT_REWARDS, DEFAULT_SCORING, type FullOrgConfig } from './rules/config.ts';
import { ZONE_CHOICES, zoneLabel } from './rules/zone-label.ts';
import { MAIL_UNDELIVERABLE_LABEL } from './rules/mail-reach.ts';
import type { getOrgView, RosterView } from './org-admin.ts';
import { formatLocal, isoToLocalInput, localParts } from '../platform/kernel/time.ts';
import { html, raw, type Raw } from '../platform/pages/html.ts';
import {
  type Choice,
  choiceBoxes,
  choiceField,
  errorSummary,
  field,
  fieldId,
  type FieldError,
} from '../platform/pages/form.ts';
import { layout, type PageUser } from '../platform/pages/layout.ts';

/**
 * The office's administration pages (Chinese, server-rendered, plain forms: no JavaScript needed). Every form shows
 * all its errors at once, at the top and next to each field (`form.ts`), marks what is required and keeps what was
 * typed; people, departments and time zones are picked by name, never typed as ids.
 */

export type OrgView = Awaited<ReturnType<typeof getOrgView>>;
/**
 * What a page shows besides the organisation: the confirmation of the last action (`ok`), or a rejected form's
 * message and errors (`details`, their `field` the form's input name) with what was typed (`values`).
 */
export type Flash = {
  ok?: string;
  error?: string;
  details?: ErrorDetail[];
  values?: Record<string, string | string[]>;
};

const roleLabel = (r: string) => ROLE_LABELS[r as keyof typeof ROLE_LABELS] ?? r;

/** The names of every field of these forms, for the error summary (never the field's code name). */
const FIELD_LABELS: Record<string, string> = {
  name: '名称',
  email: '邮箱',
  phone: '电话',
  roles: '角色',
  departmentId: '部门',
  headId: '部门负责人',
  supervisingLeaderId: '分管领导',
  until: '不在岗截止时间',
  deputyId: '代理人',
  principalLeaderId: '主要领导',
  officeDepartmentId: '办公室',
  timezone: '时区',
  start: '开始',
  end: '结束',
  dutyLeaderId: '值班领导',
  dutyOfficerId: '值班员',
  holidays: '放假日期',
  workdays: '上班日期',
  csv: 'CSV 内容',
  effectiveMonth: '生效月份',
};

const errorsOf = (f: Flash | undefined): FieldError[] =>
  (f?.details ?? []).map((d) => ({ field: d.field, message: d.message }));

const CONFIG_NUMBERS: Record<string, string> = {
  q_dept: '每部门每周至少（条）',
  q_person: '每人每月至少刊用（条）',
  s_met: '完成任务加分',
  s_short: '每少一条（分）',
  s_beyond: '每多一条（分）',
  r_adopted: '超额采用奖励（元）',
  r_prov: '省级采用（元）',
  r_central: '中央级采用（元）',
  parallel: '同时报告主要领导的等级',
  sms: '同时发短信的等级',
  days: '工作日',
  periods: '工作时段',
  categories: '报送类别',
};

/** The Chinese name of a form field, for the error summary (the configuration's rows are named by their place). */
function labelOf(name: string): string | undefined {
  const known = FIELD_LABELS[name] ?? CONFIG_NUMBERS[name];
  if (known) return known;
  const sev = /^(limit|ack)_(I|II|III|IV)$/.exec(name);
  if (sev) return `${sev[2]}级 ${sev[1] === 'limit' ? '书面报告时限' : '每级确认时限'}`;
  const period = /^period_(start|end)_(\d+)$/.exec(name);
  if (period) return `第 ${Number(period[2]) + 1} 段工作时段的${period[1] === 'start' ? '开始' : '结束'}`;
  const cat = /^cat_label_(\d+)$/.exec(name);
  if (cat) return `报送类别第 ${Number(cat[1]) + 1} 行`;
  return undefined;
}

/** The top of a form: the confirmation, or the reason it was refused and every error, each a link to its field. */
function flashBox(f: Flash | undefined): Raw {
  if (!f) return raw('');
  if (f.error) {
    const errors = errorsOf(f);
    const labels = Object.fromEntries(errors.flatMap((e) => (labelOf(e.field) ? [[e.field, labelOf(e.field)!]] : [])));
    const linked = errors.filter((e) => labels[e.field]);
    const loose = errors.filter((e) => !labels[e.field]);
    return html`${linked.length ? errorSummary(linked, labels) : raw('')}${
      loose.length || !linked.length
        ? html`<div class="errors" role="alert"><p>${f.error}</p>${loose.length ? html`<ul>${loose.map((e) => html`<li>${e.message}</li>`)}</ul>` : raw('')}</div>`
        : raw('')
    }`;
  }
  return f.ok ? html`<div class="ok" role="status">${f.ok}</div>` : raw('');
}

const NAV_ITEMS: [string, string][] = [
  ['', '概况'],
  ['/departments', '部门'],
  ['/people', '人员'],
  ['/roster', '值班表'],
  ['/calendar', '工作日历'],
  ['/config', '配置'],
  ['/import', '批量导入'],
];

function nav(org: OrgView, current: string): Raw {
  const base = `/admin/${org.orgId}`;
  return html`<nav class="sub-nav" aria-label="单位管理">${NAV_ITEMS.map(([p, label]) =>
    p === current
      ? html`<a href="${base}${p}" aria-current="page"><strong>${label}</strong></a>`
      : html`<a href="${base}${p}">${label}</a>`,
  )}</nav>`;
}

const SUB_NAV_STYLE = raw(
  '<style>.sub-nav{display:flex;flex-wrap:wrap;gap:4px 16px;margin:0 0 16px}.sub-nav a{min-height:44px;display:inline-flex;align-items:center}' +
    '.choices label{display:inline-flex;align-items:center;margin:8px 16px 0 0;font-weight:400;min-height:44px}' +
    '.rows td{vertical-align:middle}.rows input[type=text]{min-width:0}' +
    '@media (min-width:720px){table.rows{display:table;width:100%}.cats td:first-child{width:60%}}' +
    '.confirm{border:2px solid #e0c36a;background:#fff8e1;padding:8px 16px;border-radius:4px;margin-top:16px}</style>',
);

function page(title: string, org: OrgView, current: string, user: PageUser, body: Raw, flash?: Flash): string {
  const withOrg: PageUser = { ...user, orgName: user.orgName ?? org.name };
  return layout(
    `${title} · ${org.name}`,
    html`${SUB_NAV_STYLE}<h1>${title}</h1>${nav(org, current)}${flashBox(flash)}${body}`,
    withOrg,
  );
}

const typed = (f: Flash | undefined, name: string, fallback = ''): string => {
  const v = f?.values?.[name];
  return Array.isArray(v) ? (v[0] ?? '') : (v ?? fallback);
};
const valuesOf = (f: Flash | undefined, name: string, fallback: readonly string[]): readonly string[] => {
  const v = f?.values?.[name];
  if (v === undefined) return fallback;
  return Array.isArray(v) ? v : v ? [v] : [];
};

type Option = Choice;

/** A labelled picker (form.ts `choiceField`); people without a department are listed as 未分部门. */
const selectField = ({
  options,
  ...o
}: Omit<Parameters<typeof choiceField>[0], 'choices'> & { options: readonly Option[] }) =>
  choiceField({ ...o, choices: options, ungrouped: '未分部门' });

/** Several choices as labelled checkboxes in a fieldset (form.ts `choiceBoxes`). */
const checkboxes = ({
  options,
  ...o
}: Omit<Parameters<typeof choiceBoxes>[0], 'choices'> & { options: readonly Option[] }) =>
  choiceBoxes({ ...o, choices: options });

const deptName = (org: OrgView, id: string | null | undefined) =>
  org.departments.find((d) => d.departmentId === id)?.name;

/** The organisation's people as picker options, grouped by department when the list is long. */
function peopleOptions(org: OrgView): Option[] {
  const long = org.people.length > 12;
  return org.people
    .filter((p) => !p.disabled)
    .map((p) => ({
      value: p.personId,
      label: long ? p.name : `${p.name}${deptName(org, p.departmentId) ? `（${deptName(org, p.departmentId)}）` : ''}`,
      ...(long ? { group: deptName(org, p.departmentId) ?? '' } : {}),
    }))
    .sort((a, b) => (a.group ?? '').localeCompare(b.group ?? '', 'zh-CN') || a.label.localeCompare(b.label, 'zh-CN'));
}
const departmentOptions = (org: OrgView): Option[] =>
  org.departments.map((d) => ({ value: d.departmentId, label: d.name }));
const zoneOptions = (current: string): Option[] => [
  ...ZONE_CHOICES.map((z) => ({ value: z.zone, label: z.label })),
  ...(ZONE_CHOICES.some((z) => z.zone === current) ? [] : [{ value: current, label: current }]),
];

const nameOf = (org: OrgView, id: string | null | undefined) =>
  id ? (org.people.find((p) => p.personId === id)?.name ?? '（已不在本单位）') : '—';

export function overviewPage(org: OrgView, user: PageUser, flash?: Flash): string {
  const d = org.onDuty;
  // Errors of the sub-organisation form go to its field; the organisation's form shows what was saved.
  const sub = typed(flash, 'form') === 'suborg';
  const errors = sub ? [] : errorsOf(flash);
  const v = (k: string, fallback: string | null) => (sub ? (fallback ?? '') : typed(flash, k, fallback ?? ''));
  return page(
    '概况',
    org,
    '',
    user,
    html`<table>
<tr><th>单位</th><td>${org.name}</td></tr>
<tr><th>时区</th><td>${zoneLabel(org.timezone)}</td></tr>
<tr><th>主要领导</th><td>${nameOf(org, org.principalLeaderId)}</td></tr>
<tr><th>办公室</th><td>${deptName(org, org.officeDepartmentId) ?? '未指定'}</td></tr>
<tr><th>部门 / 人员</th><td>${org.departments.length} 个部门，${org.people.filter((p) => !p.disabled).length} 人</td></tr>
<tr><th>配置生效月份</th><td>${org.configMonth ?? '建立时的默认配置'}</td></tr>
<tr><th>此刻值班</th><td>${d.dutyLeader ? html`值班领导 ${d.dutyLeader.name}${d.dutyOfficer ? html`，值班员 ${d.dutyOfficer.name}` : raw('')}` : html`<span class="late">${d.notice}</span>`}</td></tr>
</table>
${org.calendar.notice ? html`<div class="notice" role="status"><p>${org.calendar.notice}</p><p><a href="/admin/${org.orgId}/calendar?year=${org.calendar.year}">去录入 ${org.calendar.year} 年节假日</a></p></div>` : raw('')}
<h2>单位信息</h2>
<form method="post" action="/admin/${org.orgId}" novalidate>
${field({ name: 'name', id: sub ? 'org-name' : undefined, label: '单位名称', value: v('name', org.name), required: true, maxChars: 60, errors })}
${selectField({ name: 'timezone', label: '时区', options: zoneOptions(org.timezone), value: v('timezone', org.timezone), errors })}
${selectField({ name: 'principalLeaderId', label: '主要领导', options: peopleOptions(org), value: v('principalLeaderId', org.principalLeaderId), empty: '（未指定）', errors })}
${selectField({ name: 'officeDepartmentId', label: '办公室（部门）', options: departmentOptions(org), value: v('officeDepartmentId', org.officeDepartmentId), empty: '（未指定）', errors })}
<button type="submit">保存</button></form>
<h2>新建下级单位</h2>
<form method="post" action="/admin/${org.orgId}/suborgs" novalidate><input type="hidden" name="form" value="suborg">
${field({ name: 'name', id: sub ? undefined : 'sub-name', label: '下级单位名称', value: sub ? typed(flash, 'name') : '', required: true, maxChars: 60, errors: sub ? errorsOf(flash) : [] })}
<button type="submit">新建</button></form>`,
    flash,
  );
}

export function departmentsPage(org: OrgView, user: PageUser, flash?: Flash): string {
  const errors = errorsOf(flash);
  // A rejected edit of one department is shown open, with what was typed; the others as they are.
  const editing = typed(flash, 'departmentId');
  const v = (k: string) => typed(flash, k);
  return page(
    '部门',
    org,
    '/departments',
    user,
    html`<table><thead><tr><th>部门</th><th>部门负责人</th><th>分管领导</th><th>修改</th></tr></thead><tbody>${org.departments.map(
      (d) => {
        const mine = editing === d.departmentId && flash?.error;
        const e = mine ? errors : [];
        const val = (k: 'name' | 'headId' | 'supervisingLeaderId') => (mine ? v(k) : (d[k] ?? ''));
        // The form with errors has the standard ids, so that the error summary's links reach its fields.
        const id = (k: string) => (mine ? undefined : `d-${d.departmentId}-${k}`);
        return html`<tr><td data-label="部门">${d.name}${d.isOffice ? '（办公室）' : ''}</td><td data-label="部门负责人">${nameOf(org, d.headId)}</td><td data-label="分管领导">${nameOf(org, d.supervisingLeaderId)}</td>
<td data-label="修改"><details${raw(mine ? ' open' : '')}><summary>修改 ${d.name}</summary><form method="post" action="/admin/${org.orgId}/departments/${d.departmentId}" novalidate>
${field({ name: 'name', id: id('name'), label: '名称', value: val('name'), required: true, maxChars: 40, errors: e })}
${selectField({ name: 'headId', id: id('head'), label: '部门负责人', options: peopleOptions(org), value: val('headId'), empty: '（无）', errors: e })}
${selectField({ name: 'supervisingLeaderId', id: id('leader'), label: '分管领导', options: peopleOptions(org), value: val('supervisingLeaderId'), empty: '（无）', errors: e })}
<button type="submit">保存</button></form></details></td></tr>`;
      },
    )}</tbody></table>
<h2>新增部门</h2>
<form method="post" action="/admin/${org.orgId}/departments" novalidate>
${field({ name: 'name', id: editing ? 'dept-name' : undefined, label: '部门名称', value: editing ? '' : v('name'), required: true, maxChars: 40, errors: editing ? [] : errors })}
${selectField({ name: 'headId', id: editing ? 'dept-head' : undefined, label: '部门负责人', options: peopleOptions(org), value: editing ? '' : v('headId'), empty: '（无）', errors: editing ? [] : errors })}
${selectField({ name: 'supervisingLeaderId', id: editing ? 'dept-leader' : undefined, label: '分管领导', options: peopleOptions(org), value: editing ? '' : v('supervisingLeaderId'), empty: '（无）', errors: editing ? [] : errors })}
<div class="choices"><label for="dept-office"><input type="checkbox" id="dept-office" name="isOffice" value="true"${raw(v('isOffice') === 'true' ? ' checked' : '')}>这是本单位的办公室</label></div>
<button type="submit">新增部门</button></form>`,
    flash,
  );
}

const roleOptions = ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }));

/** The fields a person's forms share: name, e-mail, phone, department, roles. */
function personFields(org: OrgView, values: (k: string) => string, roles: readonly string[], errors: FieldError[]) {
  return html`<div class="row">${field({ name: 'name', label: '姓名', value: values('name'), required: true, maxChars: 40, errors })}
${field({ name: 'email', label: '邮箱', type: 'email', value: values('email'), required: true, hint: '用这个邮箱登录', errors })}
${field({ name: 'phone', label: '电话', type: 'tel', value: values('phone'), hint: '手机号可收紧急短信（如 138 1234 5678）；座机请带区号', errors })}</div>
${selectField({ name: 'departmentId', label: '部门', options: departmentOptions(org), value: values('departmentId'), empty: '（无）', errors })}
${checkboxes({ name: 'roles', legend: '角色（可多选）', options: roleOptions, checked: roles, errors, required: true })}`;
}

export function peoplePage(org: OrgView, user: PageUser, flash?: Flash): string {
  const tz = org.timezone;
  const errors = errorsOf(flash);
  const state = (p: OrgView['people'][number]) =>
    p.disabled
      ? html`<span class="badge state-skipped">已停用</span>`
      : p.available
        ? html`在岗`
        : html`<span class="late">不在岗${p.until ? `（至 ${formatLocal(p.until, tz)}）` : ''}</span>`;
  return page(
    '人员',
    org,
    '/people',
    user,
    html`<table><thead><tr><th>姓名</th><th>邮箱</th><th>部门</th><th>角色</th><th>状态</th></tr></thead><tbody>${org.people.map(
      (p) =>
        html`<tr><td data-label="姓名"><a href="/admin/${org.orgId}/people/${p.personId}">${p.name}</a></td><td data-label="邮箱">${p.email}${p.mailUndeliverable ? html` <span class="badge state-overdue" title="${p.mailUndeliverable.reason}">${MAIL_UNDELIVERABLE_LABEL}</span>` : ''}</td><td data-label="部门">${deptName(org, p.departmentId) ?? '—'}</td><td data-label="角色">${p.roles.map(roleLabel).join('、')}</td><td data-label="状态">${state(p)}</td></tr>`,
    )}</tbody></table>
<h2>新增人员</h2>
<p class="hint">保存后系统向这个邮箱发出登录邀请（含临时密码），本人首次登录时设置自己的密码。</p>
<form method="post" action="/admin/${org.orgId}/people" novalidate>
${personFields(org, (k) => typed(flash, k), valuesOf(flash, 'roles', ['reporter']), errors)}
<button type="submit">新增人员</button></form>`,
    flash,
  );
}

export function personPage(org: OrgView, personId: string, user: PageUser, flash?: Flash): string {
  const p = org.people.find((x) => x.personId === personId)!;
  const errors = errorsOf(flash);
  const saved: Record<string, string> = {
    name: p.name,
    email: p.email,
    phone: p.phone ?? '',
    departmentId: p.departmentId ?? '',
    available: String(p.available),
    until: p.until ? isoToLocalInput(p.until, org.timezone) : '',
    deputyId: p.deputyId ?? '',
  };
  const v = (k: string) => typed(flash, k, saved[k] ?? '');
  const available = v('available') !== 'false';
  return page(
    p.name,
    org,
    '/people',
    user,
    html`${p.disabled ? html`<div class="notice" role="status"><p>${p.name} 已停用：不能登录，报送链不再通知。</p></div>` : raw('')}
${p.mailUndeliverable ? html`<p class="late" role="status">${MAIL_UNDELIVERABLE_LABEL}（${formatLocal(p.mailUndeliverable.at, org.timezone)}）：${p.mailUndeliverable.reason}。系统暂不向这个邮箱发送邮件；修改邮箱后标记自动清除。</p>` : ''}
<form method="post" action="/admin/${org.orgId}/people/${p.personId}" novalidate>
${personFields(org, v, valuesOf(flash, 'roles', p.roles), errors)}
<fieldset class="choices"><legend>在岗情况（请假、出差时报送链改送代理人，未指定则跳过此人）</legend>
<label for="e-avail-yes"><input type="radio" id="e-avail-yes" name="available" value="true"${raw(available ? ' checked' : '')}>在岗</label>
<label for="e-avail-no"><input type="radio" id="e-avail-no" name="available" value="false"${raw(available ? '' : ' checked')}>不在岗（请假或出差）</label>
${field({ name: 'until', label: `不在岗截止时间（${zoneLabel(org.timezone)}）`, type: 'datetime-local', value: v('until'), hint: '可不填：不填则一直不在岗，直到改回在岗', errors })}
${selectField({ name: 'deputyId', id: 'e-deputy', label: '代理人', hint: '不在岗期间，接报、签发等改由代理人办理，记为"代 某某"；不指定则报送链跳过此人', options: peopleOptions(org).filter((o) => o.value !== p.personId), value: v('deputyId'), empty: '（不指定：报送链跳过此人）', errors })}
</fieldset>
<button type="submit">保存</button></form>
<h2>${p.disabled ? '恢复账号' : '停用账号'}</h2>
<form method="post" action="/admin/${org.orgId}/people/${p.personId}/${p.disabled ? 'enable' : 'disable'}">
<p class="hint">${p.disabled ? '恢复后此人可以重新登录，并重新出现在报送链中。' : '人员调离或离职时停用：此人不能再登录（登录账号同时停用），报送链不再通知。记录全部保留，随时可以恢复。'}</p>
<button type="submit"${raw(p.disabled ? '' : ' class="secondary"')}>${p.disabled ? '恢复账号' : `停用 ${p.name} 的账号`}</button></form>
<p><a href="/admin/${org.orgId}/people">返回人员列表</a></p>`,
    flash,
  );
}

const WEEKDAYS = ['', '周一', '周二', '周三', '周四', '周五', '周六', '周日'];

export function rosterPage(
  org: OrgView,
  roster: RosterView,
  weekStartIso: string,
  user: PageUser,
  flash?: Flash,
): string {
  const tz = org.timezone;
  const zone = zoneLabel(tz);
  const errors = errorsOf(flash);
  const from = new Date(roster.from);
  const days = Array.from({ length: 7 }, (_, i) => new Date(from.getTime() + i * 86400_000));
  const weekLabel = (d: Date) => localParts(d, tz).date;
  const prev = weekLabel(new Date(from.getTime() - 7 * 86400_000));
  const next = weekLabel(new Date(from.getTime() + 7 * 86400_000));
  const span = (a: string, b: string) => `${formatLocal(a, tz)} – ${formatLocal(b, tz)}`;
  const defaultStart = `${weekLabel(from)}T08:00`;
  return page(
    '值班表',
    org,
    '/roster',
    user,
    html`<p><a href="/admin/${org.orgId}/roster?week=${prev}">‹ 上一周</a>　<strong>${weekLabel(from)} 起的一周（${zone}）</strong>　<a href="/admin/${org.orgId}/roster?week=${next}">下一周 ›</a></p>
<table class="roster"><thead><tr><th>日期</th><th>班次</th></tr></thead><tbody>${days.map((day) => {
      const end = new Date(day.getTime() + 86400_000);
      const shifts = roster.shifts.filter((s) => new Date(s.start) < end && new Date(s.end) > day);
      return html`<tr><td data-label="日期">${weekLabel(day)} ${WEEKDAYS[localParts(day, tz).weekday]}</td><td data-label="班次">${
        shifts.length
          ? shifts.map(
              (s) =>
                html`<div class="shift">${span(s.start, s.end)}　值班领导 ${s.dutyLeaderName ?? '（已不在本单位）'}${s.dutyOfficerName ? `，值班员 ${s.dutyOfficerName}` : ''}
<form method="post" action="/admin/${org.orgId}/roster/delete" style="display:inline"><input type="hidden" name="start" value="${s.start}"><input type="hidden" name="week" value="${weekStartIso}"><button class="secondary" aria-label="删除 ${span(s.start, s.end)} 的班次">删除</button></form></div>`,
            )
          : html`<span class="late">无人值班</span>`
      }</td></tr>`;
    })}</tbody></table>
${roster.gaps.length ? html`<div class="notice" role="status"><p>以下时段无人值班（非工作时间的紧急信息将直接报主要领导）：</p><ul>${roster.gaps.map((g) => html`<li>${span(g.start, g.end)}</li>`)}</ul></div>` : html`<p class="ok">本周值班安排无空档。</p>`}
${roster.overlaps.length ? html`<div class="notice"><p>以下时段有多个班次重叠（以开始较晚的班次为准）：</p><ul>${roster.overlaps.map((g) => html`<li>${span(g.start, g.end)}</li>`)}</ul></div>` : raw('')}
<h2>新增班次</h2>
<form method="post" action="/admin/${org.orgId}/roster" novalidate>
<input type="hidden" name="week" value="${weekStartIso}">
<div class="row">${field({ name: 'start', label: `开始（${zone}）`, type: 'datetime-local', value: typed(flash, 'start', defaultStart), required: true, errors })}
${field({ name: 'end', label: `结束（${zone}）`, type: 'datetime-local', value: typed(flash, 'end'), required: true, errors })}</div>
${selectField({ name: 'dutyLeaderId', label: '值班领导', options: peopleOptions(org), value: typed(flash, 'dutyLeaderId'), empty: '（请选择）', required: true, errors })}
${selectField({ name: 'dutyOfficerId', label: '值班员', options: peopleOptions(org), value: typed(flash, 'dutyOfficerId'), empty: '（无）', hint: '可不填', errors })}
<button type="submit">新增班次</button></form>`,
    flash,
  );
}

export function calendarPage(
  org: OrgView,
  cal: {
    year: number;
    officialScheduleKnown: boolean;
    notice: string | null;
    overrides: { holidays: string[]; workdays: string[] };
  },
  user: PageUser,
  flash?: Flash,
): string {
  const errors = errorsOf(flash).map((e) => ({ ...e, field: e.field.replace(/\.\d+$/, '') }));
  return page(
    '工作日历',
    org,
    '/calendar',
    user,
    html`<p><a href="/admin/${org.orgId}/calendar?year=${cal.year - 1}">‹ ${cal.year - 1}</a>　<strong>${cal.year} 年</strong>　<a href="/admin/${org.orgId}/calendar?year=${cal.year + 1}">${cal.year + 1} ›</a></p>
${cal.officialScheduleKnown ? html`<p>${cal.year} 年的法定节假日和调休上班日已按国务院办公厅通知自动生效；下面只需录入本单位自己的调整。</p>` : html`<div class="notice" role="status"><p>${cal.notice}</p></div>`}
<p>工作时间：${org.config.workingHours.days.map((d) => WEEKDAYS[d]).join('、')}，${org.config.workingHours.periods.map((p) => `${p.start}–${p.end}`).join('、')}（${zoneLabel(org.timezone)}）。</p>
<form method="post" action="/admin/${org.orgId}/calendar?year=${cal.year}" novalidate>
<div class="row">${field({ name: 'holidays', label: '放假日期', type: 'textarea', value: typed(flash, 'holidays', cal.overrides.holidays.join('\n')), hint: '每行一个，如 2026-10-09', errors })}
${field({ name: 'workdays', label: '上班日期（调休上班的周末等）', type: 'textarea', value: typed(flash, 'workdays', cal.overrides.workdays.join('\n')), hint: '每行一个', errors })}</div>
<button type="submit">保存 ${cal.year} 年日历</button></form>`,
    flash,
  );
}

/** The file's departments that do not exist yet, each to be created or replaced by an existing one. */
export type ImportConfirmation = { name: string; people: number }[];

export function importPage(
  org: OrgView,
  user: PageUser,
  flash?: Flash,
  text = '',
  confirm?: ImportConfirmation,
): string {
  const errors = errorsOf(flash).map((e) => ({ ...e, field: 'csv' }));
  const labels = { csv: 'CSV 内容' };
  const existing = departmentOptions(org);
  return page(
    '批量导入',
    org,
    '/import',
    user,
    html`<p>从 Excel 另存为“CSV UTF-8”，选择这个文件上传；也可以用记事本打开后全部复制粘贴到下面。第一行是表头：<code>姓名,邮箱,电话,角色,部门</code>。多个角色用分号分隔（如 <code>信息员;部门负责人</code>）。表中还没有的部门会先列出来请您确认，确认前什么都不导入。只要有一行有误，整份文件都不导入，并列出每一行的问题。导入的每个人都会收到登录邀请邮件。</p>
<form method="post" action="/admin/${org.orgId}/import" enctype="multipart/form-data" novalidate>
${
  confirm?.length
    ? html`<div class="confirm" role="alert" id="confirm-departments" tabindex="-1"><h2>请确认 ${confirm.length} 个新部门</h2><p>文件中的这些部门本单位还没有。是新部门就选“新建”；如果是笔误，请选对应的现有部门。</p>${confirm.map(
        (d, i) =>
          html`${selectField({
            name: `dept_${i}`,
            label: `“${d.name}”（${d.people} 人）`,
            options: [
              { value: 'new', label: `新建部门“${d.name}”` },
              ...existing.map((x) => ({ ...x, label: `改为现有部门：${x.label}` })),
            ],
            value: 'new',
          })}<input type="hidden" name="deptName_${i}" value="${d.name}">`,
      )}<button type="submit" name="confirmed" value="yes">确认并导入</button></div>`
    : raw('')
}
${errors.length ? errorSummary([{ field: 'csv', message: flash?.error ?? '' }], labels) : raw('')}
<div class="field"><label for="f-file">选择 CSV 文件</label><span class="hint" id="f-file-hint">UTF-8 或 Excel 默认的 GBK 编码均可；选了文件就不用粘贴</span><input id="f-file" name="file" type="file" accept=".csv,text/csv" aria-describedby="f-file-hint"></div>
${field({ name: 'csv', label: '或粘贴 CSV 内容', type: 'textarea', value: text, errors })}
<button type="submit"${raw(confirm?.length ? ' class="secondary"' : '')}>${confirm?.length ? '重新检查' : '检查并导入'}</button></form>`,
    flash?.error ? { ...flash, details: [] } : flash,
  );
}

/** Category rows beyond the saved ones, for new categories. */
const NEW_CATEGORY_ROWS = 2;
const PERIOD_ROWS = 3;

/** The configuration in effect, editable as a new version taking effect in a chosen month (never a past one). */
export function configPage(org: OrgView, currentMonth: string, user: PageUser, flash?: Flash): string {
  const saved = org.config as OrgView['config'] & Partial<Pick<FullOrgConfig, 'quotas' | 'scoring' | 'rewards'>>;
  const c = {
    ...saved,
    quotas: saved.quotas ?? DEFAULT_QUOTAS,
    scoring: saved.scoring ?? DEFAULT_SCORING,
    rewards: saved.rewards ?? DEFAULT_REWARDS,
  };
  const errors = errorsOf(flash);
  const v = (k: string, fallback: string | number | undefined) => typed(flash, k, String(fallback ?? ''));
  const num = (name: string, label: string, value: number | undefined) =>
    field({ name, label, type: 'number', value: v(name, value), required: true, errors });
  const cats = [
    ...c.categories.map((x) => ({ code: x.code, label: x.label, sec: x.officeSecurity })),
    ...Array.from({ length: NEW_CATEGORY_ROWS }, () => ({ code: '', label: '', sec: false })),
  ];
  const periods = Array.from({ length: PERIOD_ROWS }, (_, i) => c.workingHours.periods[i] ?? { start: '', end: '' });
  const checked = (name: string, on: boolean) => (flash?.values ? valuesOf(flash, name, []).length > 0 : on);
  const errorOf = (name: string) => errors.filter((e) => e.field === name);
  const cellError = (name: string) =>
    errorOf(name).length
      ? html`<span class="field-error" id="${fieldId(name)}-error">${errorOf(name)
          .map((e) => e.message)
          .join('；')}</span>`
      : raw('');
  const cellAttrs = (name: string) =>
    raw(errorOf(name).length ? ` aria-invalid="true" aria-describedby="${fieldId(name)}-error"` : '');
  return page(
    '配置',
    org,
    '/config',
    user,
    html`<p>当前生效：${org.configMonth ? `${org.configMonth} 起的版本` : '建立时的默认配置'}。${org.configVersions.length ? `已保存的版本：${org.configVersions.map((x) => x.month).join('、')}。` : ''}保存即生成一个从所选月份起生效的新版本，不会改写已经过去的月份。</p>
<form method="post" action="/admin/${org.orgId}/config" novalidate>
${field({ name: 'effectiveMonth', label: '生效月份', value: v('effectiveMonth', currentMonth), required: true, hint: `格式 ${currentMonth}，不能早于本月`, errors })}
<fieldset><legend>各等级时限（分钟）</legend>${(['I', 'II', 'III', 'IV'] as const).map(
      (s) =>
        html`<div class="row">${num(`limit_${s}`, `${s}级 书面报告时限`, c.severities[s].reportLimitMinutes)}${num(`ack_${s}`, `${s}级 每级确认时限`, c.severities[s].ackTimeoutMinutes)}</div>`,
    )}</fieldset>
${checkboxes({ name: 'parallel', legend: '同时报告主要领导的等级', options: (['I', 'II', 'III', 'IV'] as const).map((s) => ({ value: s, label: `${s}级` })), checked: valuesOf(flash, 'parallel', c.parallelPrincipalSeverities), errors })}
${checkboxes({ name: 'sms', legend: '同时发短信的等级（每一级通知、无人确认时的催促，收件人须登记手机号）', options: (['I', 'II', 'III', 'IV'] as const).map((s) => ({ value: s, label: `${s}级` })), checked: valuesOf(flash, 'sms', c.smsSeverities ?? ['I', 'II']), errors })}
${checkboxes({ name: 'days', legend: '工作日', options: [1, 2, 3, 4, 5, 6, 7].map((d) => ({ value: String(d), label: WEEKDAYS[d] ?? '' })), checked: valuesOf(flash, 'days', c.workingHours.days.map(String)), errors })}
<fieldset><legend>工作时段（${zoneLabel(org.timezone)}，如 08:30；不用的行留空）</legend><table class="rows"><thead><tr><th>时段</th><th>开始</th><th>结束</th></tr></thead><tbody>${periods.map(
      (p, i) =>
        html`<tr><td data-label="时段">第 ${i + 1} 段</td><td data-label="开始"><input type="text" inputmode="numeric" maxlength="5" placeholder="08:30" id="${fieldId(`period_start_${i}`)}" name="period_start_${i}" aria-label="第 ${i + 1} 段开始" value="${v(`period_start_${i}`, p.start)}"${cellAttrs(`period_start_${i}`)}>${cellError(`period_start_${i}`)}</td><td data-label="结束"><input type="text" inputmode="numeric" maxlength="5" placeholder="08:30" id="${fieldId(`period_end_${i}`)}" name="period_end_${i}" aria-label="第 ${i + 1} 段结束" value="${v(`period_end_${i}`, p.end)}"${cellAttrs(`period_end_${i}`)}>${cellError(`period_end_${i}`)}</td></tr>`,
    )}</tbody></table>${cellError('periods')}</fieldset>
<fieldset><legend>报送类别</legend><p class="hint">改名称不影响已报送的信息；“办公区域安全”类先报办公室负责人。最后两行可新增类别，不用的行留空；勾选“删除”去掉一个类别（已报送的信息不受影响）。</p><table class="rows cats"><thead><tr><th>名称</th><th>办公区域安全</th><th>删除</th></tr></thead><tbody>${cats.map(
      (x, i) =>
        html`<tr><td data-label="名称"><input type="hidden" name="cat_code_${i}" value="${x.code}"><input type="text" id="${fieldId(`cat_label_${i}`)}" name="cat_label_${i}" maxlength="40" aria-label="${x.code ? `类别 ${x.label} 的名称` : `新类别 ${i - c.categories.length + 1} 的名称`}" value="${v(`cat_label_${i}`, x.label)}"${cellAttrs(`cat_label_${i}`)}>${cellError(`cat_label_${i}`)}</td><td data-label="办公区域安全"><input type="checkbox" name="cat_sec_${i}" value="yes" aria-label="${x.label || '新类别'} 属于办公区域安全事件"${raw(checked(`cat_sec_${i}`, x.sec) ? ' checked' : '')}></td><td data-label="删除">${x.code ? html`<input type="checkbox" name="cat_del_${i}" value="yes" aria-label="删除类别 ${x.label}"${raw(checked(`cat_del_${i}`, false) ? ' checked' : '')}>` : raw('—')}</td></tr>`,
    )}</tbody></table>${cellError('categories')}</fieldset>
<fieldset><legend>任务与奖励</legend><div class="row">${num('q_dept', '每部门每周至少（条）', c.quotas?.departmentItemsPerWeek)}${num('q_person', '每人每月至少刊用（条）', c.quotas?.personPublishedPerMonth)}</div>
<div class="row">${num('s_met', '完成任务加分', c.scoring?.quotaMet)}${num('s_short', '每少一条（分）', c.scoring?.perItemShort)}${num('s_beyond', '每多一条（分）', c.scoring?.perItemBeyond)}</div>
<div class="row">${num('r_adopted', '超额采用奖励（元）', c.rewards?.adopted)}${num('r_prov', '省级采用（元）', c.rewards?.provincial)}${num('r_central', '中央级采用（元）', c.rewards?.central)}</div></fieldset>
<button type="submit">保存为新版本</button></form>`,
    flash,
  );
}
