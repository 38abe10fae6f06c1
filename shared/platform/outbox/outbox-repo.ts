import { randomUUID } from 'node:crypto';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { isConditionFailure, stripKeys } from '../dynamo/client.ts';
import { DUE_SHARDS, INDEX, keys } from '../dynamo/keys.ts';
import type { TransactItem } from '../dynamo/transaction.ts';
import type { Attachment } from '../mail/mime.ts';
import { LEASE_SECONDS, type OutboxMessage, type OutboxRecord } from './record.ts';

type Stored = OutboxRecord & { payload: string; claimId?: string };

/** A message as stored: attachments' binary content as base64, so the payload is one JSON string. */
function encode(m: OutboxMessage): string {
  if (m.channel === 'sms') return JSON.stringify(m);
  const attachments = m.mail.attachments?.map((a) =>
    typeof a.content === 'string' ? a : { ...a, content: Buffer.from(a.content).toString('base64'), base64: true },
  );
  return JSON.stringify({ ...m, mail: { ...m.mail, ...(attachments ? { attachments } : {}) } });
}
function decode(payload: string): OutboxMessage {
  const m = JSON.parse(payload) as OutboxMessage;
  if (m.channel === 'mail' && m.mail.attachments) {
    m.mail.attachments = (m.mail.attachments as (Attachment & { base64?: boolean })[]).map(({ base64, ...a }) =>
      base64 ? { ...a, content: Buffer.from(a.content as string, 'base64') } : a,
    );
  }
  return m;
}

export type Claim =
  | { status: 'claimed'; record: OutboxRecord; message: OutboxMessage; claimId: string }
  | { status: 'done'; record: OutboxRecord }
  | { status: 'busy'; leaseUntil: string }
  | { status: 'missing' };

/**
 * The outbox on the single table: `OUTBOX#<id>`; pending records in the sharded sparse `OUTBOX_DUE#` partitions of
 * GSI2 (the every-minute re-drive), undelivered ones in their organisation's `UNDELIVERED` partition of GSI1.
 */
export class OutboxRepo {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  /** The Put of a new record (none under its id yet): for a use case's own transaction, or `write`. */
  putItem(record: OutboxRecord, message: OutboxMessage): TransactItem {
    const item = {
      ...keys.outbox(record.id),
      ...(record.dueAt ? keys.outboxDue(record.id, record.dueAt) : {}),
      entity: 'outbox',
      ...record,
      payload: encode(message),
    };
    return {
      Put: { TableName: this.table, Item: item, ConditionExpression: 'attribute_not_exists(PK)' },
    };
  }

  /** Writes a new record; false when one with its id is there already (the same message, written before). */
  async write(record: OutboxRecord, message: OutboxMessage): Promise<boolean> {
    try {
      await this.db.send(new PutCommand(this.putItem(record, message).Put as never));
      return true;
    } catch (err) {
      if (isConditionFailure(err)) return false;
      throw err;
    }
  }

  async get(id: string): Promise<(OutboxRecord & { message: OutboxMessage }) | undefined> {
    const r = await this.db.send(new GetCommand({ TableName: this.table, Key: keys.outbox(id), ConsistentRead: true }));
    if (!r.Item) return undefined;
    const { payload, claimId: _c, ...record } = stripKeys<Stored>(r.Item);
    return { ...record, message: decode(payload) };
  }

