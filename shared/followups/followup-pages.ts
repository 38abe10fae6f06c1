import type { FollowupRecord, Instruction } from '../reports/index.ts';
import type { Person } from '../org/index.ts';
import type { AcrossEntry, InboxEntry, InstructionSummary } from './inbox.ts';
import { assigneeName } from './rules/instructions.ts';
import { formatLocal, isoToLocalInput } from '../platform/kernel/time.ts';
import { html, multiline, raw, type Raw } from '../platform/pages/html.ts';
import { choiceBoxes, errorSummary, field, type Choice, type FieldError } from '../platform/pages/form.ts';

const STATUS: Record<Instruction['status'], string> = { open: '落实中', done: '已办结，待销号', closed: '已销号' };

/** Follow-ups of an event, and the form for the next one (续报 or 终报) while the event is open. */
export function followupSection(opts: {
  reportId: string;
  followups: FollowupRecord[];
  canFile: boolean;
  closed: boolean;
  dueAt?: string;
  missed: number;
  tz: string;
}): Raw {
  return html`<h2>续报与终报</h2>
${opts.closed ? html`<p class="ok">已报送终报，事件已结束。</p>` : opts.dueAt ? html`<p>下次续报时限：<strong>${formatLocal(opts.dueAt, opts.tz)}</strong>${opts.missed ? html` · <span class="late">已逾期 ${opts.missed} 次</span>` : raw('')}</p>` : raw('')}
${
  opts.followups.length
    ? html`<table id="followups">${opts.followups.map((f) => html`<tr data-kind="${f.kind}"><td style="white-space:nowrap;font-weight:bold" data-label="报送">${f.label}</td><td data-label="时间与报送人">${formatLocal(f.filedAt, opts.tz)} ${f.filedByName}</td><td data-label="内容">${multiline(f.summary)}${f.measures ? html`<br>措施：${multiline(f.measures)}` : raw('')}${f.currentState ? html`<br>目前状态：${multiline(f.currentState)}` : raw('')}${f.aftermath ? html`<br>善后情况：${multiline(f.aftermath)}` : raw('')}${f.nextSteps ? html`<br>下步打算：${multiline(f.nextSteps)}` : raw('')}</td></tr>`)}</table>`
    : html`<p>尚无续报。</p>`
}
${opts.canFile && !opts.closed ? followupForm({ reportId: opts.reportId }) : raw('')}`;
}

/** The labels of the follow-up and instruction forms' fields, as the error summary names them. */
export const FOLLOWUP_FIELD_LABELS: Record<string, string> = {
  kind: '续报或终报',
  summary: '新进展',
  measures: '新采取的措施',
  currentState: '目前状态',
  aftermath: '善后情况',
  nextSteps: '下步打算',
  text: '内容',
  assigneeIds: '承办人',
  dueAt: '办结时限',
  note: '转办说明',
};

type FormState = { values?: Record<string, string | string[]>; errors?: readonly FieldError[] };
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? (v[0] ?? '') : (v ?? ''));
const many = (v: string | string[] | undefined) => (Array.isArray(v) ? v : v ? [v] : []);
const top = (errors: readonly FieldError[] | undefined, text = '内容') =>
  errorSummary(errors ?? [], { ...FOLLOWUP_FIELD_LABELS, text });

/** The form of the next follow-up (续报) or the final report (终报); on a refusal, its errors and what was typed. */
export function followupForm(o: { reportId: string } & FormState): Raw {
  const v = o.values ?? {};
  const errors = o.errors ?? [];
  const final = one(v.kind) === 'final';
  const mine = errors.filter((e) => e.field === 'kind');
  return html`${top(errors)}<form method="post" action="/reports/${o.reportId}/followups" id="followup-form" novalidate>
<fieldset class="choices" id="f-kind"${mine.length ? raw(' aria-describedby="f-kind-error"') : raw('')}><legend class="required">报送</legend>
<label for="f-kind-followup"><input type="radio" id="f-kind-followup" name="kind" value="followup"${final ? raw('') : raw(' checked')}> 续报</label>
<label for="f-kind-final"><input type="radio" id="f-kind-final" name="kind" value="final"${final ? raw(' checked') : raw('')}> 终报（事件处置完毕，结束报送）</label>${
    mine.length
      ? html`<span class="field-error" id="f-kind-error">${mine.map((e) => e.message).join('；')}</span>`
      : raw('')
  }</fieldset>
${field({ name: 'summary', id: 'followup-summary', label: '新进展', type: 'textarea', hint: '只写上次报送以来的变化', value: one(v.summary), required: true, maxChars: 5000, errors })}
${field({ name: 'measures', id: 'followup-measures', label: '新采取的措施', type: 'textarea', value: one(v.measures), maxChars: 3000, errors })}
${field({ name: 'currentState', id: 'followup-state', label: '目前状态', type: 'textarea', value: one(v.currentState), maxChars: 2000, errors })}
<fieldset><legend>终报填写</legend>
${field({ name: 'aftermath', id: 'followup-aftermath', label: '善后情况', type: 'textarea', hint: '仅终报', value: one(v.aftermath), maxChars: 3000, errors })}
${field({ name: 'nextSteps', id: 'followup-next', label: '下步打算', type: 'textarea', hint: '仅终报', value: one(v.nextSteps), maxChars: 3000, errors })}</fieldset>
<button type="submit">报送</button></form>`;
}

