/**
 * Every key of the single table is built here, so that an access pattern is changed in one place.
 * See README "Access patterns" for which index serves which question.
 */
export const DUE_SHARDS = 4;

export const keys = {
  org: (orgId: string) => ({ PK: `ORG#${orgId}`, SK: 'ORG' }),
  orgList: () => 'ORGS',
  department: (orgId: string, departmentId: string) => ({ PK: `ORG#${orgId}`, SK: `DEPT#${departmentId}` }),
  departmentPrefix: 'DEPT#',
  shift: (orgId: string, start: string, shiftId: string) => ({ PK: `ORG#${orgId}`, SK: `SHIFT#${start}#${shiftId}` }),
  shiftPrefix: 'SHIFT#',
  /** A version of an organisation's configuration, by the month (YYYY-MM, local) it takes effect. */
  orgConfig: (orgId: string, month: string) => ({ PK: `ORG#${orgId}`, SK: `CONFIG#${month}` }),
  orgConfigPrefix: 'CONFIG#',
  /** Attribute of the organisation item holding one year's calendar overrides. */
  calendarAttr: (year: number | string) => `calendar_${year}`,
  person: (personId: string) => ({ PK: `PERSON#${personId}`, SK: 'PERSON' }),
  orgPeople: (orgId: string) => `ORG#${orgId}#PEOPLE`,
  email: (email: string) => ({ PK: `EMAIL#${email.trim().toLowerCase()}`, SK: 'EMAIL' }),
  /** A bounce or complaint SES reported for one person's address, with the organisation (org/mail-bounces.ts). */
  mailEvent: (orgId: string, eventId: string, personId: string) => ({
    PK: `ORG#${orgId}`,
    SK: `MAILEVENT#${eventId}#${personId}`,
  }),
  /** Send-once record of the office's mail about one such event, per office member told. */
  mailEventMail: (orgId: string, eventId: string, personId: string, officerId: string) => ({
    PK: `ORG#${orgId}`,
    SK: `MAILEVENTMAIL#${eventId}#${personId}#${officerId}`,
  }),
  /** Locally only: what the sign-in account port was asked for an e-mail (org/sign-in-account-repo.ts). */
  signInAccount: (email: string) => ({ PK: `ACCOUNT#${email.trim().toLowerCase()}`, SK: 'ACCOUNT' }),
  report: (reportId: string) => ({ PK: `REPORT#${reportId}`, SK: 'REPORT' }),
  reportPartition: (reportId: string) => `REPORT#${reportId}`,
  orgReports: (orgId: string) => `ORG#${orgId}#REPORTS`,
  event: (reportId: string, at: string, eventId: string) => ({
    PK: `REPORT#${reportId}`,
    SK: `EVENT#${at}#${eventId}`,
  }),
  mail: (reportId: string, mailKey: string) => ({ PK: `REPORT#${reportId}`, SK: `MAIL#${mailKey}` }),
  followup: (reportId: string, sequence: number) => ({
    PK: `REPORT#${reportId}`,
    SK: `FOLLOWUP#${String(sequence).padStart(3, '0')}`,
  }),
  instruction: (reportId: string, instructionId: string) => ({
    PK: `REPORT#${reportId}`,
    SK: `INSTR#${instructionId}`,
  }),
  instructionPrefix: 'INSTR#',
  instructionPointer: (instructionId: string) => ({ PK: `INSTRUCTION#${instructionId}`, SK: 'INSTRUCTION' }),
  /** An instruction as it stands in an assignee's list (kept in step with the instruction in one transaction). */
  assignment: (personId: string, instructionId: string) => ({ PK: `PERSON#${personId}`, SK: `INSTR#${instructionId}` }),
  orgInstructions: (orgId: string) => `ORG#${orgId}#INSTRUCTIONS`,
  ackToken: (tokenHash: string) => ({ PK: `ACKTOKEN#${tokenHash}`, SK: 'ACKTOKEN' }),
  /** 核报 (issue 17): a verification request with its mail log (`VERIFY`, `MAIL#<key>`). */
  verification: (requestId: string) => ({ PK: `VERIFY#${requestId}`, SK: 'VERIFY' }),
  verificationMail: (requestId: string, mailKey: string) => ({ PK: `VERIFY#${requestId}`, SK: `MAIL#${mailKey}` }),
  /** An open request in the asked (`VERIFY_IN#`) and the asking (`VERIFY_OUT#`) organisation's partition. */
  verificationIn: (targetOrgId: string, requestId: string) => ({
    PK: `ORG#${targetOrgId}`,
    SK: `VERIFY_IN#${requestId}`,
  }),
  verificationInPrefix: 'VERIFY_IN#',
  verificationOut: (orgId: string, requestId: string) => ({ PK: `ORG#${orgId}`, SK: `VERIFY_OUT#${requestId}` }),
  verificationOutPrefix: 'VERIFY_OUT#',
  /** GSI1 partition of the requests with something due (their mails, their deadline); sparse. */
  verificationsDue: () => 'VERIFY_DUE',
  idempotency: (callerId: string, key: string) => ({ PK: `IDEMP#${callerId}#${key}`, SK: 'IDEMP' }),
  /** Sparse, sharded "due" index: only reports with something pending carry these attributes. */
  due: (reportId: string, dueAt: string) => ({ GSI2PK: `DUE#${shardOf(reportId)}`, GSI2SK: `${dueAt}#${reportId}` }),
  dueShard: (shard: number) => `DUE#${shard}`,
  /** Work information: the item, its revisions and history in one partition (`ITEM`, `REV#<nnnn>`, `EVENT#<at>#<ulid>`). */
  item: (itemId: string) => ({ PK: `ITEM#${itemId}`, SK: 'ITEM' }),
  itemPartition: (itemId: string) => `ITEM#${itemId}`,
  itemRevision: (itemId: string, revision: number) => ({
    PK: `ITEM#${itemId}`,
    SK: `REV#${String(revision).padStart(4, '0')}`,
  }),
  itemEvent: (itemId: string, at: string, eventId: string) => ({ PK: `ITEM#${itemId}`, SK: `EVENT#${at}#${eventId}` }),
  /** An author's list of items: one summary row per item, kept in step with the item in the same transaction. */
  authorItem: (personId: string, createdAt: string, itemId: string) => ({
    PK: `AUTHOR#${personId}`,
    SK: `ITEM#${createdAt}#${itemId}`,
  }),
  authorItems: (personId: string) => `AUTHOR#${personId}`,
  /** GSI1 of an item follows its stage: a leader's review queue, the office's adoption queue, then "adopted" for good. */
  itemsToReview: (personId: string) => `PERSON#${personId}#ITEMS_TO_REVIEW`,
  itemsWithOffice: (orgId: string) => `ORG#${orgId}#ITEMS_APPROVED`,
  itemsAdopted: (orgId: string) => `ORG#${orgId}#ADOPTED`,
  /**
   * An important adopted item waiting for 签发: its line (`ITEM#<itemId>`, `SK = SIGNOFF`) in its item's partition, on
   * the organisation's sparse GSI1 partition while it waits. GSI1SK starts with who signs it: `PRINCIPAL` (the
   * principal leader) or `STANDIN#<personId>` (his stand-in, named when it was adopted while he was away).
   */
  itemSignOffLine: (itemId: string) => ({ PK: `ITEM#${itemId}`, SK: 'SIGNOFF' }),
  itemsToSignOff: (orgId: string) => `ORG#${orgId}#ITEMS_TO_SIGN_OFF`,
  itemSignerPrincipal: 'PRINCIPAL#',
  itemSignerStandIn: (personId: string) => `STANDIN#${personId}#`,
  /** Ledger of item transitions per organisation and UTC month (`<YYYY-MM>`): what monthly scoring reads, a month at a time. */
  itemLedger: (orgId: string, utcMonth: string, at: string, itemId: string, eventId: string) => ({
    PK: `ORG#${orgId}#ITEMLOG#${utcMonth}`,
    SK: `${at}#${itemId}#${eventId}`,
  }),
  itemLedgerPartition: (orgId: string, utcMonth: string) => `ORG#${orgId}#ITEMLOG#${utcMonth}`,
  periodicalCounter: (orgId: string, year: number) => ({ PK: `ORG#${orgId}`, SK: `COUNTER#PERIODICAL#${year}` }),
  periodical: (orgId: string, year: number, issueNo: number) => ({
    PK: `ORG#${orgId}`,
    SK: `PERIODICAL#${year}#${String(issueNo).padStart(4, '0')}`,
  }),
  periodicalPrefix: 'PERIODICAL#',
  /** Accountability (issue 8): a finding with its history (`FINDING`, `EVENT#<at>#<ulid>`); GSI1 is the judging organisation's register by occurrence. */
  finding: (findingId: string) => ({ PK: `FINDING#${findingId}`, SK: 'FINDING' }),
  findingEvent: (findingId: string, at: string, eventId: string) => ({
    PK: `FINDING#${findingId}`,
    SK: `EVENT#${at}#${eventId}`,
  }),
  orgFindings: (orgId: string) => `ORG#${orgId}#FINDINGS`,
  /** One finding of a kind per report (late, false; missed when a report is linked): a conditional put. */
  findingOfReport: (reportId: string, kind: string) => ({ PK: `FINDINGOF#${reportId}`, SK: kind }),
  /** A confirmed finding in the responsible organisation's partition, by the month it counts in (monthly scoring: one Query). */
  confirmedFinding: (responsibleOrgId: string, month: string, findingId: string) => ({
    PK: `ORG#${responsibleOrgId}`,
    SK: `FINDING_CONFIRMED#${month}#${findingId}`,
  }),
  confirmedFindingPrefix: (month: string) => `FINDING_CONFIRMED#${month}`,
  /** Monthly scores (issue 7) by local month: `HEADER`, `DEPT#<departmentId>`, `PERSON#<personId>`; one Query reads a month. */
  monthScore: (orgId: string, month: string, part: string) => ({ PK: `ORG#${orgId}`, SK: `SCORES#${month}#${part}` }),
  monthScoresPrefix: (month: string) => `SCORES#${month}#`,
  /** Send-once record (mail ledger) of one person's score mail of a period: a month `YYYY-MM` or a quarter `YYYY-Qn`. */
  scoreMail: (orgId: string, period: string, personId: string) => ({
    PK: `ORG#${orgId}`,
    SK: `SCOREMAIL#${period}#${personId}`,
  }),
  scoreMailPrefix: (period: string) => `SCOREMAIL#${period}#`,
  /** The published statistics of a quarter (`YYYY-Qn`): what was mailed to the leaders, and when. */
  quarterStats: (orgId: string, quarter: string) => ({ PK: `ORG#${orgId}`, SK: `STATS#${quarter}` }),
  /** A month's dashboard figures (issue 16): one item per organisation and local month; a period is one range. */
  monthFigures: (orgId: string, month: string) => ({ PK: `ORG#${orgId}`, SK: `FIGURES#${month}` }),
  /** A lower organisation's monthly reporting score, in its parent's partition (issue 16): a period is one range. */
  lowerScore: (parentOrgId: string, month: string, orgId: string) => ({
    PK: `ORG#${parentOrgId}`,
    SK: `LOWERSCORE#${month}#${orgId}`,
  }),
  lowerScoresPrefix: (month: string) => `LOWERSCORE#${month}#`,
  /** The gapless number 〔年〕第N期 of an organisation's 信息专报 (a report's document, issue 14 item 5), per year. */
  reportDocCounter: (orgId: string, year: number) => ({ PK: `ORG#${orgId}`, SK: `COUNTER#REPORTDOC#${year}` }),
  circularCounter: (orgId: string, year: number) => ({ PK: `ORG#${orgId}`, SK: `COUNTER#CIRCULAR#${year}` }),
  circular: (orgId: string, year: number, number: number) => ({
    PK: `ORG#${orgId}`,
    SK: `CIRCULAR#${year}#${String(number).padStart(4, '0')}`,
  }),
  circularPrefix: 'CIRCULAR#',
  /** The outbox (issue 15): one record per message, by its id. */
  outbox: (id: string) => ({ PK: `OUTBOX#${id}`, SK: 'OUTBOX' }),
  /** Sparse, sharded like `due`: only pending outbox records carry it, for the every-minute re-drive. */
  outboxDue: (id: string, dueAt: string) => ({ GSI2PK: `OUTBOX_DUE#${shardOf(id)}`, GSI2SK: `${dueAt}#${id}` }),
  outboxDueShard: (shard: number) => `OUTBOX_DUE#${shard}`,
  /** GSI1 partition of an organisation's undelivered messages (refused, given up, retrying); sparse. */
  orgUndelivered: (orgId: string) => `ORG#${orgId}#UNDELIVERED`,
};

function shardOf(id: string): number {
  let h = 0;
  for (let i = 0; i < id.length; i++) h = (h * 31 + id.charCodeAt(i)) >>> 0;
  return h % DUE_SHARDS;
}

export const INDEX = { byOwner: 'GSI1', byDue: 'GSI2' } as const;
