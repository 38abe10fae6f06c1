/** The emergency reports context (POLICY.md §3.1–3.4): what other contexts may use of it. */
export * from './rules/model.ts';
export * from './rules/access.ts';
