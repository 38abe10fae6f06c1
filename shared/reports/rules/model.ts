import type { FollowupRules, Severity } from '../../org/index.ts';

/** The records of an emergency report: its chain, notices, instructions, sign-off and timeline (POLICY.md §3). */

export type ChainRole = 'departmentHead' | 'supervisingLeader' | 'principalLeader' | 'dutyLeader' | 'officeHead';
export type ChainState = 'pending' | 'notified' | 'acknowledged' | 'skipped' | 'timedOut';

export type ChainLevel = {
  level: number;
  role: ChainRole;
  personId: string | null;
  name: string;
  email?: string;
  /** The person's phone at submission: whoever chases a silent level calls it (无人接报, 督办). */
  phone?: string;
  state: ChainState;
  /** 代理: this level reaches a stand-in for an absent person (代 X); `personId`/`name` are the stand-in's. */
  standInFor?: { personId: string; name: string };
  /** Notified at once with the first level (severities I–II), not in turn. */
  parallel?: boolean;
  skipReason?: string;
  notifiedAt?: string;
  ackDeadline?: string;
  acknowledgedAt?: string;
  timedOutAt?: string;
  reminders?: number;
};

export type Casualties = { dead: number; injured: number; missing: number };

export type Report = {
  reportId: string;
  orgId: string;
  departmentId: string;
  reporterId: string;
  reporterName: string;
  category: string;
  categoryLabel: string;
  severity: Severity;
  title: string;
  occurredAt: string;
  learnedAt: string;
  place: string;
  /** 信息来源: who reported it to the unit (POLICY §3.3). */
  source?: string;
  summary: string;
  casualties?: Casualties;
  losses?: string;
  impact?: string;
  leadersOnSite?: string;
  measuresTaken: string;
  requests?: string;
  contact: { name: string; post?: string; phone: string };
  confidentiality: 'internal' | 'restricted';
  status: 'escalating' | 'acknowledged';
  submittedAt: string;
  deadline: string;
  late: boolean;
  lateByMinutes: number;
  workingTime: boolean;
  chain: ChainLevel[];
  /** Settings copied from the organisation at submission: the escalation runs on this snapshot. */
  ackTimeoutMinutes: number;
  timezone: string;
  version: number;
  /** The next instant the escalation must look at this report; absent when nothing is pending. */
  nextDueAt?: string;
  /** The principal leader's decision (签发) on reporting upward. */
  signOff?: SignOff;
  /** On a report sent up: where it came from. */
  forwardedFrom?: { reportId: string; orgId: string; orgName: string };
  /** On the original: the linked report in the parent organisation. */
  forwardedReportId?: string;
  /** The head of the report's department at submission: follow-up reminders (催报) go to the reporter and them. */
  departmentHeadId?: string;
  /** The department's head, reviewing and supervising leader at submission: they follow the report whatever the hour. */
  departmentLeaderIds?: string[];
  /** Everyone an instruction (批示) on the report was assigned to: they may open the report to act on it. */
  instructionAssigneeIds?: string[];
  /** Who may sign it off (签发) and so has it in their 待办: the principal leader (and others the configuration allows). */
  signerIds?: string[];
  /** When the sign-off (签发) is due; past it the signers and the office are reminded once (`signOffRemindedAt`). */
  signOffDueAt?: string;
  signOffRemindedAt?: string;
  /** Whoever was told that a level does not answer (无人接报: the office head, the duty officer): they may open it. */
  watcherIds?: string[];
  /** The organisation's follow-up rules at submission (a snapshot, like the chain). */
  followupRules?: FollowupRules;
  /** Follow-ups filed so far (the final report included). */
  followupCount?: number;
  /** When the final report (终报) closed the event. */
  closedAt?: string;
  /** When the next follow-up (or the final report, for severities without a schedule) is due. */
  followupDueAt?: string;
  /** The due instants of follow-ups that were missed (recorded, reminded). */
  missedFollowups?: string[];
  /** The 信息专报 number (〔year〕第number期), taken once, when the report is first printed or downloaded for filing. */
  docNumber?: DocNumber;
  /** Follow-ups filed but not yet sent to the people in the chain (the escalation worker sends them). */
  pendingNotices?: Notice[];
  /** How many times the office chased (催办) people about this report or its instructions: timeliness statistics. */
  chaseCount?: number;
} & PhonedFields;

// ── Phoned-in reports (电话报告, issue 14; POLICY §3.2) ─────────────────────────────────────────────────────────────
/** The duty office's record of the call (值班电话记录簿): who called, when, what they had told, who took it down. */
export type PhoneIntakeRecord = {
  channel: 'phone';
  callerName: string;
  callerPersonId?: string;
  callerUnit?: string;
  callerPost?: string;
  callerPhone?: string;
  calledAt: string;
  alreadyTold?: string;
  takenAt: string;
  recordedById: string;
  recordedByName: string;
};