  /**
   * Takes the record for sending: pending, or sending with a lease that ran out. 'done' when it is settled (sent,
   * rejected, failed), 'busy' while another consumer's lease holds.
   */
  async claim(id: string, now: Date, leaseSeconds = LEASE_SECONDS): Promise<Claim> {
    const claimId = randomUUID();
    try {
      const r = await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: keys.outbox(id),
          ConditionExpression: 'attribute_exists(PK) AND (#s = :pending OR (#s = :sending AND leaseUntil < :now))',
          UpdateExpression: 'SET #s = :sending, leaseUntil = :until, claimId = :claim, attempts = attempts + :one',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: {
            ':pending': 'pending',
            ':sending': 'sending',
            ':now': now.toISOString(),
            ':until': new Date(now.getTime() + leaseSeconds * 1000).toISOString(),
            ':claim': claimId,
            ':one': 1,
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      const { payload, claimId: _c, ...record } = stripKeys<Stored>(r.Attributes!);
      return { status: 'claimed', record, message: decode(payload), claimId };
    } catch (err) {
      if (!isConditionFailure(err)) throw err;
      const current = await this.get(id);
      if (!current) return { status: 'missing' };
      if (current.status === 'sending') return { status: 'busy', leaseUntil: current.leaseUntil ?? now.toISOString() };
      const { message: _m, ...record } = current;
      return { status: 'done', record };
    }
  }

  /** Settles a claim; a holder whose lease was taken over changes nothing (false). */
  private async settle(
    id: string,
    claimId: string,
    set: Record<string, unknown>,
    remove: string[],
    extra: { GSI1PK?: string; GSI1SK?: string; GSI2PK?: string; GSI2SK?: string } = {},
  ): Promise<boolean> {
    const fields: Record<string, unknown> = { ...set, ...extra };
    const names = Object.keys(fields);
    const drop = ['leaseUntil', 'claimId', ...remove].filter((n) => !(n in fields));
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: keys.outbox(id),
          ConditionExpression: 'claimId = :claim',
          UpdateExpression: `SET ${names.map((_, i) => `#f${i} = :f${i}`).join(', ')} REMOVE ${drop.join(', ')}`,
          ExpressionAttributeNames: Object.fromEntries(names.map((n, i) => [`#f${i}`, n])),
          ExpressionAttributeValues: {
            ':claim': claimId,
            ...Object.fromEntries(names.map((n, i) => [`:f${i}`, fields[n]])),
          },
        }),
      );
      return true;
    } catch (err) {
      if (isConditionFailure(err)) return false;
      throw err;
    }
  }

  markSent(id: string, claimId: string, at: Date, messageId: string | undefined): Promise<boolean> {
    return this.settle(
      id,
      claimId,
      { status: 'sent', at: at.toISOString(), sentAt: at.toISOString(), ...(messageId ? { messageId } : {}) },
      ['reason', 'dueAt', 'GSI1PK', 'GSI1SK', 'GSI2PK', 'GSI2SK'],
    );
  }

  /** Refused for good: listed as undelivered, never tried again. */
  markRejected(id: string, claimId: string, at: Date, reason: string, orgId: string | undefined): Promise<boolean> {
    return this.settle(
      id,
      claimId,
      { status: 'rejected', at: at.toISOString(), reason: reason.slice(0, 500), ...(orgId ? { orgId } : {}) },
      ['dueAt', 'GSI2PK', 'GSI2SK'],
      this.undeliveredKeys(id, at, orgId),
    );
  }

  /** Given up after the last receive: listed as undelivered; its queue message goes to the dead-letter queue. */
  markFailed(id: string, claimId: string, at: Date, reason: string, orgId: string | undefined): Promise<boolean> {
    return this.settle(
      id,
      claimId,
      { status: 'failed', at: at.toISOString(), reason: reason.slice(0, 500), ...(orgId ? { orgId } : {}) },
      ['dueAt', 'GSI2PK', 'GSI2SK'],
      this.undeliveredKeys(id, at, orgId),
    );
  }

  /** A transient failure: pending again, listed as undelivered (retrying), due for the re-drive after `dueAt`. */
  retryLater(
    id: string,
    claimId: string,
    at: Date,
    reason: string,
    dueAt: Date,
    orgId: string | undefined,
  ): Promise<boolean> {
    return this.settle(
      id,
      claimId,
      {
        status: 'pending',
        at: at.toISOString(),
        reason: reason.slice(0, 500),
        dueAt: dueAt.toISOString(),
        ...(orgId ? { orgId } : {}),
      },
      [],
      { ...this.undeliveredKeys(id, at, orgId), ...keys.outboxDue(id, dueAt.toISOString()) },
    );
  }

  private undeliveredKeys(id: string, at: Date, orgId: string | undefined) {
    return orgId ? { GSI1PK: keys.orgUndelivered(orgId), GSI1SK: `${at.toISOString()}#${id}` } : {};
  }

  /**
   * The pending records due by `now` (their nudge lost, or their retry's message gone), at most `perShard` from each
   * shard, oldest first. The caller moves each one's due time on (`postpone`) so the next run does not take it again
   * at once.
   */
  async due(now: Date, perShard: number): Promise<{ ids: string[]; itemsRead: number }> {
    const ids: string[] = [];
    let itemsRead = 0;
    for (let shard = 0; shard < DUE_SHARDS; shard++) {
      const r = await this.db.send(
        new QueryCommand({
          TableName: this.table,
          IndexName: INDEX.byDue,
          KeyConditionExpression: 'GSI2PK = :pk AND GSI2SK <= :now',
          ExpressionAttributeValues: { ':pk': keys.outboxDueShard(shard), ':now': `${now.toISOString()}~` },
          Limit: perShard,
        }),
      );
      for (const row of r.Items ?? []) {
        itemsRead++;
        const sk = String(row.GSI2SK);
        ids.push(sk.slice(sk.lastIndexOf('#') + 1));
      }
    }
    return { ids, itemsRead };
  }

  /** Moves a pending record's re-drive time on (after the check nudged it), unless it changed meanwhile. */
  async postpone(id: string, dueAt: Date): Promise<void> {
    await this.db
      .send(
        new UpdateCommand({
          TableName: this.table,
          Key: keys.outbox(id),
          ConditionExpression: '#s = :pending',
          UpdateExpression: 'SET dueAt = :due, GSI2PK = :pk, GSI2SK = :sk',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: {
            ':pending': 'pending',
            ':due': dueAt.toISOString(),
            ':pk': keys.outboxDue(id, dueAt.toISOString()).GSI2PK,
            ':sk': keys.outboxDue(id, dueAt.toISOString()).GSI2SK,
          },
        }),
      )
      .catch((err) => {
        if (!isConditionFailure(err)) throw err;
      });
  }

  /** An organisation's undelivered messages, newest first. */
  async undelivered(orgId: string, limit = 200): Promise<OutboxRecord[]> {
    const r = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: INDEX.byOwner,
        KeyConditionExpression: 'GSI1PK = :pk',
        ExpressionAttributeValues: { ':pk': keys.orgUndelivered(orgId) },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (r.Items ?? []).map((row) => {
      const { payload: _p, claimId: _c, ...record } = stripKeys<Stored>(row);
      return record;
    });
  }
}
