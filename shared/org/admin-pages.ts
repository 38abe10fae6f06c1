import type { ErrorDetail } from '../platform/kernel/errors.ts';
import { ROLE_LABELS, ROLES } from './rules/model.ts';
import { DEFAULT_QUOTAS, DEFAULT_REWARDS, DEFAULT_SCORING, type FullOrgConfig } from './rules/config.ts';
import type { getOrgView, RosterView } from './org-admin.ts';
import { formatLocal, isoToLocalInput, localParts } from '../platform/kernel/time.ts';
import { html, raw, type Raw } from '../platform/pages/html.ts';
import { layout } from '../platform/pages/layout.ts';

/** The office's administration pages (Chinese, server-rendered, plain forms: no JavaScript needed). */

export type OrgView = Awaited<ReturnType<typeof getOrgView>>;
export type Flash = { ok?: string; error?: string; details?: ErrorDetail[] };

const roleLabel = (r: string) => ROLE_LABELS[r as keyof typeof ROLE_LABELS] ?? r;

function flashBox(f: Flash | undefined): Raw {
  if (!f) return raw('');
  if (f.error)
    return html`<div class="errors" role="alert"><p>${f.error}</p>${f.details?.length ? html`<ul>${f.details.map((d) => html`<li>${d.line ? '' : `${FIELD_LABELS[d.field] ?? d.field}：`}${d.message}</li>`)}</ul>` : raw('')}</div>`;
  return f.ok ? html`<div class="ok" role="status">${f.ok}</div>` : raw('');
}

const FIELD_LABELS: Record<string, string> = {
  name: '名称',
  email: '邮箱',
  phone: '电话',
  roles: '角色',
  departmentId: '部门',
  headId: '部门负责人',
  supervisingLeaderId: '分管领导',
  until: '截止时间',
  principalLeaderId: '主要领导',
  officeDepartmentId: '办公室',
};

function nav(org: OrgView, current: string): Raw {
  const base = `/admin/${org.orgId}`;
  const items: [string, string][] = [
    ['', '概况'],
    ['/departments', '部门'],
    ['/people', '人员'],
    ['/roster', '值班表'],
    ['/calendar', '工作日历'],
    ['/config', '配置'],
    ['/import', '批量导入'],
  ];
  return html`<nav aria-label="单位管理" style="margin-bottom:16px">${items.map(([p, label]) =>
    p === current
      ? html`<strong style="margin-right:14px">${label}</strong>`
      : html`<a style="margin-right:14px" href="${base}${p}">${label}</a>`,
  )}</nav>`;
}

function page(title: string, org: OrgView, current: string, user: { name: string }, body: Raw, flash?: Flash): string {
  return layout(
    `${title} · ${org.name}`,
    html`<h1>${org.name} · ${title}</h1>${nav(org, current)}${flashBox(flash)}${body}`,
    user,
  );
}

function personOptions(org: OrgView, selected: string | null | undefined, empty = '（无）'): Raw {
  return html`<option value="">${empty}</option>${org.people.map((p) => html`<option value="${p.personId}"${raw(p.personId === selected ? ' selected' : '')}>${p.name}（${p.email}）</option>`)}`;
}
function departmentOptions(org: OrgView, selected: string | null | undefined): Raw {
  return html`<option value="">（无）</option>${org.departments.map((d) => html`<option value="${d.departmentId}"${raw(d.departmentId === selected ? ' selected' : '')}>${d.name}</option>`)}`;
}
const nameOf = (org: OrgView, id: string | null | undefined) =>
  id ? (org.people.find((p) => p.personId === id)?.name ?? id) : '—';

