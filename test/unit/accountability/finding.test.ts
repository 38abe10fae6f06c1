import { describe, expect, it } from 'vitest';
import { accountabilityAccess } from '../../../shared/accountability/rules/access.ts';

const { decide } = accountabilityAccess;
import { DEFAULT_WORKING_HOURS } from '../../../shared/org/rules/calendar.ts';
import type { Caller } from '../../../shared/platform/auth/caller.ts';
import {
  accountabilityOf,
  addWorkingDays,
  createFindingSchema,
  DEFAULT_ACCOUNTABILITY,
  FINDING_STATES,
  findingTransition,
  type FindingAction,
  type FindingContext,
  type FindingState,
} from '../../../shared/accountability/rules/finding.ts';
import { lateReportProposal, proposedLateFinding } from '../../../shared/accountability/rules/finding.ts';
import type { Org } from '../../../shared/org/rules/model.ts';
import type { Report } from '../../../shared/reports/rules/model.ts';
import { DEFAULT_ORG_CONFIG, fullOrgConfigSchema } from '../../../shared/org/rules/config.ts';
import { renderFindingMail } from '../../../shared/accountability/finding-mail.ts';
import type { AppError } from '../../../shared/platform/kernel/errors.ts';

const DUE = '2026-12-02T16:00:00.000Z';
const BEFORE = new Date('2026-12-01T02:00:00Z');
const AFTER = new Date('2026-12-03T02:00:00Z');

/** The state machine as a table: [state, action, before or after the explanation deadline] → next state, or the error code. */
const TABLE: [FindingState, Exclude<FindingAction, 'link'>, 'before' | 'after', FindingState | string][] = [
  ['proposed', 'explain', 'before', 'explained'],
  ['proposed', 'explain', 'after', 'EXPLANATION_PERIOD_OVER'],
  ['proposed', 'confirm', 'before', 'EXPLANATION_PENDING'],
  ['proposed', 'confirm', 'after', 'confirmed'],
  ['proposed', 'dismiss', 'before', 'dismissed'],
  ['proposed', 'dismiss', 'after', 'dismissed'],
  ['explained', 'explain', 'before', 'ALREADY_EXPLAINED'],
  ['explained', 'confirm', 'before', 'confirmed'],
  ['explained', 'confirm', 'after', 'confirmed'],
  ['explained', 'dismiss', 'before', 'dismissed'],
  ['confirmed', 'explain', 'before', 'FINDING_DECIDED'],
  ['confirmed', 'confirm', 'after', 'FINDING_DECIDED'],
  ['confirmed', 'dismiss', 'after', 'FINDING_DECIDED'],
  ['dismissed', 'explain', 'before', 'FINDING_DECIDED'],
  ['dismissed', 'confirm', 'after', 'FINDING_DECIDED'],
  ['dismissed', 'dismiss', 'after', 'FINDING_DECIDED'],
];

function outcome(
  state: FindingState,
  action: FindingAction,
  now: Date,
  extra: { kind?: 'late' | 'missed'; linked?: boolean } = {},
): string {
  try {
    return findingTransition(
      {
        state,
        kind: extra.kind ?? 'late',
        explanationDueAt: DUE,
        ...(extra.linked ? { linkedReport: {} as never } : {}),
      },
      action,
      now,
    );
  } catch (err) {
    return (err as AppError).code;
  }
}

describe('finding state machine', () => {
  it.each(TABLE)('%s + %s (%s the deadline) → %s', (state, action, when, expected) => {
    expect(outcome(state, action, when === 'before' ? BEFORE : AFTER)).toBe(expected);
  });

  it('covers every state', () => {
    expect(new Set(TABLE.map((r) => r[0]))).toEqual(new Set(FINDING_STATES));
  });

  it('links only a missed finding, once, in any state, without changing the state', () => {
    for (const s of FINDING_STATES) expect(outcome(s, 'link', AFTER, { kind: 'missed' })).toBe(s);
    expect(outcome('proposed', 'link', BEFORE, { kind: 'late' })).toBe('NOT_A_MISSED_FINDING');
    expect(outcome('confirmed', 'link', BEFORE, { kind: 'missed', linked: true })).toBe('ALREADY_LINKED');
  });

  it('a proposal of the system is confirmed only after the office asked the unit to explain, once', () => {
    const sys = { state: 'proposed' as const, kind: 'late' as const, explanationDueAt: DUE, auto: true };
    const code = (f: Parameters<typeof findingTransition>[0], a: FindingAction, now: Date) => {
      try {
        return findingTransition(f, a, now);
      } catch (err) {
        return (err as AppError).code;
      }
    };
    expect(code(sys, 'confirm', AFTER)).toBe('EXPLANATION_NOT_REQUESTED');
    expect(code(sys, 'request', BEFORE)).toBe('proposed');
    expect(code({ ...sys, requestedAt: BEFORE.toISOString() }, 'request', BEFORE)).toBe('ALREADY_REQUESTED');
    expect(code({ ...sys, requestedAt: BEFORE.toISOString() }, 'confirm', AFTER)).toBe('confirmed');
    expect(code({ ...sys, auto: false }, 'request', BEFORE)).toBe('NOT_A_SYSTEM_PROPOSAL');
    expect(code(sys, 'dismiss', BEFORE)).toBe('dismissed');
    expect(code({ ...sys, state: 'confirmed' }, 'request', BEFORE)).toBe('FINDING_DECIDED');
  });

  it('rejects with the right status: 409 for a conflict, 422 for a rule', () => {
    const status = (state: FindingState, action: FindingAction, now: Date) => {
      try {
        findingTransition({ state, kind: 'late', explanationDueAt: DUE }, action, now);
        return 200;
      } catch (err) {
        return (err as AppError).status;
      }
    };
    expect(status('confirmed', 'dismiss', BEFORE)).toBe(409);
    expect(status('proposed', 'confirm', BEFORE)).toBe(422);
    expect(status('proposed', 'explain', AFTER)).toBe(422);
  });
});

