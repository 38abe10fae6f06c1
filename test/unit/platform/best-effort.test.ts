import { describe, expect, it } from 'vitest';
import { mailEach } from '../../../shared/platform/mail/best-effort.ts';
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
