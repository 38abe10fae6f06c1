/**
 * The history of a record (ARCHITECTURE.md decision 8): every state change appends who did what, when and from where.
 * Reports call it their timeline, items and findings their history; the line is the same.
 */
export type TimelineEvent = {
  at: string;
  type: string;
  actorId?: string;
  actorName?: string;
  detail: string;
  sourceIp?: string;
};

/** A stored history line, with its own id: lines of the same instant keep the order they were written in. */
export type StoredEvent = TimelineEvent & { eventId: string };

/** A history line of a record with states (an item, a finding): the state it left and the one it entered. */
export type TransitionEvent = StoredEvent & { fromState?: string; toState?: string };

/** History lines oldest first; lines of the same instant by id. */
export function chronological<E extends StoredEvent>(events: readonly E[]): E[] {
  return [...events].sort((a, b) => (a.at === b.at ? a.eventId.localeCompare(b.eventId) : a.at.localeCompare(b.at)));
}

/** Who did it, as a history line names them: the signed-in caller (platform/auth `Caller` has these). */
export type Actor = { personId: string; name: string; sourceIp?: string };

/** A history line `actor` writes at `at`: who, when and from where, under its own id. */
export function eventBy(actor: Actor, eventId: string, at: string, type: string, detail: string): StoredEvent {
  return { eventId, at, type, actorId: actor.personId, actorName: actor.name, detail, sourceIp: actor.sourceIp };
}
