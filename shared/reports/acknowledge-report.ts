import { hashAckToken, looksLikeAckToken } from './ack-token.ts';
import { reportAccess } from './rules/access.ts';
import type { AckTokenRecord, ReportsDeps } from './ports.ts';
import { ConflictError } from '../platform/kernel/errors.ts';
import type { StoredEvent } from '../platform/kernel/audit.ts';
import { retryStale, STALE } from '../platform/kernel/retry.ts';
import type { Caller } from '../platform/auth/caller.ts';
import { acknowledge } from './rules/escalation.ts';
import { earliest } from '../platform/kernel/time.ts';
import { signOffPending } from './rules/plan.ts';
import type { ChainLevel, Report } from './rules/model.ts';
import { LinkError, reportBusy, reportNotFound } from './errors.ts';

const { can } = reportAccess;

export type AckResult = { report: Report; chain: ChainLevel[]; level: number };

/** Resolves an acknowledgement link to its token record; the page shows the report only for a live token. */
export async function resolveAckLink(
  deps: ReportsDeps,
  token: string,
  now: Date = deps.clock(),
): Promise<{ record: AckTokenRecord; report: Report }> {
  if (!looksLikeAckToken(token))
    throw new LinkError('LINK_INVALID', '链接无效：可能复制不完整或被改动过，请从邮件中重新打开。');
  const record = await deps.reports.getAckToken(hashAckToken(token));
  if (!record) throw new LinkError('LINK_INVALID', '链接无效：可能复制不完整或被改动过，请从邮件中重新打开。');
  if (record.usedAt) throw new LinkError('LINK_USED', '此链接已使用过，接报已确认。如需查看报告，请登录系统。');
  if (new Date(record.expiresAt) <= now)
    throw new LinkError('LINK_EXPIRED', '链接已过期，请登录系统在报告页面确认接报。');
  const report = await deps.reports.get(record.reportId);
  if (!report) throw new LinkError('LINK_INVALID', '链接对应的报告不存在。');
  return { record, report };
}

/**
 * Acknowledges a report for the person at one chain level, by a signed-in call or by a link from the mail.
 * 1. Finds the caller's level; a level already acknowledged, or completed by a higher level, is 409.
 * 2. Applies the acknowledgement (pure) and saves it with an optimistic lock, spending the link token in the same transaction.
 * 3. Nudges the queue so that the next level is told at once.
 */
export async function acknowledgeReport(
  deps: ReportsDeps,
  args: {
    reportId: string;
    personId: string;
    actorName: string;
    sourceIp?: string;
    tokenHash?: string;
    level?: number;
  },
): Promise<AckResult> {
  return retryStale(
    4,
    async () => {
      const now = deps.clock();
      const report = await deps.reports.get(args.reportId);
      if (!report) throw reportNotFound();
      const mine = report.chain.filter(
        (l) => l.personId === args.personId && (args.level === undefined || l.level === args.level),
      );
      if (!mine.length) throw new ConflictError('NOT_IN_CHAIN', '您不在这份报告的报送链上，无需确认。');
      if (mine.some((l) => l.state === 'acknowledged'))
        throw new ConflictError('ALREADY_ACKNOWLEDGED', '您已确认过这份报告。');
      const level = mine.find((l) => l.state === 'notified' || l.state === 'timedOut' || l.state === 'pending');
      if (!level) {
        const byHigher = mine.some((l) => l.skipReason === '上级已确认');
        throw new ConflictError(
          byHigher ? 'ALREADY_ACKNOWLEDGED' : 'NOT_AWAITING',
          byHigher ? '上级领导已确认这份报告。' : '这份报告当前不需要您确认。',
        );
      }
      const outcome = acknowledge(report, level.level, now);
      const late = level.state === 'timedOut' ? '（超时后确认）' : '';
      const at = now.toISOString();
      const events: StoredEvent[] = [
        {
          eventId: deps.ids(),
          at,
          type: 'acknowledged',
          actorId: args.personId,
          actorName: args.actorName,
          sourceIp: args.sourceIp,
          detail: `${args.actorName}${level.standInFor ? `（代 ${level.standInFor.name}）` : ''} 确认接报${late}${args.tokenHash ? '（邮件链接）' : ''}`,
        },
      ];
      if (outcome.completed.length)
        events.push({
          eventId: deps.ids(),
          at,
          type: 'completedByHigher',
          detail: `第 ${outcome.completed.join('、')} 级由上级确认，不再等待`,
        });
      if (outcome.status === 'acknowledged')
        events.push({ eventId: deps.ids(), at, type: 'chainComplete', detail: '报送链已全部确认' });
      const nextDueAt = earliest(
        outcome.nextDueAt,
        report.closedAt ? undefined : report.followupDueAt,
        report.pendingNotices?.length ? at : undefined,
        signOffPending(report),
      );
      const change = { chain: outcome.chain, status: outcome.status, nextDueAt };
      const spend = args.tokenHash ? { tokenHash: args.tokenHash, at: now } : undefined;
      const saved = await deps.reports.saveAcknowledgement(report, report.version, change, events, spend);
      if (saved === 'stale') return STALE;
      if (saved === 'tokenSpent') throw new LinkError('LINK_USED', '此链接已使用过，接报已确认。');
      if (outcome.nextDueAt && new Date(outcome.nextDueAt) <= now) {
        // The next level is due now: ask for it at once rather than at the next minute.
        await deps.queue
          .nudge({ reportId: report.reportId })
          .catch((err) =>
            deps.log.warn('nudge after acknowledgement failed; the check covers it', { error: String(err) }),
          );
      }
      return {
        report: { ...report, chain: outcome.chain, status: outcome.status, version: report.version + 1, nextDueAt },
        chain: outcome.chain,
        level: level.level,
      };
    },
    () => {
      throw reportBusy();
    },
  );
}

/** Who may see a report: the `report.read` rule of the one authorization table (reporter, chain, the office). */
export function canSeeReport(report: Report, caller: Caller, officeDepartmentId: string | undefined): boolean {
  return can(caller, 'report.read', { kind: 'report', report, officeDepartmentId });
}

export type { Caller };
