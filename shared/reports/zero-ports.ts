import type { MailSlot } from '../platform/mail/ledger.ts';
import type { ZeroMissed, ZeroPeriod, ZeroReturn } from './rules/zero.ts';

/** A special period with what it holds for one day: the zero reports filed, the missed days the office confirmed. */
export type ZeroDay = { period: ZeroPeriod; returns: ZeroReturn[]; missed: ZeroMissed[] };

/**
 * The store of special periods and zero reports (零报告, issue 14): a period and its returns in one partition
 * (`ZEROPERIOD#<periodId>`), the organisation's list of periods, and a due entry of its own for the every-minute
 * check (GSI2, partition `ZERODUE`, apart from the reports' shards).
 */
export interface ZeroReportStore {
  createPeriod(p: ZeroPeriod): Promise<void>;
  getPeriod(periodId: string): Promise<ZeroPeriod | undefined>;
  /** The period with the returns and confirmed missed days of `date` (one Query). */
  getDay(periodId: string, date: string): Promise<ZeroDay | undefined>;
  /** The organisation's periods, newest first (at most `limit`). */
  listPeriods(orgId: string, limit?: number): Promise<ZeroPeriod[]>;
  /** Writes a zero report once: false when the unit already filed one for that day. */
  putReturn(r: ZeroReturn): Promise<boolean>;
  /** Records the office's confirmation of a missed day once: false when it was confirmed already. */
  putMissed(m: ZeroMissed): Promise<boolean>;
  /** Moves the period's next due step under its lock; false when another worker moved it first. */
  saveNextDue(p: ZeroPeriod, nextDueAt: string | undefined): Promise<boolean>;
  /** The periods with a step due by `now`, from their due entries only. */
  duePeriodIds(now: Date): Promise<{ ids: string[]; itemsRead: number }>;
  /** The send-once record of one of the period's mails. */
  mailSlot(periodId: string, mailKey: string): MailSlot;
}
