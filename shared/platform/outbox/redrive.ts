import type { Log } from '../kernel/runtime.ts';
import type { OutboxRepo } from './outbox-repo.ts';
import { REDRIVE_AFTER_SECONDS } from './record.ts';
import type { OutboxQueue } from './sqs-outbox-queue.ts';

/** The outbox as the every-minute check sees it: its records and its queue. */
export type Outbox = { records: OutboxRepo; queue: OutboxQueue };

/**
 * Nudges again the pending records whose nudge was lost (due in the sparse `OUTBOX_DUE#` shards), at most `perShard`
 * per shard a run, and moves each one's due time on so the next minute does not nudge it again while it is handled.
 */
export async function redriveOutbox(
  outbox: Outbox,
  log: Log,
  now: Date,
  perShard = 25,
): Promise<{ due: number; nudged: number; itemsRead: number }> {
  const { ids, itemsRead } = await outbox.records.due(now, perShard);
  let nudged = 0;
  for (const id of ids) {
    try {
      await outbox.records.postpone(id, new Date(now.getTime() + REDRIVE_AFTER_SECONDS * 1000));
      await outbox.queue.nudge(id);
      nudged++;
    } catch (err) {
      log.error('re-driving an outbox record failed', { outboxId: id, error: String(err) });
    }
  }
  return { due: ids.length, nudged, itemsRead };
}
