import type { Log } from '../kernel/runtime.ts';
import type { Mail, Mailer } from './mailer.ts';
import type { Writes } from '../kernel/writes.ts';

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

/** The mails one change causes, to a group of people: what each says, and the outbox key of each. */
export type MailGroup<P extends Addressee> = {
  people: readonly (P | undefined)[];
  render: (p: P & { email: string }) => Mail;
  /**
   * The key of this person's mail (the outbox record's id comes from it): one change, one key, so a key names the
   * change it follows (a record and its version) and the address.
   */
  key: (p: P & { email: string }) => string;
  failure: { message: string; context: object };
};

/** Who of a group is mailed: people with an address not marked undeliverable, each address once (as `mailEach`). */
export function mailable<P extends Addressee>(people: readonly (P | undefined)[]): (P & { email: string })[] {
  const seen = new Set<string>();
  return people.filter(
    (p): p is P & { email: string } => !!p?.email && !p.mailUndeliverable && !seen.has(p.email) && !!seen.add(p.email),
  );
}

/**
 * Commits a change with the mails it causes (issue 15 item 1): each mail is an outbox record (`Mailer.stage`) handed
 * to `commit` for the change's own transaction (the repository owns it), so the change and its mails are saved
 * together or not at all; the nudges are given once it committed (a lost one: the every-minute check). Skips people
 * as `mailEach` does, per group. A mailer that cannot stage (a test's): the change is committed, then `mailEach`.
 * Returns the people whose mail failed (only ever with such a mailer), in the order given.
 */
export async function commitWithMails<P extends Addressee, R>(
  deps: { mailer: Mailer; log: Log },
  groups: readonly MailGroup<P>[],
  commit: (mails: Writes[]) => Promise<R>,
): Promise<{ result: R; failed: P[] }> {
  const stage = deps.mailer.stage?.bind(deps.mailer);
  const staged = stage ? groups.flatMap((g) => mailable(g.people).map((p) => stage(g.render(p), g.key(p)))) : undefined;
  if (staged?.every((s) => s !== undefined)) {
    const result = await commit(staged.map((s) => s!.writes));
    await Promise.allSettled(staged.map((s) => s!.nudge()));
    return { result, failed: [] };
  }
  const result = await commit([]);
  const failed: P[] = [];
  for (const g of groups) failed.push(...(await mailEach(deps, g.people, g.render, g.failure)).failed);
  return { result, failed };
}