export function overviewPage(org: OrgView, user: { name: string }, flash?: Flash): string {
  const d = org.onDuty;
  return page(
    '概况',
    org,
    '',
    user,
    html`<table>
<tr><th>时区</th><td>${org.timezone}</td></tr>
<tr><th>主要领导</th><td>${nameOf(org, org.principalLeaderId)}</td></tr>
<tr><th>办公室</th><td>${org.departments.find((x) => x.departmentId === org.officeDepartmentId)?.name ?? '未指定'}</td></tr>
<tr><th>部门 / 人员</th><td>${org.departments.length} 个部门，${org.people.length} 人</td></tr>
<tr><th>配置生效月份</th><td>${org.configMonth ?? '建立时的默认配置'}</td></tr>
<tr><th>此刻值班</th><td>${d.dutyLeader ? html`值班领导 ${d.dutyLeader.name}${d.dutyOfficer ? html`，值班员 ${d.dutyOfficer.name}` : raw('')}` : html`<span class="late">${d.notice}</span>`}</td></tr>
</table>
${org.calendar.notice ? html`<div class="errors" role="alert"><p>${org.calendar.notice}</p><p><a href="/admin/${org.orgId}/calendar?year=${org.calendar.year}">去录入 ${org.calendar.year} 年节假日</a></p></div>` : raw('')}
<h2>单位信息</h2>
<form method="post" action="/admin/${org.orgId}">
<label for="org-name">单位名称</label><input id="org-name" name="name" value="${org.name}" required>
<label for="org-tz">时区</label><input id="org-tz" name="timezone" value="${org.timezone}">
<label for="org-chief">主要领导</label><select id="org-chief" name="principalLeaderId">${personOptions(org, org.principalLeaderId, '（未指定）')}</select>
<label for="org-office">办公室（部门）</label><select id="org-office" name="officeDepartmentId">${departmentOptions(org, org.officeDepartmentId)}</select>
<button type="submit">保存</button></form>
<h2>新建下级单位</h2>
<form method="post" action="/admin/${org.orgId}/suborgs">
<label for="sub-name">下级单位名称</label><input id="sub-name" name="name" required>
<button type="submit">新建</button></form>`,
    flash,
  );
}

export function departmentsPage(org: OrgView, user: { name: string }, flash?: Flash): string {
  return page(
    '部门',
    org,
    '/departments',
    user,
    html`<table><tr><th>部门</th><th>部门负责人</th><th>分管领导</th><th></th></tr>${org.departments.map(
      (
        d,
      ) => html`<tr><td>${d.name}${d.isOffice ? '（办公室）' : ''}</td><td>${nameOf(org, d.headId)}</td><td>${nameOf(org, d.supervisingLeaderId)}</td>
<td><details><summary>修改</summary><form method="post" action="/admin/${org.orgId}/departments/${d.departmentId}">
<label>名称<input name="name" value="${d.name}" required></label>
<label>部门负责人<select name="headId">${personOptions(org, d.headId)}</select></label>
<label>分管领导<select name="supervisingLeaderId">${personOptions(org, d.supervisingLeaderId)}</select></label>
<button type="submit">保存</button></form></details></td></tr>`,
    )}</table>
<h2>新增部门</h2>
<form method="post" action="/admin/${org.orgId}/departments">
<label for="dept-name">部门名称</label><input id="dept-name" name="name" required>
<label for="dept-head">部门负责人</label><select id="dept-head" name="headId">${personOptions(org, undefined)}</select>
<label for="dept-leader">分管领导</label><select id="dept-leader" name="supervisingLeaderId">${personOptions(org, undefined)}</select>
<label><input type="checkbox" name="isOffice" value="true" style="width:auto"> 这是本单位的办公室</label>
<button type="submit">新增部门</button></form>`,
    flash,
  );
}

function roleBoxes(selected: readonly string[]): Raw {
  return html`<fieldset><legend>角色（可多选）</legend>${ROLES.map(
    (r) =>
      html`<label style="display:inline-block;margin-right:14px;font-weight:normal"><input type="checkbox" name="roles" value="${r}" style="width:auto"${raw(selected.includes(r) ? ' checked' : '')}> ${ROLE_LABELS[r]}</label>`,
  )}</fieldset>`;
}

