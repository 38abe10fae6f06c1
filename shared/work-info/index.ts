/**
 * Work information (POLICY.md §4): what other contexts may use of it. Only pure rules, the records and the ports
 * (types): nothing here reaches a repository, AWS, mail or a page.
 */
export {
  EXTERNAL_LEVEL_LABELS,
  EXTERNAL_LEVELS,
  ITEM_KIND_LABELS,
  ITEM_KINDS,
  type ExternalLevel,
  type Item,
  type ItemKind,
} from './rules/item.ts';
export type { ItemReader, LedgerEntry } from './ports.ts';
