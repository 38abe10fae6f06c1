import { CreateQueueCommand, GetQueueAttributesCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { submitReport } from '../../../shared/reports/submit-report.ts';
import { advanceEscalation } from '../../../shared/reports/advance-escalation.ts';
import { MailRejected } from '../../../shared/platform/mail/mailer.ts';
import type { Deps } from '../../../shared/app/ports.ts';
import { submitReportSchema } from '../../../shared/reports/rules/input.ts';
import { LocalFunction } from '../../../infra/local/lambda-host.ts';
import { SqsPoller } from '../../../infra/local/sqs-poller.ts';
import { invokeFunction, reportRepo, stack, untilIdle, waitFor } from '../../support/stack.ts';
import { callerOf, givenOrg, reportBody, tableDeps, type GivenOrg } from '../../support/given.ts';
import { checkAt } from '../../support/when.ts';
import { mailsTo, waitForMail } from '../../support/then.ts';
import { Writable } from 'node:stream';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** The use case wired to the real table, with a queue that is down: the fault we cannot cause through HTTP. */
const deadQueue = (): Partial<Deps> => ({ queue: { nudge: async () => Promise.reject(new Error('SQS unreachable')) } });

/** A report submitted while the queue is down: stored, and nobody told yet. */
async function submittedWithDeadQueue(g: GivenOrg): Promise<string> {
  const input = submitReportSchema.parse(reportBody(g));
  const result = await submitReport(tableDeps(deadQueue()), callerOf(g, 'reporter'), input);
  expect(result.status).toBe(201);
  return result.body.reportId;
}

describe('the database is the truth, the queue a nudge', () => {
  it('sends the first notice through the every-minute check when the queue message was lost', async () => {
    const g = await givenOrg();
    const reportId = await submittedWithDeadQueue(g);
    await untilIdle();
    expect(await mailsTo(g.email('head'))).toEqual([]);

    const check = await checkAt(new Date().toISOString());
    expect(check.due).toBeGreaterThanOrEqual(1);
    const [mail] = await waitForMail(g.email('head'));
    expect(mail!.subject).toContain('演播室起火');
    expect((await reportRepo().get(reportId))!.chain[0]!.state).toBe('notified');

    await checkAt(new Date().toISOString());
    await untilIdle();
    expect(await mailsTo(g.email('head'))).toHaveLength(1);
  });

  it('never mails the same person twice for the same step when a message is redelivered or two workers race', async () => {
    const g = await givenOrg();
    const reportId = await submittedWithDeadQueue(g);
    const body = JSON.stringify({ reportId });
    const attributes = { ApproximateReceiveCount: '1' };
    const record = (id: string) => ({
      messageId: id,
      receiptHandle: id,
      body,
      attributes,
      messageAttributes: {},
      eventSource: 'aws:sqs',
    });
    const deliver = (id: string) => invokeFunction('SendEscalation', { Records: [record(id)] });
    const [a, b] = await Promise.all([deliver('m1'), deliver('m2'), checkAt(new Date().toISOString())]);
    await deliver('m3');
    await waitForMail(g.email('head'));
    await untilIdle();
    expect(await mailsTo(g.email('head'))).toHaveLength(1);
    // A racing worker that found the mail in flight reports its record as failed, so SQS retries it: nothing is lost.
    for (const r of [a, b]) expect(r.batchItemFailures.length).toBeLessThanOrEqual(1);
  });

  it('reports a malformed message as a batch item failure instead of dropping it', async () => {
    const r = await invokeFunction('SendEscalation', {
      Records: [{ messageId: 'bad-1', receiptHandle: 'x', body: '{"nope":1}', attributes: {}, messageAttributes: {} }],
    });
    expect(r.batchItemFailures).toEqual([{ itemIdentifier: 'bad-1' }]);
  });

  it('the local event-source mapping retries failed records and the redrive policy moves them to the dead-letter queue', async () => {
    const sqs = new SQSClient({
      endpoint: stack().sqsEndpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const tag = Date.now().toString(36);
    const dlq = await sqs.send(new CreateQueueCommand({ QueueName: `t-dlq-${tag}` }));
    const dlqArn = `arn:aws:sqs:us-east-1:000000000000:t-dlq-${tag}`;
    const q = await sqs.send(
      new CreateQueueCommand({
        QueueName: `t-q-${tag}`,
        Attributes: {
          VisibilityTimeout: '1',
          RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 2 }),
        },
      }),
    );
    const dir = mkdtempSync(path.join(tmpdir(), 'fn-'));
    const bundle = path.join(dir, 'index.mjs');
    writeFileSync(
      bundle,
      `export const handler = async (e) => ({ batchItemFailures: e.Records.filter((r) => r.body === 'fail').map((r) => ({ itemIdentifier: r.messageId })) });`,
    );
    const fn = new LocalFunction(
      { logicalId: 'T', functionName: 'T', bundle, handlerName: 'handler', env: {}, timeoutSeconds: 5, memoryMb: 128 },
      new Writable({ write: (_c, _e, cb) => cb() }),
    );
    const poller = new SqsPoller(sqs, {
      queueUrl: q.QueueUrl!,
      queueArn: `arn:aws:sqs:us-east-1:000000000000:t-q-${tag}`,
      fn,
      batchSize: 10,
      reportBatchItemFailures: true,
      visibilityTimeoutSeconds: 1,
      onError: () => undefined,
    });
    await sqs.send(new SendMessageCommand({ QueueUrl: q.QueueUrl!, MessageBody: 'fail' }));
    await sqs.send(new SendMessageCommand({ QueueUrl: q.QueueUrl!, MessageBody: 'ok' }));
    poller.start();
    try {
      const dead = await waitFor(
        'the failing message in the dead-letter queue',
        async () => {
          const a = await sqs.send(
            new GetQueueAttributesCommand({ QueueUrl: dlq.QueueUrl!, AttributeNames: ['ApproximateNumberOfMessages'] }),
          );
          return Number(a.Attributes?.ApproximateNumberOfMessages) === 1 ? a : undefined;
        },
        15_000,
      );
      expect(dead).toBeTruthy();
      const main = await sqs.send(
        new GetQueueAttributesCommand({
          QueueUrl: q.QueueUrl!,
          AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
        }),
      );
      expect(
        Number(main.Attributes?.ApproximateNumberOfMessages) +
          Number(main.Attributes?.ApproximateNumberOfMessagesNotVisible),
      ).toBe(0);
      expect(fn.invocations).toBeGreaterThanOrEqual(2);
    } finally {
      await poller.stop();
      await fn.stop();
    }
  });
});

describe('a mail SES refuses for good does not hold an escalation back', () => {
  it('records the refusal on the timeline, is not retried, and the unanswered level still escalates on time', async () => {
    const g = await givenOrg();
    const reportId = await submittedWithDeadQueue(g);
    const sent: string[] = [];
    let refused = 0;
    const mailer = {
      send: async (m: { to: string }) => {
        if (m.to === g.email('head')) {
          refused++;
          throw new MailRejected(m.to, 'MessageRejected: Email address is not verified.');
        }
        sent.push(m.to);
        return { messageId: `m-${sent.length}` };
      },
    };
    const deps = (): Deps => tableDeps({ mailer });
    const now = new Date();

    // The department head's address is refused: the step is saved all the same, with the refusal on the timeline.
    const first = await advanceEscalation(deps(), reportId, now);
    expect(first).toEqual({ mailsSent: 0, saved: true });
    const bundle = (await reportRepo().getBundle(reportId))!;
    expect(bundle.report.chain[0]).toMatchObject({ personId: g.people.head.personId, state: 'notified' });
    const rejected = bundle.events.filter((e) => e.type === 'mailRejected');
    expect(rejected).toHaveLength(1);
    expect(rejected[0]!.detail).toContain(`未能送达部门负责人 ${g.people.head.name}（${g.email('head')}）`);
    expect(bundle.mails.find((m) => m.to === g.email('head'))).toMatchObject({
      status: 'rejected',
      reason: 'MessageRejected: Email address is not verified.',
    });

    // Another delivery of the same step does not try the refused address again.
    await advanceEscalation(deps(), reportId, new Date(now.getTime() + 60_000));
    expect(refused).toBe(1);

    // Nobody acknowledged: after the level's timeout the supervising leader is told.
    const timeout = bundle.report.ackTimeoutMinutes;
    const later = await advanceEscalation(deps(), reportId, new Date(now.getTime() + (timeout + 1) * 60_000));
    expect(later.saved).toBe(true);
    expect(sent).toContain(g.email('leader'));
    expect(refused).toBe(1);
  });
});
