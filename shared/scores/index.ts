/**
 * Quotas, scores and rewards (POLICY.md §5): what other contexts may use of it. No context builds on scores today;
 * the index names its public surface all the same: pure rules and the ports (types).
 */
export * from './rules/access.ts';
export { quarterOf, type DepartmentStats, type QuarterStats } from './rules/quarter.ts';
export type { ScoresDeps, ScoreStore, ScoringQueue } from './ports.ts';
