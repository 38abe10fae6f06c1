import { describe, expect, it } from 'vitest';
import { keys } from '../../../shared/platform/dynamo/keys.ts';
import { createCommission } from '../../../shared/work-info/commissions.ts';
import { submitItem } from '../../../shared/work-info/item-flow.ts';
import { bumpVersion, deliveredOnceByTheCheck, lostNudgeMailer, recordsOf } from '../../support/outbox.ts';
import { callerOf, draftItem, givenOrg, itemRepo, minutesFrom, tableDeps, tokensOf } from '../../support/scenario.ts';

/** Issue 15 item 1: a work-information step and the mails it causes are written in one transaction. */
describe('work information: a step and its mails commit together', () => {
  it('writes no mail when the submission loses its lock, and a saved submission keeps its mail though the nudge is lost', async () => {
    const g = await givenOrg();
    const t = await tokensOf(g);
    const title = `同一事务的报送 ${Date.now()}`;
    const id = await draftItem(g, t, { title });

    // Another writer changes the item between the read and the save: 409, and neither the step nor its mail.
    const lost = lostNudgeMailer();
    const real = itemRepo();
    const racing = Object.assign(Object.create(real), {
      get: async (itemId: string) => {
        const item = await real.get(itemId);
        await bumpVersion(keys.item(itemId));
        return item;
      },
    });
    const refused = await submitItem(tableDeps({ mailer: lost.mailer, items: racing }), callerOf(g, 'reporter'), id)
      .then(() => undefined)
      .catch((err: unknown) => err);
    expect(refused).toMatchObject({ status: 409 });
    expect(lost.staged.map((m) => m.to)).toEqual([g.email('head')]);
    expect(await recordsOf(lost.staged)).toEqual([undefined]);
    expect(lost.nudges).toEqual([]);
    expect((await real.get(id))!.state).toBe('draft');

    // Saved: the record is there with the step, pending; the lost nudge is made up for by the every-minute check.
    const ok = lostNudgeMailer();
    const view = await submitItem(tableDeps({ mailer: ok.mailer }), callerOf(g, 'reporter'), id);
    expect(view.state).toBe('submitted');
    expect(view.history.map((e) => e.type)).toEqual(['created', 'submitted']);
    expect(ok.staged.map((m) => m.to)).toEqual([g.email('head')]);
    expect(await recordsOf(ok.staged)).toEqual([
      expect.objectContaining({ status: 'pending', to: g.email('head'), subject: expect.stringContaining(title) }),
    ]);
    expect(ok.nudges).toHaveLength(1);
    await deliveredOnceByTheCheck(ok.staged);
  });

  it('writes a commission and its mails together: none when the commission cannot be written', async () => {
    const g = await givenOrg();
    const topic = `同一事务的约稿 ${Date.now()}`;
    const input = { topic, details: undefined, departmentIds: [g.newsId], dueAt: minutesFrom(3 * 24 * 60) };
    const taken = `TAKEN-${g.orgId}`;
    // A commission already under the id the next one is given (written without outbox records: a non-staging mailer).
    const quiet = tableDeps({ mailer: { send: async () => ({}) }, ids: () => taken });
    await createCommission(quiet, callerOf(g, 'office'), g.orgId, { ...input, topic: `先占用 ${topic}` });

    const lost = lostNudgeMailer();
    const clash = tableDeps({ mailer: lost.mailer, ids: () => taken });
    await expect(createCommission(clash, callerOf(g, 'office'), g.orgId, input)).rejects.toThrow();
    expect(lost.staged.map((m) => m.to).sort()).toEqual([g.email('head'), g.email('reporter')].sort());
    expect(await recordsOf(lost.staged)).toEqual([undefined, undefined]);
    expect(lost.nudges).toEqual([]);

    const ok = lostNudgeMailer();
    const c = await createCommission(tableDeps({ mailer: ok.mailer }), callerOf(g, 'office'), g.orgId, input);
    expect((await itemRepo().getCommission(c.commissionId))?.commission.topic).toBe(topic);
    expect((await recordsOf(ok.staged)).map((r) => r?.status)).toEqual(['pending', 'pending']);
    await deliveredOnceByTheCheck(ok.staged);
  });
});
