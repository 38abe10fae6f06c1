import type { SQSRecord } from 'aws-lambda';
import {
  escalationQueue,
  findingRepo,
  logger,
  productionDeps,
  reportRepo,
  outboxMailer,
  outboxTexter,
} from '#shared/app/production.ts';
import { sqsConsumer } from './sqs-consumer.ts';
import { advanceEscalation } from '#shared/reports/advance-escalation.ts';
import { advanceInstruction } from '#shared/followups/instruction-flow.ts';
import { escalationMessageSchema } from '#shared/reports/ports.ts';

/** Its repositories and clients (test/unit/app/wiring.test.ts checks them against its code and FUNCTIONS). */
export const production = productionDeps({
  reports: reportRepo,
  findings: findingRepo,
  queue: escalationQueue,
  mailer: outboxMailer,
  texter: outboxTexter,
});

/**
 * Consumes escalation nudges. Each record advances one report; a failed record is reported back (partial batch
 * response) and retried, then lands in the dead-letter queue. A malformed message fails likewise, never silently.
 */
async function recordHandler(record: SQSRecord): Promise<void> {
  const message = escalationMessageSchema.parse(JSON.parse(record.body));
  const deps = production();
  const result = message.instructionId
    ? await advanceInstruction(deps, message.reportId, message.instructionId, deps.clock())
    : await advanceEscalation(deps, message.reportId);
  logger.info('escalation advanced', {
    reportId: message.reportId,
    ...result,
    receiveCount: record.attributes.ApproximateReceiveCount,
  });
}

export const handler = sqsConsumer(recordHandler);