/** People as checkboxes, grouped by department (or by the organisation named before their name). */
export function assigneeChoices(
  people: readonly Person[],
  departments: readonly { departmentId: string; name: string }[],
): Choice[] {
  const dept = new Map(departments.map((d) => [d.departmentId, d.name]));
  return people
    .filter((p) => !p.disabled)
    .map((p) => ({ value: p.personId, label: p.name, group: dept.get(p.departmentId ?? '') ?? '未分部门' }))
    .sort((a, b) => a.group.localeCompare(b.group, 'zh'));
}

/** The form of a new instruction (批示): the text, the assignees as checkboxes by department, the due time. */
export function instructionForm(o: { reportId: string; choices: Choice[]; dueAt: string } & FormState): Raw {
  const v = o.values ?? {};
  const errors = o.errors ?? [];
  return html`${top(errors, '批示内容')}<form method="post" action="/reports/${o.reportId}/instructions" id="instruction-form" novalidate>
${field({ name: 'text', id: 'instruction-text', label: '批示内容', type: 'textarea', value: one(v.text), required: true, maxChars: 3000, errors })}
${choiceBoxes({ name: 'assigneeIds', id: 'instruction-assignees', legend: '承办人（可多选）', choices: o.choices, checked: many(v.assigneeIds), required: true, errors })}
${field({ name: 'dueAt', id: 'instruction-due', label: '办结时限', type: 'datetime-local', value: v.dueAt === undefined ? o.dueAt : one(v.dueAt), required: true, errors })}
<button type="submit">批示</button></form>`;
}

/** An assignee's report of progress (落实情况). */
export function progressForm(o: { instructionId: string } & FormState): Raw {
  const v = o.values ?? {};
  const errors = o.errors ?? [];
  return html`${top(errors, '落实情况')}<form method="post" action="/instructions/${o.instructionId}/progress" class="progress-form" novalidate>${field({ name: 'text', id: `progress-${o.instructionId}`, label: '落实情况', type: 'textarea', value: one(v.text), required: true, maxChars: 3000, errors })}
<label for="done-${o.instructionId}"><input type="checkbox" id="done-${o.instructionId}" name="done" value="true"${one(v.done) === 'true' ? raw(' checked') : raw('')}> 已办结</label><button type="submit">报告落实情况</button></form>`;
}

/** 转办: the lower office passes an instruction on to its own people, chosen as checkboxes by department. */
export function delegateForm(o: { instructionId: string; choices: Choice[] } & FormState): Raw {
  const v = o.values ?? {};
  const errors = o.errors ?? [];
  return html`${top(errors)}<form method="post" action="/instructions/${o.instructionId}/delegate" class="delegate-form" novalidate>
${choiceBoxes({ name: 'assigneeIds', id: `delegate-${o.instructionId}`, legend: '转办给（本单位人员，可多选）', choices: o.choices, checked: many(v.assigneeIds), required: true, errors })}
${field({ name: 'note', id: `delegate-note-${o.instructionId}`, label: '转办说明', value: one(v.note), maxChars: 500, errors })}
<button type="submit" class="secondary">转办</button></form>`;
}

