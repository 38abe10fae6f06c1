import { describe, expect, it } from 'vitest';
import type { Mail } from '../../../shared/platform/mail/mailer.ts';
import { ADDRESS_MARKED, deliverOne, type MarkedAddressCheck } from '../../../shared/platform/outbox/deliver.ts';
import { outboxRepo } from '../../support/outbox.ts';
import {
  ALWAYS,
  api,
  checkAt,
  givenOrg,
  givenReport,
  mailsTo,
  minutesFrom,
  orgRepo,
  sesReports,
  signIn,
  tokensOf,
  untilIdle,
  untilPast,
  waitFor,
  waitForMail,
  type GivenOrg,
} from '../../support/scenario.ts';
import { pendingMail } from './pending-mail.ts';

/**
 * Every mail passes one check at delivery (issue 15): a mail to an address marked undeliverable (a permanent bounce,
 * a complaint) is not handed to SES, whatever wrote it; it ends rejected with the reason, on the office's list.
 */
const log = { info() {}, warn() {}, error() {} };

async function undelivered(g: GivenOrg) {
  const r = await api('GET', `/api/orgs/${g.orgId}/undelivered`, { token: (await tokensOf(g)).office });
  expect(r.status).toBe(200);
  return r.body.items as { to: string; subject: string; status: string; reason: string }[];
}

describe('a mail to an address marked undeliverable is not sent, whatever writes it', () => {
  it('an instruction reminder skips the bounced assignee (listed with the reason) and reaches the other', async () => {
    const g = await givenOrg({ hours: ALWAYS });
    const { reportId } = await givenReport(g, { severity: 'I' });
    await waitForMail(g.email('chief'));
    await sesReports({ type: 'Bounce', to: g.email('head') });
    const mark = await waitFor(
      'the mark',
      async () => (await orgRepo().getPerson(g.people.head.personId))?.mailUndeliverable,
    );
    await untilIdle();

    const dueAt = new Date(Date.now() + 5000).toISOString();
    const given = await api('POST', `/api/reports/${reportId}/instructions`, {
      token: await signIn(g.email('chief')),
      body: {
        text: '立即查明原因。',
        assigneeIds: [g.people.head.personId, g.people.reporter.personId],
        dueAt,
      },
    });
    expect(given.status, JSON.stringify(given.body)).toBe(201);
    await untilPast(dueAt);
    await checkAt(minutesFrom(1, dueAt));
    await waitForMail(g.email('reporter'), 1, '【批示已逾期】');
    await untilIdle();

    expect(await mailsTo(g.email('head'), '【批示已逾期】')).toHaveLength(0);
    expect(await mailsTo(g.email('head'), '【领导批示】')).toHaveLength(0);
    const listed = (await undelivered(g)).filter((i) => i.to === g.email('head') && i.subject.includes('逾期'));
    expect(listed).toEqual([
      expect.objectContaining({ status: 'rejected', reason: `${ADDRESS_MARKED}：${mark.reason}` }),
    ]);
    expect((await undelivered(g)).filter((i) => i.to === g.email('reporter'))).toEqual([]);
  });
});

/** A pending mail to one of the organisation's people (`named`: the record names the person, as most do). */
function mailTo(g: GivenOrg, who: 'head' | 'reporter', named = true): Promise<string> {
  const personId = named ? { personId: g.people[who].personId } : {};
  return pendingMail('mmark', { to: g.email(who), html: '<p>核报</p>', text: '核报', orgId: g.orgId, ...personId });
}

/** The consumer as `functions/queue/deliver.ts` wires it, with this SES and this check. */
const consumer = (mailer: ReturnType<typeof recordingSes>['mailer'], markedAddress: MarkedAddressCheck) => ({
  outbox: outboxRepo(),
  mailer,
  clock: () => new Date(),
  log,
  markedAddress,
});

function recordingSes() {
  const sent: string[] = [];
  const send = async (m: Mail) => {
    sent.push(m.to);
    return { messageId: `ses-${sent.length}` };
  };
  return { sent, mailer: { send } };
}

