import type { SQSRecord } from 'aws-lambda';
import { logger, outboxMailer, productionDeps } from '#shared/app/production.ts';
import { sqsConsumer } from '../queue/sqs-consumer.ts';
import { recordMailEvent } from '#shared/org/mail-bounces.ts';
import { sesMailEvent } from '#shared/org/rules/mail-reach.ts';

/** Its repositories and clients (test/unit/app/wiring.test.ts checks them against its code and FUNCTIONS). */
export const production = productionDeps({ mailer: outboxMailer });

/**
 * Consumes SES bounce and complaint events (configuration set → EventBridge → the mail-events queue): each record
 * marks the address's people and tells their office once (org/mail-bounces.ts). A failed or malformed record is
 * reported back, retried, and ends in the dead-letter queue.
 */
async function recordHandler(record: SQSRecord): Promise<void> {
  const event = sesMailEvent(JSON.parse(record.body));
  const result = await recordMailEvent(production(), event);
  logger.info('mail event handled', {
    eventId: event.eventId,
    ...result,
    receiveCount: record.attributes.ApproximateReceiveCount,
  });
}

export const handler = sqsConsumer(recordHandler);