/** Instructions on a report, with the forms each person may use: give one, report progress, pass it on, chase, close. */
export function instructionSection(opts: {
  reportId: string;
  instructions: Instruction[];
  me: string;
  canInstruct: boolean;
  canClose: (i: Instruction) => boolean;
  /** 转办 (the lower office, on an instruction from the parent) and 催办 (the office). */
  canAct?: (i: Instruction, action: 'delegate' | 'chase') => boolean;
  people: Person[];
  /** Whom the lower office may pass an instruction on to: its own people. */
  delegatePeople?: Person[];
  /** The departments the people belong to, to group the checkboxes by. */
  departments?: { departmentId: string; name: string }[];
  tz: string;
  now: string;
}): Raw {
  const can = (i: Instruction, a: 'delegate' | 'chase') => i.status !== 'closed' && !!opts.canAct?.(i, a);
  const departments = opts.departments ?? [];
  return html`<h2>领导批示</h2>
${
  opts.instructions.length
    ? opts.instructions.map(
        (
          i,
        ) => html`<div class="instruction" id="instruction-${i.instructionId}" style="border:1px solid #ddd;border-radius:4px;padding:8px 12px;margin:8px 0">
${
  (i as Instruction & { lowerReportId?: string }).lowerReportId
    ? html`<p class="badge to-below">交报送单位落实</p>`
    : i.fromOrgId
      ? html`<p class="badge from-above">上级批示 · ${i.fromOrgName ?? ''}</p>`
      : raw('')
}
<p><strong>${i.givenByName}</strong> 批示（${formatLocal(i.givenAt, opts.tz)}）：${multiline(i.text)}</p>
<p>承办：${i.assignees.map(assigneeName).join('、')} · 时限 ${formatLocal(i.dueAt, opts.tz)} · <span class="instruction-status">${STATUS[i.status]}</span>${i.status === 'open' && i.dueAt <= opts.now ? html` · <span class="late">已逾期</span>` : raw('')}</p>
${(i.delegations ?? []).map((d) => html`<p class="delegation">${formatLocal(d.at, opts.tz)} ${d.byName} 转办：${d.names.join('、')}${d.note ? `（${d.note}）` : ''}</p>`)}
${i.chases?.length ? html`<p class="chases">已催办 ${i.chases.length} 次，最近 ${formatLocal(i.chases[i.chases.length - 1]!.at, opts.tz)}</p>` : raw('')}
${i.progress.length ? html`<ul>${i.progress.map((p) => html`<li>${formatLocal(p.at, opts.tz)} ${p.byName}：${p.text}${p.done ? '（已办结）' : ''}</li>`)}</ul>` : raw('')}
${
  i.status !== 'closed' && i.assignees.some((a) => a.personId === opts.me)
    ? progressForm({ instructionId: i.instructionId })
    : raw('')
}
${
  can(i, 'delegate') && opts.delegatePeople?.length
    ? delegateForm({ instructionId: i.instructionId, choices: assigneeChoices(opts.delegatePeople, departments) })
    : raw('')
}
${can(i, 'chase') && i.status === 'open' ? html`<form method="post" action="/instructions/${i.instructionId}/chase" class="chase-form"><input type="hidden" name="back" value="/reports/${opts.reportId}"><button type="submit" class="secondary">催办承办人</button></form>` : raw('')}
${i.status !== 'closed' && opts.canClose(i) ? html`<form method="post" action="/instructions/${i.instructionId}/close" class="close-form"><input type="hidden" name="back" value="/reports/${opts.reportId}"><button type="submit" class="secondary">${i.fromOrgId || (i as Instruction & { lowerReportId?: string }).lowerReportId ? '验收销号' : '销号'}</button></form>` : raw('')}
</div>`,
      )
    : html`<p>尚无批示。</p>`
}
${
  opts.canInstruct
    ? instructionForm({
        reportId: opts.reportId,
        choices: assigneeChoices(opts.people, departments),
        dueAt: isoToLocalInput(new Date(Date.parse(opts.now) + 24 * 3600_000).toISOString(), opts.tz),
      })
    : raw('')
}`;
}

const KIND: Record<InboxEntry['kind'], string> = {
  acknowledge: '待确认接报',
  signOff: '待签发',
  followupDue: '待续报',
  writtenDue: '待补报书面报告',
  instruction: '待落实批示',
  instructionOverdue: '批示逾期',
  verificationRequest: '待核报',
  itemReview: '待审核信息',
  itemAdopt: '待采用信息',
  itemSignOff: '待签发信息',
};

export function inboxPage(items: InboxEntry[], tz: string): Raw {
  return html`<h1>待办</h1>${
    items.length
      ? html`<table id="inbox"><tr><th>事项</th><th>报告或信息</th><th>时限</th><th>说明</th></tr>${items.map(
          (i) =>
            html`<tr data-kind="${i.kind}"><td>${KIND[i.kind]}</td><td><a href="${i.link}">${i.title}</a></td><td>${i.deadline ? formatLocal(i.deadline, tz) : ''}</td><td>${i.detail}</td></tr>`,
        )}</table>`
      : html`<p>暂无待办。</p>`
  }`;
}

type Supervision = {
  unacknowledged: {
    reportId: string;
    title: string;
    severity: string;
    silent: { name: string; phone?: string; since?: string; timedOut: boolean }[];
  }[];
  overdueSignOffs: { reportId: string; title: string; signOffDueAt: string }[];
  openEvents: {
    reportId: string;
    title: string;
    severity: string;
    submittedAt: string;
    followupCount: number;
    followupDueAt?: string;
    missedFollowups: number;
  }[];
  overdueFollowups: { reportId: string; title: string; missedFollowups: number }[];
  overdueInstructions: (InstructionSummary & { reminders: number })[];
};

