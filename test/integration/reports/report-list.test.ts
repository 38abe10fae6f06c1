import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, fetchPage, reportRepo, signIn, stack, type ApiResponse } from '../../support/stack.ts';
import { givenOrg, givenReport, tokensOf, type GivenOrg, type Tokens } from '../../support/given.ts';
import type { Report } from '../../../shared/reports/rules/model.ts';
import { monthBefore, monthOf, monthRange } from '../../../shared/platform/kernel/time.ts';

/**
 * Finding past events (issue 14 item 6): three reports submitted now through the API, and stored copies of them in
 * earlier months (written into the table as a submission writes them: the report row with its GSI1 key).
 */
describe('the report list (GET /api/reports, /reports)', () => {
  let g: GivenOrg;
  let t: Tokens;
  let month: string;
  let older: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    g = await givenOrg();
    t = await tokensOf(g);
    month = monthOf(new Date(), g.tz);
    older = monthBefore(monthBefore(month));
    ids.fire = (await givenReport(g, { title: '演播室起火', severity: 'II' })).reportId;
    ids.power = (await givenReport(g, { title: '机房停电', category: 'service' })).reportId;
    ids.late = (
      await givenReport(g, {
        title: '发射机停播',
        occurredAt: new Date(Date.now() - 5 * 3600_000).toISOString(),
      })
    ).reportId;
    const base = (await reportRepo().get(ids.fire))!;
    const { from } = monthRange(older, g.tz);
    for (let i = 0; i < 3; i++) {
      const at = new Date(Date.parse(from) + (i + 1) * 86400_000).toISOString();
      const r: Report = { ...base, reportId: `${g.orgId}-old-${i}`, title: `旧事件 ${i} 起火`, submittedAt: at };
      await reportRepo().create(i === 0 ? ({ ...r, phonedIn: true } as Report) : r, []);
    }
  });

  it('finds this month by default range, newest first, with department names and no internal fields', async () => {
    const r = await api('GET', '/api/reports', { token: t.office });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const titles = r.body.items.map((i: { title: string }) => i.title);
    expect(titles.slice(0, 3)).toEqual(['发射机停播', '机房停电', '演播室起火']);
    expect(titles).toContain('旧事件 2 起火');
    expect(r.body.items[0]).toMatchObject({ departmentName: '新闻部', statusLabel: '逐级报送中', phonedIn: false });
    expect(r.body.items[0].chain).toBeUndefined();
    expect(r.body.itemsRead).toBe(6);
  });

  it('filters by month range, severity, category, department, late, channel and a title search', async () => {
    const q = async (s: string) =>
      ((await api('GET', `/api/reports?${s}`, { token: t.office })).body.items as { title: string }[]).map(
        (i) => i.title,
      );
    expect(await q(`from=${month}&to=${month}`)).toEqual(['发射机停播', '机房停电', '演播室起火']);
    expect(await q(`from=${older}&to=${older}`)).toEqual(['旧事件 2 起火', '旧事件 1 起火', '旧事件 0 起火']);
    expect(await q(`from=${month}&to=${month}&severity=II`)).toEqual(['演播室起火']);
    expect(await q(`from=${month}&to=${month}&category=service`)).toEqual(['机房停电']);
    expect(await q(`from=${month}&to=${month}&departmentId=${g.officeId}`)).toEqual([]);
    expect(await q(`from=${month}&to=${month}&late=true`)).toEqual(['发射机停播']);
    expect(await q(`from=${older}&to=${month}&q=${encodeURIComponent('起火')}`)).toEqual([
      '演播室起火',
      '旧事件 2 起火',
      '旧事件 1 起火',
      '旧事件 0 起火',
    ]);
    expect(await q(`from=${older}&to=${month}&channel=phone`)).toEqual(['旧事件 0 起火']);
    expect(await q(`from=${older}&to=${older}&phonedIn=false`)).toEqual(['旧事件 2 起火', '旧事件 1 起火']);
  });

  it('reads only the range: a month without reports reads nothing', async () => {
    const empty = monthBefore(older);
    const r = await api('GET', `/api/reports?from=${empty}&to=${empty}`, { token: t.office });
    expect(r.body).toMatchObject({ items: [], nextCursor: null, itemsRead: 0 });
  });

  it('pages with cursors, each report once; a cursor of another range is 400 naming cursor', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const path: string = `/api/reports?from=${older}&to=${month}&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const r: ApiResponse<{ items: { reportId: string }[]; nextCursor: string | null }> = await api('GET', path, {
        token: t.office,
      });
      expect(r.status).toBe(200);
      seen.push(...r.body.items.map((i: { reportId: string }) => i.reportId));
      cursor = r.body.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(seen).toHaveLength(6);
    expect(new Set(seen).size).toBe(6);
    const first = await api('GET', `/api/reports?from=${month}&to=${month}&limit=1`, { token: t.office });
    const other = await api('GET', `/api/reports?from=${older}&to=${older}&cursor=${first.body.nextCursor}`, {
      token: t.office,
    });
    expect(other.status).toBe(400);
    expect(other.body.error.details[0].field).toBe('cursor');
  });

  it('refuses a range over a year (400 naming to) and from after to (400 naming from)', async () => {
    const long = await api('GET', `/api/reports?from=${monthBefore(monthBefore(older))}&to=${month}`, {
      token: t.office,
    });
    expect(long.status).toBe(200);
    const y = Number(month.slice(0, 4));
    const over = await api('GET', `/api/reports?from=${y - 1}-01&to=${y}-01`, { token: t.office });
    expect(over.status).toBe(400);
    expect(over.body.error.details[0].field).toBe('to');
    const reversed = await api('GET', `/api/reports?from=${month}&to=${older}`, { token: t.office });
    expect(reversed.status).toBe(400);
    expect(reversed.body.error.details[0].field).toBe('from');
    const bad = await api('GET', '/api/reports?from=2026-13', { token: t.office });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].field).toBe('from');
  });

  it('shows each person only the reports they may open', async () => {
    const outsider = await api('GET', `/api/reports?from=${older}&to=${month}`, { token: t.outsider });
    expect(outsider.body.items).toEqual([]);
    const reporter = await api('GET', `/api/reports?from=${older}&to=${month}`, { token: t.reporter });
    expect(reporter.body.items).toHaveLength(6);
  });

  it('exports the filtered list as CSV and Excel', async () => {
    const csv = await api('GET', `/api/reports?from=${older}&to=${month}&q=${encodeURIComponent('起火')}&format=csv`, {
      token: t.office,
    });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const lines = String(csv.body)
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('报送时间,标题,部门,类别,等级,状态,迟报,电话报告,报告人,续报数');
    expect(lines).toHaveLength(5);
    expect(lines[1]).toContain('演播室起火');
    const x = await fetch(`${stack().appUrl}/api/reports?from=${older}&to=${month}&format=xlsx`, {
      headers: { authorization: `Bearer ${t.office}` },
    });
    expect(x.headers.get('content-type')).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await x.arrayBuffer()) as ArrayBuffer);
    const ws = wb.getWorksheet('报告列表')!;
    const values = ws.getSheetValues().flat().map(String);
    expect(values).toContain('机房停电');
    expect(values).toContain('旧事件 0 起火');
    expect((await api('GET', '/api/reports?format=pdf', { token: t.office })).status).toBe(406);
  });

  it('the page lists the reports as a table with labelled cells, keeps the filters and links the exports', async () => {
    const token = await signIn(g.email('office'));
    const res = await fetchPage(`/reports?from=${older}&to=${month}&severity=II`, token);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<h1>查找报告</h1>');
    expect(html).toContain('data-label="标题"><a href="/reports/');
    expect(html).toContain('<option value="II" selected>');
    expect(html).toMatch(/href="\/reports\?from=[^"]*severity=II[^"]*format=csv"/);
    const y = Number(month.slice(0, 4));
    const refused = await fetchPage(`/reports?from=${y - 1}-01&to=${y}-01`, token);
    expect(refused.status).toBe(400);
    const refusedHtml = await refused.text();
    expect(refusedHtml).toContain('有 1 处需要修改');
    expect(refusedHtml).toContain('id="f-to-error"');
    expect(refusedHtml).toContain(`value="${y - 1}-01"`);
    expect(
      (await fetchPage(`/reports?from=${older}&to=${month}&format=xlsx`, token)).headers.get('content-type'),
    ).toContain('spreadsheetml');
  });
});
