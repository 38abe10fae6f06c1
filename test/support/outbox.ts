import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { monotonicFactory } from 'ulid';
import { expect } from 'vitest';
import type { Mail } from '../../shared/platform/mail/mailer.ts';
import { OutboxMailer, type Staged } from '../../shared/platform/outbox/outbox-mailer.ts';
import { OutboxRepo } from '../../shared/platform/outbox/outbox-repo.ts';
import type { OutboxRecord } from '../../shared/platform/outbox/record.ts';
import type { OutboxQueue } from '../../shared/platform/outbox/sqs-outbox-queue.ts';
import { mailsTo } from './then.ts';
import { checkAt, minutesFrom } from './when.ts';
import { db, stack, untilIdle, waitFor } from './stack.ts';

/** The stack's outbox records. */
export const outboxRepo = () => new OutboxRepo(db(), stack().tableName);

/**
 * The functions' own mailer (the outbox) over the stack's table, with a queue whose every nudge is lost (counted):
 * what a change writes reaches SES only through the every-minute check. `staged` lists each mail it staged.
 */
export function lostNudgeMailer() {
  const nudges: string[] = [];
  const queue: OutboxQueue = {
    nudge: async (id) => {
      nudges.push(id);
      throw new Error('SQS unreachable');
    },
  };
  const staged: { id: string; to: string; subject: string }[] = [];
  const log = { info() {}, warn() {}, error() {} };
  const mailer = new (class extends OutboxMailer {
    override stage(mail: Mail, key: string): Staged {
      const s = super.stage(mail, key);
      staged.push({ id: s.id, to: mail.to, subject: mail.subject });
      return s;
    }
  })({ outbox: outboxRepo(), queue, clock: () => new Date(), ids: monotonicFactory(), log });
  return { mailer, staged, nudges };
}

/** The outbox records under these ids (undefined: none). */
export async function recordsOf(ids: readonly { id: string }[]): Promise<(OutboxRecord | undefined)[]> {
  return Promise.all(ids.map(({ id }) => outboxRepo().get(id)));
}

/** Another writer changes a record under its optimistic lock meanwhile (its version moves on). */
export async function bumpVersion(key: { PK: string; SK: string }): Promise<void> {
  await db().send(
    new UpdateCommand({
      TableName: stack().tableName,
      Key: key,
      UpdateExpression: 'SET version = version + :one',
      ExpressionAttributeValues: { ':one': 1 },
      ConditionExpression: 'attribute_exists(PK)',
    }),
  );
}

/**
 * The staged mails, whose nudges were lost, are each delivered by the every-minute check, exactly once: not before
 * it runs, then once, and not again on a later run.
 */
export async function deliveredOnceByTheCheck(staged: readonly { id: string; to: string; subject: string }[]) {
  expect(staged.length).toBeGreaterThan(0);
  await untilIdle();
  for (const m of staged) expect({ to: m.to, n: (await mailsTo(m.to, m.subject)).length }).toEqual({ to: m.to, n: 0 });
  // Past their due time; each run nudges at most 25 a shard, so run it until ours went out (others may be due too).
  await waitFor(
    'the every-minute check to send the staged mails',
    async () => {
      await checkAt(minutesFrom(3));
      await untilIdle();
      const records = await recordsOf(staged);
      return records.every((r) => r?.status === 'sent');
    },
    60_000,
  );
  await checkAt(minutesFrom(10));
  await untilIdle();
  for (const m of staged) expect({ to: m.to, n: (await mailsTo(m.to, m.subject)).length }).toEqual({ to: m.to, n: 1 });
}
