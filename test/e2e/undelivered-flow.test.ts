import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
import { monotonicFactory } from 'ulid';
import { describe, expect, it } from 'vitest';
import { OutboxTexter } from '../../shared/platform/outbox/outbox-mailer.ts';
import { OutboxRepo } from '../../shared/platform/outbox/outbox-repo.ts';
import { api, db, givenOrg, signIn, stack, waitFor } from '../support/scenario.ts';
import { axeViolations, hasChromium, sidewaysOverflow, useBrowser } from './browser.ts';

describe.skipIf(!hasChromium)('in a browser: the office sees what did not reach its people (issue 15)', () => {
  const browser = useBrowser();

  it('lists who, what, why and when on /undelivered, at 1280 and 390 px, linked from the office’s menu', async () => {
    const g = await givenOrg();
    const queueUrl = stack().queues[Object.keys(stack().queues).find((k) => k.startsWith('OutboxQueue'))!]!.url;
    const sqs = new SQSClient({
      endpoint: stack().sqsEndpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const texter = new OutboxTexter({
      outbox: new OutboxRepo(db(), stack().tableName),
      queue: {
        nudge: async (outboxId) => {
          await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify({ outboxId }) }));
        },
      },
      clock: () => new Date(),
      ids: monotonicFactory(),
      log: { info() {}, warn() {}, error() {} },
    });
    const body = `【紧急信息】一级：演播室起火，请立即确认接报 ${g.orgId}`;
    await texter.send(
      { to: '+86-138-0000', body, personId: g.people.chief.personId, orgId: g.orgId },
      { key: `E2E#${g.orgId}|SMS` },
    );
    const office = await signIn(g.email('office'));
    await waitFor('the text listed', async () => {
      const r = await api('GET', `/api/orgs/${g.orgId}/undelivered`, { token: office });
      return r.body.items?.length > 0;
    });

    const page = await browser.signedIn(g.email('office'), { next: '/' });
    await Promise.all([page.waitForURL(`${stack().appUrl}/undelivered`), page.click('nav a[href="/undelivered"]')]);
    const row = page.locator('#undelivered tr', { hasText: '+86-138-0000' });
    await expect(row.textContent()).resolves.toMatch(
      /主要领导[\s\S]*短信：\+86-138-0000[\s\S]*演播室起火[\s\S]*手机号码无法识别/,
    );
    expect(await sidewaysOverflow(page)).toBe(0);
    const serious = (await axeViolations(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious).toEqual([]);
    await browser.screenshot(page, 'undelivered');

    const phone = await browser.signedIn(g.email('office'), { next: '/undelivered', width: 390 });
    await expect(phone.locator('#undelivered').textContent()).resolves.toContain('手机号码无法识别');
    expect(await sidewaysOverflow(phone)).toBe(0);

    // Not the reporter's page: no menu entry, and the page refuses.
    const reporter = await browser.signedIn(g.email('reporter'), { next: '/' });
    expect(await reporter.locator('nav a[href="/undelivered"]').count()).toBe(0);
    const refused = await reporter.goto(`${stack().appUrl}/undelivered`);
    expect(refused?.status()).toBe(403);
  });
});
