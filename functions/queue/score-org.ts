import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { productionDeps, logger } from '#shared/app/production.ts';
import { scoreOrgPeriod } from '#shared/scores/monthly-scores.ts';
import { scoringMessageSchema } from '#shared/scores/ports.ts';

const processor = new BatchProcessor(EventType.SQS);

/**
 * Consumes scoring messages, one organisation's month each: scores, stores and mails it (and the quarter's statistics
 * after a quarter's last month). A failure — a mail SES refused, a throttled table — is reported back and retried after
 * the visibility timeout, then lands in the dead-letter queue; the hourly dispatcher also enqueues it again while the
 * period is incomplete. A malformed message fails likewise, never silently.
 */
async function recordHandler(record: SQSRecord): Promise<void> {
  const message = scoringMessageSchema.parse(JSON.parse(record.body));
  const deps = productionDeps();
  const now = new Date(Math.max(deps.clock().getTime(), Date.parse(message.at)));
  const r = await scoreOrgPeriod(deps, message, now);
  logger.info('organisation scored', { ...r, receiveCount: record.attributes.ApproximateReceiveCount });
}

export const handler = async (event: SQSEvent, context: Context) => processPartialResponse(event, recordHandler, processor, { context, throwOnFullBatchFailure: false });