export function peoplePage(
  org: OrgView,
  user: { name: string },
  flash?: Flash,
  form: Record<string, string> = {},
): string {
  const tz = org.timezone;
  return page(
    '人员',
    org,
    '/people',
    user,
    html`<table><tr><th>姓名</th><th>邮箱</th><th>部门</th><th>角色</th><th>状态</th></tr>${org.people.map(
      (
        p,
      ) => html`<tr><td><a href="/admin/${org.orgId}/people/${p.personId}">${p.name}</a></td><td>${p.email}</td><td>${org.departments.find((d) => d.departmentId === p.departmentId)?.name ?? '—'}</td><td>${p.roles.map(roleLabel).join('、')}</td>
<td>${p.available ? '在岗' : html`<span class="late">不在岗${p.until ? `（至 ${formatLocal(p.until, tz)}）` : ''}</span>`}</td></tr>`,
    )}</table>
<h2>新增人员</h2>
<form method="post" action="/admin/${org.orgId}/people">
<div class="row"><div><label for="p-name">姓名</label><input id="p-name" name="name" value="${form.name ?? ''}" required></div>
<div><label for="p-email">邮箱</label><input id="p-email" name="email" type="email" value="${form.email ?? ''}" required></div>
<div><label for="p-phone">电话</label><input id="p-phone" name="phone" value="${form.phone ?? ''}"></div></div>
<label for="p-dept">部门</label><select id="p-dept" name="departmentId">${departmentOptions(org, form.departmentId)}</select>
${roleBoxes((form.roles ?? '').split(',').filter(Boolean))}
<button type="submit">新增人员</button></form>`,
    flash,
  );
}

export function personPage(org: OrgView, personId: string, user: { name: string }, flash?: Flash): string {
  const p = org.people.find((x) => x.personId === personId)!;
  return page(
    p.name,
    org,
    '/people',
    user,
    html`<form method="post" action="/admin/${org.orgId}/people/${p.personId}">
<div class="row"><div><label for="e-name">姓名</label><input id="e-name" name="name" value="${p.name}" required></div>
<div><label for="e-email">邮箱</label><input id="e-email" name="email" type="email" value="${p.email}" required></div>
<div><label for="e-phone">电话</label><input id="e-phone" name="phone" value="${p.phone ?? ''}"></div></div>
<label for="e-dept">部门</label><select id="e-dept" name="departmentId">${departmentOptions(org, p.departmentId)}</select>
${roleBoxes(p.roles)}
<fieldset><legend>在岗情况（请假、出差时报送链会跳过此人）</legend>
<label style="font-weight:normal"><input type="radio" name="available" value="true" style="width:auto"${raw(p.available ? ' checked' : '')}> 在岗</label>
<label style="font-weight:normal"><input type="radio" name="available" value="false" style="width:auto"${raw(p.available ? '' : ' checked')}> 不在岗（请假或出差）</label>
<label for="e-until">不在岗截止时间（${org.timezone}，可不填）</label><input id="e-until" name="until" type="datetime-local" value="${p.until ? isoToLocalInput(p.until, org.timezone) : ''}">
</fieldset>
<button type="submit">保存</button></form>
<p><a href="/admin/${org.orgId}/people">返回人员列表</a></p>`,
    flash,
  );
}