describe('explanation deadline in working days', () => {
  const cal = { timezone: 'Asia/Shanghai', workingHours: DEFAULT_WORKING_HOURS };
  it.each([
    ['Friday afternoon + 3 → end of Wednesday', '2026-11-27T07:00:00Z', 3, undefined, '2026-12-02T16:00:00.000Z'],
    ['Monday night + 1 → end of Tuesday', '2026-11-30T14:00:00Z', 1, undefined, '2026-12-01T16:00:00.000Z'],
    ['the National Day week is skipped', '2026-09-30T02:00:00Z', 1, undefined, '2026-10-08T16:00:00.000Z'],
    [
      "an organisation's own holiday is skipped",
      '2026-11-27T07:00:00Z',
      1,
      { holidays: ['2026-11-30'], workdays: [] },
      '2026-12-01T16:00:00.000Z',
    ],
    [
      "an organisation's own working Saturday counts",
      '2026-11-27T07:00:00Z',
      1,
      { holidays: [], workdays: ['2026-11-28'] },
      '2026-11-28T16:00:00.000Z',
    ],
  ])('%s', (_name, from, n, overrides, expected) => {
    expect(addWorkingDays(new Date(from), n, { ...cal, overrides }).toISOString()).toBe(expected);
  });
});

describe('accountability configuration', () => {
  it('has documented defaults, filled in when a configuration leaves them out', () => {
    expect(DEFAULT_ACCOUNTABILITY).toEqual({
      explanationWorkingDays: 3,
      deductions: { late: -2, missed: -3, false: -3, concealed: -5 },
    });
    expect(accountabilityOf(DEFAULT_ORG_CONFIG)).toEqual(DEFAULT_ACCOUNTABILITY);
    const parsed = fullOrgConfigSchema.parse({ ...DEFAULT_ORG_CONFIG });
    expect(accountabilityOf(parsed)).toEqual(DEFAULT_ACCOUNTABILITY);
  });
  it('takes an organisation’s own values', () => {
    const custom = { explanationWorkingDays: 5, deductions: { late: -1, missed: -4, false: -2, concealed: -10 } };
    expect(accountabilityOf({ ...DEFAULT_ORG_CONFIG, accountability: custom })).toEqual(custom);
    expect(
      fullOrgConfigSchema.safeParse({
        ...DEFAULT_ORG_CONFIG,
        accountability: { ...custom, deductions: { ...custom.deductions, late: 3 } },
      }).success,
    ).toBe(false);
  });
});

describe('what each kind must carry', () => {
  const base = { responsibleOrgId: 'o', occurredAt: '2026-11-28T10:00:00+08:00', note: '事实' };
  it.each([
    ['late', {}, ['reportId']],
    ['false', { reportId: 'r' }, ['correction']],
    ['missed', {}, ['learnedAt', 'learnedHow']],
    ['concealed', {}, ['responsiblePersonId']],
  ] as const)('%s', (kind, extra, fields) => {
    const r = createFindingSchema.safeParse({ ...base, kind, ...extra });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.path.join('.'))).toEqual(fields);
  });
  it('accepts a complete missed finding and refuses unknown fields', () => {
    const missed = { ...base, kind: 'missed', learnedAt: '2026-11-28T11:00:00+08:00', learnedHow: 'media' };
    expect(createFindingSchema.safeParse(missed).success).toBe(true);
    expect(createFindingSchema.safeParse({ ...missed, points: 5 }).success).toBe(false);
  });
});

