import type { Writes } from '../platform/kernel/writes.ts';
import type { IdempotencyRecord } from '../platform/kernel/once.ts';
import type { Runtime } from '../platform/kernel/runtime.ts';
import type { Mailer } from '../platform/mail/mailer.ts';
import type { OrgReader } from '../org/index.ts';
import type { ReportStore } from '../reports/index.ts';
import type { Circular } from './rules/circular.ts';
import type { Finding, FindingEvent } from './rules/finding.ts';

/** The idempotency record written with a creation (`Idempotency-Key`) in the creating transaction. */
export type FindingCreationKey = {
  callerId: string;
  scope: 'finding' | 'circular';
  key: string;
  record: IdempotencyRecord;
};

/** What monthly scoring reads of a confirmed finding (issue 7): whom it concerns, the kind, the points, and its name for the explanation. */
export type ConfirmedFinding = Pick<
  Finding,
  | 'findingId'
  | 'orgId'
  | 'orgName'
  | 'kind'
  | 'responsibleOrgId'
  | 'responsibleDepartmentId'
  | 'responsibleDepartmentName'
  | 'responsiblePersonId'
  | 'responsiblePersonName'
  | 'reportId'
  | 'reportTitle'
  | 'occurredAt'
  | 'note'
> & { month: string; deduction: number; confirmedAt: string; label: string };

/** A finding named in a circular, under its own lock. */
export type CirculatedFinding = { finding: Finding; expectedVersion: number; event: FindingEvent };

/** What other contexts read of accountability: monthly scoring reads the month's confirmed findings. */
export interface FindingReader {
  /** Confirmed findings against an organisation counted in month M (YYYY-MM). */
  listConfirmed(responsibleOrgId: string, month: string): Promise<ConfirmedFinding[]>;
}

/**
 * Accountability's store: findings with their history, the one-finding-of-a-kind-per-report guard, the rows of
 * confirmed findings that monthly scoring reads, and circulars with their per-year counter.
 */
export interface FindingStore extends FindingReader {
  getCreation(
    callerId: string,
    scope: FindingCreationKey['scope'],
    key: string,
  ): Promise<IdempotencyRecord | undefined>;
  /**
   * `mails`: the outbox records of the finding's mails, committed with it.
   * @throws StaleFinding('guard') when the report already has a finding of this kind; IdempotencyReplay.
   */
  create(f: Finding, events: FindingEvent[], creation?: FindingCreationKey, mails?: Writes[]): Promise<void>;
  /** Saves a changed finding under its lock (with its scoring row when confirmed, and `mails`, the step's outbox records). @throws StaleFinding. */
  save(
    f: Finding,
    expectedVersion: number,
    events: FindingEvent[],
    opts?: { linkGuard?: string; mails?: Writes[] },
  ): Promise<void>;
  getBundle(findingId: string): Promise<{ finding: Finding; events: FindingEvent[] } | undefined>;
  /** Findings judged by an organisation whose event happened in [from, to] (ISO instants), by occurrence. */
  listByOrg(orgId: string, from: string, to: string, limit?: number): Promise<Finding[]>;
  lastCircularNo(orgId: string, year: number): Promise<number>;
  /** Publishes a circular with its counter step and the findings' marks. @throws StaleFinding. */
  /** `mails`: the circular's outbox records, committed with it (or right after when the transaction would be too large). */
  publishCircular(
    c: Circular,
    findings: CirculatedFinding[],
    creation?: FindingCreationKey,
    mails?: Writes[],
  ): Promise<void>;
  listCirculars(orgId: string, limit?: number): Promise<Circular[]>;
  getCircular(orgId: string, year: number, number: number): Promise<Circular | undefined>;
  markCircularMailed(c: Circular, mailedTo: string[], at: string): Promise<void>;
}

/** What accountability's use cases need; `findings` is absent only from hand-built test dependencies. */
export type AccountabilityDeps = Runtime & {
  orgs: OrgReader;
  reports: Pick<ReportStore, 'get' | 'submittedBetween'>;
  findings?: FindingStore;
  mailer: Mailer;
  appUrl: string;
};
