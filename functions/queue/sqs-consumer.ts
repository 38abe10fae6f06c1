import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';

/**
 * The handler of an SQS consumer that takes each record on its own (partial batch response): a record whose
 * handler throws is reported back and retried after the visibility timeout, then lands in the dead-letter queue;
 * the others of the batch are done. A batch that fails whole is reported the same way, not thrown.
 */
export function sqsConsumer(recordHandler: (record: SQSRecord) => Promise<void>) {
  const processor = new BatchProcessor(EventType.SQS);
  return (event: SQSEvent, context: Context) =>
    processPartialResponse(event, recordHandler, processor, { context, throwOnFullBatchFailure: false });
}