describe('who may see and act on a finding', () => {
  const ctx: FindingContext = {
    judge: { orgId: 'city', officeDepartmentId: 'city-office' },
    responsible: { orgId: 'county', officeDepartmentId: 'county-office', principalLeaderId: 'county-chief' },
    departmentHeadId: 'county-head',
  };
  const f = { responsibleOrgId: 'county', responsiblePersonId: 'county-reporter' };
  const c = (personId: string, orgId: string, roles: string[], departmentId?: string): Caller => ({
    personId,
    orgId,
    name: personId,
    roles,
    departmentId,
  });
  it.each([
    ['the judging office', c('city-office-head', 'city', ['officeHead']), ['allow', 'forbid', 'allow']],
    [
      'someone in the judging office department',
      c('city-clerk', 'city', ['reporter'], 'city-office'),
      ['allow', 'forbid', 'allow'],
    ],
    ['the judging principal leader', c('city-chief', 'city', ['principalLeader']), ['allow', 'forbid', 'forbid']],
    ['the person named', c('county-reporter', 'county', ['reporter']), ['allow', 'allow', 'forbid']],
    ['the department head', c('county-head', 'county', ['departmentHead']), ['allow', 'allow', 'forbid']],
    [
      "the lower organisation's office",
      c('county-office-head', 'county', ['officeHead']),
      ['allow', 'allow', 'forbid'],
    ],
    ['a colleague in the lower organisation', c('county-other', 'county', ['reporter']), ['hide', 'hide', 'hide']],
    ['a stranger', c('x', 'elsewhere', ['officeHead']), ['hide', 'hide', 'hide']],
  ])('%s', (_who, caller, [read, explain, decideIt]) => {
    const r = { kind: 'finding' as const, finding: f, context: ctx };
    expect([
      decide(caller, 'finding.read', r),
      decide(caller, 'finding.explain', r),
      decide(caller, 'finding.decide', r),
    ]).toEqual([read, explain, decideIt]);
  });
  it('the judging office does not explain to itself when the finding is against its own department', () => {
    const own: FindingContext = {
      ...ctx,
      responsible: { orgId: 'city', officeDepartmentId: 'city-office' },
      departmentHeadId: 'city-head',
    };
    const r = {
      kind: 'finding' as const,
      finding: { responsibleOrgId: 'city', responsiblePersonId: 'city-reporter' },
      context: own,
    };
    expect(decide(c('city-office-head', 'city', ['officeHead']), 'finding.explain', r)).toBe('forbid');
    expect(decide(c('city-head', 'city', ['departmentHead']), 'finding.explain', r)).toBe('allow');
  });
});

describe('the late finding proposed for a late report', () => {
  const org = {
    orgId: 'o1',
    name: '县融媒体中心',
    timezone: 'Asia/Shanghai',
    config: DEFAULT_ORG_CONFIG,
    createdAt: '',
  } as Org;
  const report = {
    reportId: 'r1',
    orgId: 'o1',
    departmentId: 'd1',
    reporterId: 'p1',
    reporterName: '李信息',
    title: '演播室起火',
    occurredAt: '2026-11-27T05:00:00.000Z',
    learnedAt: '2026-11-27T05:00:00.000Z',
    submittedAt: '2026-11-27T07:00:00.000Z',
    deadline: '2026-11-27T06:00:00.000Z',
    late: true,
    lateByMinutes: 60,
  } as Report;
  it('is against the department and the reporter, due in 3 working days', () => {
    let n = 0;
    const f = proposedLateFinding({ ids: () => `id${++n}` }, org, report, '新闻部', new Date('2026-11-27T07:00:00Z'));
    expect(f).toMatchObject({
      kind: 'late',
      state: 'proposed',
      auto: true,
      responsibleOrgId: 'o1',
      responsibleDepartmentId: 'd1',
      responsibleDepartmentName: '新闻部',
      responsiblePersonId: 'p1',
      reportId: 'r1',
      lateByMinutes: 60,
      explanationDueAt: '2026-12-02T16:00:00.000Z',
    });
  });
  it('for a report forwarded from below, is against the lower organisation', () => {
    const f = proposedLateFinding(
      { ids: () => 'x' },
      org,
      { ...report, forwardedFrom: { reportId: 'r0', orgId: 'o2', orgName: '乡镇站' } },
      '办公室',
      new Date('2026-11-27T07:00:00Z'),
    );
    expect(f).toMatchObject({ responsibleOrgId: 'o2', responsibleOrgName: '乡镇站' });
    expect(f.responsiblePersonId).toBeUndefined();
  });
  it('comes with its first history line, by the system, in the report’s own transaction', () => {
    let n = 0;
    const { finding, events } = lateReportProposal({
      org,
      report,
      departmentName: '新闻部',
      now: new Date('2026-11-27T07:00:00Z'),
      ids: () => `id${++n}`,
    });
    expect(finding.findingId).toBe('id1');
    expect(events).toEqual([
      {
        eventId: 'id2',
        at: '2026-11-27T07:00:00.000Z',
        type: 'proposed',
        actorName: '系统',
        detail: '系统提议：报告《演播室起火》迟报 60 分钟',
        toState: 'proposed',
      },
    ]);
  });
  it('mails escape what the office wrote', () => {
    const f = proposedLateFinding(
      { ids: () => 'x' },
      org,
      { ...report, title: '<script>x</script>' },
      '新闻部',
      new Date('2026-11-27T07:00:00Z'),
    );
    const m = renderFindingMail(
      'proposed',
      { ...f, note: 'a\r\n<b>b</b>' },
      { name: '部门负责人', email: 'h@x' },
      'http://app/findings/x',
    );
    expect(m.subject).not.toMatch(/[\r\n]/);
    expect(m.html).not.toContain('<script>');
    expect(m.html).toContain('&lt;b&gt;');
    expect(m.text).toContain('2026-12-03 00:00');
  });
});