/** Instructions across organisations on 督办: from the parent (held here) and to lower organisations (on copies). */
function acrossSection(id: string, heading: string, rows: AcrossEntry[], tz: string): Raw {
  return html`<h2>${heading}（${rows.length}）</h2>${
    rows.length
      ? html`<table id="${id}"><tr><th>报告</th><th>批示</th><th>承办</th><th>时限</th><th>状态</th></tr>${rows.map(
          (i) =>
            html`<tr><td data-label="报告"><a href="/reports/${i.reportId}#instruction-${i.instructionId}">${i.reportTitle}</a></td><td data-label="批示">${i.orgName ? `${i.orgName} ` : ''}${i.givenByName}：${i.text}</td><td data-label="承办">${i.assignees.join('、')}</td><td data-label="时限" class="${i.overdue ? 'late' : ''}">${formatLocal(i.dueAt, tz)}${i.overdue ? '（已逾期）' : ''}</td><td data-label="状态">${STATUS[i.status as Instruction['status']] ?? i.status}</td></tr>`,
        )}</table>`
      : html`<p>无。</p>`
  }`;
}

export function supervisionPage(
  s: Supervision,
  tz: string,
  across: { fromAbove: AcrossEntry[]; toBelow: AcrossEntry[] } = { fromAbove: [], toBelow: [] },
): Raw {
  return html`<h1>督办</h1>
${acrossSection('from-above', '上级批示', across.fromAbove, tz)}
${acrossSection('to-below', '交下级落实的批示', across.toBelow, tz)}
<h2>无人接报（${s.unacknowledged.length}）</h2>${
    s.unacknowledged.length
      ? html`<table id="unacknowledged"><tr><th>报告</th><th>等级</th><th>未确认（电话，通知时间）</th><th></th></tr>${s.unacknowledged.map(
          (r) =>
            html`<tr><td data-label="报告"><a href="/reports/${r.reportId}">${r.title}</a></td><td data-label="等级">${r.severity}</td><td data-label="未确认">${r.silent.map((p) => html`<div>${p.name} ${p.phone ? html`<a href="tel:${p.phone}">${p.phone}</a>` : '（无电话）'}，${p.since ? formatLocal(p.since, tz) : ''}${p.timedOut ? '（已超时）' : ''}</div>`)}</td><td><form method="post" action="/reports/${r.reportId}/chase"><input type="hidden" name="back" value="/supervision"><button type="submit">催办</button></form></td></tr>`,
        )}</table>`
      : html`<p>无。</p>`
  }
<h2>逾期未签发（${s.overdueSignOffs.length}）</h2>${
    s.overdueSignOffs.length
      ? html`<table id="overdue-sign-offs">${s.overdueSignOffs.map((r) => html`<tr><td><a href="/reports/${r.reportId}">${r.title}</a></td><td class="late">应于 ${formatLocal(r.signOffDueAt, tz)} 前签发</td></tr>`)}</table>`
      : html`<p>无。</p>`
  }
<h2>逾期批示（${s.overdueInstructions.length}）</h2>${
    s.overdueInstructions.length
      ? html`<table id="overdue-instructions"><tr><th>报告</th><th>批示</th><th>承办</th><th>时限</th><th>已催办</th></tr>${s.overdueInstructions.map(
          (i) =>
            html`<tr><td><a href="/reports/${i.reportId}">${i.reportTitle}</a></td><td>${i.givenByName}：${i.text}</td><td>${i.assignees.join('、')}</td><td class="late">${formatLocal(i.dueAt, tz)}</td><td>${i.reminders} 次</td></tr>`,
        )}</table>`
      : html`<p>无。</p>`
  }
<h2>续报逾期（${s.overdueFollowups.length}）</h2>${
    s.overdueFollowups.length
      ? html`<table id="overdue-followups">${s.overdueFollowups.map((r) => html`<tr><td><a href="/reports/${r.reportId}">${r.title}</a></td><td class="late">逾期 ${r.missedFollowups} 次</td></tr>`)}</table>`
      : html`<p>无。</p>`
  }
<h2>未结束的事件（${s.openEvents.length}）</h2>${
    s.openEvents.length
      ? html`<table id="open-events"><tr><th>报送时间</th><th>报告</th><th>等级</th><th>已续报</th><th>下次续报</th></tr>${s.openEvents.map(
          (r) =>
            html`<tr><td>${formatLocal(r.submittedAt, tz)}</td><td><a href="/reports/${r.reportId}">${r.title}</a></td><td>${r.severity}</td><td>${r.followupCount}</td><td>${r.followupDueAt ? formatLocal(r.followupDueAt, tz) : ''}</td></tr>`,
        )}</table>`
      : html`<p>无。</p>`
  }`;
}
