import type { MailIntent } from './escalation.ts';

/**
 * What a report's timeline line is, in the words its readers use (issue 13 item 5: no internal names on a page). The
 * timeline stores an English event type (`smsSent`, `signOffOverdue` …) for code and the API; a page shows this label.
 * The reports context owns the timeline; the follow-ups context writes its lines onto it too (批示, 催报, 续报), so
 * their types are here as well. `test/unit/reports/event-labels.test.ts` fails for a type written without a label.
 */
export const REPORT_EVENT_LABELS = {
  submitted: '报送初报',
  phoned: '电话报告',
  received: '收到下级报送',
  written: '书面报告',
  late: '迟报',
  skipped: '跳过',
  noDutyLeader: '无人值班',
  noRecipient: '无人可通知',
  notified: '已通知',
  acknowledged: '已确认',
  completedByHigher: '上级已确认',
  chainComplete: '全部确认',
  timedOut: '超时上报',
  reminded: '催促确认',
  followupMissed: '续报超时',
  followupReminder: '续报催促',
  followupOverdue: '续报逾期提醒',

  signOffOverdue: '签发超时提醒',
  writtenOverdue: '书面报告超时',
  smsSent: '已发短信',
  smsRejected: '短信被拒收',
  smsFailed: '短信未发出',
  mailSkipped: '未发邮件',
  mailRejected: '邮件被拒收',
  mailFailed: '邮件未发出',
  watcherNotified: '已通知关注人',
  viewed: '查阅',
  signedOff: '签发',
  forwarded: '签发上报',
  followup: '续报',
  final: '终报',
  carryUpFailed: '续报未能转报',
  chased: '催报',
  instruction: '批示',
  instructionSent: '批示已送达',
  instructionReminded: '批示催办',
  instructionStandIn: '代为办理',
  instructionDelegated: '批示转办',
  instructionClosed: '批示办结',
  progress: '落实进展',
  feedback: '落实反馈',
} as const satisfies Record<string, string>;

export type ReportEventType = keyof typeof REPORT_EVENT_LABELS;

/** The mail kinds the escalation writes as the line's type as they are (`advance-escalation.ts`): each needs a label. */
type PassedThrough = Extract<MailIntent['kind'], `followup${string}` | 'signOffOverdue'>;
REPORT_EVENT_LABELS satisfies Record<PassedThrough, string>;

/** The label of a timeline line; a type without one (an older line, a new type not yet named) shows 记录, never its code. */
export function eventLabel(type: string): string {
  return Object.hasOwn(REPORT_EVENT_LABELS, type) ? REPORT_EVENT_LABELS[type as ReportEventType] : '记录';
}
