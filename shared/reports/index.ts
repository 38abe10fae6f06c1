/**
 * The emergency reports context (POLICY.md §3.1–3.4, and the follow-ups a report owes): what other contexts may use
 * of it. Only pure rules, the records, the ports (types and the queue message) and the errors: nothing here reaches a
 * repository, AWS, mail or a page.
 */
export * from './rules/model.ts';
export * from './rules/access.ts';
export * from './rules/followup-schedule.ts';
export * from './rules/todo.ts';
export * from './rules/event-labels.ts';
export * from './errors.ts';
export * from './ports.ts';
