import { describe, expect, it } from 'vitest';
import { createFinding, explainFinding } from '../../../shared/accountability/findings.ts';
import { keys } from '../../../shared/platform/dynamo/keys.ts';
import { bumpVersion, deliveredOnceByTheCheck, lostNudgeMailer, recordsOf } from '../../support/outbox.ts';
import { callerOf, findingRepo, givenOrg, minutesFrom, tableDeps } from '../../support/scenario.ts';

/** Issue 15 item 1: a finding's step and the mails it causes are written in one transaction. */
describe('findings: a step and its mails commit together', () => {
  it('keeps a new finding’s mail though its nudge is lost, and writes none when an explanation loses the lock', async () => {
    const g = await givenOrg();
    const note = `同一事务的漏报 ${Date.now()}`;
    const input = {
      kind: 'missed' as const,
      responsibleOrgId: g.orgId,
      responsibleDepartmentId: g.newsId,
      occurredAt: minutesFrom(-5 * 60),
      learnedAt: minutesFrom(-4 * 60),
      learnedHow: 'media' as const,
      learnedFrom: '县电视台新闻',
      note,
    };
    const created = lostNudgeMailer();
    const { body: f } = await createFinding(
      tableDeps({ mailer: created.mailer }),
      callerOf(g, 'office'),
      g.orgId,
      input as never,
    );
    // The department head is asked to explain: the record was written with the finding, its nudge was lost.
    expect(created.staged.map((m) => m.to)).toEqual([g.email('head')]);
    expect(await recordsOf(created.staged)).toEqual([
      expect.objectContaining({ status: 'pending', to: g.email('head') }),
    ]);
    expect(created.nudges).toHaveLength(1);
    await deliveredOnceByTheCheck(created.staged);

    // The office changes the finding between the head's read and save: 409, and neither the explanation nor its mail.
    const lost = lostNudgeMailer();
    const real = findingRepo();
    const racing = Object.assign(Object.create(real), {
      getBundle: async (id: string) => {
        const bundle = await real.getBundle(id);
        await bumpVersion(keys.finding(id));
        return bundle;
      },
    });
    const refused = await explainFinding(
      tableDeps({ mailer: lost.mailer, findings: racing }),
      callerOf(g, 'head'),
      f.findingId,
      {
        text: '外景车事故当天已口头报告',
      },
    )
      .then(() => undefined)
      .catch((err: unknown) => err);
    expect(refused).toMatchObject({ status: 409, code: 'FINDING_CHANGED' });
    expect(lost.staged.map((m) => m.to)).toContain(g.email('office'));
    expect(await recordsOf(lost.staged)).toEqual(lost.staged.map(() => undefined));
    expect(lost.nudges).toEqual([]);
    expect((await real.getBundle(f.findingId))!.finding.state).toBe('proposed');

    // Explained: its mails to the judging office are written with it.
    const ok = lostNudgeMailer();
    await explainFinding(tableDeps({ mailer: ok.mailer }), callerOf(g, 'head'), f.findingId, { text: '已口头报告' });
    expect((await real.getBundle(f.findingId))!.finding.state).toBe('explained');
    expect((await recordsOf(ok.staged)).every((r) => r?.status === 'pending')).toBe(true);
    await deliveredOnceByTheCheck(ok.staged);
  });
});
