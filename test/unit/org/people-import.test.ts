import { describe, expect, it } from 'vitest';
import { parseCsv, planImport } from '../../../shared/org/people-import.ts';

let n = 0;
const ids = () => `id${++n}`;

describe('parseCsv', () => {
  it('reads BOM, CRLF, quotes with commas, doubled quotes and line breaks, with the line each row starts on', () => {
    const rows = parseCsv('\uFEFFa,b\r\n"x, y","say ""hi"""\r\n\r\n"two\nlines",z\r\nlast,row');
    expect(rows).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['x, y', 'say "hi"'] },
      { line: 4, cells: ['two\nlines', 'z'] },
      { line: 6, cells: ['last', 'row'] },
    ]);
  });
});

describe('planImport', () => {
  const ctx = {
    orgId: 'o',
    departments: [{ orgId: 'o', departmentId: 'd-news', name: '新闻部' }],
    claimed: new Set(['taken@x.cn']),
    ids,
  };

  it('takes Chinese headers and role names, reuses known departments and creates unknown ones once', () => {
    const plan = planImport(
      '姓名,邮箱,电话,角色,部门\n甲,A@x.cn,,信息员；部门负责人,新闻部\n乙,b@x.cn,,,技术部\n丙,c@x.cn,,reviewer,技术部\n',
      ctx,
    );
    expect(plan.rejected).toEqual([]);
    expect(plan.people.map((p) => [p.name, p.email, p.roles, p.departmentId])).toEqual([
      ['甲', 'a@x.cn', ['reporter', 'departmentHead'], 'd-news'],
      ['乙', 'b@x.cn', ['reporter'], plan.departments[0]!.departmentId],
      ['丙', 'c@x.cn', ['reviewer'], plan.departments[0]!.departmentId],
    ]);
    expect(plan.departments.map((d) => d.name)).toEqual(['技术部']);
  });

  it('rejects everything when one row is wrong, naming each bad row by line', () => {
    const plan = planImport('name,email,phone,roles,department\nok,ok@x.cn,,,\nbad,taken@x.cn,abc,wizard,\n', ctx);
    expect(plan.people).toEqual([]);
    expect(plan.rejected.map((r) => `${r.line}:${r.field}`)).toEqual(['3:email', '3:phone', '3:roles']);
  });
});

describe('planImport with the office answer for an unknown department', () => {
  it('a name mapped to an existing department creates nothing and files the people there', () => {
    const plan = planImport('姓名,邮箱,部门\n甲,jia@x.cn,新闻布\n乙,yi@x.cn,外联科\n', {
      orgId: 'o',
      departments: [{ orgId: 'o', departmentId: 'd-news', name: '新闻部' }],
      claimed: new Set(),
      ids,
      mapDepartments: { 新闻布: 'd-news', 外联科: 'not-a-department-of-o' },
    });
    expect(plan.rejected).toEqual([]);
    expect(plan.people.find((p) => p.name === '甲')?.departmentId).toBe('d-news');
    // A mapping to a department the organisation does not have is ignored: the name is new, as without it.
    expect(plan.departments.map((d) => d.name)).toEqual(['外联科']);
  });
});
