import type { Log } from '../kernel/runtime.ts';
import type { Mail, Mailer } from './mailer.ts';

/** Someone a mail can go to; `mailUndeliverable` set (a bounce or complaint, org rules/mail-reach.ts): not mailed. */
export type Addressee = { personId: string; name: string; email?: string; mailUndeliverable?: unknown };

/**
 * Mails everyone once, best effort: people without an address, people whose address is marked undeliverable, and a
 * second person with an address already mailed, are skipped; a failed send is logged (`failure`: the log line and what it is about) and the others go on. For mails
 * that follow a change already saved (a finding's decision, a published issue): a failure never undoes the change.
 * Returns who got their mail and whose mail failed, in the order given.
 */
export async function mailEach<P extends Addressee>(
  deps: { mailer: Mailer; log: Log },
  people: readonly (P | undefined)[],
  render: (p: P & { email: string }) => Mail,
  failure: { message: string; context: object },
): Promise<{ sent: P[]; failed: P[] }> {
  const seen = new Set<string>();
  const sent: P[] = [];
  const failed: P[] = [];
  for (const p of people) {
    if (!p?.email || p.mailUndeliverable || seen.has(p.email)) continue;
    seen.add(p.email);
    try {
      await deps.mailer.send(render(p as P & { email: string }));
      sent.push(p);
    } catch (err) {
      failed.push(p);
      deps.log.warn(failure.message, { ...failure.context, to: p.personId, error: String(err) });
    }
  }
  return { sent, failed };
}
