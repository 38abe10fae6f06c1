import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { SQSEvent, SQSRecord, Context } from 'aws-lambda';
import { logger, outbox, outboxQueue, productionDeps, sesMailer, smsTexter } from '#shared/app/production.ts';
import { MAIL_UNDELIVERABLE_LABEL, mailReachable, type OrgStore } from '#shared/org/index.ts';
import { deliverOne, type MarkedAddress } from '#shared/platform/outbox/deliver.ts';
import { readNudge } from '#shared/platform/outbox/sqs-outbox-queue.ts';

/**
 * The outbox's consumer, the only function that sends (ARCHITECTURE decision 9): mail through SES, texts through AWS
 * End User Messaging SMS (a text with no texter wired would be recorded as failed, 短信通道未接入).
 */
export const production = productionDeps({ mailer: sesMailer, texter: smsTexter, outbox });

const processor = new BatchProcessor(EventType.SQS);
let queue: ReturnType<typeof outboxQueue> | undefined;

const sameAddress = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * The org context's rule (rules/mail-reach.ts) as the one check every mail passes at delivery: a mail is not sent to
 * an address whose person is marked `mailUndeliverable`. The person is the one the mail names while they still have
 * its address (a changed address cleared the mark), else whoever holds the address (the EMAIL# claim).
 */
async function markedAddress(
  orgs: OrgStore,
  to: string,
  personId: string | undefined,
): Promise<MarkedAddress | undefined> {
  const named = personId ? await orgs.getPerson(personId) : undefined;
  const person = named && sameAddress(named.email, to) ? named : (await orgs.peopleWithEmail(to))[0];
  if (!person || mailReachable(person)) return undefined;
  return { reason: person.mailUndeliverable?.reason ?? MAIL_UNDELIVERABLE_LABEL, orgId: person.orgId };
}

/**
 * One record per message. A transient failure sets the message's own backoff (10, 20, 40, 80 s) and reports it
 * failed; the fifth receive gives up and SQS moves the message to the dead-letter queue.
 */
async function recordHandler(record: SQSRecord): Promise<void> {
  const nudge = readNudge(record.body);
  if (!nudge) throw new Error('malformed outbox nudge');
  const { outboxId, to, personId } = nudge;
  const deps = production();
  queue ??= outboxQueue();
  const receiveCount = Number(record.attributes.ApproximateReceiveCount ?? 1);
  const result = await deliverOne(
    {
      outbox: deps.outbox!.records,
      mailer: deps.mailer,
      ...(deps.texter ? { texter: deps.texter } : {}),
      clock: deps.clock,
      log: deps.log,
      orgOf: async (address) => (await deps.orgs.findPersonByEmail(address))?.orgId,
      markedAddress: (address, id) => markedAddress(deps.orgs, address, id),
    },
    outboxId,
    receiveCount,
    to ? { to, ...(personId ? { personId } : {}) } : undefined,
  );
  logger.info('outbox delivery', { outboxId, receiveCount, ...result });
  if (result.outcome === 'retry' || result.outcome === 'busy') {
    await queue.retryAfter(record.receiptHandle, result.retryAfterSeconds);
    throw new Error(`outbox ${outboxId}: ${result.outcome}, again in ${result.retryAfterSeconds} s`);
  }
  if (result.outcome === 'failed' && receiveCount >= 5) {
    // Given up: left for SQS to move to the dead-letter queue.
    await queue.retryAfter(record.receiptHandle, 1);
    throw new Error(`outbox ${outboxId}: given up after ${receiveCount} receives`);
  }
}

export const handler = async (event: SQSEvent, context: Context) =>
  processPartialResponse(event, recordHandler, processor, { context, throwOnFullBatchFailure: false });
