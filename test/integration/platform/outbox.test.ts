import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
import { monotonicFactory } from 'ulid';
import { describe, expect, it } from 'vitest';
import { OutboxMailer, OutboxTexter } from '../../../shared/platform/outbox/outbox-mailer.ts';
import { OutboxRepo } from '../../../shared/platform/outbox/outbox-repo.ts';
import type { OutboxQueue } from '../../../shared/platform/outbox/sqs-outbox-queue.ts';
import {
  adoptedItem,
  api,
  checkAt,
  db,
  givenOrg,
  mailsTo,
  minutesFrom,
  stack,
  tokensOf,
  untilIdle,
  waitFor,
  waitForMail,
  type GivenOrg,
} from '../../support/scenario.ts';

/** Makes the local SES refuse (503, as when SES is unavailable) every send to an address containing `needle`; null: SES back. */
async function sesRefusing(needle: string | null): Promise<void> {
  const r = await api('POST', '/__local/faults/ses', { body: { refuseTo: needle } });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
}
/** The part of every address of this organisation's people that no other test's address contains. */
const addressesOf = (g: GivenOrg) => g.email('leader').slice(g.email('leader').indexOf('-'));

const outboxQueueUrl = () => {
  const id = Object.keys(stack().queues).find((k) => k.startsWith('OutboxQueue'));
  if (!id) throw new Error(`no outbox queue among ${Object.keys(stack().queues).join(', ')}`);
  return stack().queues[id]!.url;
};
const sqs = () =>
  new SQSClient({
    endpoint: stack().sqsEndpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
const liveQueue = (): OutboxQueue => ({
  nudge: async (outboxId) => {
    await sqs().send(new SendMessageCommand({ QueueUrl: outboxQueueUrl(), MessageBody: JSON.stringify({ outboxId }) }));
  },
});
const deadQueue: OutboxQueue = { nudge: async () => Promise.reject(new Error('SQS unreachable')) };
const log = { info() {}, warn() {}, error() {} };
const outboxDeps = (queue: OutboxQueue) => ({
  outbox: new OutboxRepo(db(), stack().tableName),
  queue,
  clock: () => new Date(),
  ids: monotonicFactory(),
  log,
});
const mail = (to: string, subject: string) => ({ to, subject, html: `<p>${subject}</p>`, text: subject });

describe('one outbox: every mail is a record, delivered by the consumer', () => {
  it('mails a periodical published while SES is down to each person exactly once after SES is back, and the office sees it meanwhile', async () => {
    const g = await givenOrg();
    const t = await tokensOf(g);
    const item = await adoptedItem(g, t, '停机期间编发的信息');
    const title = `停机期刊 ${Date.now()}`;
    await sesRefusing(addressesOf(g));
    let subject = '';
    try {
      const r = await api('POST', `/api/orgs/${g.orgId}/periodicals`, {
        token: t.office,
        body: { title, itemIds: [item] },
      });
      // The publication does not wait for SES, nor fail with it.
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      subject = `【交流刊物】${title}`;
      const listed = await waitFor('the leader’s mail listed as undelivered', async () => {
        const u = await api('GET', `/api/orgs/${g.orgId}/undelivered`, { token: t.office });
        expect(u.status).toBe(200);
        return u.body.items.find((i: { to: string }) => i.to === g.email('leader'));
      });
      expect(listed).toMatchObject({ channel: 'mail', status: 'retrying', subject: expect.stringContaining(title) });
      expect(listed.reason).toMatch(/ServiceUnavailable|unavailable/i);
      expect(Date.parse(listed.at)).not.toBeNaN();
      expect(await mailsTo(g.email('leader'), subject)).toEqual([]);
      // Not the office's to read by anyone else.
      expect((await api('GET', `/api/orgs/${g.orgId}/undelivered`, { token: t.reporter })).status).toBe(403);
    } finally {
      await sesRefusing(null);
    }
    const people = ['chief', 'leader', 'head', 'office'] as const;
    // The first retry comes 10 s after the failure (then 20 s, 40 s): well within the wait.
    for (const k of people) await waitForMail(g.email(k), 1, subject).catch(() => waitForMail(g.email(k), 1, subject));
    await untilIdle();
    for (const k of people) expect({ k, n: (await mailsTo(g.email(k), subject)).length }).toEqual({ k, n: 1 });
    const after = await api('GET', `/api/orgs/${g.orgId}/undelivered`, { token: t.office });
    expect(after.body.items.filter((i: { subject: string }) => i.subject.includes(title))).toEqual([]);
  }, 180_000);

  it('keeps one record per send-once key, and the every-minute check sends a record whose nudge was lost', async () => {
    const g = await givenOrg();
    const subject = `丢失的通知 ${Date.now()}`;
    const lost = new OutboxMailer(outboxDeps(deadQueue));
    const key = `TEST#${g.orgId}|MAIL#lost`;
    await lost.send(mail(g.email('head'), subject), { key });
    await lost.send(mail(g.email('head'), subject), { key });
    await untilIdle();
    expect(await mailsTo(g.email('head'), subject)).toEqual([]);

    // Not yet due: the check leaves it (its nudge may still be on its way).
    await checkAt(new Date().toISOString());
    await untilIdle();
    expect(await mailsTo(g.email('head'), subject)).toEqual([]);
    const run = await checkAt(minutesFrom(3));
    expect(run.outbox.nudged).toBeGreaterThanOrEqual(1);
    await waitForMail(g.email('head'), 1, subject);
    await checkAt(minutesFrom(10));
    await untilIdle();
    expect(await mailsTo(g.email('head'), subject)).toHaveLength(1);
  });

  it('records a text the SMS service refuses as undelivered, never retried, and shows it to the office', async () => {
    const g = await givenOrg();
    const t = await tokensOf(g);
    const texter = new OutboxTexter(outboxDeps(liveQueue()));
    const body = `一级事件请立即确认 ${Date.now()}`;
    await texter.send(
      // Not E.164: the SMS service refuses it for good (ValidationException CANNOT_PARSE), as AWS does.
      { to: '+86-138-0000', body, personId: g.people.chief.personId, orgId: g.orgId },
      { key: `TEST#${g.orgId}|SMS#1` },
    );
    const listed = await waitFor('the text listed as undelivered', async () => {
      const u = await api('GET', `/api/orgs/${g.orgId}/undelivered`, { token: t.office });
      return u.body.items.find((i: { subject: string }) => i.subject === body);
    });
    expect(listed).toEqual({
      channel: 'sms',
      to: '+86-138-0000',
      personId: g.people.chief.personId,
      subject: body,
      reason: '手机号码无法识别（CANNOT_PARSE）',
      at: expect.any(String),
      status: 'rejected',
      attempts: 1,
    });
  });
});
