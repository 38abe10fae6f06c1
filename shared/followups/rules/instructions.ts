import { actingFor, type Person } from '../../org/index.ts';
import type { Instruction } from '../../reports/index.ts';

const DAY = 24 * 3600_000;

export type InstructionReminder = {
  key: string;
  at: string;
  kind: 'assigned' | 'before' | 'overdue';
  toGiver: boolean;
};

/**
 * The reminders an instruction is owed, in order: the assignment itself, 24 hours before it is due (when given
 * earlier than that), then once a day from the moment it is overdue (the giver is told on the first overdue day).
 */
export function reminderAt(ins: Pick<Instruction, 'givenAt' | 'dueAt'>, index: number): InstructionReminder {
  const due = new Date(ins.dueAt).getTime();
  const before = due - DAY;
  const hasBefore = before > new Date(ins.givenAt).getTime();
  if (index === 0) return { key: 'assigned', at: ins.givenAt, kind: 'assigned', toGiver: false };
  if (hasBefore && index === 1)
    return { key: 'before', at: new Date(before).toISOString(), kind: 'before', toGiver: false };
  const n = index - (hasBefore ? 1 : 0);
  return { key: `overdue#${n}`, at: new Date(due + (n - 1) * DAY).toISOString(), kind: 'overdue', toGiver: n === 1 };
}

/**
 * What an open instruction needs at `now` (pure): the reminders due and not yet sent (only the latest overdue one
 * if several days were missed), and when the next one falls due. A done or closed instruction needs nothing.
 */
export function planInstruction(
  ins: Pick<Instruction, 'givenAt' | 'dueAt' | 'status' | 'reminded'>,
  now: Date,
): { send: InstructionReminder[]; reached: string[]; nextRemindAt: string | undefined } {
  if (ins.status !== 'open') return { send: [], reached: [], nextRemindAt: undefined };
  const due: InstructionReminder[] = [];
  let i = 0;
  let r = reminderAt(ins, i);
  while (new Date(r.at) <= now && i < 10_000) {
    if (!ins.reminded.includes(r.key)) due.push(r);
    r = reminderAt(ins, ++i);
  }
  const overdue = due.filter((x) => x.kind === 'overdue');
  const send = [
    ...due.filter((x) => x.kind !== 'overdue'),
    ...overdue
      .slice(-1)
      .map((x) =>
        overdue.length > 1 ? { ...x, toGiver: x.toGiver || !ins.reminded.some((k) => k.startsWith('overdue#')) } : x,
      ),
  ];
  return { send, reached: due.map((x) => x.key), nextRemindAt: r.at };
}

export function isOverdue(ins: Pick<Instruction, 'dueAt' | 'status'>, now: Date): boolean {
  return ins.status === 'open' && new Date(ins.dueAt) <= now;
}

/**
 * The assignees of a new instruction (代理, POLICY.md §2): each person named, then, for each one away at `now` whose
 * stand-in is available (org rule `actingFor`), that stand-in with `standInFor` (代 X), once, unless named himself.
 * `people` holds the named people and their stand-ins.
 */
export function assigneesWithStandIns(
  ids: readonly string[],
  people: ReadonlyMap<string, Person>,
  now: Date,
): Instruction['assignees'] {
  const named = [...new Set(ids)].map((id) => people.get(id)!);
  const out: Instruction['assignees'] = named.map((p) => ({ personId: p.personId, name: p.name, email: p.email }));
  for (const p of named) {
    const acting = actingFor(p, people, now);
    if (!acting?.standInFor || out.some((a) => a.personId === acting.person.personId)) continue;
    const { personId, name, email } = acting.person;
    out.push({ personId, name, email, standInFor: acting.standInFor });
  }
  return out;
}

/** How an assignee is named: 王五（代 张三） for a stand-in. */
export const assigneeName = (a: Pick<Instruction['assignees'][number], 'name' | 'standInFor'>) =>
  a.standInFor ? `${a.name}（代 ${a.standInFor.name}）` : a.name;