/** A report that first came by telephone owes its written version by `writtenDueAt` (both clocks for I–II). */
export type PhonedFields = {
  phonedIn?: true;
  intake?: PhoneIntakeRecord;
  /** False until the written version is in; absent on a report that was written from the start. */
  written?: boolean;
  writtenDueAt?: string;
  writtenAt?: string;
  /** Minutes the written version came (or is, once chased) after `writtenDueAt`. */
  writtenLateByMinutes?: number;
  /** Minutes the call came after its own limit (the phone clock). */
  callLateByMinutes?: number;
  /** When the overdue written version was chased (once). */
  writtenRemindedAt?: string;
};

/** What completing the written version (or chasing it) may change on the report. */
export type PhonedChange = Partial<
  Pick<
    Report,
    | 'title'
    | 'occurredAt'
    | 'place'
    | 'summary'
    | 'casualties'
    | 'losses'
    | 'impact'
    | 'leadersOnSite'
    | 'measuresTaken'
    | 'requests'
    | 'contact'
    | 'late'
    | 'lateByMinutes'
    | 'written'
    | 'writtenAt'
    | 'writtenLateByMinutes'
    | 'writtenRemindedAt'
  >
>;
// ── end of phoned-in reports ───────────────────────────────────────────────────────────────────────────────────────

/** A report's 信息专报 number: gapless per organisation and year (the year in the organisation's zone). */
export type DocNumber = { year: number; number: number; takenAt: string };

/** A follow-up to send to everyone the report has reached so far. */
export type Notice = {
  key: string;
  sequence: number;
  label: string;
  kind: 'followup' | 'final';
  summary: string;
  /** On the final report (终报): 善后情况 and 下步打算 (POLICY §3.3). */
  aftermath?: string;
  nextSteps?: string;
  filedByName: string;
  filedAt: string;
};

/** A leader's instruction on a report (批示), tracked until closed (销号). */
export type Instruction = {
  instructionId: string;
  reportId: string;
  orgId: string;
  text: string;
  /** An assignee with `standInFor` is the stand-in of an assignee away when it was given (代理, 代 X). */
  assignees: { personId: string; name: string; email: string; standInFor?: { personId: string; name: string } }[];
  dueAt: string;
  givenById: string;
  givenByName: string;
  givenAt: string;
  status: 'open' | 'done' | 'closed';
  progress: { at: string; byId: string; byName: string; text: string; done: boolean }[];
  doneAt?: string;
  closedAt?: string;
  closedByName?: string;
  /** Reminder keys already sent ("before", "overdue#1", …). */
  reminded: string[];
  /** When the next reminder is due; absent once closed. */
  nextRemindAt?: string;
  reportTitle: string;
  version: number;
  /**
   * An instruction from the parent organisation (上级批示): given on its copy of the forwarded report and held by the
   * lower report (this `reportId`, `orgId`); `fromReportId` is the parent's copy, which mirrors it.
   */
  fromOrgId?: string;
  fromOrgName?: string;
  fromReportId?: string;
  /** 转办: the lower office passed it on to its own people (they join `assignees`). */
  delegations?: { at: string; byId: string; byName: string; names: string[]; note?: string }[];
  /** 催办 of the assignees (the office), each mailing those not done again. */
  chases?: { at: string; byName: string; names: string[] }[];
};

export type SignOff = {
  decision: 'forward' | 'keep';
  byId: string;
  /** Who signed, as shown; a stand-in's reads "姓名（代 主要领导姓名）". */
  byName: string;
  at: string;
  note?: string;
  /** 代理: signed by the principal leader's stand-in while he was away (POLICY §2). */
  standInFor?: { personId: string; name: string };
};

/** What a state change of a report may set; `null` removes a field, `undefined` leaves it alone. */
export type ReportChange = {
  chain?: ChainLevel[];
  status?: Report['status'];
  nextDueAt: string | undefined;
  followupDueAt?: string | null;
  missedFollowups?: string[];
  pendingNotices?: Notice[];
  followupCount?: number;
  closedAt?: string;
  watcherIds?: string[];
  signOffRemindedAt?: string;
  chaseCount?: number;
} & PhonedChange;

/** A follow-up (续报) or the final report (终报) filed on a report. */
export type FollowupRecord = {
  sequence: number;
  label: string;
  /** `feedback`: on a parent's copy, progress (落实情况) on the parent's instruction reported back up. */
  kind: 'followup' | 'final' | 'feedback';
  summary: string;
  measures?: string;
  currentState?: string;
  casualties?: { dead: number; injured: number; missing: number };
  /** The final report's 善后情况 and 下步打算 (POLICY §3.3: "final report: summary, aftermath, next steps"). */
  aftermath?: string;
  nextSteps?: string;
  filedById: string;
  filedByName: string;
  filedAt: string;
  /** On a parent organisation's copy: the follow-up of the lower organisation's report it mirrors. */
  fromReportId?: string;
  /** On a parent organisation's copy: a follow-up the lower organisation filed, carried up (API.md). */
  carriedUp?: true;
};
