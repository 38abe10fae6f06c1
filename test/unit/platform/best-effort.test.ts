import { describe, expect, it } from 'vitest';
import { commitWithMails, mailEach } from '../../../shared/platform/mail/best-effort.ts';
import type { Writes } from '../../../shared/platform/kernel/writes.ts';
import type { Mail } from '../../../shared/platform/mail/mailer.ts';

describe('mailEach: mail everyone once, best effort', () => {
  const person = (personId: string, email?: string) => ({ personId, name: personId, email });

  it('mails each address once, skips people without one, logs a failure and goes on', async () => {
    const sent: string[] = [];
    const warnings: { msg: string; extra?: object }[] = [];
    const deps = {
      mailer: {
        send: async (m: Mail) => {
          if (m.to === 'b@x') throw new Error('SES unreachable');
          sent.push(m.to);
          return {};
        },
      },
      log: { info() {}, warn: (msg: string, extra?: object) => warnings.push({ msg, extra }), error() {} },
    };
    const people = [
      person('a', 'a@x'),
      undefined,
      person('n'),
      person('b', 'b@x'),
      person('a2', 'a@x'),
      person('c', 'c@x'),
    ];
    const r = await mailEach(deps, people, (p) => ({ to: p.email, subject: `to ${p.name}`, html: '', text: '' }), {
      message: 'thing mail failed',
      context: { thingId: 't1' },
    });
    expect(sent).toEqual(['a@x', 'c@x']);
    expect(r.sent.map((p) => p.personId)).toEqual(['a', 'c']);
    expect(r.failed.map((p) => p.personId)).toEqual(['b']);
    expect(warnings).toEqual([
      { msg: 'thing mail failed', extra: { thingId: 't1', to: 'b', error: 'Error: SES unreachable' } },
    ]);
  });
});

describe('commitWithMails: a change and its mails in one commit', () => {
  const person = (personId: string, email?: string, mailUndeliverable?: unknown) => ({
    personId,
    name: personId,
    email,
    ...(mailUndeliverable ? { mailUndeliverable } : {}),
  });
  const render = (p: { email: string; name: string }) => ({ to: p.email, subject: `to ${p.name}`, html: '', text: '' });
  const log = { info() {}, warn() {}, error() {} };
  /** A mailer that stages: each staged mail is a write carrying its key; what happened is in `said`. */
  function stagingMailer() {
    const said: string[] = [];
    return {
      said,
      mailer: {
        send: async (m: { to: string }) => {
          said.push(`send ${m.to}`);
          return {};
        },
        stage: (m: { to: string }, key: string) => ({
          writes: [`write ${key}`] as unknown as Writes,
          nudge: async () => {
            said.push(`nudge ${m.to}`);
          },
        }),
      },
    };
  }
  const groups = [
    {
      people: [person('a', 'a@x'), person('u', 'u@x', { reason: 'bounce' }), person('n'), person('a2', 'a@x')],
      render,
      key: (p: { email: string }) => `K|${p.email}`,
      failure: { message: 'm', context: {} },
    },
    {
      people: [person('a', 'a@x'), person('c', 'c@x')],
      render,
      key: (p: { email: string }) => `L|${p.email}`,
      failure: { message: 'm', context: {} },
    },
  ];

  it('hands each mail to the commit, skipping the unmarked, the undeliverable and a second address per group, then nudges', async () => {
    const { said, mailer } = stagingMailer();
    const r = await commitWithMails({ mailer, log }, groups, async (writes) => {
      said.push(`commit ${JSON.stringify(writes)}`);
      return 'saved';
    });
    expect(r).toEqual({ result: 'saved', failed: [] });
    expect(said).toEqual([
      'commit [["write K|a@x"],["write L|a@x"],["write L|c@x"]]',
      'nudge a@x',
      'nudge a@x',
      'nudge c@x',
    ]);
  });

  it('nudges nothing and sends nothing when the commit fails', async () => {
    const { said, mailer } = stagingMailer();
    await expect(
      commitWithMails({ mailer, log }, groups, async () => Promise.reject(new Error('ConditionalCheckFailed'))),
    ).rejects.toThrow('ConditionalCheckFailed');
    expect(said).toEqual([]);
  });

  it('with a mailer that cannot stage, commits first and then mails each, best effort', async () => {
    const said: string[] = [];
    const mailer = {
      send: async (m: { to: string }) => {
        if (m.to === 'c@x') throw new Error('SES unreachable');
        said.push(`send ${m.to}`);
        return {};
      },
    };
    const r = await commitWithMails({ mailer, log }, groups, async (writes) => {
      said.push(`commit ${JSON.stringify(writes)}`);
    });
    expect(said).toEqual(['commit []', 'send a@x', 'send a@x']);
    expect(r.failed.map((p) => p.personId)).toEqual(['c']);
  });
});
