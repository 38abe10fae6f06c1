import { describe, expect, it } from 'vitest';
import { errorPage, layout, navFor, withFlash } from '../../../shared/platform/pages/layout.ts';
import { html } from '../../../shared/platform/pages/html.ts';
import { ForbiddenError, NotFoundError } from '../../../shared/platform/kernel/errors.ts';

const labels = (roles: string[]) => navFor(roles).map((n) => n.label);

describe('the page shell', () => {
  it.each([
    [['reporter'], ['首页', '待办', '报送', '查找报告', '工作信息']],
    [['departmentHead'], ['首页', '待办', '报送', '查找报告', '零报告', '工作信息', '得分']],
    [
      ['officeHead'],
      [
        '首页',
        '待办',
        '报送',
        '查找报告',
        '电话记录',
        '零报告',
        '督办',
        '工作信息',
        '统计分析',
        '得分',
        '问责',
        '未送达',
        '单位管理',
      ],
    ],
    [['supervisingLeader'], ['首页', '待办', '报送', '查找报告', '督办', '工作信息', '统计分析']],
    [['dutyLeader'], ['首页', '待办', '报送', '查找报告', '电话记录', '督办', '工作信息']],
  ])('navigation for %j shows only %j', (roles, expected) => {
    expect(labels(roles)).toEqual(expected);
  });

  it("puts the organisation's name in the header and the person's menu only", () => {
    const page = layout('首页', html`<h1>x</h1>`, { name: '李信息', roles: ['reporter'], orgName: '示范县<融媒体>' });
    expect(page).toContain('<span class="org">示范县&lt;融媒体&gt;</span>');
    expect(page).toContain('href="/inbox"');
    expect(page).not.toContain('href="/admin"');
    expect(page).toContain('lang="zh-CN"');
  });

  it('shows a flash once, escaped, where the page starts; without one the slot is gone', () => {
    const page = layout('首页', html`<h1>x</h1>`);
    const shown = withFlash(page, '已确认接报<script>');
    expect(shown).toContain('<main id="main"><div class="ok flash" role="status">已确认接报&lt;script&gt;</div><h1>');
    expect(withFlash(page, undefined)).not.toContain('<!--flash-->');
  });

  it('renders 403 and 404 as pages that say what happened and offer a way on', () => {
    const forbidden = errorPage(new ForbiddenError());
    expect(forbidden).toContain('<h1>没有权限</h1>');
    expect(forbidden).toContain('您已登录');
    expect(forbidden).toContain('href="/"');
    expect(errorPage(new NotFoundError('报告'))).toContain('<h1>找不到页面</h1>');
  });
});