export function rosterPage(
  org: OrgView,
  roster: RosterView,
  weekStartIso: string,
  user: { name: string },
  flash?: Flash,
): string {
  const tz = org.timezone;
  const from = new Date(roster.from);
  const days = Array.from({ length: 7 }, (_, i) => new Date(from.getTime() + i * 86400_000));
  const weekLabel = (d: Date) => localParts(d, tz).date;
  const prev = weekLabel(new Date(from.getTime() - 7 * 86400_000));
  const next = weekLabel(new Date(from.getTime() + 7 * 86400_000));
  const WEEKDAY = ['', '周一', '周二', '周三', '周四', '周五', '周六', '周日'];
  const span = (a: string, b: string) => `${formatLocal(a, tz)} – ${formatLocal(b, tz)}`;
  const defaultStart = `${weekLabel(from)}T08:00`;
  return page(
    '值班表',
    org,
    '/roster',
    user,
    html`<p><a href="/admin/${org.orgId}/roster?week=${prev}">‹ 上一周</a>　<strong>${weekLabel(from)} 起的一周</strong>　<a href="/admin/${org.orgId}/roster?week=${next}">下一周 ›</a></p>
<table class="roster"><tr><th>日期</th><th>班次</th></tr>${days.map((day) => {
      const end = new Date(day.getTime() + 86400_000);
      const shifts = roster.shifts.filter((s) => new Date(s.start) < end && new Date(s.end) > day);
      return html`<tr><td>${weekLabel(day)} ${WEEKDAY[localParts(day, tz).weekday]}</td><td>${
        shifts.length
          ? shifts.map(
              (
                s,
              ) => html`<div class="shift">${span(s.start, s.end)}　值班领导 ${s.dutyLeaderName ?? s.dutyLeaderId}${s.dutyOfficerName ? `，值班员 ${s.dutyOfficerName}` : ''}
<form method="post" action="/admin/${org.orgId}/roster/delete" style="display:inline"><input type="hidden" name="start" value="${s.start}"><input type="hidden" name="week" value="${weekStartIso}"><button class="secondary" style="margin:0 0 0 8px;padding:2px 8px">删除</button></form></div>`,
            )
          : html`<span class="late">无人值班</span>`
      }</td></tr>`;
    })}</table>
${roster.gaps.length ? html`<div class="errors" role="alert"><p>以下时段无人值班（非工作时间的紧急信息将直接报主要领导）：</p><ul>${roster.gaps.map((g) => html`<li>${span(g.start, g.end)}</li>`)}</ul></div>` : html`<p class="ok">本周值班安排无空档。</p>`}
${roster.overlaps.length ? html`<div class="errors"><p>以下时段有多个班次重叠（以开始较晚的班次为准）：</p><ul>${roster.overlaps.map((g) => html`<li>${span(g.start, g.end)}</li>`)}</ul></div>` : raw('')}
<h2>新增班次</h2>
<form method="post" action="/admin/${org.orgId}/roster">
<input type="hidden" name="week" value="${weekStartIso}">
<div class="row"><div><label for="s-start">开始（${tz}）</label><input id="s-start" name="start" type="datetime-local" value="${defaultStart}" required></div>
<div><label for="s-end">结束</label><input id="s-end" name="end" type="datetime-local" required></div></div>
<label for="s-leader">值班领导</label><select id="s-leader" name="dutyLeaderId" required>${personOptions(org, undefined, '（请选择）')}</select>
<label for="s-officer">值班员（可不填）</label><select id="s-officer" name="dutyOfficerId">${personOptions(org, undefined)}</select>
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
  user: { name: string },
  flash?: Flash,
): string {
  return page(
    '工作日历',
    org,
    '/calendar',
    user,
    html`<p><a href="/admin/${org.orgId}/calendar?year=${cal.year - 1}">‹ ${cal.year - 1}</a>　<strong>${cal.year} 年</strong>　<a href="/admin/${org.orgId}/calendar?year=${cal.year + 1}">${cal.year + 1} ›</a></p>
${cal.officialScheduleKnown ? html`<p>${cal.year} 年的法定节假日和调休上班日已按国务院办公厅通知自动生效；下面只需录入本单位自己的调整。</p>` : html`<div class="errors" role="alert"><p>${cal.notice}</p></div>`}
<p>工作时间：${org.config.workingHours.days.map((d) => ['', '周一', '周二', '周三', '周四', '周五', '周六', '周日'][d]).join('、')}，${org.config.workingHours.periods.map((p) => `${p.start}–${p.end}`).join('、')}（${org.timezone}）。</p>
<form method="post" action="/admin/${org.orgId}/calendar?year=${cal.year}">
<div class="row"><div><label for="c-holidays">放假日期（每行一个，YYYY-MM-DD）</label><textarea id="c-holidays" name="holidays" rows="10">${cal.overrides.holidays.join('\n')}</textarea></div>
<div><label for="c-workdays">上班日期（调休上班的周末等）</label><textarea id="c-workdays" name="workdays" rows="10">${cal.overrides.workdays.join('\n')}</textarea></div></div>
<button type="submit">保存 ${cal.year} 年日历</button></form>`,
    flash,
  );
}

export function importPage(org: OrgView, user: { name: string }, flash?: Flash, text = ''): string {
  return page(
    '批量导入',
    org,
    '/import',
    user,
    html`<p>从 Excel 另存为“CSV UTF-8”后，用记事本打开，全部复制粘贴到下面。第一行是表头：<code>姓名,邮箱,电话,角色,部门</code>。多个角色用分号分隔（如 <code>信息员;部门负责人</code>）；不存在的部门会自动新建。只要有一行有误，整份文件都不导入，并列出每一行的问题。</p>
<form method="post" action="/admin/${org.orgId}/import">
<label for="csv">CSV 内容</label><textarea id="csv" name="csv" rows="14" required>${text}</textarea>
<button type="submit">导入</button></form>`,
    flash,
  );
}

const WEEKDAYS = ['', '周一', '周二', '周三', '周四', '周五', '周六', '周日'];

/** The configuration in effect, editable as a new version taking effect in a chosen month (never a past one). */
export function configPage(org: OrgView, currentMonth: string, user: { name: string }, flash?: Flash): string {
  const saved = org.config as OrgView['config'] & Partial<Pick<FullOrgConfig, 'quotas' | 'scoring' | 'rewards'>>;
  const c = {
    ...saved,
    quotas: saved.quotas ?? DEFAULT_QUOTAS,
    scoring: saved.scoring ?? DEFAULT_SCORING,
    rewards: saved.rewards ?? DEFAULT_REWARDS,
  };
  const num = (name: string, label: string, value: number | undefined) =>
    html`<div><label for="${name}">${label}</label><input id="${name}" name="${name}" type="number" value="${value ?? ''}" required></div>`;
  return page(
    '配置',
    org,
    '/config',
    user,
    html`<p>当前生效：${org.configMonth ? `${org.configMonth} 起的版本` : '建立时的默认配置'}。${org.configVersions.length ? `已保存的版本：${org.configVersions.map((v) => v.month).join('、')}。` : ''}保存即生成一个从所选月份起生效的新版本，不会改写已经过去的月份。</p>
<form method="post" action="/admin/${org.orgId}/config">
<label for="effectiveMonth">生效月份</label><input id="effectiveMonth" name="effectiveMonth" type="month" value="${currentMonth}" min="${currentMonth}" required>
<fieldset><legend>各等级时限（分钟）</legend>${(['I', 'II', 'III', 'IV'] as const).map(
      (s) =>
        html`<div class="row">${num(`limit_${s}`, `${s}级 书面报告时限`, c.severities[s].reportLimitMinutes)}${num(`ack_${s}`, `${s}级 每级确认时限`, c.severities[s].ackTimeoutMinutes)}</div>`,
    )}</fieldset>
<fieldset><legend>同时报告主要领导的等级</legend>${(['I', 'II', 'III', 'IV'] as const).map(
      (s) =>
        html`<label style="display:inline-block;margin-right:14px;font-weight:normal"><input type="checkbox" name="parallel" value="${s}" style="width:auto"${raw(c.parallelPrincipalSeverities.includes(s) ? ' checked' : '')}> ${s}级</label>`,
    )}</fieldset>
<fieldset><legend>工作时间</legend>${[1, 2, 3, 4, 5, 6, 7].map(
      (d) =>
        html`<label style="display:inline-block;margin-right:14px;font-weight:normal"><input type="checkbox" name="days" value="${d}" style="width:auto"${raw(c.workingHours.days.includes(d) ? ' checked' : '')}> ${WEEKDAYS[d]}</label>`,
    )}
<label for="periods">时段（如 08:30-12:00, 14:00-17:30）</label><input id="periods" name="periods" value="${c.workingHours.periods.map((p) => `${p.start}-${p.end}`).join(', ')}"></fieldset>
<fieldset><legend>报送类别（每行一个：代码|名称|是否办公区域安全事件 yes/no）</legend><textarea id="categories" name="categories" rows="10">${c.categories.map((x) => `${x.code}|${x.label}|${x.officeSecurity ? 'yes' : 'no'}`).join('\n')}</textarea></fieldset>
<fieldset><legend>任务与奖励</legend><div class="row">${num('q_dept', '每部门每周至少（条）', c.quotas?.departmentItemsPerWeek)}${num('q_person', '每人每月至少刊用（条）', c.quotas?.personPublishedPerMonth)}</div>
<div class="row">${num('s_met', '完成任务加分', c.scoring?.quotaMet)}${num('s_short', '每少一条', c.scoring?.perItemShort)}${num('s_beyond', '每多一条', c.scoring?.perItemBeyond)}</div>
<div class="row">${num('r_adopted', '超额采用奖励（元）', c.rewards?.adopted)}${num('r_prov', '省级采用（元）', c.rewards?.provincial)}${num('r_central', '中央级采用（元）', c.rewards?.central)}</div></fieldset>
<button type="submit">保存为新版本</button></form>`,
    flash,
  );
}
