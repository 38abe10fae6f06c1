import { accessControl, type Rule } from '../../platform/auth/decision.ts';
import { itemDecision, mayCreateItem, mayOnPeriodicals, type Item, type ItemPermission } from './item.ts';

/** What work information's actions are decided on. */
export type WorkInfoResource =
  | { kind: 'item'; item: Item; officeDepartmentId?: string }
  | { kind: 'newItem'; orgId: string; departmentId: string }
  | { kind: 'periodicals'; orgId: string; officeDepartmentId?: string };

const onItem =
  (action: ItemPermission): Rule<WorkInfoResource> =>
  (caller, r) =>
    r.kind === 'item'
      ? itemDecision(caller, action, r.item, { orgId: r.item.orgId, officeDepartmentId: r.officeDepartmentId })
      : 'hide';
const onPeriodicals =
  (action: 'publish' | 'read' | 'queue'): Rule<WorkInfoResource> =>
  (caller, r) =>
    r.kind === 'periodicals'
      ? mayOnPeriodicals(caller, action, { orgId: r.orgId, officeDepartmentId: r.officeDepartmentId })
      : 'hide';

/** The work information action table (POLICY.md §4; the rules themselves are in `item.ts`). */
export const WORK_INFO_ACTIONS = {
  'item.create': (caller, r) => (r.kind === 'newItem' ? mayCreateItem(caller, r.orgId, r.departmentId) : 'hide'),
  'item.read': onItem('read'),
  'item.edit': onItem('edit'),
  'item.submit': onItem('submit'),
  'item.review': onItem('review'),
  'item.adopt': onItem('adopt'),
  'item.signOff': onItem('signOff'),
  'item.recordExternal': onItem('recordExternal'),
  'periodical.publish': onPeriodicals('publish'),
  'periodical.read': onPeriodicals('read'),
  /** The office's adoption queue, and the adopted items of an organisation (what issues and scores are made of). */
  'item.listWithOffice': onPeriodicals('queue'),
  'item.listAdopted': onPeriodicals('read'),
} satisfies Record<string, Rule<WorkInfoResource>>;
export type WorkInfoAction = keyof typeof WORK_INFO_ACTIONS;

export const workInfoAccess = accessControl<WorkInfoResource, typeof WORK_INFO_ACTIONS>(WORK_INFO_ACTIONS, {
  item: ['信息', 'ITEM_NOT_FOUND'],
  newItem: ['部门', 'DEPARTMENT_NOT_FOUND'],
  periodicals: ['单位', 'ORG_NOT_FOUND'],
});
