/** The organisation context (POLICY.md §2): what other contexts may use of it. */
export * from './rules/model.ts';
export * from './rules/office.ts';
export * from './rules/access.ts';
export { authorizeOnOrg, loadOrgScope } from './org-scope.ts';
