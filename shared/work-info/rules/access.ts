import { accessControl, type Rule } from '../../platform/auth/decision.ts';
import { hasLeaderRole, isOfficeOf } from '../../org/index.ts';
import { itemDecision, mayCreateItem, mayOnPeriodicals, type Item, type ItemPermission } from './item.ts';

type OfficeOrg = { orgId: string; officeDepartmentId?: string };

/** What work information's actions are decided on. */
export type WorkInfoResource =
  | {
      kind: 'item';
      item: Item;
      officeDepartmentId?: string;
      recommendedTo?: OfficeOrg;
    }
  /** An organisation's target (报送任务): set by its parent's office. */
  | { kind: 'target'; org: OfficeOrg & { parentOrgId?: string }; parent?: OfficeOrg }
  | { kind: 'newItem'; orgId: string; departmentId: string }
  | { kind: 'periodicals'; orgId: string; officeDepartmentId?: string };

const onItem =
  (action: ItemPermission): Rule<WorkInfoResource> =>
  (caller, r) =>
    r.kind === 'item'
      ? itemDecision(caller, action, r.item, {
          orgId: r.item.orgId,
          officeDepartmentId: r.officeDepartmentId,
          recommendedTo: r.recommendedTo,
        })
      : 'hide';

/**
 * The target is set by the parent's office; it is read by the organisation's office, review group, leaders and
 * department heads, and by the parent's office and leaders. Anyone else does not learn the organisation exists.
 */
const onTarget =
  (action: 'set' | 'read'): Rule<WorkInfoResource> =>
  (caller, r) => {
    if (r.kind !== 'target') return 'hide';
    const inParent = !!r.parent && r.org.parentOrgId === r.parent.orgId && caller.orgId === r.parent.orgId;
    if (caller.orgId !== r.org.orgId && !inParent) return 'hide';
    if (action === 'set') return inParent && isOfficeOf(caller, r.parent!) ? 'allow' : 'forbid';
    if (inParent) return isOfficeOf(caller, r.parent!) || hasLeaderRole(caller) ? 'allow' : 'forbid';
    return isOfficeOf(caller, r.org) ||
      hasLeaderRole(caller) ||
      caller.roles.includes('reviewer') ||
      caller.roles.includes('departmentHead')
      ? 'allow'
      : 'forbid';
  };
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
  /** 自行发表: the author, after review. */
  'item.selfPublish': onItem('selfPublish'),
  /** 推荐报送: the office, for adopted items. */
  'item.recommend': onItem('recommend'),
  /** The parent's review group decides on an item recommended to it. */
  'item.adoptRecommended': onItem('adoptRecommended'),
  'target.set': onTarget('set'),
  'target.read': onTarget('read'),
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
  target: ['单位', 'ORG_NOT_FOUND'],
});