/** The org context's answer, as the consumer wires it: the head is marked, nobody else; every question counted. */
function markedHead(g: GivenOrg, asked: string[]): MarkedAddressCheck {
  return async (to, personId) => {
    asked.push(`${to}|${personId ?? ''}`);
    return to === g.email('head') ? { reason: '邮件被退回（永久退信）', orgId: g.orgId } : undefined;
  };
}

describe('deliverOne asks whether the address is marked', () => {
  it('with the nudge’s recipient, alongside the claim; a marked one: no SES call, never tried again', async () => {
    const g = await givenOrg();
    const [marked, clean] = [await mailTo(g, 'head'), await mailTo(g, 'reporter')];
    const ses = recordingSes();
    const asked: string[] = [];
    let claimsInFlight = 0;
    let askedDuringClaim = 0;
    const repo = outboxRepo();
    const outbox = Object.assign(Object.create(repo), {
      claim: async (id: string, now: Date) => {
        claimsInFlight++;
        try {
          return await repo.claim(id, now);
        } finally {
          claimsInFlight--;
        }
      },
    });
    const check: MarkedAddressCheck = async (to, personId) => {
      if (claimsInFlight > 0) askedDuringClaim++;
      return markedHead(g, asked)(to, personId);
    };
    const deps = { outbox, mailer: ses.mailer, clock: () => new Date(), log, markedAddress: check };
    const head = { to: g.email('head'), personId: g.people.head.personId };

    expect(await deliverOne(deps, marked, 1, head)).toEqual({ outcome: 'rejected' });
    expect(await deliverOne(deps, clean, 1, { to: g.email('reporter'), personId: g.people.reporter.personId })).toEqual(
      {
        outcome: 'sent',
      },
    );
    expect(ses.sent).toEqual([g.email('reporter')]);
    expect(asked).toHaveLength(2);
    expect(askedDuringClaim).toBe(2);
    expect(await outboxRepo().get(marked)).toMatchObject({
      status: 'rejected',
      attempts: 1,
      reason: `${ADDRESS_MARKED}：邮件被退回（永久退信）`,
    });
    // Redelivered: settled, neither asked nor sent again.
    expect(await deliverOne(deps, marked, 2, head)).toEqual({ outcome: 'settled' });
    expect(ses.sent).toEqual([g.email('reporter')]);
  });

  it('without a recipient (a re-drive’s nudge) asks after the claim, for the record’s own address', async () => {
    const g = await givenOrg();
    const id = await mailTo(g, 'head', false);
    const ses = recordingSes();
    const asked: string[] = [];
    const deps = consumer(ses.mailer, markedHead(g, asked));
    expect(await deliverOne(deps, id, 1)).toEqual({ outcome: 'rejected' });
    expect(asked).toEqual([`${g.email('head')}|`]);
    expect(ses.sent).toEqual([]);
  });

  it('a recipient that is not the record’s is not trusted: the record’s address is asked', async () => {
    const g = await givenOrg();
    const id = await mailTo(g, 'head');
    const ses = recordingSes();
    const asked: string[] = [];
    const deps = consumer(ses.mailer, markedHead(g, asked));
    expect(await deliverOne(deps, id, 1, { to: g.email('reporter') })).toEqual({ outcome: 'rejected' });
    expect(asked).toEqual([`${g.email('reporter')}|`, `${g.email('head')}|${g.people.head.personId}`]);
    expect(ses.sent).toEqual([]);
  });

  it('a check that fails is a transient failure: retried later, nothing sent meanwhile', async () => {
    const g = await givenOrg();
    const id = await mailTo(g, 'reporter');
    const ses = recordingSes();
    const failing: MarkedAddressCheck = async () => {
      throw Object.assign(new Error('Throughput exceeds the current capacity'), {
        name: 'ProvisionedThroughputExceeded',
      });
    };
    const deps = consumer(ses.mailer, failing);
    expect(await deliverOne(deps, id, 1, { to: g.email('reporter') })).toEqual({
      outcome: 'retry',
      retryAfterSeconds: 10,
    });
    expect(await outboxRepo().get(id)).toMatchObject({
      status: 'pending',
      reason: expect.stringContaining('Throughput'),
    });
    expect(ses.sent).toEqual([]);
  });
});
