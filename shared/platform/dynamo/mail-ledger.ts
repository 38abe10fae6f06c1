import { randomUUID } from 'node:crypto';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { isConditionFailure } from './client.ts';
import type { MailSlot } from '../mail/ledger.ts';

/** A mail slot stored at `key` (the owner's partition, so the record sits with what it is about). */
export function mailSlot(
  db: DynamoDBDocumentClient,
  table: string,
  key: { PK: string; SK: string },
  mailKey: string,
): MailSlot {
  // This holder's claim: releasing checks it, so a holder whose lease ran out cannot clear a newer holder's lease.
  const claimId = randomUUID();
  /** Ends the claim in its final state with that state's fields; the lease (and what `drop` names) goes. */
  const settle = async (
    status: 'sent' | 'rejected',
    fields: Record<string, unknown>,
    drop: string[],
  ): Promise<void> => {
    const names = Object.keys(fields);
    await db.send(
      new UpdateCommand({
        TableName: table,
        Key: key,
        UpdateExpression: `SET #s = :status, ${names.map((n, i) => `#f${i} = :f${i}`).join(', ')} REMOVE ${['leaseUntil', ...drop].join(', ')}`,
        ExpressionAttributeNames: { '#s': 'status', ...Object.fromEntries(names.map((n, i) => [`#f${i}`, n])) },
        ExpressionAttributeValues: {
          ':status': status,
          ...Object.fromEntries(names.map((n, i) => [`:f${i}`, fields[n]])),
        },
      }),
    );
  };
  return {
    id: `${key.PK}|${key.SK}`,
    async claim(to, subject, now, leaseSeconds = 120) {
      try {
        await db.send(
          new PutCommand({
            TableName: table,
            Item: {
              ...key,
              entity: 'mail',
              mailKey,
              status: 'sending',
              to,
              subject,
              claimId,
              leaseUntil: new Date(now.getTime() + leaseSeconds * 1000).toISOString(),
            },
            // Free, or a claim whose lease ran out, or refused at an address since corrected.
            ConditionExpression:
              'attribute_not_exists(PK) OR (#s = :sending AND leaseUntil < :now) OR (#s = :rejected AND #to <> :to)',
            ExpressionAttributeNames: { '#s': 'status', '#to': 'to' },
            ExpressionAttributeValues: {
              ':sending': 'sending',
              ':rejected': 'rejected',
              ':now': now.toISOString(),
              ':to': to,
            },
          }),
        );
        return 'acquired';
      } catch (err) {
        if (!isConditionFailure(err)) throw err;
        const r = await db.send(new GetCommand({ TableName: table, Key: key, ConsistentRead: true }));
        // A record without a status was written by the earlier claim-only scheme: it was sent.
        return r.Item?.status === 'sending' ? 'busy' : r.Item?.status === 'rejected' ? 'rejected' : 'sent';
      }
    },
    markSent: (at, messageId) => settle('sent', { sentAt: at.toISOString(), messageId: messageId ?? null }, ['reason']),
    markRejected: (at, reason) =>
      settle('rejected', { rejectedAt: at.toISOString(), reason: reason.slice(0, 500) }, []),
    async release() {
      await db
        .send(
          new UpdateCommand({
            TableName: table,
            Key: key,
            ConditionExpression: '#s = :sending AND claimId = :claim',
            UpdateExpression: 'SET leaseUntil = :past',
            ExpressionAttributeNames: { '#s': 'status' },
            ExpressionAttributeValues: { ':sending': 'sending', ':claim': claimId, ':past': new Date(0).toISOString() },
          }),
        )
        .catch((e) => {
          if (!isConditionFailure(e)) throw e;
        });
    },
  };
}
