/**
 * Follow-ups and tracking (POLICY.md §3.5: follow-ups filed, instructions, supervision, the inbox): what other
 * contexts may use of it. Only pure rules and the ports (types): nothing here reaches a repository, AWS, mail or a page.
 */
export * from './rules/access.ts';
export * from './rules/instructions.ts';
export type { FollowupsDeps } from './ports.ts';
